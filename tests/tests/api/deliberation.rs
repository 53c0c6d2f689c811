//! The deliberation of the demo November session (template E, six candidates graded):
//! computed results and filters, the jury's own decision with its reason, quorum at
//! closing, signatures with the password, frozen marks, and the PV in PDF, CSV, XLSX.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, Decision, ExamSession, Jury, PvSignature};
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{TestApp, location, pdf_text, spawn_app};

/// The November session of the demo data.
const SESSION: i32 = 2;
const PAGE: &str = "/jury/sessions/2/deliberation";

async fn member(app: &TestApp, email: &str) -> TestApp {
    let browser = app.another_browser();
    let response = browser.login(email, "demo-jury").await;
    assert_eq!(response.status(), 303, "login {email}");
    browser
}

/// Enrolment id of a candidate number of the November session.
async fn enrolment_of(app: &TestApp, number: &str) -> String {
    entities::prelude::Enrolment::find()
        .all(&app.db)
        .await
        .expect("enrolments")
        .into_iter()
        .find(|e| e.candidate_number == number)
        .map(|e| e.id.to_string())
        .expect("candidate number")
}

async fn close(app: &TestApp, present: &[&str]) -> reqwest::Response {
    let mut fields = vec![("session_id", "2")];
    let keys: Vec<String> = (0..present.len())
        .map(|i| format!("present[{i}]"))
        .collect();
    for (key, id) in keys.iter().zip(present) {
        fields.push((key.as_str(), id));
    }
    app.submit_form(PAGE, "/api/deliberation/clore", &fields)
        .await
}

