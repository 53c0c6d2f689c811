//! Accommodations: the candidate asks, the certifier decides with a reason, the
//! candidate reads the decision; nobody acts on another's data.

use app::domain::role::Role;
use entities::prelude::Accommodation;
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{location, spawn_app};

/// The page where referents read and decide the requests of the November session.
const REQUESTS: &str = "/certificateur/sessions/1/amenagements";

#[tokio::test]
async fn request_then_grant_then_the_candidate_reads_the_decision() {
    // Arrange
    let candidate = spawn_app().await;
    candidate.login_as(Role::Candidate).await;
    // Act: the demo candidate (enrolment 1) asks for pauses.
    let asked = candidate
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[
                ("enrolment_id", "1"),
                ("kind", "pauses"),
                ("note", "Pauses de 10 minutes par heure."),
                (
                    "supporting_reference",
                    "Avis du médecin CDAPH du 12/03/2026",
                ),
            ],
        )
        .await;
    assert!(asked.status().is_redirection());
    assert!(!location(&asked).contains("__err"), "{}", location(&asked));
    let asked_id = tests::latest_accommodation(&candidate).await;
    // The certifier of the same application sees it and grants it.
    let certifier = candidate.another_browser();
    certifier.login_as(Role::CertifierAdmin).await;
    let session = certifier.get_html("/certificateur/sessions/1").await;
    assert!(
        session.contains("Aménagements d'épreuve (2 en attente)"),
        "{session}"
    );
    // The session page counts requests; only the referents' page shows them.
    assert!(!session.contains("Pauses de 10 minutes par heure."));
    let page = certifier.get_html(REQUESTS).await;
    assert!(page.contains("Pauses avec temps compensé"), "{page}");
    assert!(page.contains("Justificatif : Avis du médecin CDAPH du 12/03/2026"));
    assert!(page.contains("Précisions du candidat : Pauses de 10 minutes par heure."));
    // Granting pauses without their compensated minutes is refused.
    let no_minutes = certifier
        .submit_form(
            REQUESTS,
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", asked_id.as_str()),
                ("decision", "accorder"),
                ("reason", "Accordé sur avis médical."),
            ],
        )
        .await;
    let refused = certifier
        .get_html(&location(&no_minutes).replacen(&certifier.address, "", 1))
        .await;
    assert!(
        refused.contains("Indiquez les minutes de pause compensée accordées par épreuve."),
        "{refused}"
    );
    assert!(refused.contains("Demandes d'aménagement"), "{refused}");
    let decided = certifier
        .submit_form(
            REQUESTS,
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", asked_id.as_str()),
                ("decision", "accorder"),
                ("reason", "Accordé sur avis médical."),
                ("minutes", "15"),
            ],
        )
        .await;
    assert!(
        !location(&decided).contains("__err"),
        "{}",
        location(&decided)
    );
    // Assert
    let page = candidate.get_html("/candidat").await;
    assert!(page.contains("Pauses avec temps compensé"));
    assert!(page.contains("Accordé"));
    assert!(page.contains("Accordé sur avis médical."));
    let session = certifier.get_html(REQUESTS).await;
    assert!(
        session.contains("Pauses compensées : 15 min par épreuve"),
        "{session}"
    );
    // Deciding twice is refused.
    let again = certifier
        .submit_form(
            REQUESTS,
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", asked_id.as_str()),
                ("decision", "refuser"),
                ("reason", "Erreur."),
            ],
        )
        .await;
    let page = certifier
        .get_html(&location(&again).replacen(&certifier.address, "", 1))
        .await;
    assert!(page.contains("Cette demande a déjà été traitée."), "{page}");
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let before = Accommodation::find().count(&app.db).await.expect("count");
    // A note or a reference too long.
    let long = "x".repeat(2001);
    let too_long = app
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[
                ("enrolment_id", "1"),
                ("kind", "secretary"),
                ("note", &long),
            ],
        )
        .await;
    let page = app
        .get_html(&location(&too_long).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("ne doit pas dépasser 2000 caractères"),
        "{page}"
    );
    let reference = "x".repeat(201);
    let too_long = app
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[
                ("enrolment_id", "1"),
                ("kind", "secretary"),
                ("supporting_reference", &reference),
            ],
        )
        .await;
    assert!(tests::refused(&too_long));
    // Another candidate's enrolment (2 is Lucas Petit's).
    let token = app.csrf_token().await;
    let other = app
        .client
        .post(app.url("/api/candidat/demander_amenagement"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("enrolment_id", "2"),
            ("kind", "secretary"),
            ("note", "x"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(other.status(), 404);
    // The same pending request twice.
    let twice = app
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[
                ("enrolment_id", "1"),
                ("kind", "tiers_temps"),
                ("note", "encore"),
            ],
        )
        .await;
    let page = app
        .get_html(&location(&twice).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("Cet aménagement a déjà été demandé pour cette session."),
        "{page}"
    );
    assert_eq!(
        Accommodation::find().count(&app.db).await.expect("count"),
        before
    );
}

#[tokio::test]
async fn only_the_certifier_decides() {
    let app = spawn_app().await;
    app.login_as(Role::JuryMember).await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url("/api/certificateur/decider_amenagement"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("accommodation_id", "1"),
            ("decision", "accorder"),
            ("reason", "x"),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 403);
}

/// A second administrator of the demo organisation, not a referent, logged in.
async fn co_administrator(app: &tests::TestApp) -> (tests::TestApp, i32) {
    app.new_account_browser(
        entities::enums::UserRole::CertifierAdmin,
        "co.admin@demo.jury.fr",
        None,
    )
    .await
}

async fn reads_logged(app: &tests::TestApp) -> usize {
    use sea_orm::{ColumnTrait, QueryFilter};
    entities::prelude::AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("accommodation"))
        .filter(entities::audit_entry::Column::Action.eq("read"))
        .all(&app.db)
        .await
        .expect("audit")
        .len()
}

