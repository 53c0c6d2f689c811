//! Issue 27: every document says what the jury decided, and an issued document is the
//! same bytes wherever and whenever it is downloaded — candidate space, ZIP, archive —
//! dated at its issue; a revoked one is not served as valid; the PV members sign is the
//! file they download.

use std::io::Read;

use app::domain::audit::digest_bytes;
use app::domain::role::Role;
use entities::prelude::Document;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{TestApp, location, pdf_text, spawn_app};

use crate::deliberation::{PAGE, enrolment_of, sign_demo_pv};

const CERTIFIER_PAGE: &str = "/certificateur/sessions/2/deliberation";

/// Every entry of the ZIP archive at `path`, as (name, bytes).
async fn download(app: &TestApp, path: &str) -> Vec<(String, Vec<u8>)> {
    unzip(&app.get(path).await.bytes().await.expect("zip"))
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut out = Vec::new();
            file.read_to_end(&mut out).expect("read");
            (file.name().to_owned(), out)
        })
        .collect()
}

/// The jury withholds two of Camille's blocs (the grid validated three), certifies
/// Sarah (the grid did not), closes, signs and publishes on the test clock's day.
async fn deliberate_both_ways_and_publish(certifier: &TestApp) {
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let camille = enrolment_of(certifier, "E26-001").await;
    let down = claire
        .submit_form(
            PAGE,
            "/api/deliberation/decider",
            &[
                ("session_id", "2"),
                ("enrolment_id", &camille),
                ("decision", "blocs"),
                ("blocs[0]", "RNCP36390BC01"),
                (
                    "reason",
                    "Les preuves des blocs 2 et 4 sont insuffisantes à l'entretien.",
                ),
            ],
        )
        .await;
    assert_eq!(location(&down), PAGE);
    sign_demo_pv(certifier).await;
    let published = certifier
        .submit_form(
            CERTIFIER_PAGE,
            "/api/certificateur/publier",
            &[("session_id", "2"), ("date", "22/11/2026")],
        )
        .await;
    assert_eq!(location(&published), CERTIFIER_PAGE);
}

