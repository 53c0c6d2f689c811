//! The deliberation of the demo November session (template E, six candidates graded):
//! computed results and filters, the jury's own decision with its reason, quorum at
//! closing, signatures with the password, frozen marks, and the PV in PDF, CSV, XLSX.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, Decision, ExamSession, Jury, PvSignature};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, location, pdf_text, spawn_app};

/// The November session of the demo data.
const SESSION: i32 = 2;
pub(crate) const PAGE: &str = "/jury/sessions/2/deliberation";

pub(crate) async fn member(app: &TestApp, email: &str) -> TestApp {
    let browser = app.another_browser();
    let response = browser.login(email, "demo-jury").await;
    assert_eq!(response.status(), 303, "login {email}");
    browser
}

/// The enrolments of the November session (the demo's May session has its own).
pub(crate) async fn november(app: &TestApp) -> Vec<i32> {
    entities::prelude::Enrolment::find()
        .filter(entities::enrolment::Column::SessionId.eq(SESSION))
        .all(&app.db)
        .await
        .expect("enrolments")
        .into_iter()
        .map(|e| e.id)
        .collect()
}

/// Enrolment id of a candidate number of the November session.
pub(crate) async fn enrolment_of(app: &TestApp, number: &str) -> String {
    entities::prelude::Enrolment::find()
        .all(&app.db)
        .await
        .expect("enrolments")
        .into_iter()
        .find(|e| e.candidate_number == number)
        .map(|e| e.id.to_string())
        .expect("candidate number")
}

