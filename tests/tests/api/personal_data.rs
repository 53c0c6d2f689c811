//! The right of access: the demo candidate downloads everything held about her (JSON
//! and a readable PDF) and nothing about anyone else; the certifier produces the same
//! for a postal request, audited; nobody else gets it.

use app::domain::role::Role;
use entities::prelude::AuditEntry;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{pdf_text, spawn_app};

#[tokio::test]
async fn a_candidate_downloads_her_own_data_and_no_one_elses() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let response = app.get("/candidat/mes-donnees.json").await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("attachment")),
        "downloaded"
    );
    let data: serde_json::Value = response.json().await.expect("json");
    assert_eq!(data["identite"]["nom"], "Durand");
    assert_eq!(data["identite"]["courriel"], "candidat@demo.jury.fr");
    assert_eq!(data["comptes"][0]["courriel"], "candidat@demo.jury.fr");
    let enrolments = data["inscriptions"].as_array().expect("enrolments");
    assert!(enrolments.len() >= 2, "{data}");
    // Her pending tiers-temps request (March session) is there, with its status.
    assert!(
        enrolments.iter().any(
            |e| e["amenagements"]
                .as_array()
                .is_some_and(|a| a.iter().any(|a| a["nature"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("Tiers-temps"))))
        ),
        "{data}"
    );
    // Results only once published: the November session is not published yet.
    assert!(
        enrolments.iter().all(|e| e["resultats"].is_null()),
        "{data}"
    );
    let text = serde_json::to_string(&data).expect("json");
    for other in ["Lambert", "Mercier", "Manon", "Julien", "E26-002"] {
        assert!(!text.contains(other), "{other} is someone else's data");
    }

    let pdf = app.get("/candidat/mes-donnees.pdf").await;
    assert_eq!(pdf.status(), 200);
    let text = pdf_text(&pdf.bytes().await.expect("pdf"));
    for expected in [
        "Mes données personnelles",
        "droit d'accès",
        "Date de naissance : 12/04/1998",
        "Aménagements demandés",
        "Courriels envoyés",
    ] {
        assert!(text.contains(expected), "« {expected} » in {text}");
    }
}

