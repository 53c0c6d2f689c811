//! The holders' declaration to the Caisse des Dépôts for the demo November session, once
//! published: settings and identities refused until complete (nothing produced, every
//! candidate listed), the flux valid against the CDC's schema, receipts applied (accepted,
//! rejected, "existe déjà", whole file refused, a receipt of another flux refused), and
//! the next flux carrying only what is not accepted, under the same `idTechnique`.

use app::domain::role::Role;
use entities::enums::{DeclarationStatus, Outcome};
use entities::prelude::{AccrochageFlux, AccrochagePassage, Certification, Decision, Enrolment};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, cdc_schema_errors, csrf_from_page, location, spawn_app};

use crate::deliberation::sign_demo_pv;

async fn office_manager(app: &TestApp) -> i32 {
    Certification::find()
        .filter(entities::certification::Column::Code.eq("RNCP36390"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("RNCP36390")
        .id
}

async fn published(app: &TestApp) {
    sign_demo_pv(app).await;
    let page = "/certificateur/sessions/2/deliberation";
    let response = app
        .submit_form(
            page,
            "/api/certificateur/publier",
            &[("session_id", "2"), ("date", "22/11/2026")],
        )
        .await;
    assert_eq!(location(&response), page);
}

fn page(cert: i32) -> String {
    format!("/certificateur/certifications/{cert}/declarations")
}

async fn produce(app: &TestApp, cert: i32) -> reqwest::Response {
    app.submit_form(
        &page(cert),
        "/api/certificateur/produire_flux",
        &[("certification_id", &cert.to_string()), ("session_id", "2")],
    )
    .await
}

async fn identity(app: &TestApp, enrolment: i32, fields: &[(&str, &str)]) -> reqwest::Response {
    let form = format!("/certificateur/sessions/2/candidats/{enrolment}");
    let enrolment = enrolment.to_string();
    let mut all = vec![("session_id", "2"), ("enrolment_id", enrolment.as_str())];
    all.extend_from_slice(fields);
    app.submit_form(&form, "/api/certificateur/identite_candidat", &all)
        .await
}

async fn upload_receipt(app: &TestApp, cert: i32, flux: i32, body: &str) -> reqwest::Response {
    let token = csrf_from_page(&app.get_html(&page(cert)).await).expect("token");
    let file = reqwest::multipart::Part::bytes(body.as_bytes().to_vec())
        .file_name("accuse.xml")
        .mime_str("application/xml")
        .expect("mime");
    app.client
        .post(app.url(&format!("{}?flux={flux}&csrf_token={token}", page(cert))))
        .multipart(reqwest::multipart::Form::new().part("fichier", file))
        .send()
        .await
        .expect("POST")
}

/// The holders of the November session once published: (enrolment id, full
/// certification).
async fn holders(app: &TestApp) -> Vec<(i32, bool)> {
    let november = crate::deliberation::november(app).await;
    let decisions = Decision::find().all(&app.db).await.expect("decisions");
    decisions
        .iter()
        .filter(|d| november.contains(&d.enrolment_id))
        .filter(|d| {
            matches!(
                d.final_outcome,
                Outcome::FullCertification | Outcome::BlocsOnly | Outcome::NotCertified
            )
        })
        .map(|d| {
            (
                d.enrolment_id,
                d.final_outcome == Outcome::FullCertification,
            )
        })
        .collect()
}

async fn passages_of(app: &TestApp, flux: i32) -> Vec<entities::accrochage_passage::Model> {
    AccrochagePassage::find()
        .filter(entities::accrochage_passage::Column::FluxId.eq(flux))
        .all(&app.db)
        .await
        .expect("passages")
}

async fn latest_flux(app: &TestApp) -> entities::accrochage_flux::Model {
    AccrochageFlux::find()
        .all(&app.db)
        .await
        .expect("fluxes")
        .into_iter()
        .max_by_key(|f| f.number)
        .expect("a flux")
}

/// Fills every holder's identity, one born in Corsica, one abroad, the others with a
/// postal code.
async fn complete_identities(app: &TestApp, holders: &[(i32, bool)]) {
    for (i, (enrolment, _)) in holders.iter().enumerate() {
        let fields: Vec<(&str, &str)> = match i {
            0 => vec![
                ("sex", "F"),
                ("birth_insee_code", "2a004"),
                ("birth_commune", "Ajaccio"),
            ],
            1 => vec![
                ("sex", "F"),
                ("birth_name", "D'Almeida-Łukasz"),
                ("other_first_names", "Marie, Élise"),
                ("birth_country_code", "99350"),
                ("birth_country", "Maroc"),
                ("birth_commune", "Casablanca"),
            ],
            _ => vec![
                ("sex", "M"),
                ("birth_postal_code", "69002"),
                ("birth_commune", "Lyon 2e Arrondissement"),
            ],
        };
        let saved = identity(app, *enrolment, &fields).await;
        assert!(
            location(&saved).ends_with(&format!("/candidats/{enrolment}?identite=1")),
            "{}",
            app.follow(&saved).await
        );
    }
}

#[tokio::test]
async fn a_published_session_is_declared_and_each_receipt_applied() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let cert = office_manager(&app).await;
    let flux_count = || async { AccrochageFlux::find().count(&app.db).await.expect("count") };
    // The demo's May session was declared in flux 1.
    let demo_fluxes = flux_count().await;
    assert_eq!(demo_fluxes, 1);

    // Before publication: nobody of November to declare.
    let before = app.get_html(&page(cert)).await;
    assert!(before.contains("Session de mai 2026"), "{before}");
    assert!(
        !before.contains("Session de novembre 2026 — Office Manager junior</td>"),
        "{before}"
    );
    published(&app).await;
    let holders = holders(&app).await;
    assert!(holders.iter().any(|(_, full)| *full), "{holders:?}");

    // No identifiers (an organisation that has not set them): refused, every missing
    // setting told, nothing recorded.
    let mut org: entities::organisation::ActiveModel =
        entities::prelude::Organisation::find_by_id(1)
            .one(&app.db)
            .await
            .expect("q")
            .expect("org")
            .into();
    org.cdc_emitter_id = sea_orm::Set(None);
    org.cdc_certifier_id = sea_orm::Set(None);
    org.cdc_contract_id = sea_orm::Set(None);
    sea_orm::ActiveModelTrait::update(org, &app.db)
        .await
        .expect("cleared");
    let refused = app.follow(&produce(&app, cert).await).await;
    assert!(
        refused.contains("Identifiant client de l&#x27;émetteur manquant")
            || refused.contains("Identifiant client de l'émetteur manquant"),
        "{refused}"
    );
    assert_eq!(flux_count().await, demo_fluxes);
    let bad = app
        .submit_form(
            "/certificateur/parametres",
            "/api/certificateur/identifiants_cdc",
            &[
                ("cdc_emitter_id", "AB12"),
                ("cdc_certifier_id", "E564ACB0"),
                ("cdc_contract_id", ""),
            ],
        )
        .await;
    let html = app.follow(&bad).await;
    assert!(html.contains("« AB12 » invalide"), "{html}");
    assert!(html.contains("Numéro de contrat manquant"));
    let good = app
        .submit_form(
            "/certificateur/parametres",
            "/api/certificateur/identifiants_cdc",
            &[
                ("cdc_emitter_id", "ab123cde"),
                ("cdc_certifier_id", "E564ACB0"),
                ("cdc_contract_id", "2560080000127J"),
            ],
        )
        .await;
    assert_eq!(location(&good), "/certificateur/parametres?enregistre=1");
    // Blocs of the candidates without the full certification are declared too.
    let registered = app
        .submit_form(
            &page(cert),
            "/api/certificateur/enregistrement_cdc",
            &[
                ("certification_id", &cert.to_string()),
                ("cdc_type", "RNCP"),
                ("cdc_code", "RNCP36390"),
                ("declare_blocs", "oui"),
                ("validity_years", ""),
            ],
        )
        .await;
    assert_eq!(location(&registered), page(cert));

    // Identities incomplete: no flux, every holder listed with what they lack.
    let lacking = app.follow(&produce(&app, cert).await).await;
    assert!(lacking.contains("Aucun flux produit"), "{lacking}");
    assert!(
        lacking.contains("DURAND Camille") || lacking.contains("LAMBERT Manon"),
        "{lacking}"
    );
    assert!(lacking.contains("sexe"), "{lacking}");
    assert_eq!(flux_count().await, demo_fluxes);

    // A bad identity is refused with every problem, nothing saved.
    let (first, _) = holders[0];
    let bad = identity(&app, first, &[("sex", "X"), ("birth_insee_code", "20004")]).await;
    let html = app.follow(&bad).await;
    assert!(html.contains("sexe « X » inconnu"), "{html}");
    assert!(html.contains("2A (Corse-du-Sud) ou 2B"), "{html}");
    let unchanged = Enrolment::find_by_id(first)
        .find_also_related(entities::prelude::Candidate)
        .one(&app.db)
        .await
        .expect("q")
        .and_then(|(_, c)| c)
        .expect("candidate");
    assert_eq!(unchanged.sex, None);

    complete_identities(&app, &holders).await;
    let made = produce(&app, cert).await;
    let flux = latest_flux(&app).await;
    assert_eq!(
        location(&made),
        format!("{}?produit={}", page(cert), flux.id)
    );
    let xml = app
        .get(&format!("/certificateur/flux/{}", flux.id))
        .await
        .text()
        .await
        .expect("xml");
    assert_eq!(cdc_schema_errors(&xml), None, "{xml}");
    assert!(
        xml.contains("<cpf:codeInsee>2A004</cpf:codeInsee>"),
        "{xml}"
    );
    assert!(xml.contains("<cpf:codeInsee>99350</cpf:codeInsee>"));
    assert!(xml.contains("<cpf:codePaysNaissance>350</cpf:codePaysNaissance>"));
    assert!(xml.contains("<cpf:nomNaissance>D&apos;Almeida-Łukasz</cpf:nomNaissance>"));
    assert!(xml.contains("<cpf:prenom2>Marie</cpf:prenom2>"));
    assert!(xml.contains("<cpf:codePostal>69002</cpf:codePostal>"));
    assert!(xml.contains("<cpf:idClient>AB123CDE</cpf:idClient>"));
    assert!(xml.contains("<cpf:dateDebutValidite>2026-11-22</cpf:dateDebutValidite>"));
    assert!(xml.contains(r#"<cpf:dateFinValidite xsi:nil="true"/>"#));
    assert!(
        xml.contains("<cpf:code>RNCP36390BC0"),
        "blocs declared: {xml}"
    );
    let sent = passages_of(&app, flux.id).await;
    let full = holders.iter().filter(|(_, full)| *full).count();
    assert!(sent.iter().filter(|p| p.bloc_code.is_empty()).count() == full);
    for p in &sent {
        assert!(xml.contains(&format!(
            "<cpf:idTechnique>{}</cpf:idTechnique>",
            p.id_technique
        )));
    }
    // The same bytes when downloaded again.
    let again = app
        .get(&format!("/certificateur/flux/{}", flux.id))
        .await
        .text()
        .await
        .expect("xml");
    assert_eq!(again, xml);

    // Everything is waiting for its receipt: nothing to send.
    let nothing = app.follow(&produce(&app, cert).await).await;
    assert!(nothing.contains("Aucun titulaire à déclarer"), "{nothing}");
    // The reason comes first, not a form error: no field is wrong.
    assert!(
        !nothing.contains("Le formulaire comporte des erreurs"),
        "{nothing}"
    );
    assert_eq!(flux_count().await, demo_fluxes + 1);

    // Receipts that are not this flux's change nothing.
    let not_xml = upload_receipt(&app, cert, flux.id, "pas du XML").await;
    assert!(
        app.follow(&not_xml)
            .await
            .contains("pas un accusé de traitement")
    );
    let other = upload_receipt(
        &app,
        cert,
        flux.id,
        "<rapport><nomFichier>x.xml</nomFichier><idFlux>un-autre-flux</idFlux><idTraitement>1</idTraitement><PassagesOK><idTechnique>x</idTechnique></PassagesOK></rapport>",
    )
    .await;
    let html = app.follow(&other).await;
    assert!(html.contains("cite le flux « un-autre-flux »"), "{html}");
    assert!(
        passages_of(&app, flux.id)
            .await
            .iter()
            .all(|p| p.status == DeclarationStatus::Sent)
    );

    // The CDC's answer: one rejected, one already known, the rest accepted.
    let rejected = &sent[0];
    let known = &sent[1];
    let ok: String = sent[2..]
        .iter()
        .map(|p| format!("<idTechnique>{}</idTechnique>", p.id_technique))
        .collect();
    let receipt = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema"><nomFichier>flux.xml</nomFichier><idFlux>{}</idFlux><idTraitement>67598</idTraitement>
<PassagesKO>
<passage><idTechnique>{}</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>
<passage><idTechnique>{}</idTechnique><messageErreur>Le passage {} existe déjà en base</messageErreur></passage>
</PassagesKO>
<PassagesOK>{ok}</PassagesOK></rapport>"#,
        flux.id_flux, rejected.id_technique, known.id_technique, known.id_technique
    );
    let applied = upload_receipt(&app, cert, flux.id, &receipt).await;
    let html = app.follow(&applied).await;
    assert!(
        html.contains(&format!(
            "{} passage(s) accepté(s), 1 rejeté(s)",
            sent.len() - 1
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "Rejeté (flux {}) : Aucun titulaire ne correspond aux critères obligatoires",
            flux.number
        )),
        "{html}"
    );
    let after = passages_of(&app, flux.id).await;
    let status = |id: i32| after.iter().find(|p| p.id == id).map(|p| p.status);
    assert_eq!(status(rejected.id), Some(DeclarationStatus::Rejected));
    assert_eq!(status(known.id), Some(DeclarationStatus::Accepted));
    // A receipt is imported once.
    let twice = upload_receipt(&app, cert, flux.id, &receipt).await;
    assert!(app.follow(&twice).await.contains("déjà été importé"));

    // The rejection stays until the holder's identity is corrected.
    let nothing = app.follow(&produce(&app, cert).await).await;
    assert!(nothing.contains("Aucun titulaire à déclarer"), "{nothing}");
    let corrected = identity(
        &app,
        rejected.enrolment_id,
        &[
            ("sex", "M"),
            ("birth_insee_code", "69123"),
            ("birth_commune", "Lyon"),
        ],
    )
    .await;
    assert!(location(&corrected).contains("identite=1"));
    produce(&app, cert).await;
    let second = latest_flux(&app).await;
    assert_eq!(second.number, flux.number + 1);
    let resent = passages_of(&app, second.id).await;
    assert_eq!(resent.len(), 1, "only the corrected holder");
    assert_eq!(
        resent[0].id_technique, rejected.id_technique,
        "the same idTechnique"
    );
    assert_eq!(cdc_schema_errors(&second.xml), None);

    // The whole file refused: its passages go again in the next flux.
    let refusal = "<rapport><nomFichier/><idTraitement/><erreurs><erreur><type>XSD</type><message>cvc-complex-type.2.4.b</message><ligne>1</ligne><colonne>18</colonne></erreur></erreurs></rapport>";
    let html = app
        .follow(&upload_receipt(&app, cert, second.id, refusal).await)
        .await;
    assert!(html.contains("refusé le fichier en entier"), "{html}");
    assert!(
        html.contains(&format!("Flux {} refusé en entier", second.number)),
        "{html}"
    );
    produce(&app, cert).await;
    let third = latest_flux(&app).await;
    assert_eq!(third.number, second.number + 1);
    let resent = passages_of(&app, third.id).await;
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0].id_technique, rejected.id_technique);

    // A juror of the organisation cannot download a flux, nor the session's documents.
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(
        juror
            .get(&format!("/certificateur/flux/{}", flux.id))
            .await
            .status(),
        403
    );
    assert_eq!(
        juror
            .get("/certificateur/sessions/2/documents.zip")
            .await
            .status(),
        403
    );
    let candidate = app.another_browser();
    candidate.login_as(Role::Candidate).await;
    assert_eq!(
        candidate
            .get(&format!("/certificateur/flux/{}", flux.id))
            .await
            .status(),
        403
    );
    assert!(Enrolment::find().count(&app.db).await.expect("count") > 0);
}

