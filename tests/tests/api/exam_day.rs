//! Exam day at the demo session's case study: attendance with its checks, a fraud
//! report, every record audited, and the attendance sheet with the accommodations.

use app::domain::role::Role;
use entities::prelude::{AttendanceEvent, FraudReport, ScheduleSlot};
use sea_orm::EntityTrait;
use tests::{TestApp, location, pdf_text, spawn_app};

/// Schedules B3.E1 on 16/03/2027 at 9:00 and grants the demo candidate's tiers-temps;
/// returns the sitting's page.
async fn sitting(app: &TestApp) -> String {
    use entities::epreuve;
    use sea_orm::{ColumnTrait, QueryFilter};
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session");
    let case_study = entities::prelude::Epreuve::find()
        .filter(epreuve::Column::Code.eq("B3.E1"))
        .filter(epreuve::Column::VersionId.eq(session.version_id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("B3.E1");
    let id = case_study.id.to_string();
    app.submit_form(
        "/certificateur/sessions/1",
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
    let slot = ScheduleSlot::find()
        .filter(entities::schedule_slot::Column::SessionId.eq(1))
        .one(&app.db)
        .await
        .expect("q")
        .expect("slot");
    format!("/certificateur/sessions/1/epreuves/{}", slot.id)
}

/// How many rows of the demo session's sittings (the demo data has a graded November
/// session with its own attendance and fraud report).
/// Moves the clock to the start of the sitting (16/03/2027 9:00 in Paris) and logs the
/// certifier in again (their session would have expired).
async fn at_the_sitting(app: &TestApp) {
    use chrono::TimeZone;
    let start = chrono::Utc
        .with_ymd_and_hms(2027, 3, 16, 8, 0, 0)
        .single()
        .expect("date");
    app.clock.advance(start - tests::test_now());
    app.login_as(Role::CertifierAdmin).await;
}

async fn session_one<E: EntityTrait<Model: Sync>>(
    select: sea_orm::Select<E>,
    slot: impl sea_orm::ColumnTrait,
    app: &TestApp,
) -> u64 {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    let slots: Vec<i32> = ScheduleSlot::find()
        .filter(entities::schedule_slot::Column::SessionId.eq(1))
        .all(&app.db)
        .await
        .expect("slots")
        .into_iter()
        .map(|s| s.id)
        .collect();
    select
        .filter(slot.is_in(slots))
        .count(&app.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn attendance_and_fraud_are_recorded_with_their_checks() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = sitting(&app).await;
    let slot = page.rsplit('/').next().expect("slot").to_owned();
    let html = app.get_html(&page).await;
    assert!(html.contains("E27-001 — DURAND Camille"), "{html}");
    assert!(html.contains("fin à 13h40"));
    // Before the sitting starts: refused, nothing recorded.
    let early = app
        .submit_form(
            &page,
            "/api/certificateur/presence",
            &[
                ("session_id", "1"),
                ("slot_id", &slot),
                ("enrolment_id", "1"),
                ("kind", "present"),
                ("identity_checked", "on"),
            ],
        )
        .await;
    assert!(tests::refused(&early));
    let html = app.follow(&early).await;
    assert!(
        html.contains("Cette épreuve commence le 16/03/2027 à 09h00 : les présences se relèvent à partir de son début."),
        "{html}"
    );
    at_the_sitting(&app).await;
    // A justified absence without its document: refused, nothing recorded.
    let refused = app
        .submit_form(
            &page,
            "/api/certificateur/presence",
            &[
                ("session_id", "1"),
                ("slot_id", &slot),
                ("enrolment_id", "2"),
                ("kind", "absent_justifie"),
                ("reason", "Certificat médical"),
                ("document_ref", ""),
            ],
        )
        .await;
    let html = app.follow(&refused).await;
    assert!(html.contains("la référence du justificatif"), "{html}");
    assert_eq!(
        session_one(
            AttendanceEvent::find(),
            entities::attendance_event::Column::SlotId,
            &app
        )
        .await,
        0
    );
    // Present with identity checked; justified absence with its document.
    for fields in [
        vec![
            ("enrolment_id", "1"),
            ("kind", "present"),
            ("identity_checked", "on"),
            ("incident", "Arrivée à 9h05"),
        ],
        vec![
            ("enrolment_id", "2"),
            ("kind", "absent_justifie"),
            ("reason", "Certificat médical"),
            ("document_ref", "CM-2027-014"),
        ],
    ] {
        let mut all = vec![("session_id", "1"), ("slot_id", slot.as_str())];
        all.extend(fields);
        let saved = app
            .submit_form(&page, "/api/certificateur/presence", &all)
            .await;
        assert_eq!(location(&saved), page);
    }
    // A fraud report without countersignature nor mention: refused; with the mention: kept.
    let refused = app
        .submit_form(
            &page,
            "/api/certificateur/fraude",
            &[
                ("session_id", "1"),
                ("slot_id", &slot),
                ("enrolment_id", "3"),
                ("facts", "Téléphone consulté"),
            ],
        )
        .await;
    let html = app.follow(&refused).await;
    assert!(html.contains("mention de son refus"), "{html}");
    let saved = app
        .submit_form(
            &page,
            "/api/certificateur/fraude",
            &[
                ("session_id", "1"),
                ("slot_id", &slot),
                ("enrolment_id", "3"),
                ("facts", "Téléphone consulté pendant l'épreuve"),
                ("refusal_mention", "Le candidat refuse de contresigner"),
            ],
        )
        .await;
    assert_eq!(location(&saved), page);
    assert_eq!(
        session_one(
            FraudReport::find(),
            entities::fraud_report::Column::SlotId,
            &app
        )
        .await,
        1
    );
    let html = app.get_html(&page).await;
    assert!(
        html.contains("Présent(e), identité contrôlée — incident : Arrivée à 9h05"),
        "{html}"
    );
    assert!(html.contains("(justificatif CM-2027-014)"));
    // Three entries for this sitting (the demo's seeded ones aside), the log intact.
    {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let recorded = entities::prelude::AuditEntry::find()
            .filter(entities::audit_entry::Column::Action.ne("seed"))
            .filter(entities::audit_entry::Column::Entity.is_in(["attendance", "fraud"]))
            .count(&app.db)
            .await
            .expect("count");
        assert_eq!(recorded, 3);
    }
    server::cli::verify_audit(&app.config)
        .await
        .expect("intact");
}

#[tokio::test]
async fn the_attendance_sheet_shows_accommodations_and_opens_as_a_pdf() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = sitting(&app).await;
    let slot = page.rsplit('/').next().expect("slot").to_owned();
    let response = app
        .get(&format!("/certificateur/sessions/1/emargement/{slot}"))
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    for expected in [
        "Feuille d'émargement",
        "E27-001",
        "DURAND Camille",
        "Tiers-temps",
        "13h40",
        "E27-002",
        "12h30",
        "Signature",
    ] {
        assert!(text.contains(expected), "{expected} missing in {text}");
    }
    // Another role cannot print it.
    let candidate = app.another_browser();
    candidate.login_as(Role::Candidate).await;
    assert_eq!(
        candidate
            .get(&format!("/certificateur/sessions/1/emargement/{slot}"))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn absences_and_fraud_reach_the_computed_results() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = sitting(&app).await;
    at_the_sitting(&app).await;
    let slot = page.rsplit('/').next().expect("slot").to_owned();
    for fields in [
        vec![
            ("enrolment_id", "2"),
            ("kind", "absent_justifie"),
            ("reason", "Arrêt de travail"),
            ("document_ref", "AT-77"),
        ],
        vec![("enrolment_id", "4"), ("kind", "absent_injustifie")],
    ] {
        let mut all = vec![("session_id", "1"), ("slot_id", slot.as_str())];
        all.extend(fields);
        assert_eq!(
            location(
                &app.submit_form(&page, "/api/certificateur/presence", &all)
                    .await
            ),
            page
        );
    }
    app.submit_form(
        &page,
        "/api/certificateur/fraude",
        &[
            ("session_id", "1"),
            ("slot_id", &slot),
            ("enrolment_id", "3"),
            ("facts", "Documents non autorisés"),
            ("countersigned", "on"),
        ],
    )
    .await;
    // Act
    let results = app.get_html("/certificateur/sessions/1/resultats").await;
    // Assert: per candidate card, in candidate-number order.
    let card = |number: &str| {
        results
            .split("<article")
            .find(|c| c.contains(number))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(
        card("E27-003").contains("Fraude — session invalidée"),
        "{results}"
    );
    assert!(
        card("E27-002").contains("absence justifiée, une épreuve de rattrapage est proposée"),
        "{results}"
    );
    assert!(
        card("E27-004")
            .contains("absence injustifiée à une épreuve de bloc, note 0 et bloc non validé"),
        "{results}"
    );
    assert!(card("E27-001").contains("provisoire : des notes manquent"));
}

#[tokio::test]
async fn attendance_is_frozen_once_the_pv_is_signed() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = sitting(&app).await;
    let slot = page.rsplit('/').next().expect("slot").to_owned();
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session");
    let mut signed: entities::exam_session::ActiveModel = session.into();
    signed.status = Set(entities::enums::SessionStatus::Signed);
    signed.update(&app.db).await.expect("signed");
    let refused = app
        .submit_form(
            &page,
            "/api/certificateur/presence",
            &[
                ("session_id", "1"),
                ("slot_id", &slot),
                ("enrolment_id", "1"),
                ("kind", "present"),
            ],
        )
        .await;
    let html = app.follow(&refused).await;
    assert!(
        html.contains("Le procès-verbal de la session est signé"),
        "{html}"
    );
    assert_eq!(
        session_one(
            AttendanceEvent::find(),
            entities::attendance_event::Column::SlotId,
            &app
        )
        .await,
        0
    );
}