pub(crate) async fn close(app: &TestApp, present: &[&str]) -> reqwest::Response {
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
        Decision::find()
            .filter(entities::decision::Column::EnrolmentId.is_in(november(&certifier).await))
            .count(&certifier.db)
            .await
            .expect("count"),
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
                // The place the decision was taken from: the page comes back there.
                ("retour", "?filtre=a-trancher&recherche=blanc"),
            ],
        )
        .await;
    assert_eq!(
        location(&decided),
        format!("{PAGE}?filtre=a-trancher&recherche=blanc")
    );
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
    let jury = Jury::find()
        .filter(entities::jury::Column::SessionId.eq(SESSION))
        .all(&certifier.db)
        .await
        .expect("juries");
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
        Decision::find()
            .filter(entities::decision::Column::EnrolmentId.is_in(november(&certifier).await))
            .count(&certifier.db)
            .await
            .expect("count"),
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
            .filter(entities::pv_signature::Column::SessionId.eq(2))
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
        .filter(entities::pv_signature::Column::SessionId.eq(SESSION))
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
    assert!(jury.pv_hash.is_some());
    // What every member signed is the SHA-256 of the PV's file as issued at the
    // closing, served byte for byte to the certifier and to every jury member.
    let signed_pdf = certifier
        .get("/certificateur/sessions/2/pv/pv.pdf")
        .await
        .bytes()
        .await
        .expect("pdf");
    let signed_sha = app::domain::audit::digest_bytes(&signed_pdf);
    assert!(
        hashes.iter().all(|h| *h == signed_sha),
        "{hashes:?} {signed_sha}"
    );
    for again in [
        certifier.get("/certificateur/sessions/2/pv/pv.pdf").await,
        karim.get("/jury/sessions/2/pv/pv.pdf").await,
    ] {
        assert_eq!(
            again.bytes().await.expect("pdf").as_ref(),
            signed_pdf.as_ref(),
            "the signed PV is the same bytes at every download"
        );
    }
    // The attestation of the four signatures names the signed file's SHA-256.
    let attestation = pdf_text(
        &certifier
            .get("/certificateur/sessions/2/pv/pv-signatures.pdf")
            .await
            .bytes()
            .await
            .expect("pdf"),
    );
    for expected in [
        "Attestation de signature du procès-verbal",
        signed_sha.as_str(),
        "Claire Martin",
        "Thomas Garnier",
    ] {
        assert!(
            attestation.contains(expected),
            "{expected} in {attestation}"
        );
    }

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

    // A grade too: even a sheet allocated to Claire afterwards cannot be written.
    let camille = enrolment_of(&certifier, "E26-001").await;
    let case_study = entities::prelude::Epreuve::find()
        .all(&certifier.db)
        .await
        .expect("épreuves")
        .into_iter()
        .find(|e| e.code == "B3.E1" && e.version_id == session.version_id)
        .expect("B3.E1")
        .id;
    {
        use sea_orm::{ActiveModelTrait, Set};
        entities::grading_allocation::ActiveModel {
            enrolment_id: Set(camille.parse().expect("id")),
            epreuve_id: Set(case_study),
            jury_member_id: Set(1),
            grader_rank: Set(1),
            created_at: Set(tests::test_now()),
            ..Default::default()
        }
        .insert(&certifier.db)
        .await
        .expect("allocation");
    }
    let marks_before = entities::prelude::Mark::find()
        .all(&certifier.db)
        .await
        .expect("marks");
    let sheet = format!("/jury/sessions/2/candidats/{camille}/epreuves/{case_study}");
    let refused = claire
        .submit_form(
            &sheet,
            "/api/jury/enregistrer_fiche",
            &[
                ("session_id", "2"),
                ("enrolment_id", &camille),
                ("epreuve_id", &case_study.to_string()),
                ("version", "0"),
                ("action", "brouillon"),
                ("entries[0][item]", "B3.E1"),
                ("entries[0][value]", "100"),
            ],
        )
        .await;
    assert!(
        claire
            .follow(&refused)
            .await
            .contains("Le procès-verbal de la session est signé")
    );
    assert_eq!(
        entities::prelude::Mark::find()
            .all(&certifier.db)
            .await
            .expect("marks"),
        marks_before
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
        "Blocs validés",
        "RNCP36390BC04",
        "Fraude — session",
        "BLANC Sarah : Certification complète — Le jury tient compte du dossier",
        "Signature électronique",
        "attestation de signature",
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

/// As the demo jury: certifies Sarah Blanc with a reason, closes with everyone present
/// and signs with the four voting members.
pub(crate) async fn sign_demo_pv(certifier: &TestApp) {
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let sarah = enrolment_of(certifier, "E26-006").await;
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
    assert_eq!(
        location(&close(&claire, &["1", "2", "3", "4", "5"]).await),
        PAGE
    );
    for email in [
        "jury@demo.jury.fr",
        "karim.benali@demo.jury.fr",
        "sophie.lefevre@demo.jury.fr",
        "thomas.garnier@demo.jury.fr",
    ] {
        let signer = member(certifier, email).await;
        let signed = signer
            .submit_form(
                PAGE,
                "/api/deliberation/signer",
                &[("session_id", "2"), ("password", "demo-jury")],
            )
            .await;
        assert_eq!(location(&signed), PAGE, "{email} signs");
    }
}

const CERTIFIER_PAGE: &str = "/certificateur/sessions/2/deliberation";

async fn publish(certifier: &TestApp, date: &str, confirm: bool) -> reqwest::Response {
    let mut fields = vec![("session_id", "2"), ("date", date)];
    if confirm {
        fields.push(("confirm", "oui"));
    }
    certifier
        .submit_form(CERTIFIER_PAGE, "/api/certificateur/publier", &fields)
        .await
}

#[tokio::test]
async fn results_are_published_on_their_date_with_verifiable_documents() {
    use entities::enums::DocumentKind;
    use entities::prelude::{CapitalisedBloc, Document};
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let camille = certifier.another_browser();
    camille.login_as(Role::Candidate).await;

    // Before the signatures: no publication.
    let refused = publish(&certifier, "2026-11-30", false).await;
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("n'est pas signé par tous les membres votants"),
        "{html}"
    );
    sign_demo_pv(&certifier).await;

    // Signed but not published: the candidate sees no decision and no mark.
    let before = camille.get_html("/candidat").await;
    assert!(
        before.contains("après leur publication officielle"),
        "{before}"
    );
    assert!(!before.contains("Blocs validés") && !before.contains("/ 20"));
    let own = camille
        .get("/api/candidat/mon_espace")
        .await
        .text()
        .await
        .expect("body");
    assert!(own.contains("\"results\":null"), "{own}");

    // Past 6 weeks after the last épreuve (04/11/2026): a warning to confirm.
    let warned = publish(&certifier, "20/12/2026", false).await;
    let html = certifier.follow(&warned).await;
    assert!(html.contains("au plus tard le 16/12/2026"), "{html}");
    let scheduled = publish(&certifier, "20/12/2026", true).await;
    assert_eq!(location(&scheduled), CERTIFIER_PAGE);
    assert!(
        certifier
            .get_html(CERTIFIER_PAGE)
            .await
            .contains("Publication prévue le 20/12/2026.")
    );
    assert_eq!(
        Document::find()
            .filter(entities::document::Column::SessionId.eq(SESSION))
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    assert!(
        !camille
            .get_html("/candidat")
            .await
            .contains("Décision du jury")
    );

    // Today (22/11/2026, the test clock): published at once, candidates emailed.
    let published = publish(&certifier, "22/11/2026", false).await;
    assert_eq!(location(&published), CERTIFIER_PAGE);
    let told: Vec<String> = certifier
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.subject.starts_with("Vos résultats sont publiés"))
        .map(|m| m.to)
        .collect();
    assert_eq!(told.len(), 6, "{told:?}");
    assert!(told.contains(&"candidat@demo.jury.fr".to_owned()));
    // Each is told what they obtained: no documents promised to the postponed candidate.
    let results: Vec<_> = certifier
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.subject.starts_with("Vos résultats sont publiés"))
        .collect();
    let chloe = results
        .iter()
        .find(|m| m.text.starts_with("Bonjour Chloé"))
        .expect("Chloé's email");
    assert!(
        chloe.text.contains("Votre résultat est ajourné"),
        "{}",
        chloe.text
    );
    assert!(chloe.text.contains("aucun document n'est délivré"));
    assert!(!chloe.text.contains("vos documents"));

    // Documents for the right candidates only.
    let documents = Document::find()
        .filter(entities::document::Column::SessionId.eq(SESSION))
        .all(&certifier.db)
        .await
        .expect("documents");
    let of = |number: &str| {
        let number = number.to_owned();
        let documents = documents.clone();
        let db = certifier.db.clone();
        async move {
            let enrolment: i32 = enrolment_of_db(&db, &number).await;
            documents
                .into_iter()
                .filter(|d| d.enrolment_id == Some(enrolment))
                .map(|d| (d.kind, d.bloc_code))
                .collect::<Vec<_>>()
        }
    };
    let manon = of("E26-002").await;
    assert_eq!(manon.len(), 2, "certificate and transcript: {manon:?}");
    assert!(manon.contains(&(DocumentKind::Certificate, None)));
    assert!(
        of("E26-006")
            .await
            .contains(&(DocumentKind::Certificate, None)),
        "the jury's decision counts"
    );
    let camilles = of("E26-001").await;
    assert_eq!(camilles.len(), 5, "{camilles:?}");
    assert!(camilles.contains(&(DocumentKind::AttendanceCertificate, None)));
    assert!(camilles.contains(&(
        DocumentKind::BlocCertificate,
        Some("RNCP36390BC01".to_owned())
    )));
    assert!(
        !camilles
            .iter()
            .any(|(k, _)| *k == DocumentKind::Certificate)
    );
    assert!(
        of("E26-004").await.is_empty(),
        "make-up pending: nothing issued"
    );
    assert!(of("E26-005").await.is_empty(), "fraud: nothing issued");

    // The candidate's page: decision, blocs, explanation, documents.
    let page = camille.get_html("/candidat").await;
    for expected in [
        "Blocs validés : RNCP36390BC01, RNCP36390BC02, RNCP36390BC04",
        "Résultats par bloc",
        "Résultat calculé par la grille (proposition soumise au jury)",
        "Certificat de bloc de compétences RNCP36390BC01 (PDF)",
        "Attestation de suivi de formation (PDF)",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    let hers = enrolment_of_db(&certifier.db, "E26-001").await;
    let bloc = documents
        .iter()
        .find(|d| d.enrolment_id == Some(hers) && d.bloc_code.as_deref() == Some("RNCP36390BC01"))
        .expect("Camille's first block certificate");
    let pdf = camille
        .get(&format!("/candidat/documents/{}", bloc.verification_code))
        .await;
    assert_eq!(pdf.status(), 200);
    let text = pdf_text(&pdf.bytes().await.expect("pdf"));
    for expected in [
        "Certificat de bloc de compétences",
        "RNCP36390BC01",
        "Camille DURAND",
        "né(e) le 12/04/1998",
        &format!("Code de vérification : {}", bloc.verification_code),
        "/verification/",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Another candidate's document is not hers.
    let manons = documents
        .iter()
        .find(|d| d.kind == DocumentKind::Certificate)
        .expect("a certificate");
    assert_eq!(
        camille
            .get(&format!("/candidat/documents/{}", manons.verification_code))
            .await
            .status(),
        404
    );

    // The public verification page, for a real code and a forged one.
    let anyone = tests::client();
    let real = anyone
        .get(certifier.url(&format!("/verification/{}", bloc.verification_code)))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    for expected in [
        "Document authentique.",
        "Camille DURAND",
        "RNCP36390BC01",
        "Certif'Démo",
    ] {
        assert!(real.contains(expected), "{expected} in {real}");
    }
    assert!(!real.contains("12/04/1998"), "the birth date is not shown");
    let forged = anyone
        .get(certifier.url("/verification/ABCD-EFGH-JKMN"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(forged.contains("Aucun document ne correspond à ce code."));

    // Capitalised for 5 years, and exempt in her March 2027 session.
    let capitalised = CapitalisedBloc::find()
        .all(&certifier.db)
        .await
        .expect("rows");
    assert_eq!(
        capitalised.iter().filter(|c| c.candidate_id == 1).count(),
        3
    );
    // (The demo's May holders' blocs were capitalised in May.)
    assert!(
        capitalised
            .iter()
            .filter(|c| c.valid_until > chrono::NaiveDate::from_ymd_opt(2031, 6, 1))
            .all(|c| c.valid_until == chrono::NaiveDate::from_ymd_opt(2031, 11, 22))
    );
    let march = certifier
        .get_html("/certificateur/sessions/1/resultats")
        .await;
    assert!(
        march.contains("acquis lors d'une session antérieure (valable jusqu'au 22/11/2031)"),
        "{march}"
    );
    // The published session itself does not read its own blocs as earlier ones.
    let november = certifier
        .get_html("/certificateur/sessions/2/resultats")
        .await;
    assert!(
        !november.contains("acquis lors d'une session antérieure"),
        "{november}"
    );

    // Bulk generation: rendered in batches with the progress on the page, then kept
    // (publication has started keeping them in the background already).
    let page = certifier.get_html(CERTIFIER_PAGE).await;
    assert!(
        page.contains(&format!(
            "{} document(s) délivré(s) aux candidats, consultables dans leur espace dès la publication. PDF archivés sur le serveur : ",
            documents.len(),
        )),
        "{page}"
    );
    let generated = certifier
        .submit_form(
            CERTIFIER_PAGE,
            "/api/certificateur/generer_documents",
            &[("session_id", "2")],
        )
        .await;
    assert_eq!(generated.status(), 302);
    assert_eq!(
        entities::prelude::DocumentFile::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        documents.len() as u64
    );
    let page = certifier.get_html(CERTIFIER_PAGE).await;
    let all = format!(
        "PDF archivés sur le serveur : {0} sur {0}.",
        documents.len()
    );
    assert!(page.contains(&all), "{page}");

    // The whole session's documents in one archive.
    let zip = certifier
        .get("/certificateur/sessions/2/documents.zip")
        .await
        .bytes()
        .await
        .expect("zip");
    assert!(zip.starts_with(b"PK"));
    assert_eq!(
        zip.windows(4).filter(|w| *w == b"PK\x01\x02").count(),
        documents.len(),
        "one entry per document"
    );
}

async fn enrolment_of_db(db: &sea_orm::DatabaseConnection, number: &str) -> i32 {
    entities::prelude::Enrolment::find()
        .all(db)
        .await
        .expect("enrolments")
        .into_iter()
        .find(|e| e.candidate_number == number)
        .map(|e| e.id)
        .expect("candidate number")
}

/// As the demo certifier: a new session of template E (certification 5) in May 2027;
/// returns its page.
async fn may_session(certifier: &TestApp) -> String {
    let created = certifier
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", "5"),
                ("label", "Session de mai 2027 — Office Manager junior"),
                ("starts_on", "2027-05-10"),
                ("ends_on", "14/05/2027"),
                ("place", "CCI Démo, Lyon"),
                ("capacity", ""),
            ],
        )
        .await;
    let page = location(&created);
    assert!(page.starts_with("/certificateur/sessions/"), "{page}");
    page
}

async fn enrol_again(certifier: &TestApp, page: &str, email: &str) -> reqwest::Response {
    let session = page.rsplit('/').next().expect("id").to_owned();
    certifier
        .submit_form(
            page,
            "/api/certificateur/reinscrire_candidat",
            &[("session_id", &session), ("email", email)],
        )
        .await
}

#[tokio::test]
async fn a_retake_carries_capitalised_blocs_and_the_retake_limit_holds() {
    use entities::enums::{Outcome, SessionStatus};
    use sea_orm::{ActiveModelTrait, Set};
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    sign_demo_pv(&certifier).await;
    let published = publish(&certifier, "22/11/2026", false).await;
    assert_eq!(location(&published), CERTIFIER_PAGE);
    let may = may_session(&certifier).await;

    // Manon holds the certification: no new enrolment.
    let refused = enrol_again(&certifier, &may, "manon.lambert@demo.jury.fr").await;
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("déjà titulaire de la certification"),
        "{html}"
    );

    // Julien retakes: his three validated blocs come as exempt.
    let accepted = enrol_again(&certifier, &may, "julien.mercier@demo.jury.fr").await;
    assert_eq!(location(&accepted), may);
    let results = certifier.get_html(&format!("{may}/resultats")).await;
    assert!(results.contains("MERCIER Julien"), "{results}");
    assert_eq!(
        results
            .matches("acquis lors d'une session antérieure (valable jusqu'au 22/11/2031), dispensé et compté comme validé.</li>")
            .count(),
        3,
        "{results}"
    );
    let twice = enrol_again(&certifier, &may, "julien.mercier@demo.jury.fr").await;
    assert!(
        certifier
            .follow(&twice)
            .await
            .contains("déjà inscrit(e) à cette session")
    );

    // Camille did not validate BC03 in November; an earlier published attempt in 2025
    // makes November her one retake: a third attempt is refused.
    let camille = entities::prelude::Candidate::find()
        .all(&certifier.db)
        .await
        .expect("candidates")
        .into_iter()
        .find(|c| c.email == "candidat@demo.jury.fr")
        .expect("Camille");
    let november = ExamSession::find_by_id(SESSION)
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("session");
    let earlier = entities::exam_session::ActiveModel {
        organisation_id: Set(1),
        version_id: Set(november.version_id),
        label: Set("Session de juin 2025".to_owned()),
        starts_on: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("date")),
        ends_on: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 6).expect("date")),
        place: Set("Lyon".to_owned()),
        capacity: Set(None),
        status: Set(SessionStatus::Published),
        publication_on: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 1)),
        published_at: Set(Some(tests::test_now())),
        created_at: Set(tests::test_now()),
        ..Default::default()
    }
    .insert(&certifier.db)
    .await
    .expect("earlier session");
    let enrolled = entities::enrolment::ActiveModel {
        session_id: Set(earlier.id),
        candidate_id: Set(camille.id),
        candidate_number: Set("E25-014".to_owned()),
        status: Set(entities::enums::EnrolmentStatus::Enrolled),
        created_at: Set(tests::test_now()),
        ..Default::default()
    }
    .insert(&certifier.db)
    .await
    .expect("earlier enrolment");
    let decided = entities::decision::ActiveModel {
        enrolment_id: Set(enrolled.id),
        computed_outcome: Set(Outcome::NotCertified),
        explanation_json: Set("[]".to_owned()),
        final_outcome: Set(Outcome::NotCertified),
        decided_at: Set(tests::test_now()),
        updated_at: Set(tests::test_now()),
        ..Default::default()
    }
    .insert(&certifier.db)
    .await
    .expect("earlier decision");
    entities::bloc_result::ActiveModel {
        decision_id: Set(decided.id),
        bloc_code: Set("RNCP36390BC03".to_owned()),
        validated: Set(false),
        eliminatory: Set(false),
        exempt: Set(false),
        ..Default::default()
    }
    .insert(&certifier.db)
    .await
    .expect("earlier bloc result");
    let before = entities::prelude::Enrolment::find()
        .count(&certifier.db)
        .await
        .expect("count");
    let refused = enrol_again(&certifier, &may, "candidat@demo.jury.fr").await;
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("RNCP36390BC03 a déjà été présenté 2 fois depuis le 10/05/2022"),
        "{html}"
    );
    assert_eq!(
        entities::prelude::Enrolment::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        before
    );
}