#[tokio::test]
async fn the_command_line_writes_the_same_flux_and_lists_what_is_missing() {
    use server::cli::accrochage::{ExportArgs, run};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let cert = office_manager(&app).await;
    published(&app).await;
    app.submit_form(
        "/certificateur/parametres",
        "/api/certificateur/identifiants_cdc",
        &[
            ("cdc_emitter_id", "AB123CDE"),
            ("cdc_certifier_id", "E564ACB0"),
            ("cdc_contract_id", "2560080000127J"),
        ],
    )
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("flux.xml");
    let args = ExportArgs {
        session: Some(2),
        out: Some(out.clone()),
        ..ExportArgs::default()
    };
    let missing = run(&app.config, &args)
        .await
        .expect_err("identities missing");
    assert!(
        missing
            .to_string()
            .contains("n'ont pas l'identité complète"),
        "{missing}"
    );
    assert!(!out.exists());

    let holders = holders(&app).await;
    complete_identities(&app, &holders).await;
    let by_period = ExportArgs {
        certification: Some("RNCP36390".to_owned()),
        from: Some("01/11/2026".to_owned()),
        to: Some("30/11/2026".to_owned()),
        out: Some(out.clone()),
        ..ExportArgs::default()
    };
    run(&app.config, &by_period).await.expect("exported");
    let xml = std::fs::read_to_string(&out).expect("written");
    assert_eq!(cdc_schema_errors(&xml), None, "{xml}");
    let flux = latest_flux(&app).await;
    assert_eq!(flux.xml, xml, "recorded as written");
    let html = app.get_html(&page(cert)).await;
    assert!(
        html.contains(&format!("Envoyé dans le flux {}", flux.number)),
        "{html}"
    );
    // A period without decisions: nothing published in it.
    let empty = ExportArgs {
        certification: Some("RNCP36390".to_owned()),
        from: Some("01/01/2026".to_owned()),
        to: Some("31/01/2026".to_owned()),
        ..ExportArgs::default()
    };
    assert!(run(&app.config, &empty).await.is_err());
}

