//! Individual passages at an oral sitting: generated from the épreuve's phases, a
//! tiers-temps lengthening only its candidate's passage, corrected by hand, and each
//! candidate convoked to their own time.

use app::domain::role::Role;
use entities::prelude::{Epreuve, ExamSession, Passage, ScheduleSlot};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tests::{location, spawn_app};

#[tokio::test]
async fn an_oral_gives_each_candidate_their_own_passage_and_convocation_time() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let session = ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session");
    let oral = Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq("B4.E2"))
        .filter(entities::epreuve::Column::VersionId.eq(session.version_id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("B4.E2");
    let id = oral.id.to_string();
    let scheduled = app
        .submit_form(
            "/certificateur/sessions/1",
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", "1"),
                ("epreuve_id", &id),
                ("date", "2027-03-17"),
                ("start", "09:00"),
                ("duration", "240"),
                ("room", "Salle Saône"),
                ("remote_link", ""),
            ],
        )
        .await;
    assert!(!tests::refused(&scheduled));
    let slot = ScheduleSlot::find()
        .filter(entities::schedule_slot::Column::SessionId.eq(1))
        .one(&app.db)
        .await
        .expect("q")
        .expect("slot");
    let page = format!("/certificateur/sessions/1/epreuves/{}", slot.id);
    let slot_id = slot.id.to_string();
    let generate = |gap: &'static str| {
        let (app, page, slot_id) = (app.clone(), page.clone(), slot_id.clone());
        async move {
            app.submit_form(
                &page,
                "/api/certificateur/passages_generer",
                &[
                    ("session_id", "1"),
                    ("slot_id", slot_id.as_str()),
                    ("gap", gap),
                    ("every", "4"),
                    ("pause", "15"),
                ],
            )
            .await
        }
    };
    // The demo's oral has no duration yet: said, nothing generated.
    let refused = generate("5").await;
    let shown = app.follow(&refused).await;
    assert!(
        shown.contains("Indiquez la durée de l&#x27;épreuve")
            || shown.contains("Indiquez la durée de l'épreuve"),
        "{shown}"
    );
    assert_eq!(Passage::find().count(&app.db).await.expect("count"), 0);
    // Its phases, as the référentiel would give them: 10 min presentation, 20 min questions.
    let mut model: entities::epreuve::ActiveModel = oral.into();
    model.phases_json = Set(
        r#"[{"label":"Présentation","minutes":10},{"label":"Échanges avec le jury","minutes":20}]"#
            .to_owned(),
    );
    model.update(&app.db).await.expect("phases");
    // The demo candidate's tiers-temps, granted.
    app.submit_form(
        "/certificateur/sessions/1",
        "/api/certificateur/decider_amenagement",
        &[
            ("accommodation_id", "1"),
            ("decision", "accorder"),
            ("reason", "Notification MDPH reçue."),
        ],
    )
    .await;
    let bad = generate("cinq").await;
    assert!(
        app.follow(&bad)
            .await
            .contains("Battement entre deux candidats « cinq » invalide")
    );
    let done = generate("5").await;
    assert_eq!(location(&done), format!("{page}?passages=1"));
    let html = app.get_html(&page).await;
    assert!(
        html.contains("Présentation 10 min + Échanges avec le jury 20 min (30 min)"),
        "{html}"
    );
    // E27-001 (tiers-temps): 09h00 – 09h40; E27-002 from 09h45.
    assert!(html.contains("09h00 – 09h40"), "{html}");
    assert!(html.contains("09h45 – 10h15"));
    let passages = Passage::find().count(&app.db).await.expect("count");
    let enrolled = entities::prelude::Enrolment::find()
        .filter(entities::enrolment::Column::SessionId.eq(1))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(passages, enrolled);
    // One passage moved by hand, a bad time refused.
    let second = Passage::find()
        .filter(entities::passage::Column::Position.eq(2))
        .one(&app.db)
        .await
        .expect("q")
        .expect("second")
        .id
        .to_string();
    let moved = |start: &'static str| {
        let (app, page, slot_id, second) =
            (app.clone(), page.clone(), slot_id.clone(), second.clone());
        async move {
            app.submit_form(
                &page,
                "/api/certificateur/passage_modifier",
                &[
                    ("session_id", "1"),
                    ("slot_id", slot_id.as_str()),
                    ("passage_id", second.as_str()),
                    ("start", start),
                    ("room", "Salle Rhône"),
                ],
            )
            .await
        }
    };
    let bad = moved("25h").await;
    assert!(
        app.follow(&bad)
            .await
            .contains("Heure de passage « 25h » invalide")
    );
    let ok = moved("14:30").await;
    assert_eq!(location(&ok), page);
    assert!(app.get_html(&page).await.contains("14h30 – 15h00"));
    // Convocations carry each candidate's own time.
    app.submit_form(
        "/certificateur/sessions/1",
        "/api/certificateur/envoyer_convocations",
        &[("session_id", "1"), ("reason", "")],
    )
    .await;
    let sent = app.mailer.sent();
    let number_two = sent
        .iter()
        .find(|e| {
            e.text.contains("E27-002")
                || e.attachments.iter().any(|a| a.filename.contains("E27-002"))
        })
        .expect("convocation of E27-002");
    assert!(
        number_two
            .text
            .contains("le 17/03/2027 à 14h30, fin à 15h00 (passage n° 2) — Salle Rhône"),
        "{}",
        number_two.text
    );
    let first = sent
        .iter()
        .find(|e| e.attachments.iter().any(|a| a.filename.contains("E27-001")))
        .expect("convocation of E27-001");
    assert!(
        first
            .text
            .contains("le 17/03/2027 à 09h00, fin à 09h40 (passage n° 1 ; tiers-temps"),
        "{}",
        first.text
    );
}