/// A session of 130 candidates: the deliberation page shows 50 at a time with the
/// count under each filter, the computed results page 50 at a time too; the page, the
/// filter and the search are query parameters that work without JavaScript; a page
/// beyond the last shows the last.
#[tokio::test]
async fn a_large_deliberation_is_paginated_filtered_and_searched_on_the_server() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let certification = entities::prelude::Certification::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("a demo certification")
        .id
        .to_string();
    let created = app
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", &certification),
                ("label", "Session nombreuse"),
                ("starts_on", "10/05/2027"),
                ("ends_on", "12/05/2027"),
                ("place", "Lyon"),
                ("capacity", "500"),
            ],
        )
        .await;
    assert!(!tests::refused(&created), "{}", app.follow(&created).await);
    let session = ExamSession::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .map(|s| s.id)
        .max()
        .expect("session");
    let page = format!("/certificateur/sessions/{session}");
    let mut csv = String::from(
        "Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Absences injustifiées (%)\n",
    );
    for i in 1..=130 {
        csv.push_str(&format!(
            "Nombreux{i:03};Élève;12/03/2000;eleve{i}@nombreux.test;Formation continue;0\n"
        ));
    }
    let imported = app.upload_csv(&page, &csv).await;
    assert_eq!(location(&imported), format!("{page}?importes=130"));
    // A jury for the session: its president seated.
    let president = entities::prelude::JuryMember::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("a pool member")
        .id
        .to_string();
    let seated = app
        .submit_form(
            &format!("{page}/jury"),
            "/api/certificateur/jury_ajouter",
            &[
                ("session_id", &session.to_string()),
                ("member_id", &president),
                ("role", "president"),
            ],
        )
        .await;
    assert!(!tests::refused(&seated), "{}", app.follow(&seated).await);

    let load = |query: String| {
        let app = app.clone();
        async move {
            app.get_json(&format!(
                "/api/deliberation/charger?session_id={session}&{query}"
            ))
            .await
        }
    };
    let first = load(String::new()).await;
    assert_eq!(first["all"], 130, "{first}");
    assert_eq!(first["candidates"].as_array().expect("rows").len(), 50);
    assert_eq!(first["paging"]["pages"], 3);
    assert_eq!(first["counts"][0], 130);
    let third = load("page=3".into()).await;
    assert_eq!(third["candidates"].as_array().expect("rows").len(), 30);
    assert_eq!(third["candidates"][0]["name"], "NOMBREUX101 Élève");
    assert_eq!(load("page=99".into()).await["paging"]["page"], 3);
    let found = load("recherche=nombreux042".into()).await;
    assert_eq!(found["paging"]["total"], 1);
    assert_eq!(found["candidates"][0]["name"], "NOMBREUX042 Élève");
    // Nobody has sat anything: all absent, none near a threshold.
    let absent = load("filtre=absents".into()).await;
    assert_eq!(absent["paging"]["total"], absent["counts"][3]);
    assert_eq!(load("filtre=limites".into()).await["paging"]["total"], 0);

    // The page itself: 50 cards, the counts, the next page's link keeping the search.
    let html = app
        .get_html(&format!("{page}/deliberation?recherche=nombreux&page=2"))
        .await;
    assert!(
        html.contains("Candidats : 130 trouvé(s) sur 130 — page 2 sur 3"),
        "{html}"
    );
    assert!(
        html.contains("href=\"?recherche=nombreux&amp;page=3\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"?recherche=nombreux\""),
        "previous page: {html}"
    );
    assert!(html.contains("Tous (130)"));
    assert!(!html.contains("NOMBREUX050"), "page 2 starts at 51");
    assert!(html.contains("NOMBREUX051") && html.contains("NOMBREUX100"));
    assert!(!html.contains("NOMBREUX101"));

    // The computed results: the same pages, only the page shown is evaluated.
    let results = |query: &str| {
        let app = app.clone();
        let query = query.to_owned();
        async move {
            app.get_json(&format!(
                "/api/certificateur/resultats_calcules?session_id={session}&{query}"
            ))
            .await
        }
    };
    let third = results("page=3").await;
    assert_eq!(third["all"], 130);
    assert_eq!(third["rows"].as_array().expect("rows").len(), 30);
    let found = results("recherche=Nombreux042").await;
    assert_eq!(found["paging"]["total"], 1);
    assert!(
        found["rows"][0]["candidate"]
            .as_str()
            .expect("label")
            .contains("NOMBREUX042")
    );
    let html = app.get_html(&format!("{page}/resultats?page=2")).await;
    assert!(
        html.contains("130 candidat(s) trouvé(s) sur 130 — page 2 sur 3"),
        "{html}"
    );
    assert!(html.contains("href=\"?page=3\""), "{html}");
    assert!(html.contains("NOMBREUX051") && !html.contains("NOMBREUX101"));
}

