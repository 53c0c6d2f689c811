#!/usr/bin/env python3
"""Issue 27's check, as a new user, on a fresh demo database: the jury of the November
session decides against the computed result in both directions (Camille DURAND: two of
her three blocs withheld; Sarah BLANC: certified), closes, the four members sign, the
certifier publishes (HTTP forms, as the browser posts them without JavaScript); each
document is downloaded twice from the candidate's space (Camille) and twice from the
session's archive, and their SHA-256 compared with each other and with SHA256SUMS; every
document is saved as PNG (pdftoppm) and the candidate's page photographed in Chromium at
1 280 and 390 px; the archive's audit extract is recomputed with the recipe it ships
(journal/verifier_journal.py, from docs/audit.md).

Usage: scripts/documents_walkthrough.py BASE_URL — the server started by `scripts/run`
in an empty directory (demo data); needs selenium (pip), Chromium, ChromeDriver and
poppler-utils. Everything goes to /tmp/walk27."""
import hashlib, http.cookiejar, io, os, re, subprocess, sys, time, urllib.parse, urllib.request, zipfile
from selenium import webdriver
from selenium.webdriver.common.by import By

BASE = sys.argv[1]
OUT = "/tmp/walk27"
os.makedirs(OUT, exist_ok=True)


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
    status = b.post("/connexion", "/connexion", [("email", email), ("password", pw)])
    assert status[0] == 303, (email, status)
    return b


def sha(data):
    return hashlib.sha256(data).hexdigest()


def png(pdf_bytes, name):
    path = f"{OUT}/{name}.pdf"
    open(path, "wb").write(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "60", path, f"{OUT}/{name}"], check=True)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", "-isodates", path], capture_output=True, text=True).stdout
    created = re.search(r"CreationDate:\s+(\S+)", info)
    version = re.search(r"PDF version:\s+(\S+)", info)
    print(f"  {name}: {len(pdf_bytes)} bytes, {text.count(chr(12))} page(s), "
          f"created {created.group(1) if created else '?'}, PDF {version.group(1) if version else '?'}, "
          f"SHA-256 {sha(pdf_bytes)[:16]}…")
    return " ".join(text.split())


# 1. The jury decides against the computation both ways, closes and signs.
PAGE = "/jury/sessions/2/deliberation"
claire = login("jury@demo.jury.fr", "demo-jury")
page = claire.get(PAGE)
ids = {}
for number in ["E26-001", "E26-006"]:
    m = re.search(rf'{number}.*?name="enrolment_id" value="(\d+)"', page, re.S)
    ids[number] = m.group(1)
print("Camille, down:", claire.post(PAGE, "/api/deliberation/decider", [
    ("session_id", "2"), ("enrolment_id", ids["E26-001"]), ("decision", "blocs"),
    ("blocs[0]", "RNCP36390BC01"),
    ("reason", "Les preuves des blocs 2 et 4 sont insuffisantes à l'entretien.")]))
print("Sarah, up:", claire.post(PAGE, "/api/deliberation/decider", [
    ("session_id", "2"), ("enrolment_id", ids["E26-006"]), ("decision", "complete"),
    ("reason", "Le jury tient compte du dossier professionnel remarquable.")]))
print("close", claire.post(PAGE, "/api/deliberation/clore",
                           [("session_id", "2")] + [(f"present[{i}]", str(i + 1)) for i in range(5)]))
for who in ["jury@demo.jury.fr", "karim.benali@demo.jury.fr", "sophie.lefevre@demo.jury.fr", "thomas.garnier@demo.jury.fr"]:
    print("sign", who, login(who, "demo-jury").post(PAGE, "/api/deliberation/signer",
                                                    [("session_id", "2"), ("password", "demo-jury")]))
cert = login("certificateur@demo.jury.fr", "demo-certificateur")
today = time.strftime("%d/%m/%Y")
print("publish", cert.post("/certificateur/sessions/2/deliberation", "/api/certificateur/publier",
                           [("session_id", "2"), ("date", today), ("confirm", "oui")]))

# 2. The PV: the bytes the members signed, twice, from the certifier and a juror.
print("PV:")
signed_hash = re.search(r"([0-9a-f]{64})", cert.get("/certificateur/sessions/2/deliberation")).group(1)
pv1 = cert.raw("/certificateur/sessions/2/pv/pv.pdf")
pv2 = login("karim.benali@demo.jury.fr", "demo-jury").raw("/jury/sessions/2/pv/pv.pdf")
assert pv1 == pv2 and sha(pv1) == signed_hash, (sha(pv1), sha(pv2), signed_hash)
png(pv1, "pv")
attestation = png(cert.raw("/certificateur/sessions/2/pv/pv-signatures.pdf"), "pv-signatures")
assert signed_hash in attestation, attestation
print(f"  signed hash {signed_hash} = SHA-256 of pv.pdf from the certifier and from a juror")

