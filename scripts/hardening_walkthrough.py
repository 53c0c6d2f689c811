#!/usr/bin/env python3
"""Repeats, over HTTP as an attacker would, each finding of the review behind issue 28
against a running Jury (fresh demo database, behind a proxy header so that addresses
can be chosen):

    APP_CLIENT_IP_HEADER=x-forwarded-for scripts/run            # in one terminal
    scripts/run create-admin --email autre@exemple.fr --name "Autre Admin" \\
        --siret 11122233300044 --organisation-name "Autre organisme"  # password: see below
    python3 scripts/hardening_walkthrough.py http://127.0.0.1:3000 MOT_DE_PASSE_AUTRE

Prints what it tried and what it saw, one line each; exits 1 if anything was accepted
that should not have been. Needs `pip install requests`.
"""

import re
import sys
import threading
import time
import zlib
import struct
import concurrent.futures as futures

import requests

BASE = sys.argv[1].rstrip("/")
OTHER_PASSWORD = sys.argv[2]
FAILED = []


def say(ok, what):
    print(("OK   " if ok else "FAIL ") + what)
    if not ok:
        FAILED.append(what)


def browser(address="198.51.100.7"):
    s = requests.Session()
    s.headers["x-forwarded-for"] = address
    s.headers["sec-fetch-site"] = "same-origin"
    return s


def login(email, password, address="198.51.100.7"):
    s = browser(address)
    r = s.post(f"{BASE}/connexion", data={"email": email, "password": password, "suite": ""},
               allow_redirects=False)
    return s, r.headers.get("location", "")


def form(s, endpoint, fields, page="/"):
    return s.post(f"{BASE}{endpoint}", data=fields, allow_redirects=False,
                  headers={"accept": "text/html", "referer": f"{BASE}{page}"})


def refusal_text(s, r):
    loc = r.headers.get("location", "")
    if not loc:
        return r.text
    return s.get(loc if loc.startswith("http") else BASE + loc).text


def png(width, height, extra=b""):
    raw = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"") + extra)


admin, where = login("certificateur@demo.jury.fr", "demo-certificateur")
say(where == "/certificateur", f"demo certifier logged in ({where})")
other, where = login("autre@exemple.fr", OTHER_PASSWORD, "198.51.100.8")
say(where == "/certificateur", f"second organisation logged in ({where})")

# 1. Nested receipts, with the health probe asked meanwhile.
page = admin.get(f"{BASE}/certificateur").text
certs = re.findall(r'/certificateur/certifications/(\d+)"', page)
flux_page = None
for cert in certs:
    html = admin.get(f"{BASE}/certificateur/certifications/{cert}/declarations").text
    found = re.search(r'/certificateur/flux/(\d+)', html)
    if found:
        flux_page = (cert, found.group(1))
        break
say(flux_page is not None, f"a flux of the demo to aim at: {flux_page}")
cert, flux = flux_page


def nested(n):
    return b"<rapport><idFlux>x</idFlux>" + b"<a>" * n + b"</a>" * n + b"</rapport>"


probes = []
stop = threading.Event()


def probe():
    while not stop.is_set():
        t = time.monotonic()
        requests.get(f"{BASE}/sante", timeout=30)
        probes.append(time.monotonic() - t)
        time.sleep(0.05)


thread = threading.Thread(target=probe)
thread.start()
for n, label in [(30_000, "210 KB"), (200_000, "1,4 MB"), (1_190_000, "8 MB")]:
    t = time.monotonic()
    r = admin.post(f"{BASE}/certificateur/certifications/{cert}/declarations?flux={flux}",
                   files={"fichier": ("accuse.xml", nested(n), "application/xml")},
                   allow_redirects=False)
    took = time.monotonic() - t
    text = refusal_text(admin, r)
    say("imbrique plus de 12" in text and took < 5,
        f"nested receipt {label} refused in {took:.2f} s")
with futures.ThreadPoolExecutor(3) as pool:
    t = time.monotonic()
    list(pool.map(lambda _: admin.post(
        f"{BASE}/certificateur/certifications/{cert}/declarations?flux={flux}",
        files={"fichier": ("accuse.xml", nested(30_000), "application/xml")},
        allow_redirects=False), range(3)))
    say(True, f"three parallel 210 KB uploads answered in {time.monotonic() - t:.2f} s")
stop.set()
thread.join()
say(max(probes) < 1.0, f"/sante answered {len(probes)} times meanwhile, slowest {max(probes)*1000:.0f} ms")
r = other.post(f"{BASE}/certificateur/certifications/{cert}/declarations?flux={flux}",
               files={"fichier": ("accuse.xml", nested(30_000), "application/xml")},
               allow_redirects=False)
say(r.status_code == 404, f"another organisation's upload to that flux: {r.status_code}")

