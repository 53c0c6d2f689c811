#!/usr/bin/env python3
"""A FORMITES session of 8 candidates run through the user interface, as a new
certifier would, from an empty database: headless Chromium clicks and types in the
hydrated pages (no HTTP shortcut, no database edit), and each step is timed.

Usage: scripts/walkthrough.py BASE_URL OUTBOX_DIR ADMIN_EMAIL ADMIN_PASSWORD
The server must run with APP_DEMO_DATA=false, APP_PUBLIC_URL=BASE_URL and
APP_OUTBOX_DIR=OUTBOX_DIR, and the administrator made by `server create-admin`.
The interview is placed four and a half hours before the script runs (the server's
clock is the real one), so that attendance, grading and closing are open; it needs
`pip install selenium`, Chromium and ChromeDriver.
"""

import email
import email.policy
import glob
import os
import re
import sys
import tempfile
import time
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, NoSuchElementException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

BASE, OUTBOX, ADMIN, ADMIN_PASSWORD = sys.argv[1:5]
NOW = datetime.now(ZoneInfo("Europe/Paris"))
TODAY = NOW.strftime("%d/%m/%Y")
# The interview took place this morning (4 h from four and a half hours ago): grading,
# attendance and closing are open whatever the time the script runs.
SITTING = NOW - timedelta(minutes=270 + NOW.minute % 5)
SITTING_DAY, SITTING_START = SITTING.strftime("%d/%m/%Y"), SITTING.strftime("%H:%M")
JUROR_PASSWORD = "une phrase de passe de juré"
CANDIDATE_PASSWORD = "ma phrase de passe de candidate"
SHOTS = os.environ.get("WALKTHROUGH_SHOTS", "/tmp/walkthrough")
os.makedirs(SHOTS, exist_ok=True)

options = webdriver.ChromeOptions()
options.add_argument("--headless=new")
options.add_argument("--no-sandbox")
options.add_argument("--window-size=1280,1000")
driver = webdriver.Chrome(options=options)
driver.implicitly_wait(0)

timings = []


class Step:
    """Times one step of the session and counts the forms it took."""

    def __init__(self, name):
        self.name = name
        self.forms = 0

    def __enter__(self):
        global current
        current = self
        self.start = time.monotonic()
        return self

    def __exit__(self, kind, *_):
        elapsed = time.monotonic() - self.start
        if kind is None:
            timings.append((self.name, elapsed, self.forms, self.pages))
            print(f"{elapsed:7.1f} s  {self.forms:3d} form(s)  {self.name}", flush=True)
        return False

    pages = 0


current = Step("")


def hydrated(timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if driver.execute_script(
                "return document.readyState === 'complete' && document.documentElement.dataset.hydrated === 'true'"
            ):
                return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"page not hydrated: {driver.current_url}")


def go(path):
    current.pages += 1
    driver.get(BASE + path)
    hydrated()


def main_text():
    try:
        return driver.find_element(By.CSS_SELECTOR, "main").text
    except (NoSuchElementException, StaleElementReferenceException):
        return ""


def form(action, index=0):
    forms = driver.find_elements(By.CSS_SELECTOR, f"form[action*='{action}']")
    if len(forms) <= index:
        raise RuntimeError(f"no form {action} #{index} on {driver.current_url}:\n{main_text()[:2000]}")
    return forms[index]


def fill(f, fields):
    for name, value in fields.items():
        elements = f.find_elements(By.NAME, name)
        if not elements:
            raise RuntimeError(f"no field {name} in {f.get_attribute('action')}")
        first = elements[0]
        tag, kind = first.tag_name, first.get_attribute("type")
        if tag == "select":
            select = Select(first)
            values = [o.get_attribute("value") for o in select.options]
            if value in values:
                select.select_by_value(value)
            else:
                words = value.lower().split()
                match = [o for o in select.options if all(w in o.text.lower() for w in words)]
                if not match:
                    raise RuntimeError(f"{name}: no option « {value} » in {[o.text for o in select.options]}")
                select.select_by_visible_text(match[0].text)
        elif kind == "radio":
            [e for e in elements if e.get_attribute("value") == value][0].click()
        elif kind == "checkbox":
            if bool(value) != first.is_selected():
                first.click()
        elif kind in ("date", "time"):
            # What the browser's picker sends: AAAA-MM-JJ (the form accepts both).
            if kind == "date" and "/" in value:
                d, m, y = value.split("/")
                value = f"{y}-{m}-{d}"
            driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", first, value)
        elif kind == "file":
            first.send_keys(value)
        else:
            first.clear()
            first.send_keys(value)