#[tokio::test]
async fn documents_state_the_decision_that_stands_and_are_the_same_bytes_everywhere() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    deliberate_both_ways_and_publish(&certifier).await;
    let camille = certifier.another_browser();
    camille.login_as(Role::Candidate).await;

    let own = |number: &str| {
        let db = certifier.db.clone();
        let number = number.to_owned();
        async move {
            let enrolment: i32 = enrolment_of_db(&db, &number).await;
            documents_of(&db, enrolment).await
        }
    };

    // Camille, the jury going down: the transcript says so, bloc by bloc.
    let hers = own("E26-001").await;
    let transcript = hers
        .iter()
        .find(|d| d.kind == entities::enums::DocumentKind::Transcript)
        .expect("Camille's transcript");
    let first = camille
        .get(&format!(
            "/candidat/documents/{}",
            transcript.verification_code
        ))
        .await
        .bytes()
        .await
        .expect("pdf");
    let text = pdf_text(&first);
    for expected in [
        "Décision du jury : Blocs validés : RNCP36390BC01",
        "Non validé par décision du jury",
        "qui s'écarte du résultat calculé par la grille (« Blocs validés : RNCP36390BC01, RNCP36390BC02, RNCP36390BC04 »)",
        "Les preuves des blocs 2 et 4 sont insuffisantes",
        "Résultat calculé par la grille d'évaluation",
        "Proposition soumise au jury, qui a décidé autrement",
    ] {
        assert!(text.contains(expected), "« {expected} » in {text}");
    }
    assert_eq!(
        hers.iter()
            .filter(|d| d.kind == entities::enums::DocumentKind::BlocCertificate)
            .count(),
        1,
        "one block certificate: the bloc the jury validated"
    );

    // Each of her documents: the same bytes at every download, dated at the issue.
    let mut served = std::collections::HashMap::new();
    for d in &hers {
        let path = format!("/candidat/documents/{}", d.verification_code);
        let one = camille.get(&path).await.bytes().await.expect("pdf");
        let two = camille.get(&path).await.bytes().await.expect("pdf");
        assert_eq!(one, two, "{} twice", d.title);
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("d.pdf"), &one).expect("write");
        let info = std::process::Command::new("pdfinfo")
            .arg("-isodates")
            .arg(dir.path().join("d.pdf"))
            .output()
            .expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            info.contains("CreationDate: 2026-11-22T09:00:00"),
            "dated at the publication: {info}"
        );
        assert!(info.contains("PDF version: 1.7"), "{info}");
        assert!(!info.contains("PDF subtype"), "no PDF/X claim: {info}");
        served.insert(d.verification_code.clone(), digest_bytes(&one));
    }

    // Sarah, the jury going up: her transcript in the session's ZIP.
    let zip = certifier
        .get("/certificateur/sessions/2/documents.zip")
        .await
        .bytes()
        .await
        .expect("zip");
    let entries = unzip(&zip);
    let (_, sarah) = entries
        .iter()
        .find(|(name, _)| name.starts_with("E26-006/Relev"))
        .expect("Sarah's transcript");
    let text = pdf_text(sarah);
    for expected in [
        "Décision du jury : Certification complète",
        "Validé par décision du jury",
        "(« Non certifié »)",
        "Le jury tient compte du dossier professionnel remarquable.",
        "9,89 / 20",
    ] {
        assert!(text.contains(expected), "« {expected} » in {text}");
    }
    assert!(!text.contains("Non validé"), "{text}");
    assert!(!text.contains("Décision : Non certifié"), "{text}");
    let (_, certificate) = entries
        .iter()
        .find(|(name, _)| name.starts_with("E26-006/Certificat-de-certification"))
        .expect("Sarah's certificate");
    assert!(pdf_text(certificate).contains("Décision motivée du jury"));

    // The ZIP and the archive give the candidate's bytes, and SHA256SUMS says so.
    for (name, bytes) in &entries {
        for (code, sha) in &served {
            if name.contains(code.as_str()) {
                assert_eq!(&digest_bytes(bytes), sha, "{name} in the ZIP");
            }
        }
    }
    let archive = download(&certifier, "/certificateur/sessions/2/archive.zip").await;
    let sums = archive
        .iter()
        .find(|(name, _)| name == "SHA256SUMS")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("SHA256SUMS");
    for (code, sha) in &served {
        assert!(
            sums.lines()
                .any(|l| l.starts_with(sha.as_str()) && l.contains(code.as_str())),
            "{code} {sha} in {sums}"
        );
    }
    // The PV in the archive is the file the members signed.
    let signed = entities::prelude::PvSignature::find()
        .all(&certifier.db)
        .await
        .expect("signatures")
        .into_iter()
        .filter(|s| s.session_id == 2)
        .map(|s| s.content_hash)
        .collect::<Vec<_>>();
    let (_, pv) = archive
        .iter()
        .find(|(name, _)| name == "pv/pv.pdf")
        .expect("the PV");
    assert!(signed.iter().all(|h| *h == digest_bytes(pv)));
    assert!(
        archive
            .iter()
            .any(|(name, _)| name == "pv/pv-signatures.pdf")
    );

    // Sarah's credential says the jury departed from the computation, and still
    // validates against the Open Badges 3.0 schema and Digital Bazaar's verifier.
    let sarah_award = Document::find()
        .filter(
            entities::document::Column::EnrolmentId
                .eq(enrolment_of_db(&certifier.db, "E26-006").await),
        )
        .filter(entities::document::Column::Kind.eq(entities::enums::DocumentKind::Certificate))
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("Sarah's certificate");
    let credential: serde_json::Value = certifier
        .get(&format!(
            "/verification/{}/credential.json",
            sarah_award.verification_code
        ))
        .await
        .json()
        .await
        .expect("credential");
    assert!(
        credential["credentialSubject"]["narrative"]
            .as_str()
            .is_some_and(|n| n.contains("(« Non certifié »)") && n.contains("remarquable")),
        "{credential}"
    );
    assert_eq!(tests::open_badges_schema_errors(&credential), None);
    let did: serde_json::Value = certifier
        .get("/organisations/1/did.json")
        .await
        .json()
        .await
        .expect("did");
    let (verified, _, error) = tests::independent_verification(&credential, &did, None);
    assert!(verified, "{error:?}");

    // The verification page and the results email say what the jury decided.
    let code = &hers[0].verification_code;
    let page = certifier.get_html(&format!("/verification/{code}")).await;
    assert!(page.contains("Décision du jury"), "{page}");
    assert!(page.contains("insuffisantes"), "{page}");
    let email = certifier
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.to == "candidat@demo.jury.fr" && m.subject.starts_with("Vos résultats"))
        .expect("Camille's results");
    assert!(
        email.text.contains("qui s'écarte du résultat calculé"),
        "{}",
        email.text
    );
}