# 2. Passing for another organisation.
demo_name = "Certif'Démo — organisme certificateur"
for name in [demo_name, "CERTIF DEMO - ORGANISME CERTIFICATEUR"]:
    r = form(other, "/api/certificateur/identite_organisme",
             {"name": name, "siret": "11122233300044", "address": "1 rue X\n75001 Paris",
              "signatory_name": "Autre Admin", "signatory_quality": "Gérant"},
             "/certificateur/parametres")
    say("porte déjà le nom" in refusal_text(other, r), f"rename to « {name} » refused")
r = form(other, "/api/certificateur/creer_certification",
         {"template": "E", "code": "RNCP36390", "title": "Office manager"}, "/certificateur")
say("co-certification" in refusal_text(other, r), "the demo's RNCP code refused without a confirmed co-certification")

# 3. Accounts across organisations: the same answer for a known and an unknown address.
def pool_add(email):
    return form(other, "/api/certificateur/vivier_enregistrer", {
        "id": "0", "fields[last_name]": "Leroy", "fields[first_name]": "Inès",
        "fields[email]": email, "fields[gender]": "female", "fields[internal]": "non",
        "fields[category]": "professionnel_secteur", "fields[side]": "employee",
        "fields[teacher]": "none", "fields[years_experience]": "6",
        "fields[last_activity]": "30/09/2026", "fields[availability]": ""},
        "/certificateur/jures").headers.get("location")
known, unknown = pool_add("candidat@demo.jury.fr"), pool_add("ines.leroy@exemple.fr")
say(known == unknown, f"pool add: known address → {known}, unknown → {unknown}")
person, where = login("candidat@demo.jury.fr", "demo-candidat", "198.51.100.9")
spaces = person.get(f"{BASE}/espaces").text
say("Autre organisme" in spaces and where == "/candidat",
    "the candidate logs in once and sees her space in the second organisation")

# 4. A stranger's reset requests.
def forgot(email, address):
    s = browser(address)
    return s, s.post(f"{BASE}/api/compte/oubli", data={"email": email}, allow_redirects=False,
                     headers={"accept": "text/html", "referer": f"{BASE}/mot-de-passe-oublie"})
for _ in range(3):
    forgot("jury@demo.jury.fr", "203.0.113.66")
s, r = forgot("jury@demo.jury.fr", "198.51.100.7")
say(r.headers.get("location") == "/mot-de-passe-oublie?envoye=1",
    "after three strangers' requests, the owner's own request goes through (see the outbox)")

# 5. Guessing while the owner logs in.
checked = 0
for round_ in range(10):
    for i in range(4):
        _, where = login("certificateur@demo.jury.fr", "essai", f"192.0.2.{round_ * 4 + i}")
        checked += "erreur=identifiants" in where
    _, where = login("certificateur@demo.jury.fr", "demo-certificateur", "198.51.100.7")
say(checked <= 20 and where == "/certificateur",
    f"40 distributed guesses with the owner logging in every 4: {checked} checked, owner still in")

# 6. Names with control characters.
r = form(admin, "/api/certificateur/identite_organisme",
         {"name": "Certif\u202eomeD", "siret": "12345678900015", "address": "x",
          "signatory_name": "Hélène Vidal", "signatory_quality": "Directrice"},
         "/certificateur/parametres")
text = refusal_text(admin, r)
say("U+202E" in text, "an organisation name with U+202E refused")

# 7. Images.
for label, data, expected in [
    ("empty PNG", png(64, 64)[:33], "illisible"),
    ("4000×4000 bomb", png(4000, 4000), "millions de pixels"),
]:
    r = admin.post(f"{BASE}/certificateur/parametres?image=logo",
                   files={"fichier": ("x.png", data)}, allow_redirects=False)
    say(expected in refusal_text(admin, r), f"{label} ({len(data)} bytes) refused")
r = admin.post(f"{BASE}/certificateur/parametres?image=logo",
               files={"fichier": ("x.png", png(64, 64, b"<html><script>alert(1)</script>"))},
               allow_redirects=False)
served = admin.get(f"{BASE}/certificateur/parametres/logo").content
say(b"<script" not in served and served.startswith(b"\x89PNG"), "a PNG/HTML polyglot kept as pixels only")

# 8. Keys.
did_before = requests.get(f"{BASE}/organisations/1/did.json").json()
r = form(admin, "/api/certificateur/cle_compromise",
         {"depuis": time.strftime("%d/%m/%Y"), "confirmation": "oui"}, "/certificateur/parametres")
did_after = requests.get(f"{BASE}/organisations/1/did.json").json()
gone = [m["id"] for m in did_before["verificationMethod"] if m not in did_after["verificationMethod"]]
say(len(gone) == 1, f"compromised key out of the DID document: {gone}")

# 9. Token pages.
for path in ["/invitation/inconnu-mais-assez-long-pour-etre-lu", "/mot-de-passe/inconnu"]:
    r = requests.get(f"{BASE}{path}")
    say(r.headers.get("cache-control") == "no-store", f"{path}: Cache-Control {r.headers.get('cache-control')}")

print()
print(f"{len(FAILED)} problem(s)" if FAILED else "Every finding refused.")
sys.exit(1 if FAILED else 0)