def submit(action, fields=None, index=0, button=None, expect=None):
    """Fills and sends a form as a person would, then waits for the page's answer."""
    current.forms += 1
    f = form(action, index)
    # A form folded in a disclosure: the person opens it first.
    driver.execute_script(
        "for (let d = arguments[0].closest('details'); d; d = d.parentElement.closest('details'))"
        " { if (!d.open) d.querySelector('summary').click(); }", f)
    fill(f, fields or {})
    before_url, before = driver.current_url, main_text()
    for details in f.find_elements(By.CSS_SELECTOR, "details.confirm"):
        details.find_element(By.CSS_SELECTOR, "summary").click()
    buttons = f.find_elements(By.CSS_SELECTOR, "button[type=submit], button:not([type])")
    if button:
        buttons = [b for b in buttons if b.get_attribute("value") == button or button in b.text]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].click()
    end = time.monotonic() + 60
    while time.monotonic() < end:
        now = main_text()
        if driver.current_url != before_url or (now and now != before):
            break
        time.sleep(0.05)
    hydrated()
    time.sleep(0.2)
    text = main_text()
    if expect and expect not in text:
        driver.save_screenshot(f"{SHOTS}/failed.png")
        raise RuntimeError(f"after {action}: « {expect} » missing on {driver.current_url}:\n{text[:3000]}")
    for alert in driver.find_elements(By.CSS_SELECTOR, ".error, [role=alert]"):
        if alert.text.strip():
            driver.save_screenshot(f"{SHOTS}/failed.png")
            raise RuntimeError(f"after {action}: {alert.text}\n{text[:3000]}")
    return text


def mails(to, subject):
    found = []
    for path in sorted(glob.glob(f"{OUTBOX}/*.eml"), key=os.path.getmtime):
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        if message["To"] and to in message["To"] and message["Subject"].startswith(subject):
            found.append(message.get_body(preferencelist=("plain",)).get_content())
    return found


def link_in(to, subject, kind):
    texts = mails(to, subject)
    if not texts:
        raise RuntimeError(f"no email « {subject} » to {to}")
    match = re.search(re.escape(BASE) + rf"(/{kind}/[^\s]+)", texts[-1])
    if not match:
        raise RuntimeError(f"no /{kind}/ link in {texts[-1]}")
    return match.group(1)


def log_in(who, password):
    driver.delete_all_cookies()
    go("/connexion")
    login_form(who, password)


def login_form(who, password):
    current.forms += 1
    field = driver.find_element(By.ID, "email")
    field.clear()  # prefilled after choosing a password
    field.send_keys(who)
    driver.find_element(By.ID, "password").send_keys(password)
    before = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    end = time.monotonic() + 30
    while driver.current_url == before and time.monotonic() < end:
        time.sleep(0.05)
    if "/connexion" in driver.current_url:
        raise RuntimeError(f"login of {who} refused: {main_text()[:1000]}")
    hydrated()


def choose_password(who, path, password):
    driver.delete_all_cookies()
    go(path)
    current.forms += 1
    driver.find_element(By.ID, "mot-de-passe").send_keys(password)
    driver.find_element(By.ID, "confirmation").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    end = time.monotonic() + 30
    while "/connexion" not in driver.current_url and time.monotonic() < end:
        time.sleep(0.05)
    hydrated()
    login_form(who, password)