#[tokio::test]
async fn a_revoked_document_is_refused_with_its_reason_and_marked_in_the_archive() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    deliberate_both_ways_and_publish(&certifier).await;
    let camille = certifier.another_browser();
    camille.login_as(Role::Candidate).await;
    let enrolment = enrolment_of_db(&certifier.db, "E26-001").await;
    let bloc = documents_of(&certifier.db, enrolment)
        .await
        .into_iter()
        .find(|d| d.kind == entities::enums::DocumentKind::BlocCertificate)
        .expect("block certificate");
    let path = format!("/candidat/documents/{}", bloc.verification_code);
    assert_eq!(camille.get(&path).await.status(), 200);
    let revoked = certifier
        .submit_form(
            "/certificateur/sessions/2/resultats",
            "/api/certificateur/revoquer_document",
            &[
                ("session_id", "2"),
                ("enrolment_id", &enrolment.to_string()),
                ("code", &bloc.verification_code),
                ("reason", "Erreur matérielle sur le bloc validé."),
            ],
        )
        .await;
    assert!(!tests::refused(&revoked), "{}", location(&revoked));
    let refused = camille.get(&path).await;
    assert_eq!(refused.status(), 409);
    let text = refused.text().await.expect("page");
    assert!(
        text.contains("Ce document a été révoqué le") && text.contains("Erreur matérielle"),
        "{text}"
    );
    assert!(text.contains(&format!("/verification/{}", bloc.verification_code)));
    let zip = download(&certifier, "/certificateur/sessions/2/documents.zip").await;
    assert!(
        zip.iter()
            .any(|(name, _)| name.contains(&bloc.verification_code)
                && name.ends_with("-REVOQUE.pdf")),
        "{:?}",
        zip.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
}

async fn enrolment_of_db(db: &sea_orm::DatabaseConnection, number: &str) -> i32 {
    entities::prelude::Enrolment::find()
        .filter(entities::enrolment::Column::CandidateNumber.eq(number))
        .filter(entities::enrolment::Column::SessionId.eq(2))
        .one(db)
        .await
        .expect("query")
        .expect("enrolment")
        .id
}

async fn documents_of(
    db: &sea_orm::DatabaseConnection,
    enrolment: i32,
) -> Vec<entities::document::Model> {
    Document::find()
        .filter(entities::document::Column::EnrolmentId.eq(enrolment))
        .all(db)
        .await
        .expect("documents")
}

#[tokio::test]
async fn an_auditor_recomputes_the_archive_s_journal_with_the_documented_recipe() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    deliberate_both_ways_and_publish(&certifier).await;
    let archive = download(&certifier, "/certificateur/sessions/2/archive.zip").await;
    let file = |name: &str| {
        archive
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .unwrap_or_else(|| panic!("{name} in the archive"))
    };
    let journal = String::from_utf8(file("journal/journal-session-2.jsonl")).expect("text");
    let recipe = file("journal/verifier_journal.py");
    let documented = include_str!("../../../docs/audit.md");
    assert!(
        documented.contains(std::str::from_utf8(&recipe).expect("text")),
        "the archive ships the recipe of docs/audit.md"
    );
    let readme = String::from_utf8(file("LISEZMOI.txt")).expect("text");
    assert!(readme.contains("gros-boutien"), "{readme}");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("verifier_journal.py"), &recipe).expect("write");
    let run = |journal: &str| {
        std::fs::write(dir.path().join("journal.jsonl"), journal).expect("write");
        std::process::Command::new("python3")
            .arg(dir.path().join("verifier_journal.py"))
            .arg(dir.path().join("journal.jsonl"))
            .output()
            .expect("python3")
    };
    let ok = run(&journal);
    let said = String::from_utf8_lossy(&ok.stdout).into_owned();
    let last = journal
        .lines()
        .last()
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| v["hash"].as_str().map(str::to_owned))
        .expect("last hash");
    assert!(
        ok.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        said.contains(&format!(
            "Journal intègre : {} entrée(s), dernière empreinte {last}",
            journal.lines().count()
        )),
        "{said}"
    );
    // One signature's hash changed in the extract: found.
    let tampered = journal.replacen(
        "\"action\":\"sign_pv\",\"before\":null,\"after\":\"",
        "\"action\":\"sign_pv\",\"before\":null,\"after\":\"0",
        1,
    );
    assert_ne!(tampered, journal);
    let refused = run(&tampered);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("l'empreinte ne correspond pas"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

#[tokio::test]
async fn verify_audit_finds_a_deleted_signature_and_an_altered_pv_file() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, ModelTrait, Set};
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    sign_demo_pv(&certifier).await;
    let check =
        || app::ssr::repo::integrity::check(&certifier.db, tests::TEST_AUDIT_KEY.as_bytes());
    assert_eq!(check().await.expect("check"), Vec::<String>::new());

    let signature = entities::prelude::PvSignature::find()
        .filter(entities::pv_signature::Column::SessionId.eq(2))
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("a signature");
    let member = signature.jury_member_id;
    signature.delete(&certifier.db).await.expect("delete");
    let problems = check().await.expect("check");
    assert!(
        problems.iter().any(|p| p.contains(&format!(
            "la signature du membre {member} sur le procès-verbal de la session 2 est au journal mais plus en base"
        ))),
        "{problems:?}"
    );

    let file = app::ssr::repo::session_files::get(&certifier.db, 2, "pv.pdf")
        .await
        .expect("query")
        .expect("the PV");
    let mut altered = file.into_active_model();
    altered.bytes = Set(b"%PDF-1.7 autre contenu".to_vec());
    altered.update(&certifier.db).await.expect("update");
    let problems = check().await.expect("check");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("le fichier pv.pdf de la session 2 n'est plus celui délivré")),
        "{problems:?}"
    );
}

