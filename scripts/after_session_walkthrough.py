#!/usr/bin/env python3
"""Issue 15's check, as a new user, on a fresh demo database: deliberate and publish the demo's November
session (HTTP forms, as the browser posts them without JavaScript), then in headless
Chromium: fill the holders' identities, produce the flux, check it with xmllint, import
a receipt with one rejection, correct the holder, produce again; look at the
statistics page (desktop and phone).

Usage: scripts/after_session_walkthrough.py BASE_URL — the server started by
`scripts/run` in an empty directory (demo data); needs `pip install selenium`,
Chromium, ChromeDriver and xmllint. Screenshots go to /tmp/walk/shots."""
import http.cookiejar, re, subprocess, sys, time, urllib.parse, urllib.request, os
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

BASE = sys.argv[1]
SHOTS = "/tmp/walk/shots"
os.makedirs(SHOTS, exist_ok=True)
XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference", "cdc-accrochage-1.1.2.xsd")

class Browser:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
    def get(self, path):
        r = self.op.open(BASE + path); return r.read().decode()
    def token(self, path):
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path)).group(1)
    def post(self, page, endpoint, fields):
        data = [("csrf_token", self.token(page))] + list(fields)
        req = urllib.request.Request(BASE + endpoint, urllib.parse.urlencode(data).encode(), headers={"accept": "text/html", "referer": BASE + page})
        try:
            r = self.op.open(req); return r.status, r.headers.get("location")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("location")

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None

def login(email, pw):
    b = Browser(); print("login", email, b.post("/connexion", "/connexion", [("email", email), ("password", pw)])); return b

PAGE = "/jury/sessions/2/deliberation"
claire = login("jury@demo.jury.fr", "demo-jury")
print("close", claire.post(PAGE, "/api/deliberation/clore", [("session_id", "2")] + [(f"present[{i}]", str(i + 1)) for i in range(5)]))
for who in ["jury@demo.jury.fr", "karim.benali@demo.jury.fr", "sophie.lefevre@demo.jury.fr", "thomas.garnier@demo.jury.fr"]:
    m = login(who, "demo-jury")
    print("sign", who, m.post(PAGE, "/api/deliberation/signer", [("session_id", "2"), ("password", "demo-jury")]))
cert = login("certificateur@demo.jury.fr", "demo-certificateur")
today = time.strftime("%d/%m/%Y")
print("publish", cert.post("/certificateur/sessions/2/deliberation", "/api/certificateur/publier", [("session_id", "2"), ("date", today), ("confirm", "oui")]))

# In the browser from here.
o = webdriver.ChromeOptions(); o.add_argument("--headless=new"); o.add_argument("--no-sandbox"); o.add_argument("--window-size=1280,1000")
d = webdriver.Chrome(options=o)
def shot(name): d.save_screenshot(f"{SHOTS}/{name}.png")
d.get(BASE + "/connexion")
d.find_element(By.ID, "email").send_keys("certificateur@demo.jury.fr")
d.find_element(By.ID, "password").send_keys("demo-certificateur")
d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click(); time.sleep(1)
d.get(BASE + "/certificateur/sessions/2"); time.sleep(1); shot("01-session")
d.find_element(By.XPATH, "//button[contains(., 'Produire le flux de cette session')]").click(); time.sleep(2)
print("produce without identities:", d.find_element(By.ID, "erreurs-formulaire").text[:600])
shot("02-lacking")
cert_link = d.find_element(By.XPATH, "//a[contains(., 'Suivi des déclarations')]").get_attribute("href")
d.get(cert_link); time.sleep(1)
rows = d.find_elements(By.XPATH, "//a[starts-with(., 'Manque')]")
links = sorted({r.get_attribute("href") for r in rows})
print(len(links), "holders to complete")
places = [("F", "69123", "", "Lyon", "", ""), ("M", "2B033", "", "Bastia", "", ""), ("F", "", "", "Dakar", "99310", "Sénégal"), ("M", "", "38000", "Grenoble", "", "")]
for i, link in enumerate(links):
    d.get(link); time.sleep(1)
    sex, insee, postal, commune, cc, country = places[i % len(places)]
    d.find_element(By.CSS_SELECTOR, f"input[name=sex][value={sex}]").click()
    for fid, v in [("birth_insee_code", insee), ("birth_postal_code", postal), ("birth_commune", commune), ("birth_country_code", cc), ("birth_country", country)]:
        e = d.find_element(By.ID, fid); e.clear(); e.send_keys(v)
    if i == 0:
        # A typo first: refused with its reason, nothing saved.
        e = d.find_element(By.ID, "birth_insee_code"); e.clear(); e.send_keys("20033")
        d.find_element(By.XPATH, "//button[contains(., \"Enregistrer l'identité\")]").click(); time.sleep(1.5)
        print("typo:", d.find_element(By.ID, "erreurs-formulaire").text.replace("\n", " | ")); shot("03-identity-refused")
        e = d.find_element(By.ID, "birth_insee_code"); e.clear(); e.send_keys(insee)
    d.find_element(By.XPATH, "//button[contains(., \"Enregistrer l'identité\")]").click(); time.sleep(1.5)
    assert "identite=1" in d.current_url, d.current_url
