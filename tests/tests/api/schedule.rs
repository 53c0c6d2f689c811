//! Scheduling épreuves, and a granted tiers-temps lengthening the candidate's sittings.

use app::domain::role::Role;
use entities::epreuve;
use entities::prelude::{Epreuve, ScheduleSlot};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, location, spawn_app};

const SESSION: &str = "/certificateur/sessions/1";

/// The id of épreuve `code` of template E (the demo session's certification).
async fn epreuve_id(app: &TestApp, code: &str) -> String {
    let found = Epreuve::find()
        .filter(epreuve::Column::Code.eq(code))
        .filter(epreuve::Column::Title.contains("Bloc"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("épreuve");
    found.id.to_string()
}

#[tokio::test]
async fn a_granted_tiers_temps_lengthens_the_candidates_sitting() {
    // Arrange: the certifier schedules the 3 h 30 case study of bloc 3.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let id = epreuve_id(&certifier, "B3.E1").await;
    let scheduled = certifier
        .submit_form(
            SESSION,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", &id),
                ("date", "2027-03-16"),
                ("start", "09:00"),
                ("duration", "210"),
                ("room", "Salle Rhône"),
                ("remote_link", ""),
            ],
        )
        .await;
    assert!(
        !location(&scheduled).contains("__err"),
        "{}",
        location(&scheduled)
    );
    let page = certifier.get_html(SESSION).await;
    assert!(page.contains("16/03/2027 à 09h00"), "{page}");
    assert!(page.contains("12h30") && page.contains("13h40"));
    let candidate = certifier.another_browser();
    candidate.login_as(Role::Candidate).await;
    let before = candidate.get_html("/candidat").await;
    assert!(before.contains("fin à 12h30"), "{before}");
    // Act: the demo candidate's pending tiers-temps (request 1) is granted.
    certifier
        .submit_form(
            SESSION,
            "/api/certificateur/decider_amenagement",
            &[
                ("accommodation_id", "1"),
                ("decision", "accorder"),
                ("reason", "Notification MDPH reçue."),
            ],
        )
        .await;
    // Assert
    let after = candidate.get_html("/candidat").await;
    assert!(after.contains("fin à 13h40"), "{after}");
    assert!(after.contains("(tiers-temps : 70 min de plus)"));
    // Another candidate, without accommodation, keeps the normal end.
    let lucas_view = certifier.get_html(SESSION).await;
    assert!(lucas_view.contains("Aménagements d'épreuve (0 en attente)"));
}

#[tokio::test]
async fn granted_pauses_add_their_compensated_minutes_to_the_end() {
    // Arrange: the case study is scheduled; the demo candidate asks for pauses.
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let id = epreuve_id(&certifier, "B3.E1").await;
    certifier
        .submit_form(
            SESSION,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", &id),
                ("date", "2027-03-16"),
                ("start", "09:00"),
                ("duration", "210"),
                ("room", "Salle Rhône"),
                ("remote_link", ""),
            ],
        )
        .await;
    let candidate = certifier.another_browser();
    candidate.login_as(Role::Candidate).await;
    candidate
        .submit_form(
            "/candidat",
            "/api/candidat/demander_amenagement",
            &[
                ("enrolment_id", "1"),
                ("kind", "pauses"),
                ("note", "Pauses régulières sur avis médical."),
            ],
        )
        .await;
    // Act: granted with 15 minutes, the tiers-temps (request 1) refused.
    let pauses = tests::latest_accommodation(&candidate).await;
    for (request, decision, minutes) in [(pauses.as_str(), "accorder", "15"), ("1", "refuser", "")]
    {
        let decided = certifier
            .submit_form(
                SESSION,
                "/api/certificateur/decider_amenagement",
                &[
                    ("accommodation_id", request),
                    ("decision", decision),
                    ("reason", "Décision de la commission."),
                    ("minutes", minutes),
                ],
            )
            .await;
        assert!(
            !location(&decided).contains("__err"),
            "{}",
            location(&decided)
        );
    }
    // Assert: 9 h + 3 h 30 + 15 min.
    let page = candidate.get_html("/candidat").await;
    assert!(page.contains("fin à 12h45"), "{page}");
    assert!(page.contains("(pauses compensées : 15 min)"));
    assert!(!page.contains("tiers-temps :"));
}

#[tokio::test]
async fn a_bad_schedule_is_refused_with_every_problem() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let id = epreuve_id(&app, "B3.E1").await;
    let refused = app
        .submit_form(
            SESSION,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", &id),
                ("date", "2027-04-01"),
                ("start", "9 heures"),
                ("duration", "0"),
                ("room", ""),
                ("remote_link", ""),
            ],
        )
        .await;
    let page = app
        .get_html(&location(&refused).replacen(&app.address, "", 1))
        .await;
    for message in [
        "La date doit être comprise entre le premier et le dernier jour de la session.",
        "Heure de début invalide (HH:MM, par exemple 09:00).",
        "La durée doit être un nombre de minutes entre 1 et 600.",
    ] {
        assert!(page.contains(message), "{message} missing");
    }
    // An épreuve that cannot be taken remotely, with a videoconference link.
    let remote = app
        .submit_form(
            SESSION,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", &id),
                ("date", "2027-03-16"),
                ("start", "09:00"),
                ("duration", "210"),
                ("room", ""),
                ("remote_link", "https://visio.exemple.fr/b3"),
            ],
        )
        .await;
    let page = app
        .get_html(&location(&remote).replacen(&app.address, "", 1))
        .await;
    assert!(
        page.contains("Cette épreuve ne peut pas se passer à distance."),
        "{page}"
    );
    // The demo's November and May sessions have their one sitting each; nothing was
    // added.
    assert_eq!(ScheduleSlot::find().count(&app.db).await.expect("count"), 2);
}