# 3. Camille's documents, twice from her space.
camille = login("candidat@demo.jury.fr", "demo-candidat")
home = camille.get("/candidat")
codes = sorted(set(re.findall(r'href="/candidat/documents/([A-Z0-9-]+)"', home)))
print(f"Camille's documents ({len(codes)}):")
candidate = {}
for code in codes:
    one, two = camille.raw(f"/candidat/documents/{code}"), camille.raw(f"/candidat/documents/{code}")
    assert one == two, code
    candidate[code] = sha(one)
    text = png(one, f"camille-{code}")
    if "Relevé de notes" in text:
        for expected in ["Non validé par décision du jury", "qui s'écarte du résultat calculé",
                         "insuffisantes", "Résultat calculé par la grille"]:
            assert expected in text, (expected, text)
        print("   transcript:", re.search(r"Décision du jury : .*?\)", text).group(0))

# 4. The archive, twice; each candidate document as in her space and in SHA256SUMS.
a1, a2 = cert.raw("/certificateur/sessions/2/archive.zip"), cert.raw("/certificateur/sessions/2/archive.zip")
z1, z2 = zipfile.ZipFile(io.BytesIO(a1)), zipfile.ZipFile(io.BytesIO(a2))
sums = z1.read("SHA256SUMS").decode()
print(f"archive: {len(z1.namelist())} files")
for name in z1.namelist():
    if name.endswith(".pdf"):
        assert z1.read(name) == z2.read(name), name
for code, digest in candidate.items():
    name = next(n for n in z1.namelist() if code in n)
    assert sha(z1.read(name)) == digest, name
    assert f"{digest}  {name}" in sums, name
print(f"  {len(candidate)} candidate documents: same SHA-256 in her space (twice), in two archives and in SHA256SUMS")
assert sha(z1.read("pv/pv.pdf")) == signed_hash
sarah = next(n for n in z1.namelist() if n.startswith("documents/E26-006/Relev"))
text = png(z1.read(sarah), "sarah-releve")
for expected in ["Décision du jury : Certification complète", "Validé par décision du jury", "(« Non certifié »)", "9,89 / 20"]:
    assert expected in text, (expected, text)
assert "Non validé" not in text
print("  Sarah's transcript:", re.search(r"Décision du jury : .*?\)", text).group(0))
certificate = next(n for n in z1.namelist() if n.startswith("documents/E26-006/Certificat-de-certification"))
png(z1.read(certificate), "sarah-certificat")
print("  convocations/ENVOIS.txt:", z1.read("convocations/ENVOIS.txt").decode().strip().splitlines()[-1])

# 5. The audit extract, recomputed with the recipe the archive ships.
journal = next(n for n in z1.namelist() if n.startswith("journal/journal-session-"))
open(f"{OUT}/journal.jsonl", "wb").write(z1.read(journal))
open(f"{OUT}/verifier_journal.py", "wb").write(z1.read("journal/verifier_journal.py"))
run = subprocess.run([sys.executable, f"{OUT}/verifier_journal.py", f"{OUT}/journal.jsonl"], capture_output=True, text=True)
print("recipe:", run.stdout.strip() or run.stderr.strip())
assert run.returncode == 0

# 6. The candidate's page, as she sees it, at desktop and phone widths.
o = webdriver.ChromeOptions()
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]:
    o.add_argument(arg)
d = webdriver.Chrome(options=o)
d.set_window_size(1280, 1000)
d.get(BASE + "/connexion")
d.find_element(By.ID, "email").send_keys("candidat@demo.jury.fr")
d.find_element(By.ID, "password").send_keys("demo-candidat")
d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
time.sleep(1)
for width, name in [(1280, "candidate-desktop"), (390, "candidate-phone")]:
    d.set_window_size(width, 1000)
    d.get(BASE + "/candidat")
    time.sleep(1)
    d.set_window_size(width, min(d.execute_script("return document.body.scrollHeight"), 6000))
    d.save_screenshot(f"{OUT}/{name}.png")
d.set_window_size(1280, 1000)
d.get(BASE + f"/verification/{codes[0]}")
time.sleep(1)
d.save_screenshot(f"{OUT}/verification.png")
d.quit()
print("pages photographed in", OUT)
