#!/usr/bin/env python3
"""Issue 17's check, as a new user, on a fresh demo database: in headless Chromium the
demo candidate opens "Mes données personnelles" and downloads her data (JSON and PDF,
the PDF saved as PNG); the certifier opens the privacy notice, the personal data page
(today's dry run) and the accommodation requests of the May session (pages saved as PNG,
desktop and phone width); then, on a copy of the demo database, `server retention
--dry-run`, `server retention` and `server verify-audit` run one after the other.

Usage: scripts/privacy_walkthrough.py BASE_URL SERVER_BINARY DATABASE_FILE — the server
started with demo data on DATABASE_FILE (SQLite) from the current directory (where its
key files are). Needs selenium (pip), Chromium, ChromeDriver, poppler-utils, sqlite3.
Everything goes to /tmp/walk17."""
import json, os, subprocess, sys, time, urllib.request
from selenium import webdriver
from selenium.webdriver.common.by import By

BASE, SERVER, DB = sys.argv[1], sys.argv[2], sys.argv[3]
OUT = "/tmp/walk17"
os.makedirs(OUT, exist_ok=True)

o = webdriver.ChromeOptions()
o.add_argument("--headless=new")
o.add_argument("--no-sandbox")
o.add_argument("--window-size=1280,1000")
d = webdriver.Chrome(options=o)


def shot(name, path):
    """The page at desktop width (whole height) and at phone width."""
    d.get(BASE + path)
    time.sleep(1)
    for width, suffix in [(1280, ""), (390, "-telephone")]:
        d.set_window_size(width, 1000)
        height = min(d.execute_script("return document.body.scrollHeight"), 6000)
        d.set_window_size(width, height)
        d.save_screenshot(f"{OUT}/{name}{suffix}.png")
    d.set_window_size(1280, 1000)
    return d.page_source


def login(email, pw):
    d.delete_all_cookies()
    d.get(BASE + "/connexion")
    d.find_element(By.ID, "email").send_keys(email)
    d.find_element(By.ID, "password").send_keys(pw)
    d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    time.sleep(1)


def download(path):
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in d.get_cookies())
    req = urllib.request.Request(BASE + path, headers={"Cookie": cookies})
    with urllib.request.urlopen(req) as r:
        return r.read()


# 1. The demo candidate downloads her data.
login("candidat@demo.jury.fr", "demo-candidat")
page = shot("mes-donnees", "/candidat/mes-donnees")
assert "Corriger mon identité" in page and "Demander l'effacement" in page
data = json.loads(download("/candidat/mes-donnees.json"))
open(f"{OUT}/mes-donnees.json", "w").write(json.dumps(data, ensure_ascii=False, indent=2))
print("JSON:", data["identite"]["prenom"], data["identite"]["nom"], "—",
      len(data["inscriptions"]), "inscription(s),", len(data["courriels"]), "courriel(s)")
pdf = download("/candidat/mes-donnees.pdf")
open(f"{OUT}/mes-donnees.pdf", "wb").write(pdf)
subprocess.run(["pdftoppm", "-png", "-r", "60", f"{OUT}/mes-donnees.pdf", f"{OUT}/mes-donnees-pdf"], check=True)
print("PDF:", len(pdf), "octets ->", sorted(f for f in os.listdir(OUT) if f.startswith("mes-donnees-pdf")))

# 2. The certifier: the notice, the personal data page, the requests of May.
login("certificateur@demo.jury.fr", "demo-certificateur")
notice = shot("confidentialite", "/confidentialite")
assert "Combien de temps" in notice
settings = shot("donnees-personnelles", "/certificateur/donnees-personnelles")
assert "Simulation" in settings
requests = shot("amenagements-mai", "/certificateur/sessions/3/amenagements")
assert "Notification MDPH du 15/01/2026" in requests
shot("session-mai", "/certificateur/sessions/3")
d.quit()

# 3. On a copy of the demo database: dry run, run, verify-audit.
copy = os.path.join(OUT, "copie-demo.db")
if os.path.exists(copy):
    os.remove(copy)
subprocess.run(["sqlite3", DB, f".backup '{copy}'"], check=True)
env = dict(os.environ, DATABASE_URL=f"sqlite://{copy}?mode=rwc", RUST_BACKTRACE="0")
for args in (["retention", "--dry-run"], ["retention"], ["retention", "--dry-run"], ["verify-audit"]):
    run = subprocess.run([SERVER, *args], env=env, capture_output=True, text=True)
    print(f"$ server {' '.join(args)}  (exit {run.returncode})")
    print(run.stdout.strip() or run.stderr.strip())
    assert run.returncode == 0
after = subprocess.run(["sqlite3", copy, "select note, supporting_reference, decision_reason, details_erased_at from accommodations a join enrolments e on e.id = a.enrolment_id where e.session_id = 3"],
                       capture_output=True, text=True).stdout.strip()
print("Aménagement de mai après la conservation :", after)