#[tokio::test]
async fn the_demo_session_is_deliberated_signed_and_its_pv_issued() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;

    // Computed results, explained, with the filters.
    let html = claire.get_html(PAGE).await;
    for expected in [
        "E26-001 — DURAND Camille",
        "Blocs validés : RNCP36390BC01, RNCP36390BC02, RNCP36390BC04",
        "E26-002 — LAMBERT Manon",
        "Certification complète",
        "E26-004 — FAURE Chloé",
        "Ajourné — épreuve de rattrapage proposée",
        "Fraude — session invalidée",
        "E26-006 — BLANC Sarah",
        "Non certifié",
        "Clore la délibération",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    // Filters (the cards shown; the page's data for hydration holds every candidate).
    let shown = |html: &str, who: &str| html.contains(&format!("— {who}</h3>"));
    let borderline = claire.get_html(&format!("{PAGE}?filtre=limites")).await;
    assert!(shown(&borderline, "BLANC Sarah"), "{borderline}");
    assert!(!shown(&borderline, "LAMBERT Manon"), "{borderline}");
    let fraud = claire.get_html(&format!("{PAGE}?filtre=fraude")).await;
    assert!(shown(&fraud, "CHEVALIER Antoine") && !shown(&fraud, "BLANC Sarah"));
    let absent = claire.get_html(&format!("{PAGE}?filtre=absents")).await;
    assert!(shown(&absent, "FAURE Chloé") && !shown(&absent, "DURAND Camille"));

    // The jury decides otherwise only with a reason; a member who does not preside cannot.
    let sarah = enrolment_of(&certifier, "E26-006").await;
    let refused = claire
        .submit_form(
            PAGE,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &sarah),
                ("decision", "complete"),
                ("reason", "court"),
            ],
        )
        .await;
    let html = claire.follow(&refused).await;
    assert!(html.contains("Le motif est obligatoire"), "{html}");
    assert_eq!(
        Decision::find().count(&certifier.db).await.expect("count"),
        0
    );
    let karim = member(&certifier, "karim.benali@demo.jury.fr").await;
    let refused = karim
        .submit_form(
            PAGE,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &sarah),
                ("decision", "complete"),
                (
                    "reason",
                    "Le jury tient compte du dossier professionnel remarquable.",
                ),
            ],
        )
        .await;
    assert!(
        karim
            .follow(&refused)
            .await
            .contains("Seul(e) le (la) président(e) du jury enregistre")
    );
    let decided = claire
        .submit_form(
            PAGE,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &sarah),
                ("decision", "complete"),
                (
                    "reason",
                    "Le jury tient compte du dossier professionnel remarquable.",
                ),
            ],
        )
        .await;
    assert_eq!(location(&decided), PAGE);
    let html = claire.get_html(PAGE).await;
    assert!(html.contains("Décision du jury, motif : "), "{html}");
    assert!(html.contains("Le jury tient compte du dossier professionnel remarquable."));

    // Quorum: template E needs every voting member; Thomas (4) absent → postponed.
    let postponed = close(&claire, &["1", "2", "3", "5"]).await;
    let html = claire.follow(&postponed).await;
    assert!(
        html.contains("Tous les membres votants doivent être présents"),
        "{html}"
    );
    let jury = Jury::find().all(&certifier.db).await.expect("juries");
    assert!(jury.iter().all(|j| j.closed_at.is_none()));
    let refused = close(&karim, &["1", "2", "3", "4", "5"]).await;
    assert!(
        karim
            .follow(&refused)
            .await
            .contains("Seul(e) le (la) président(e) du jury clôt")
    );
    let closed = close(&claire, &["1", "2", "3", "4", "5"]).await;
    assert_eq!(location(&closed), PAGE);
    assert_eq!(
        Decision::find().count(&certifier.db).await.expect("count"),
        6
    );
    let refused = claire
        .submit_form(
            PAGE,
            "/api/deliberation/decider",
            &[("session_id", "2"), ("enrolment_id", &sarah)],
        )
        .await;
    assert!(
        claire
            .follow(&refused)
            .await
            .contains("La délibération est close")
    );

    // Signatures: the password is checked; the last one freezes the session.
    let wrong = claire
        .submit_form(
            PAGE,
            "/api/deliberation/signer",
            &[("session_id", "2"), ("password", "pas-le-bon")],
        )
        .await;
    assert!(
        claire
            .follow(&wrong)
            .await
            .contains("Mot de passe incorrect")
    );
    assert_eq!(
        PvSignature::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    let sophie = member(&certifier, "sophie.lefevre@demo.jury.fr").await;
    let thomas = member(&certifier, "thomas.garnier@demo.jury.fr").await;
    for signer in [&claire, &karim, &sophie, &thomas] {
        let signed = signer
            .submit_form(
                PAGE,
                "/api/deliberation/signer",
                &[("session_id", "2"), ("password", "demo-jury")],
            )
            .await;
        assert_eq!(location(&signed), PAGE);
    }
    let session = ExamSession::find_by_id(SESSION)
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("session");
    assert_eq!(session.status, entities::enums::SessionStatus::Signed);
    let hashes: Vec<String> = PvSignature::find()
        .all(&certifier.db)
        .await
        .expect("signatures")
        .into_iter()
        .map(|s| s.content_hash)
        .collect();
    let jury = Jury::find_by_id(2)
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("jury");
    assert_eq!(hashes.len(), 4);
    assert!(hashes.iter().all(|h| Some(h) == jury.pv_hash.as_ref()));

    // Marks and attendance are frozen.
    let audit_before = AuditEntry::find()
        .count(&certifier.db)
        .await
        .expect("count");
    let chloe = enrolment_of(&certifier, "E26-004").await;
    let slot = entities::prelude::ScheduleSlot::find()
        .all(&certifier.db)
        .await
        .expect("slots")
        .into_iter()
        .find(|s| s.session_id == SESSION)
        .expect("the case study's sitting")
        .id
        .to_string();
    let frozen = certifier
        .submit_form(
            &format!("/certificateur/sessions/2/epreuves/{slot}"),
            "/api/certificateur/presence",
            &[
                ("session_id", "2"),
                ("slot_id", &slot),
                ("enrolment_id", &chloe),
                ("kind", "present"),
                ("identity_checked", "on"),
            ],
        )
        .await;
    assert!(
        certifier
            .follow(&frozen)
            .await
            .contains("Le procès-verbal de la session est signé")
    );
    assert_eq!(
        AuditEntry::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        audit_before
    );

    // The PV: every decision, the jury's reason, the members and their signatures.
    let pdf = certifier
        .get("/certificateur/sessions/2/pv/pv.pdf")
        .await
        .bytes()
        .await
        .expect("pdf");
    let text = pdf_text(&pdf);
    for expected in [
        "Procès-verbal de délibération",
        "Office Manager junior — RNCP36390",
        "Session de novembre 2026",
        "du 02/11/2026 au 06/11/2026",
        "Claire Martin",
        "Président(e) du jury",
        "Inès Moreau",
        "DURAND Camille",
        "Blocs validés : RNCP36390BC01, RNCP36390BC02, RNCP36390BC04",
        "Fraude — session invalidée",
        "BLANC Sarah : Certification complète — Le jury tient compte du dossier",
        "signé en ligne le",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let anonymous = pdf_text(
        &claire
            .get("/jury/sessions/2/pv/pv-anonyme.pdf")
            .await
            .bytes()
            .await
            .expect("pdf"),
    );
    assert!(
        anonymous.contains("E26-006 : Certification complète"),
        "{anonymous}"
    );
    assert!(!anonymous.contains("BLANC") && !anonymous.contains("DURAND"));
    let csv = certifier
        .get("/certificateur/sessions/2/pv/pv.csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.starts_with("\u{feff}Numéro;Nom;Décision;"), "{csv}");
    assert!(csv.contains("E26-006;BLANC Sarah;Certification complète;"));
    let xlsx = certifier
        .get("/certificateur/sessions/2/pv/pv.xlsx")
        .await
        .bytes()
        .await
        .expect("xlsx");
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip archive");
    // The PV opens: rendered to an image by poppler.
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("pv.pdf"), &pdf).expect("write");
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "1", "-l", "1"])
        .arg(dir.path().join("pv.pdf"))
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "png"))
        .expect("a PNG page");
    assert!(std::fs::metadata(png.path()).expect("png").len() > 1000);

    // Someone outside the jury sees nothing.
    let other = certifier.another_browser();
    other.login_as(Role::Candidate).await;
    assert_eq!(
        other
            .get("/api/deliberation/charger?session_id=2")
            .await
            .status(),
        403
    );
}