#[tokio::test]
async fn the_session_archive_holds_every_record_with_matching_hashes() {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // Not before the PV is closed and signed.
    assert_eq!(
        app.get("/certificateur/sessions/2/archive.zip")
            .await
            .status(),
        409
    );
    published(&app).await;
    let cert = office_manager(&app).await;
    app.submit_form(
        "/certificateur/parametres",
        "/api/certificateur/identifiants_cdc",
        &[
            ("cdc_emitter_id", "AB123CDE"),
            ("cdc_certifier_id", "E564ACB0"),
            ("cdc_contract_id", "2560080000127J"),
        ],
    )
    .await;
    complete_identities(&app, &holders(&app).await).await;
    produce(&app, cert).await;
    let response = app.get("/certificateur/sessions/2/archive.zip").await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read");
        files.insert(file.name().to_owned(), content);
    }
    let names: Vec<&String> = files.keys().collect();
    let flux = latest_flux(&app).await;
    let flux_name = format!("caisse-des-depots/flux-{}.xml", flux.number);
    for expected in [
        "pv/pv.pdf",
        "pv/pv.csv",
        "LISEZMOI.txt",
        "SHA256SUMS",
        "journal/journal-session-2.jsonl",
        flux_name.as_str(),
    ] {
        assert!(files.contains_key(expected), "{expected} in {names:?}");
    }
    assert!(
        names.iter().any(|n| n.starts_with("emargement/")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("documents/E26-002/")),
        "{names:?}"
    );
    assert!(
        tests::pdf_text(&files["pv/pv.pdf"]).contains("PROCÈS-VERBAL")
            || tests::pdf_text(&files["pv/pv.pdf"])
                .to_lowercase()
                .contains("procès-verbal")
    );
    // Every file is in the manifest with its SHA-256, and only those.
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).expect("utf-8");
    let mut listed = 0;
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("sha256sum format");
        assert_eq!(
            hash,
            format!("{:x}", Sha256::digest(&files[name])),
            "{name}"
        );
        listed += 1;
    }
    assert_eq!(
        listed,
        files.len() - 1,
        "every file but the manifest itself"
    );
    // The flux in the archive is still valid, and the audit extract verifies offline.
    assert!(
        !files.contains_key("caisse-des-depots/flux-1.xml"),
        "May's flux is not November's"
    );
    let flux = String::from_utf8(files[&flux_name].clone()).expect("utf-8");
    assert_eq!(cdc_schema_errors(&flux), None);
    let dir = tempfile::tempdir().expect("dir");
    let extract = dir.path().join("journal.jsonl");
    std::fs::write(&extract, &files["journal/journal-session-2.jsonl"]).expect("write");
    let count = server::cli::verify_extract(&extract).expect("the extract verifies");
    assert!(count > 10, "{count} entries");
    // One altered letter breaks it.
    let altered = String::from_utf8(files["journal/journal-session-2.jsonl"].clone())
        .expect("utf-8")
        .replacen("\"seed\"", "\"Seed\"", 1);
    std::fs::write(&extract, altered).expect("write");
    let broken = server::cli::verify_extract(&extract).expect_err("altered");
    assert!(broken.to_string().contains("altéré"), "{broken}");
    // A juror cannot download it.
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(
        juror
            .get("/certificateur/sessions/2/archive.zip")
            .await
            .status(),
        403
    );
}
