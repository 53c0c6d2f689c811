//! Accommodations: the candidate asks, the certifier decides with a reason, the
//! candidate reads the decision; nobody acts on another's data.

use app::domain::role::Role;
use entities::prelude::Accommodation;
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{location, spawn_app};

/// Posts a form to a server function as a browser without JavaScript does.

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
                (
                    "note",
                    "Pauses de 10 minutes par heure (avis du médecin de la MDPH).",
                ),
            ],
        )
        .await;
    assert!(asked.status().is_redirection());
    assert!(!location(&asked).contains("__err"), "{}", location(&asked));
    // The certifier of the same application sees it and grants it.
    let certifier = candidate.another_browser();
    certifier.login_as(Role::CertifierAdmin).await;
    let page = certifier.get_html("/certificateur/sessions/1").await;
    assert!(page.contains("Pauses avec temps compensé"), "{page}");
    assert!(page.contains("Aménagements d'épreuve (2 en attente)"));
    // Granting pauses without their compensated minutes is refused.
    let no_minutes = certifier
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "2"),
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
    assert!(refused.contains("Aménagements d'épreuve (2 en attente)"));
    let decided = certifier
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "2"),
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
    let session = certifier.get_html("/certificateur/sessions/1").await;
    assert!(
        session.contains("Pauses compensées : 15 min par épreuve"),
        "{session}"
    );
    // Deciding twice is refused.
    let again = certifier
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "2"),
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
    // No note.
    let empty = app
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[("enrolment_id", "1"), ("kind", "secretary"), ("note", "  ")],
        )
        .await;
    let page = app
        .get_html(&location(&empty).replacen(&app.address, "", 1))
        .await;
    assert!(page.contains("Décrivez votre besoin"), "{page}");
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