JURORS = [
    ("Moreau", "Hélène", "F", "oui", "responsable_of"),
    ("Girard", "Paul", "H", "oui", "assistant_formation"),
    ("Lopez", "Inès", "F", "non", "responsable_of"),
    ("Fontaine", "Marc", "H", "non", "professionnel_formation"),
    ("Chevalier", "Lucie", "F", "non", "professionnel_administratif"),
]
work = tempfile.mkdtemp()
candidates_csv = os.path.join(work, "candidats.csv")
with open(candidates_csv, "w") as handle:
    handle.write("Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe;Assiduité (%)\n")
    for i, (last, first) in enumerate(
        [("Martin", "Léa"), ("Bernard", "Hugo"), ("Thomas", "Chloé"), ("Petit", "Louis"),
         ("Robert", "Emma"), ("Richard", "Nathan"), ("Durand", "Manon"), ("Dubois", "Jules")], 1):
        address = unicodedata.normalize("NFKD", f"{first}.{last}".lower()).encode("ascii", "ignore").decode()
        handle.write(f"{last};{first};0{i}/04/199{i};{address}@exemple.fr;"
                     f"Formation continue;ADF-2026;{70 if i == 8 else 92}\n")
pool_csv = os.path.join(work, "jures.csv")
with open(pool_csv, "w") as handle:
    handle.write("Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;"
                 "Années d'expérience;Dernière activité;Disponibilités\n")
    for last, first, gender, internal, category in JURORS:
        handle.write(f"{last};{first};{last.lower()}@jury.fr;{gender};{internal};{category};;;8;;\n")