d.get(cert_link); time.sleep(1); shot("04-declarations-complete")
d.find_element(By.XPATH, "//button[contains(., 'Produire le flux')]").click(); time.sleep(2)
assert "produit=" in d.current_url, d.current_url
shot("05-flux-produced")
href = d.find_element(By.XPATH, "//a[starts-with(., 'Télécharger le flux')]").get_attribute("href")
flux_no = re.search(r"Télécharger le flux (\d+)", d.page_source).group(1)
ck = {c["name"]: c["value"] for c in d.get_cookies()}
req = urllib.request.Request(href, headers={"cookie": "; ".join(f"{k}={v}" for k, v in ck.items())})
xml = urllib.request.urlopen(req).read().decode()
open("/tmp/walk/flux-a.xml", "w").write(xml)
print(subprocess.run(["xmllint", "--noout", "--schema", XSD, "/tmp/walk/flux-a.xml"], capture_output=True, text=True).stderr.strip())
id_flux = re.search(r"<cpf:idFlux>(.*?)</cpf:idFlux>", xml).group(1)
ids = re.findall(r"<cpf:idTechnique>(.*?)</cpf:idTechnique>", xml)
print("flux", flux_no, "passages", len(ids))
receipt = f"""<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema"><nomFichier>flux.xml</nomFichier><idFlux>{id_flux}</idFlux><idTraitement>4242</idTraitement>
<PassagesKO><passage><idTechnique>{ids[0]}</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires enrichis du jour et du mois de naissance</messageErreur></passage></PassagesKO>
<PassagesOK>{''.join(f'<idTechnique>{i}</idTechnique>' for i in ids[1:])}</PassagesOK></rapport>"""
open("/tmp/walk/accuse.xml", "w").write(receipt)
d.find_element(By.CSS_SELECTOR, f"input[type=file]").send_keys("/tmp/walk/accuse.xml")
d.find_element(By.XPATH, "//button[contains(., \"Importer l'accusé\")]").click(); time.sleep(2)
print("receipt:", d.find_element(By.CSS_SELECTOR, "div.notice[role=status]").text)
shot("06-receipt")
rejected = d.find_element(By.XPATH, f"//tr[td[contains(., 'Rejeté (flux {flux_no})')]]")
print("rejected row:", rejected.text.replace("\n", " | "))
rejected.find_element(By.CSS_SELECTOR, "td:last-child a").click(); time.sleep(1)
e = d.find_element(By.ID, "birth_name"); e.clear(); e.send_keys("Rousseau")
d.find_element(By.XPATH, "//button[contains(., \"Enregistrer l'identité\")]").click(); time.sleep(1.5)
d.get(cert_link); time.sleep(1)
print("after correction:", [r.text for r in d.find_elements(By.XPATH, "//td[contains(., 'à renvoyer')]")])
d.find_element(By.XPATH, "//button[contains(., 'Produire le flux')]").click(); time.sleep(2)
href = d.find_element(By.XPATH, "//a[starts-with(., 'Télécharger le flux')]").get_attribute("href")
xml2 = urllib.request.urlopen(urllib.request.Request(href, headers={"cookie": "; ".join(f"{k}={v}" for k, v in ck.items())})).read().decode()
open("/tmp/walk/flux-b.xml", "w").write(xml2)
print(subprocess.run(["xmllint", "--noout", "--schema", XSD, "/tmp/walk/flux-b.xml"], capture_output=True, text=True).stderr.strip())
print("second flux passages:", re.findall(r"<cpf:idTechnique>(.*?)</cpf:idTechnique>", xml2), "first rejected:", ids[0])
shot("07-second-flux")
for name, path in [("08-stats-session", "/certificateur/sessions/2/statistiques"), ("09-stats-cert", "/certificateur/certifications/5/statistiques")]:
    d.get(BASE + path); time.sleep(1.5); d.set_window_size(1280, 1000)
    d.save_screenshot(f"{SHOTS}/{name}.png")
    full = d.execute_script("return document.body.scrollHeight")
    d.set_window_size(1280, min(full, 6000)); time.sleep(0.5); d.save_screenshot(f"{SHOTS}/{name}-full.png")
    d.set_window_size(390, 900); time.sleep(0.5); d.save_screenshot(f"{SHOTS}/{name}-phone.png")
    d.set_window_size(1280, 1000)
d.get(cert_link); time.sleep(1); d.set_window_size(390, 900); time.sleep(0.5); shot("10-declarations-phone")
d.quit()
