//! Verifiable credentials: the demo's published May session has certificates and block
//! certificates; each is an Open Badges 3.0 credential valid against 1EdTech's schema,
//! verified by an independent implementation and by `server verify-credential`, refused
//! by both once altered; revocation shows on the public page and in the status list;
//! a certifier of another organisation can neither revoke nor re-key.

use app::domain::role::Role;
use entities::enums::DocumentKind;
use entities::prelude::{AuditEntry, Document, SigningKey};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use tests::{TestApp, independent_verification, open_badges_schema_errors, spawn_app};

/// The demo's May 2026 session, published.
const MAY: i32 = 3;

async fn document_of(app: &TestApp, kind: DocumentKind) -> entities::document::Model {
    Document::find()
        .filter(entities::document::Column::SessionId.eq(MAY))
        .filter(entities::document::Column::Kind.eq(kind))
        .all(&app.db)
        .await
        .expect("documents")
        .into_iter()
        .next()
        .expect("a document of that kind in the May session")
}

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = tests::client()
        .get(app.url(path))
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// `server verify-credential FILE` (with the database, or `--did`/`--status-list`).
async fn cli_verdict(
    app: &TestApp,
    credential: &Value,
    did: Option<&Value>,
    status_list: Option<&Value>,
) -> Result<String, String> {
    let dir = tempfile::tempdir().expect("dir");
    let write = |name: &str, value: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, value.to_string()).expect("write");
        path
    };
    let args = server::cli::credential::VerifyArgs {
        file: write("credential.json", credential),
        did: did.map(|d| write("did.json", d)),
        status_list: status_list.map(|l| write("statuts.json", l)),
    };
    server::cli::credential::verify(Some(&app.config), &args)
        .await
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_certificate_is_a_credential_anyone_verifies_and_an_altered_one_is_refused() {
    let app = spawn_app().await;
    let certificate = document_of(&app, DocumentKind::Certificate).await;
    let path = format!(
        "/verification/{}/credential.json",
        certificate.verification_code
    );
    let (status, credential) = json(&app, &path).await;
    assert_eq!(status, 200, "{credential}");
    assert_eq!(
        credential["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(credential["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(
        credential["credentialSubject"]["achievement"]["humanCode"],
        "RNCP36390"
    );
    assert!(
        credential["issuer"]["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("Certif'Démo")),
        "{credential}"
    );
    // Signed once and kept: the same credential on every request.
    assert_eq!(json(&app, &path).await.1, credential);
    assert_eq!(open_badges_schema_errors(&credential), None);

    let (status, did) = json(&app, "/organisations/1/did.json").await;
    assert_eq!(status, 200);
    let method = credential["proof"][0]["verificationMethod"]
        .as_str()
        .expect("method")
        .to_owned();
    assert!(
        method.starts_with(did["id"].as_str().expect("did")),
        "{method} {did}"
    );
    assert_eq!(
        independent_verification(&credential, &did, None),
        (true, None, None)
    );
    let verdict = cli_verdict(&app, &credential, None, None).await;
    assert!(
        verdict
            .as_ref()
            .is_ok_and(|v| v.contains("Attestation vérifiée")),
        "{verdict:?}"
    );
    assert!(
        cli_verdict(&app, &credential, Some(&did), None)
            .await
            .is_ok()
    );

    // One letter of the holder's name changed: both verifiers refuse it.
    let mut altered = credential.clone();
    let name = altered["credentialSubject"]["identifier"][0]["identityHash"]
        .as_str()
        .expect("name")
        .to_owned();
    let last = name.chars().last().expect("a letter");
    let name = format!(
        "{}{}",
        &name[..name.len() - last.len_utf8()],
        if last == 'X' { 'Y' } else { 'X' }
    );
    assert_ne!(
        Some(name.as_str()),
        credential["credentialSubject"]["identifier"][0]["identityHash"].as_str()
    );
    altered["credentialSubject"]["identifier"][0]["identityHash"] = Value::String(name);
    let (verified, _, error) = independent_verification(&altered, &did, None);
    assert!(
        !verified,
        "the independent verifier accepted an altered credential"
    );
    assert!(error.is_some_and(|e| e.contains("signature")));
    let refused = cli_verdict(&app, &altered, None, None).await;
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.contains("la signature ne correspond pas")),
        "{refused:?}"
    );
    assert!(cli_verdict(&app, &altered, Some(&did), None).await.is_err());

    // The public page says the signature holds and offers the JSON.
    let page = tests::client()
        .get(app.url(&format!("/verification/{}", certificate.verification_code)))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("page");
    assert!(page.contains("signature électronique vérifiée"), "{page}");
    assert!(page.contains(&path));

    // Transcripts are not awards: no credential; unknown codes neither.
    let transcript = document_of(&app, DocumentKind::Transcript).await;
    let (status, _) = json(
        &app,
        &format!(
            "/verification/{}/credential.json",
            transcript.verification_code
        ),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        json(&app, "/verification/ABCD-EFGH-JKMN/credential.json")
            .await
            .0,
        404
    );
}

/// Posts the revocation form of the candidate page `page` for `bloc`.
async fn revoke(
    app: &TestApp,
    page: &str,
    bloc: &entities::document::Model,
    reason: &str,
) -> reqwest::Response {
    app.submit_form(
        page,
        "/api/certificateur/revoquer_document",
        &[
            ("session_id", &MAY.to_string()),
            ("enrolment_id", &bloc.enrolment_id.expect("e").to_string()),
            ("code", &bloc.verification_code),
            ("reason", reason),
        ],
    )
    .await
}

#[tokio::test]
async fn a_revoked_block_certificate_says_so_on_its_page_and_in_the_status_list() {
    let app = spawn_app().await;
    let bloc = document_of(&app, DocumentKind::BlocCertificate).await;
    let code = bloc.verification_code.clone();
    let (_, credential) = json(&app, &format!("/verification/{code}/credential.json")).await;
    assert_eq!(open_badges_schema_errors(&credential), None);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["humanCode"],
        bloc.bloc_code.clone().expect("a bloc").as_str(),
        "the bloc's own code, not the certification's repeated"
    );
    let (_, did) = json(&app, "/organisations/1/did.json").await;
    let (status, list) = json(&app, "/organisations/1/statuts").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        independent_verification(&credential, &did, Some(&list)),
        (true, Some(false), None)
    );

    app.login_as(Role::CertifierAdmin).await;
    let page = format!(
        "/certificateur/sessions/{MAY}/candidats/{}",
        bloc.enrolment_id.expect("enrolment")
    );
    let html = app.get_html(&page).await;
    assert!(
        html.contains("Documents délivrés") && html.contains(&code),
        "{html}"
    );
    // Without a reason: refused, nothing changed.
    let refused = revoke(&app, &page, &bloc, "  ").await;
    assert!(
        app.follow(&refused)
            .await
            .contains("indiquez le motif de la révocation")
    );
    let unchanged = Document::find_by_id(bloc.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("doc");
    assert_eq!(unchanged.revoked_at, None);

    let reason = "Fraude découverte après la délibération (copie d'un autre candidat)";
    let revoked = revoke(&app, &page, &bloc, reason).await;
    let after = app.follow(&revoked).await;
    assert!(
        after.contains(&format!("Document {code} révoqué.")),
        "{after}"
    );
    assert!(after.contains(&format!("motif : {reason}")));
    let entry = AuditEntry::find()
        .filter(entities::audit_entry::Column::Action.eq("revoke"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the revocation is in the audit log");
    assert_eq!(entry.entity_id, code);
    assert_eq!(entry.reason.as_deref(), Some(reason));

    // The public page, the status list, both verifiers.
    let public = tests::client()
        .get(app.url(&format!("/verification/{code}")))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("page");
    assert!(public.contains("Document révoqué."), "{public}");
    assert!(public.contains("Révoqué le ") && public.contains(reason));
    assert!(!public.contains("Document authentique."));
    let (_, list) = json(&app, "/organisations/1/statuts").await;
    assert_eq!(
        independent_verification(&credential, &did, Some(&list)),
        (true, Some(true), None),
        "signed, but revoked"
    );
    let verdict = cli_verdict(&app, &credential, Some(&did), Some(&list)).await;
    assert!(verdict.is_err_and(|e| e.contains("révoquée")));
    let verdict = cli_verdict(&app, &credential, None, None).await;
    assert!(verdict.is_err_and(|e| e.contains(reason)));

    // Once is enough.
    let again = revoke(&app, &page, &bloc, "encore").await;
    assert!(
        app.follow(&again)
            .await
            .contains("Ce document est déjà révoqué.")
    );
}

#[tokio::test]
async fn a_renewed_key_signs_what_follows_and_the_old_one_still_verifies() {
    let app = spawn_app().await;
    let certificate = document_of(&app, DocumentKind::Certificate).await;
    let bloc = document_of(&app, DocumentKind::BlocCertificate).await;
    let (_, before) = json(
        &app,
        &format!(
            "/verification/{}/credential.json",
            certificate.verification_code
        ),
    )
    .await;
    app.login_as(Role::CertifierAdmin).await;
    let renewed = app
        .submit_form(
            "/certificateur/parametres",
            "/api/certificateur/renouveler_cle",
            &[],
        )
        .await;
    let page = app.follow(&renewed).await;
    assert!(page.contains("Nouvelle clé n° 2 en service."), "{page}");
    assert!(page.contains("1 ancienne(s) clé(s) toujours publiée(s)"));

    let (_, did) = json(&app, "/organisations/1/did.json").await;
    assert_eq!(did["verificationMethod"].as_array().map(Vec::len), Some(2));
    assert_eq!(independent_verification(&before, &did, None).0, true);
    let (_, after) = json(
        &app,
        &format!("/verification/{}/credential.json", bloc.verification_code),
    )
    .await;
    assert!(
        after["proof"][0]["verificationMethod"]
            .as_str()
            .is_some_and(|m| m.ends_with("#key-2")),
        "{after}"
    );
    assert_eq!(independent_verification(&after, &did, None).0, true);
    // The private keys are kept sealed, never in clear.
    for key in SigningKey::find().all(&app.db).await.expect("keys") {
        assert_eq!(key.sealed_private_key.len(), 12 + 32 + 16);
    }
}

#[tokio::test]
async fn a_compromised_key_leaves_the_did_document_and_what_it_signed_is_signed_again() {
    use entities::prelude::AuditEntry;
    use sea_orm::{ColumnTrait, QueryFilter};
    let app = spawn_app().await;
    let certificate = document_of(&app, DocumentKind::Certificate).await;
    let path = format!(
        "/verification/{}/credential.json",
        certificate.verification_code
    );
    let (_, before) = json(&app, &path).await;
    let (_, did_before) = json(&app, "/organisations/1/did.json").await;
    assert_eq!(independent_verification(&before, &did_before, None).0, true);
    app.login_as(Role::CertifierAdmin).await;
    let declare = |fields: Vec<(&'static str, String)>| {
        let app = app.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.submit_form(
                "/certificateur/parametres",
                "/api/certificateur/cle_compromise",
                &fields,
            )
            .await
        }
    };
    // Without the confirmation, or with a date to come: refused, nothing changed.
    let today = tests::test_now().date_naive();
    let refused = declare(vec![("depuis", today.format("%d/%m/%Y").to_string())]).await;
    assert!(
        app.follow(&refused)
            .await
            .contains("Cochez la confirmation")
    );
    let future = (today + chrono::Days::new(3))
        .format("%d/%m/%Y")
        .to_string();
    let refused = declare(vec![("depuis", future), ("confirmation", "oui".into())]).await;
    assert!(app.follow(&refused).await.contains("dans le futur"));
    assert_eq!(
        SigningKey::find().all(&app.db).await.expect("keys").len(),
        1
    );

    let done = declare(vec![
        ("depuis", today.format("%d/%m/%Y").to_string()),
        ("confirmation", "oui".into()),
    ])
    .await;
    let page = app.follow(&done).await;
    assert!(page.contains("Clé n° 1 retirée du document DID"), "{page}");
    assert!(
        page.contains("Nouvelle clé n° 2 en service ; 1 attestation(s)"),
        "{page}"
    );

    // The DID document no longer has the key: what it signed (a forgery as much as the
    // real credential) fails the independent verifier.
    let (_, did) = json(&app, "/organisations/1/did.json").await;
    assert_eq!(did["verificationMethod"].as_array().map(Vec::len), Some(1));
    assert!(!did.to_string().contains("#key-1"), "{did}");
    assert_eq!(independent_verification(&before, &did, None).0, false);
    assert!(cli_verdict(&app, &before, Some(&did), None).await.is_err());
    // The document's credential is signed again with the new key, and verifies.
    let (_, after) = json(&app, &path).await;
    assert!(
        after["proof"][0]["verificationMethod"]
            .as_str()
            .is_some_and(|m| m.ends_with("#key-2")),
        "{after}"
    );
    assert_eq!(independent_verification(&after, &did, None).0, true);
    let entry = AuditEntry::find()
        .filter(entities::audit_entry::Column::Action.eq("compromise"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("audited");
    assert!(
        entry
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("déclarée compromise depuis le")),
        "{entry:?}"
    );
}

#[tokio::test]
async fn a_certifier_of_another_organisation_can_neither_revoke_nor_rekey_ours() {
    let app = spawn_app().await;
    let bloc = document_of(&app, DocumentKind::BlocCertificate).await;
    let other = app.other_organisation_certifier().await;
    let response = other
        .post_form(
            "/api/certificateur/revoquer_document",
            &[
                ("session_id", &MAY.to_string()),
                ("enrolment_id", &bloc.enrolment_id.expect("e").to_string()),
                ("code", &bloc.verification_code),
                ("reason", "malveillance"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
    let unchanged = Document::find_by_id(bloc.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("doc");
    assert_eq!(unchanged.revoked_at, None);

    // Renewing the key renews theirs: ours stays key 1.
    let demo_keys = || async {
        SigningKey::find()
            .filter(entities::signing_key::Column::OrganisationId.eq(1))
            .all(&app.db)
            .await
            .expect("keys")
    };
    let before = demo_keys().await;
    let response = other
        .post_form("/api/certificateur/renouveler_cle", &[])
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(demo_keys().await, before);
    let theirs = SigningKey::find()
        .filter(entities::signing_key::Column::OrganisationId.ne(1))
        .all(&app.db)
        .await
        .expect("keys");
    assert_eq!(
        theirs.len(),
        2,
        "created with the organisation, then renewed"
    );
}
