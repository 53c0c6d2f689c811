//! Correcting an enrolled candidate: same checks as an imported line, nothing changed
//! on a bad field, the candidate's account follows the new email.

use app::domain::role::Role;
use entities::candidate;
use entities::prelude::Candidate;
use sea_orm::EntityTrait;
use tests::{TestApp, location, spawn_app};

const PAGE: &str = "/certificateur/sessions/1/candidats/1";
const ENDPOINT: &str = "/api/certificateur/modifier_candidat";

async fn camille(app: &TestApp) -> candidate::Model {
    Candidate::find_by_id(1)
        .one(&app.db)
        .await
        .expect("query")
        .expect("demo candidate 1")
}

fn fields<'a>(email: &'a str, birth: &'a str, route: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("session_id", "1"),
        ("enrolment_id", "1"),
        ("last_name", "Durand-Moreau"),
        ("first_name", "Camille"),
        ("birth_date", birth),
        ("email", email),
        ("access_route", route),
        ("category", ""),
        ("training_group", "Promo 2026"),
    ]
}

#[tokio::test]
async fn the_certifier_corrects_a_candidate_and_their_login_follows() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let form = app.get_html(PAGE).await;
    assert!(form.contains("Modifier le candidat E27-001"), "{form}");
    assert!(form.contains("value=\"candidat@demo.jury.fr\""));
    // Act
    let saved = app
        .submit_form(
            PAGE,
            ENDPOINT,
            &fields("Camille.Durand@Exemple.fr", "04/07/1990", "vae"),
        )
        .await;
    // Assert
    assert_eq!(location(&saved), "/certificateur/sessions/1");
    let stored = camille(&app).await;
    assert_eq!(stored.last_name, "Durand-Moreau");
    assert_eq!(stored.email, "camille.durand@exemple.fr");
    assert_eq!(stored.birth_date.to_string(), "1990-07-04");
    assert_eq!(stored.training_group.as_deref(), Some("Promo 2026"));
    let session = app.get_html("/certificateur/sessions/1").await;
    assert!(session.contains("DURAND-MOREAU Camille"));
    assert!(
        session.contains("Validation des acquis de l&#x27;expérience") || session.contains("VAE")
    );
    let candidate = app.another_browser();
    let old = candidate
        .login("candidat@demo.jury.fr", "demo-candidat")
        .await;
    assert_ne!(location(&old), "/candidat");
    let new = candidate
        .login("camille.durand@exemple.fr", "demo-candidat")
        .await;
    assert_eq!(location(&new), "/candidat");
}

#[tokio::test]
async fn a_bad_correction_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let before = camille(&app).await;
    // Another candidate's email, a bad date, an unknown route: all three reported.
    let refused = app
        .submit_form(
            PAGE,
            ENDPOINT,
            &fields("lucas.petit@demo.jury.fr", "31/02/1990", "stage"),
        )
        .await;
    let page = app.follow(&refused).await;
    for message in [
        "un candidat ou un compte avec le courriel « lucas.petit@demo.jury.fr » existe déjà",
        "date de naissance « 31/02/1990 » invalide",
        "« stage » inconnue",
    ] {
        assert!(page.contains(message), "{message} missing in {page}");
    }
    assert_eq!(camille(&app).await, before);
}

#[tokio::test]
async fn an_enrolment_of_another_session_is_not_found() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let response = app.get("/certificateur/sessions/1/candidats/999").await;
    assert_eq!(response.status(), 404);
    // A candidate cannot open the page at all.
    let candidate = app.another_browser();
    candidate.login_as(Role::Candidate).await;
    assert_eq!(candidate.get(PAGE).await.status(), 403);
}