#[tokio::test]
async fn a_rectification_after_signature_adds_an_addendum_and_reissues_the_documents() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    deliberate_both_ways_and_publish(&certifier).await;
    let camille = certifier.another_browser();
    camille.login_as(Role::Candidate).await;
    let pv_before = certifier
        .get("/certificateur/sessions/2/pv/pv.pdf")
        .await
        .bytes()
        .await
        .expect("pdf");
    let enrolment = enrolment_of_db(&certifier.db, "E26-001").await;
    let before = documents_of(&certifier.db, enrolment).await;
    assert!(!before.is_empty());

    let birth = entities::prelude::Candidate::find()
        .filter(entities::candidate::Column::Email.eq("candidat@demo.jury.fr"))
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("Camille")
        .birth_date
        .format("%d/%m/%Y")
        .to_string();
    let asked = camille
        .submit_form(
            "/candidat/mes-donnees",
            "/api/candidat/demander_rectification",
            &[
                ("last_name", "Durand-Leroy"),
                ("first_name", "Camille"),
                ("birth_date", &birth),
                ("note", "Nom d'usage depuis mon mariage."),
            ],
        )
        .await;
    assert!(!tests::refused(&asked), "{}", location(&asked));
    let request = entities::prelude::IdentityRequest::find()
        .filter(entities::identity_request::Column::Status.eq("pending"))
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("the request")
        .id;
    let accepted = certifier
        .submit_form(
            "/certificateur/donnees-personnelles",
            "/api/certificateur/repondre_demande",
            &[
                ("request_id", &request.to_string()),
                ("decision", "accepter"),
                ("reason", "Vérifié sur le livret de famille."),
            ],
        )
        .await;
    assert!(
        location(&accepted).contains("demande=accepted"),
        "{}",
        location(&accepted)
    );

    // The PV as signed is unchanged; its addendum says what changed and what was
    // reissued, and sits beside it in the archive.
    let pv_after = certifier
        .get("/certificateur/sessions/2/pv/pv.pdf")
        .await
        .bytes()
        .await
        .expect("pdf");
    assert_eq!(pv_before, pv_after, "the signed PV never changes");
    let after = documents_of(&certifier.db, enrolment).await;
    let reissued: Vec<_> = after.iter().filter(|d| d.replaces_id.is_some()).collect();
    assert_eq!(reissued.len(), before.len(), "every document reissued");
    for old in &before {
        let now = after.iter().find(|d| d.id == old.id).expect("kept");
        assert!(now.revoked_at.is_some(), "{} revoked", old.title);
        let new = reissued
            .iter()
            .find(|d| d.replaces_id == Some(old.id))
            .expect("its replacement");
        assert!(
            now.revoked_reason
                .as_deref()
                .is_some_and(|r| r.contains(&new.verification_code) && r.contains("avenant n° 1")),
            "{:?}",
            now.revoked_reason
        );
    }
    let archive = download(&certifier, "/certificateur/sessions/2/archive.zip").await;
    let (_, addendum) = archive
        .iter()
        .find(|(name, _)| name == "pv/pv-avenant-1.pdf")
        .expect("the addendum in the archive");
    let text = pdf_text(addendum);
    for expected in [
        "Avenant n° 1 au procès-verbal de délibération",
        "E26-001",
        "Durand",
        "Durand-Leroy",
        "Vérifié sur le livret de famille.",
        &digest_bytes(&pv_before),
    ] {
        assert!(text.contains(expected), "« {expected} » in {text}");
    }
    for d in &reissued {
        assert!(
            text.contains(&d.verification_code),
            "{} in {text}",
            d.verification_code
        );
    }
    // The new transcript carries the rectified name; the candidate's page lists it.
    let transcript = reissued
        .iter()
        .find(|d| d.kind == entities::enums::DocumentKind::Transcript)
        .expect("new transcript");
    let text = pdf_text(
        &camille
            .get(&format!(
                "/candidat/documents/{}",
                transcript.verification_code
            ))
            .await
            .bytes()
            .await
            .expect("pdf"),
    );
    assert!(text.contains("Camille DURAND-LEROY"), "{text}");
    assert!(
        verify_problems(&certifier).await.is_empty(),
        "{:?}",
        verify_problems(&certifier).await
    );
}

