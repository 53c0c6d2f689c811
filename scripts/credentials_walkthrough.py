#!/usr/bin/env python3
"""Issue 16's check, as a new user, on a fresh demo database: in headless Chromium the
certifier sets the organisation's logo, signatory and scanned signature; the jury closes
and signs the November session and the certifier publishes it (HTTP forms, as the
browser posts them without JavaScript); every document is saved as PNG (pdftoppm); the
demo candidate downloads her credential from her page; it is verified by the
independent verifier (tests/credentials/verify.mjs) and by `server verify-credential`,
then one letter is altered and both refuse it; the certifier revokes one block
certificate and the verification page says so.

Usage: scripts/credentials_walkthrough.py BASE_URL SERVER_BINARY — the server started
by `scripts/run` in an empty directory (demo data); needs selenium and Pillow (pip),
Chromium, ChromeDriver, poppler-utils, Node with `npm ci` done in tests/credentials.
Everything goes to /tmp/walk16."""
import http.cookiejar, json, os, re, subprocess, sys, time, urllib.parse, urllib.request
from PIL import Image, ImageDraw
from selenium import webdriver
from selenium.webdriver.common.by import By

BASE, SERVER = sys.argv[1], sys.argv[2]
OUT = "/tmp/walk16"
os.makedirs(OUT, exist_ok=True)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# A logo and a scanned signature, as a certifier would have them.
logo = Image.new("RGB", (600, 200), "white")
g = ImageDraw.Draw(logo)
g.rounded_rectangle((10, 10, 190, 190), 30, fill=(31, 58, 110))
g.text((45, 60), "CD", fill="white", font_size=90)
g.text((215, 60), "Certif'Démo", fill=(31, 58, 110), font_size=64)
g.text((218, 135), "certifier avec exigence", fill=(90, 90, 90), font_size=30)
logo.save(f"{OUT}/logo.png")
sig = Image.new("RGB", (500, 160), "white")
g = ImageDraw.Draw(sig)
points = [(20 + x * 4, 90 + int(35 * __import__("math").sin(x / 7)) - x // 6) for x in range(110)]
g.line(points, fill=(20, 30, 120), width=5)
g.line([(40, 130), (460, 120)], fill=(20, 30, 120), width=3)
sig.save(f"{OUT}/signature.png")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Browser:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def raw(self, path):
        return self.op.open(BASE + path).read()

    def get(self, path):
        return self.raw(path).decode()

    def post(self, page, endpoint, fields):
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(page)).group(1)
        data = [("csrf_token", token)] + list(fields)
        req = urllib.request.Request(BASE + endpoint, urllib.parse.urlencode(data).encode(),
                                     headers={"accept": "text/html", "referer": BASE + page})
        try:
            r = self.op.open(req)
            return r.status, r.headers.get("location")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("location")


def login(email, pw):
    b = Browser()
    print("login", email, b.post("/connexion", "/connexion", [("email", email), ("password", pw)]))
    return b


def png(pdf_bytes, name):
    path = f"{OUT}/{name}.pdf"
    open(path, "wb").write(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "70", path, f"{OUT}/{name}"], check=True)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    print(f"  {name}: {len(pdf_bytes)} bytes, {text.count(chr(12))} page(s)")
    return text


o = webdriver.ChromeOptions()
o.add_argument("--headless=new")
o.add_argument("--no-sandbox")
o.add_argument("--window-size=1280,1000")
d = webdriver.Chrome(options=o)


def shot(name):
    d.save_screenshot(f"{OUT}/{name}.png")


def browser_login(email, pw):
    d.delete_all_cookies()
    d.get(BASE + "/connexion")
    d.find_element(By.ID, "email").send_keys(email)
    d.find_element(By.ID, "password").send_keys(pw)
    d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    time.sleep(1)


# 1. The certifier's settings: signatory, logo, signature.
browser_login("certificateur@demo.jury.fr", "demo-certificateur")
d.get(BASE + "/certificateur/parametres")
time.sleep(1)
for fid, value in [("org-signatory", "Hélène Vidal"), ("org-quality", "Directrice de la certification et des jurys")]:
    e = d.find_element(By.ID, fid)
    e.clear()
    e.send_keys(value)
d.find_element(By.XPATH, "//button[contains(., \"Enregistrer l'identité\")]").click()
time.sleep(1.5)
for kind, path in [("logo", f"{OUT}/logo.png"), ("signature", f"{OUT}/signature.png")]:
    d.get(BASE + "/certificateur/parametres")
    time.sleep(1)
    d.find_element(By.ID, f"fichier-{kind}").send_keys(path)
    d.find_element(By.XPATH, f"//form[.//input[@id='fichier-{kind}']]//button").click()
    time.sleep(1.5)
d.get(BASE + "/certificateur/parametres")
time.sleep(1)
print("settings:", d.find_element(By.ID, "titre-cle").find_element(By.XPATH, "..").text.replace("\n", " | ")[:300])
d.set_window_size(1280, min(d.execute_script("return document.body.scrollHeight"), 4000))
shot("01-settings")
d.set_window_size(1280, 1000)

# 2. Deliberate, sign and publish the November session.
PAGE = "/jury/sessions/2/deliberation"
claire = login("jury@demo.jury.fr", "demo-jury")
print("close", claire.post(PAGE, "/api/deliberation/clore", [("session_id", "2")] + [(f"present[{i}]", str(i + 1)) for i in range(5)]))
for who in ["jury@demo.jury.fr", "karim.benali@demo.jury.fr", "sophie.lefevre@demo.jury.fr", "thomas.garnier@demo.jury.fr"]:
    m = login(who, "demo-jury")
    print("sign", who, m.post(PAGE, "/api/deliberation/signer", [("session_id", "2"), ("password", "demo-jury")]))