try:
    with Step("Se connecter (administrateur créé par create-admin)"):
        log_in(ADMIN, ADMIN_PASSWORD)
    with Step("Créer la certification depuis le modèle A"):
        go("/certificateur")
        submit("creer_certification", {"template": "A", "code": "RNCP35411",
                                       "title": "Assistant(e) de formation"})
        certification = driver.current_url.rsplit("/", 1)[-1]
    with Step("Créer la session"):
        go("/certificateur/sessions/nouvelle")
        submit("creer_session", {"certification_id": certification, "label": "Session de novembre 2026",
                                 "starts_on": SITTING_DAY, "ends_on": TODAY,
                                 "place": "FORMITES, 12 rue des Écoles, Lyon", "capacity": "12"})
        session = re.search(r"/sessions/(\d+)", driver.current_url).group(1)
        page = f"/certificateur/sessions/{session}"
        driver.save_screenshot(f"{SHOTS}/01-session.png")
    with Step("Importer 8 candidats (CSV avec assiduité)"):
        go(page)
        submit("csrf_token", {"fichier": candidates_csv}, expect="8")
    with Step("Importer le vivier de 5 jurés (CSV)"):
        go("/certificateur/jures")
        submit("csrf_token", {"fichier": pool_csv}, expect="5")
    with Step("Composer le jury (5 sièges) et valider la composition"):
        go(f"{page}/jury")
        for i, (last, first, *_) in enumerate(JURORS):
            submit("jury_ajouter", {"member_id": f"{first} {last}", "role": "president" if i == 0 else "member"})
        submit("jury_valider")
        driver.save_screenshot(f"{SHOTS}/02-jury.png")
    for last, first, *_ in JURORS:
        with Step(f"Juré {first} {last} : accepter l'invitation, choisir son mot de passe"):
            driver.delete_all_cookies()
            go(link_in(f"{last.lower()}@jury.fr", "Invitation au jury", "invitation"))
            submit("repondre")  # the first form accepts, the second declines
            choose_password(f"{last.lower()}@jury.fr",
                            link_in(f"{last.lower()}@jury.fr", "Invitation au jury", "mot-de-passe"),
                            JUROR_PASSWORD)
    with Step("Répartir les corrections"):
        log_in(ADMIN, ADMIN_PASSWORD)
        go(f"{page}/jury")
        submit("jury_repartir")
    with Step("Planifier l'entretien, générer les passages"):
        go(page)
        submit("planifier_epreuve", {"epreuve_id": "Entretien", "date": SITTING_DAY, "start": SITTING_START,
                                     "duration": "240", "room": "Salle 1"})
        go(page)
        sitting = driver.find_element(By.CSS_SELECTOR, f"a[href*='{page}/epreuves/']").get_attribute("href")
        sitting = sitting[len(BASE):]
        go(sitting)
        submit("passages_generer", {"gap": "5", "every": "4", "pause": "15"})
        driver.save_screenshot(f"{SHOTS}/03-passages.png")
    with Step("Envoyer les convocations (8 PDF avec l'heure de passage)"):
        go(page)
        submit("envoyer_convocations", {"reason": "Session de démonstration organisée le jour même"})
    with Step("Jour d'examen : présence et identité des 8 candidats"):
        go(sitting)
        for i in range(8):
            submit("presence", {"kind": "present", "identity_checked": True}, index=i)
        driver.save_screenshot(f"{SHOTS}/04-presence.png")
    for last, first, *_ in JURORS:
        with Step(f"Juré {first} {last} : corriger ses fiches"):
            log_in(f"{last.lower()}@jury.fr", JUROR_PASSWORD)
            go("/jury")
            sheets = sorted({a.get_attribute("href")[len(BASE):] for a in
                             driver.find_elements(By.CSS_SELECTOR, "a[href*='/epreuves/']")})
            if not sheets:
                link = driver.find_elements(By.CSS_SELECTOR, "a[href*='/jury/sessions/']")
                go(link[0].get_attribute("href")[len(BASE):])
                sheets = sorted({a.get_attribute("href")[len(BASE):] for a in
                                 driver.find_elements(By.CSS_SELECTOR, "a[href*='/epreuves/']")})
            for sheet in sheets:
                go(sheet)
                report = "Rapport" in main_text()[:400]
                fields = {}
                for radio in driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name^='entries']"):
                    fields[radio.get_attribute("name")] = "oui" if report else "non"
                fields["action"] = "soumettre"
                submit("enregistrer_fiche", fields)
            current.name += f" ({len(sheets)} fiches)"
    with Step("Délibération : la présidente clôt (5 présents)"):
        log_in("moreau@jury.fr", JUROR_PASSWORD)
        go(f"/jury/sessions/{session}/deliberation")
        driver.save_screenshot(f"{SHOTS}/05-deliberation.png")
        present = {e.get_attribute("name"): True for e in
                   form("clore").find_elements(By.CSS_SELECTOR, "input[type=checkbox]")}
        submit("clore", present)
    for last, first, *_ in JURORS:
        with Step(f"Juré {first} {last} : signer le procès-verbal"):
            log_in(f"{last.lower()}@jury.fr", JUROR_PASSWORD)
            go(f"/jury/sessions/{session}/deliberation")
            submit("signer", {"password": JUROR_PASSWORD})
    with Step("Publier les résultats"):
        log_in(ADMIN, ADMIN_PASSWORD)
        go(f"{page}/deliberation")
        submit("publier", {"date": TODAY})
        driver.save_screenshot(f"{SHOTS}/06-publication.png")
    with Step("Candidate : choisir son mot de passe, lire son résultat"):
        who = "lea.martin@exemple.fr"
        choose_password(who, link_in(who, "Vos résultats", "mot-de-passe"), CANDIDATE_PASSWORD)
        go("/candidat")
        text = main_text()
        assert "Certification complète" in text, text
        driver.save_screenshot(f"{SHOTS}/07-candidate.png")
    with Step("Télécharger son certificat, le vérifier sur /verification"):
        code = re.search(r"code de vérification ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text).group(1)
        current.pages += 1
        status = driver.execute_script(
            "return fetch(arguments[0]).then(r => r.status + ' ' + r.headers.get('content-type'))",
            f"/candidat/documents/{code}")
        assert status.startswith("200 application/pdf"), status
        driver.delete_all_cookies()
        go(f"/verification/{code}")
        assert "Document authentique" in main_text(), main_text()
        driver.save_screenshot(f"{SHOTS}/08-verification.png")
finally:
    driver.save_screenshot(f"{SHOTS}/last.png")
    driver.quit()
    total = sum(t for _, t, _, _ in timings)
    forms = sum(f for _, _, f, _ in timings)
    print(f"\n| Étape | Durée | Formulaires | Pages |\n|---|---:|---:|---:|")
    for name, elapsed, count, pages in timings:
        print(f"| {name} | {elapsed:.1f} s | {count} | {pages} |")
    print(f"| **Total** | **{total:.1f} s** | **{forms}** | |")