async fn verify_problems(app: &TestApp) -> Vec<String> {
    app::ssr::repo::integrity::check(&app.db, tests::TEST_AUDIT_KEY.as_bytes())
        .await
        .expect("check")
}

#[tokio::test]
async fn exports_carry_what_the_pages_show_and_closed_filters_still_filter() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    deliberate_both_ways_and_publish(&certifier).await;

    // The PV as CSV: each unit's result, the score, the decision, the jury's reason.
    let csv = certifier
        .get("/certificateur/sessions/2/pv/pv.csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        csv.starts_with("\u{feff}Numéro;Nom;Décision;Blocs validés;Résultats par unité;Score;"),
        "{csv}"
    );
    let sarah = csv
        .lines()
        .find(|l| l.starts_with("E26-006;"))
        .expect("Sarah");
    assert!(sarah.contains(";Certification complète;"), "{sarah}");
    assert!(sarah.contains(" pts;oui;Le jury tient compte"), "{sarah}");
    assert!(
        sarah.contains("BC01 9,9 · ") && sarah.contains("BC04 9,89"),
        "{sarah}"
    );
    let camille = csv
        .lines()
        .find(|l| l.starts_with("E26-001;"))
        .expect("Camille");
    assert!(
        camille.contains(";Validation partielle (blocs validés);RNCP36390BC01;"),
        "{camille}"
    );
    assert!(
        !csv.contains("Blocs validés : ;"),
        "no dangling label: {csv}"
    );

    // The PV as XLSX: the same columns, and the workbook says what it is and who made it.
    let xlsx = download(&certifier, "/certificateur/sessions/2/pv/pv.xlsx").await;
    let part = |name: &str| {
        xlsx.iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| panic!("{name}"))
    };
    let core = part("docProps/core.xml");
    assert!(
        core.contains("<dc:title>Procès-verbal — Session de novembre 2026"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>Certif&apos;Démo") || core.contains("<dc:creator>Certif'Démo"),
        "{core}"
    );
    let strings = part("xl/sharedStrings.xml");
    assert!(
        strings.contains("Résultats par unité") && strings.contains("Score"),
        "{strings}"
    );

    // The certification's statistics: every table of the page, the rate included.
    let certification = {
        let session = entities::prelude::ExamSession::find_by_id(2)
            .one(&certifier.db)
            .await
            .expect("query")
            .expect("session");
        entities::prelude::CertificationVersion::find_by_id(session.version_id)
            .one(&certifier.db)
            .await
            .expect("query")
            .expect("version")
            .certification_id
    };
    let stats = certifier
        .get(&format!(
            "/certificateur/certifications/{certification}/statistiques.csv"
        ))
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        stats.contains("Total certifiés;Présents;Taux (%)"),
        "{stats}"
    );
    assert!(stats.contains("Par session"), "{stats}");
    assert!(stats.contains("Session de novembre 2026"), "{stats}");

    // Closed, the deliberation's filters still select: the fraud filter lists the fraud.
    let fraud = certifier
        .get_html("/certificateur/sessions/2/deliberation?filtre=fraude")
        .await;
    assert!(fraud.contains("E26-005"), "{fraud}");
    for other in ["E26-001", "E26-002", "E26-006"] {
        assert!(!fraud.contains(other), "{other} is no fraud: {fraud}");
    }
}