/// The deliberation and the computed results keep the session's evaluation between
/// loads; any change to what the engine reads — even one written straight into the
/// database, bypassing the application — shows on the next load.
#[tokio::test]
async fn a_kept_evaluation_follows_every_change_even_one_made_in_the_database() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let card = |html: &str, number: &str| {
        html.split("<article")
            .find(|c| c.contains(number))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let revision = || async {
        ExamSession::find_by_id(SESSION)
            .one(&certifier.db)
            .await
            .expect("q")
            .expect("session")
            .revision
    };
    let results = format!("/certificateur/sessions/{SESSION}/resultats");
    let first = claire.get_html(PAGE).await;
    assert!(
        card(&first, "E26-002").contains("Certification complète"),
        "{first}"
    );
    let computed = certifier.get_html(&results).await;
    assert!(!card(&computed, "E26-002").contains("Fraude"), "{computed}");
    let before = revision().await;

    // A fraud report and a new name, written in the database.
    let manon: i32 = enrolment_of(&certifier, "E26-002")
        .await
        .parse()
        .expect("id");
    entities::fraud_report::ActiveModel {
        enrolment_id: Set(manon),
        slot_id: Set(None),
        facts: Set("Écrit directement dans la base".to_owned()),
        countersigned: Set(true),
        refusal_mention: Set(None),
        recorded_by: Set(None),
        recorded_at: Set(tests::test_now()),
        ..Default::default()
    }
    .insert(&certifier.db)
    .await
    .expect("fraud");
    let enrolment = entities::prelude::Enrolment::find_by_id(manon)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("enrolment");
    let person = entities::prelude::Candidate::find_by_id(enrolment.candidate_id)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("candidate");
    let mut renamed = person.into_active_model();
    renamed.last_name = Set("Lambert-Roux".to_owned());
    renamed.update(&certifier.db).await.expect("rename");
    assert!(revision().await > before, "the database moved the revision");

    let after = claire.get_html(PAGE).await;
    let manon_card = card(&after, "E26-002");
    assert!(manon_card.contains("Fraude — session invalidée"), "{after}");
    assert!(manon_card.contains("LAMBERT-ROUX Manon"), "{after}");
    let computed = certifier.get_html(&results).await;
    assert!(
        card(&computed, "E26-002").contains("Fraude — session invalidée"),
        "{computed}"
    );
}