#[tokio::test]
async fn only_referents_read_requests_and_every_reading_is_logged() {
    let app = spawn_app().await;
    let (other, other_id) = co_administrator(&app).await;
    // Not a referent: no requests, no decision, no export with them; the session
    // page gives the counts only.
    let page = other.get(REQUESTS).await;
    assert_eq!(page.status(), 409);
    let page = page.text().await.expect("page");
    assert!(page.contains("Seuls les référents handicap"), "{page}");
    assert!(!page.contains("Tiers-temps"), "{page}");
    let decided = other
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "1"),
                ("decision", "accorder"),
                ("reason", "x"),
            ],
        )
        .await;
    assert!(tests::refused(&decided));
    let export = other
        .get("/certificateur/sessions/1/candidats/1/donnees.json")
        .await;
    assert_eq!(export.status(), 409);
    // Nor may they make themselves one.
    let myself = other
        .submit_form(
            "/certificateur/comptes",
            "/api/certificateur/compte_referent",
            &[("user_id", &other_id.to_string()), ("referent", "oui")],
        )
        .await;
    assert!(tests::refused(&myself));
    assert_eq!(reads_logged(&app).await, 0);

    // The first administrator is a referent: each reading is logged.
    app.login_as(Role::CertifierAdmin).await;
    let page = app.get_html(REQUESTS).await;
    assert!(page.contains("Tiers-temps"), "{page}");
    app.get_html(REQUESTS).await;
    assert_eq!(reads_logged(&app).await, 2);
    // They designate the co-administrator, who then reads them (logged too).
    let designated = app
        .submit_form(
            "/certificateur/comptes",
            "/api/certificateur/compte_referent",
            &[("user_id", &other_id.to_string()), ("referent", "oui")],
        )
        .await;
    assert_eq!(
        location(&designated),
        "/certificateur/comptes?fait=referent"
    );
    let accounts = app
        .get_html("/certificateur/comptes?role=administrateur")
        .await;
    assert!(accounts.contains("Référent handicap"), "{accounts}");
    assert_eq!(other.get(REQUESTS).await.status(), 200);
    assert_eq!(reads_logged(&app).await, 3);
    server::cli::verify_audit(&app.config)
        .await
        .expect("the chain verifies");
}