cert = login("certificateur@demo.jury.fr", "demo-certificateur")
today = time.strftime("%d/%m/%Y")
print("publish", cert.post("/certificateur/sessions/2/deliberation", "/api/certificateur/publier", [("session_id", "2"), ("date", today), ("confirm", "oui")]))

# 3. Every document as PNG.
print("documents:")
pv = png(cert.raw("/certificateur/sessions/2/pv/pv.pdf"), "pv")
assert "Résultats par unité" in pv and "Journal d'audit" in pv, pv[:2000]
slot = re.search(r"/certificateur/sessions/2/epreuves/(\d+)", cert.get("/certificateur/sessions/2"))
if slot:
    png(cert.raw(f"/certificateur/sessions/2/emargement/{slot.group(1)}"), "emargement")
camille = login("candidat@demo.jury.fr", "demo-candidat")
home = camille.get("/candidat")
for n in re.findall(r'href="/candidat/convocations/(\d+)"', home)[:1]:
    png(camille.raw(f"/candidat/convocations/{n}"), "convocation")
codes = re.findall(r'href="/candidat/documents/([A-Z0-9-]+)"', home)
for code in codes:
    text = png(camille.raw(f"/candidat/documents/{code}"), f"document-{code}")
    print("   ", text.strip().splitlines()[4:7])

# 4. The candidate downloads her credential from her page.
browser_login("candidat@demo.jury.fr", "demo-candidat")
d.get(BASE + "/candidat")
time.sleep(1)
link = d.find_element(By.XPATH, "//a[contains(., 'attestation numérique')]")
href = link.get_attribute("href")
print("credential link:", href)
d.set_window_size(1280, min(d.execute_script("return document.body.scrollHeight"), 4000))
shot("02-candidate")
d.set_window_size(1280, 1000)
credential = json.loads(urllib.request.urlopen(href).read())
json.dump(credential, open(f"{OUT}/credential.json", "w"), ensure_ascii=False, indent=2)
org_path = "/organisations/1/did.json"
did = json.loads(urllib.request.urlopen(BASE + org_path).read())
json.dump(did, open(f"{OUT}/did.json", "w"))
statuts = json.loads(urllib.request.urlopen(BASE + "/organisations/1/statuts").read())
json.dump(statuts, open(f"{OUT}/statuts.json", "w"))


def independent(path, status=True):
    args = ["node", f"{ROOT}/tests/credentials/verify.mjs", path, f"{OUT}/did.json"] + ([f"{OUT}/statuts.json"] if status else [])
    r = subprocess.run(args, capture_output=True, text=True)
    return r.returncode, r.stdout.strip()


def ours(path):
    r = subprocess.run([SERVER, "verify-credential", path, "--did", f"{OUT}/did.json", "--status-list", f"{OUT}/statuts.json"], capture_output=True, text=True)
    return r.returncode, (r.stdout + r.stderr).strip()


print("schema:", subprocess.run(["node", f"{ROOT}/tests/credentials/schema.mjs", f"{OUT}/credential.json"], capture_output=True, text=True).stdout.strip())
print("independent verifier:", independent(f"{OUT}/credential.json"))
print("verify-credential:", ours(f"{OUT}/credential.json"))

# 5. One letter altered.
raw = open(f"{OUT}/credential.json").read()
altered = raw.replace("Camille", "Camilla", 1)
assert altered != raw
open(f"{OUT}/credential-altered.json", "w").write(altered)
print("altered, independent verifier:", independent(f"{OUT}/credential-altered.json"))
print("altered, verify-credential:", ours(f"{OUT}/credential-altered.json"))

# 6. The certifier revokes one block certificate.
bloc = credential["id"].split("/verification/")[1].split("/")[0]
browser_login("certificateur@demo.jury.fr", "demo-certificateur")
d.get(BASE + "/certificateur/sessions/2")
time.sleep(1)
d.get(d.find_element(By.XPATH, "//tr[contains(., 'E26-001')]//a[contains(@href, '/candidats/')]").get_attribute("href"))
time.sleep(1)
field = d.find_element(By.ID, f"motif-{bloc}")
field.send_keys("Fraude découverte après la délibération : rapport du surveillant du 20/11/2026")
field.find_element(By.XPATH, "./ancestor::form//button").click()
time.sleep(1.5)
el = d.find_element(By.ID, "documents")
d.execute_script("arguments[0].scrollIntoView()", el)
shot("03-revoked-certifier")
d.get(BASE + f"/verification/{bloc}")
time.sleep(1)
print("verification page:", d.find_element(By.CSS_SELECTOR, "div.notice").text.replace("\n", " | ")[:400])
shot("04-verification-revoked")
d.set_window_size(390, 900)
time.sleep(0.5)
shot("05-verification-revoked-phone")
statuts = json.loads(urllib.request.urlopen(BASE + "/organisations/1/statuts").read())
json.dump(statuts, open(f"{OUT}/statuts.json", "w"))
print("after revocation, independent verifier:", independent(f"{OUT}/credential.json"))
print("after revocation, verify-credential:", ours(f"{OUT}/credential.json"))
d.quit()