#[tokio::test]
async fn the_certifier_exports_a_candidates_data_audited_and_others_cannot() {
    let app = spawn_app().await;
    let camille = entities::prelude::Enrolment::find()
        .filter(entities::enrolment::Column::SessionId.eq(2))
        .filter(entities::enrolment::Column::CandidateNumber.eq("E26-001"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("Camille's November enrolment");
    let page = &format!("/certificateur/sessions/2/candidats/{}", camille.id);
    let anonymous = tests::client()
        .get(app.url("/candidat/mes-donnees.json"))
        .send()
        .await
        .expect("GET");
    assert_ne!(anonymous.status(), 200, "not without signing in");

    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    assert_eq!(juror.get("/candidat/mes-donnees.json").await.status(), 403);
    assert_eq!(
        juror.get(&format!("{page}/donnees.json")).await.status(),
        403
    );

    app.login_as(Role::CertifierAdmin).await;
    let html = app.get_html(page).await;
    assert!(html.contains("Exporter (JSON)"), "{html}");
    let data: serde_json::Value = app
        .get(&format!("{page}/donnees.json"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(data["identite"]["prenom"], "Camille");
    let logged = AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("personal_data"))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(logged.len(), 1, "the export is in the audit log");
    // An enrolment of another session through this session's address: not found.
    assert_eq!(
        app.get(&format!(
            "/certificateur/sessions/1/candidats/{}/donnees.json",
            camille.id
        ))
        .await
        .status(),
        404
    );

    // A certifier of another organisation gets nothing.
    let other = app.other_organisation_certifier().await;
    assert_eq!(
        other.get(&format!("{page}/donnees.json")).await.status(),
        404
    );
    assert_eq!(
        other.get(&format!("{page}/donnees.pdf")).await.status(),
        404
    );
}

#[tokio::test]
async fn a_juror_never_reads_a_candidates_accommodation_request() {
    let app = spawn_app().await;
    // The demo candidate's pending request in the March session, as she wrote it:
    // the referent reads it on the requests page.
    let written = "Notification MDPH du 02/09/2026";
    app.login_as(Role::CertifierAdmin).await;
    assert!(
        app.get_html("/certificateur/sessions/1/amenagements")
            .await
            .contains(written)
    );
    let camille = entities::prelude::Enrolment::find()
        .filter(entities::enrolment::Column::SessionId.eq(1))
        .filter(entities::enrolment::Column::CandidateNumber.eq("E27-001"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("Camille's March enrolment");
    let juror = app.another_browser();
    juror.login_as(Role::JuryMember).await;
    for page in [
        "/jury".to_owned(),
        "/jury/sessions/1".to_owned(),
        format!("/jury/sessions/1/candidats/{}", camille.id),
    ] {
        let response = juror.get(&page).await;
        let status = response.status();
        let html = response.text().await.expect("page");
        assert!(
            !html.contains(written),
            "{page} ({status}) shows the request: {html}"
        );
    }
}

#[tokio::test]
async fn the_export_holds_marks_comments_capitalised_blocs_declarations_and_credentials() {
    use entities::prelude::{AccrochagePassage, Document, Enrolment};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // A holder of the May session: published, capitalised and declared to the CDC.
    let declared = AccrochagePassage::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("a declaration in the demo");
    let enrolment = Enrolment::find_by_id(declared.enrolment_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("enrolment");
    // Her certificate's credential, signed on its first request.
    let certificate = Document::find()
        .filter(entities::document::Column::EnrolmentId.eq(enrolment.id))
        .filter(entities::document::Column::Kind.is_in([
            entities::enums::DocumentKind::Certificate,
            entities::enums::DocumentKind::BlocCertificate,
        ]))
        .one(&app.db)
        .await
        .expect("query")
        .expect("an award");
    let credential = app
        .get(&format!(
            "/verification/{}/credential.json",
            certificate.verification_code
        ))
        .await;
    assert_eq!(credential.status(), 200);
    let base = format!(
        "/certificateur/sessions/{}/candidats/{}/donnees",
        enrolment.session_id, enrolment.id
    );
    let data: serde_json::Value = app
        .get(&format!("{base}.json"))
        .await
        .json()
        .await
        .expect("json");
    let results = data["inscriptions"]
        .as_array()
        .expect("enrolments")
        .iter()
        .find(|e| e["numero_de_candidat"] == enrolment.candidate_number.as_str())
        .map(|e| e["resultats"].clone())
        .expect("her May enrolment");
    let notes = results["notes"].as_array().expect("marks");
    assert!(!notes.is_empty(), "{results}");
    assert!(
        notes
            .iter()
            .all(|n| n["epreuve"].as_str().is_some_and(|e| !e.is_empty())
                && n["correction"].as_str().is_some()),
        "{notes:?}"
    );
    assert!(
        !data["blocs_capitalises"]
            .as_array()
            .expect("capitalised")
            .is_empty(),
        "{data}"
    );
    let declarations = data["declarations_caisse_des_depots"]
        .as_array()
        .expect("declarations");
    assert!(!declarations.is_empty(), "{data}");
    assert!(
        declarations[0]["flux"]
            .as_str()
            .is_some_and(|f| !f.is_empty())
    );
    let documents = data["inscriptions"]
        .as_array()
        .expect("enrolments")
        .iter()
        .flat_map(|e| e["documents"].as_array().cloned().unwrap_or_default())
        .collect::<Vec<_>>();
    let signed = documents
        .iter()
        .find(|d| d["code_de_verification"] == certificate.verification_code.as_str())
        .expect("the award");
    assert!(
        signed["attestation_numerique"]
            .as_str()
            .is_some_and(|c| c.contains("OpenBadgeCredential")),
        "{signed}"
    );
    // The PDF under the organisation's letterhead, with the same sections.
    let text = pdf_text(
        &app.get(&format!("{base}.pdf"))
            .await
            .bytes()
            .await
            .expect("pdf"),
    );
    for expected in [
        "SIRET 12345678900015",
        "Notes et appréciations des correcteurs",
        "Blocs de compétences capitalisés",
        "Déclarations à la Caisse des Dépôts",
        "attestation numérique signée",
    ] {
        assert!(text.contains(expected), "« {expected} » in {text}");
    }
}
