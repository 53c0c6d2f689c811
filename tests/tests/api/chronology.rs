//! What may happen when: grading from the start of the sitting, closing after the last
//! sitting, a deliberation postponed for a missing member with its new meeting, and
//! jury decisions bound by the certification's rules.

use app::domain::role::Role;
use entities::prelude::{AuditEntry, Jury, Mark, Postponement};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, location, spawn_app};

use crate::deliberation::{PAGE, close};

async fn schedule(app: &TestApp, session: &str, code: &str, date: &str, start: &str) {
    let epreuve = entities::prelude::Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("query")
        .expect("épreuve")
        .id
        .to_string();
    let page = format!("/certificateur/sessions/{session}");
    let scheduled = app
        .submit_form(
            &page,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", session),
                ("epreuve_id", epreuve.as_str()),
                ("date", date),
                ("start", start),
                ("duration", "60"),
                ("room", "Salle 1"),
                ("remote_link", ""),
            ],
        )
        .await;
    assert!(
        !tests::refused(&scheduled),
        "{}",
        app.follow(&scheduled).await
    );
}

#[tokio::test]
async fn a_sheet_is_graded_from_the_start_of_its_sitting() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (enrolment, epreuve, path) = app.demo_grading_of_the_president().await;
    schedule(&app, "1", "B3.E1", "16/03/2027", "09:00").await;
    let claire = app.another_browser();
    claire.login_as(Role::JuryMember).await;
    let fields = |value: &'static str| {
        vec![
            ("session_id", "1".to_owned()),
            ("enrolment_id", enrolment.to_string()),
            ("epreuve_id", epreuve.to_string()),
            ("version", "0".to_owned()),
            ("action", "brouillon".to_owned()),
            ("entries[0][item]", "B3.E1".to_owned()),
            ("entries[0][value]", value.to_owned()),
            ("entries[0][comment]", String::new()),
        ]
    };
    let early: Vec<(&str, String)> = fields("12");
    let early: Vec<(&str, &str)> = early.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = claire
        .submit_form(&path, "/api/jury/enregistrer_fiche", &early)
        .await;
    assert!(tests::refused(&refused));
    let html = claire.follow(&refused).await;
    assert!(
        html.contains("L&#x27;épreuve « B3.E1 » a lieu le 16/03/2027 à 09h00 : sa notation ouvre à son début, pas avant.")
            || html.contains("L'épreuve « B3.E1 » a lieu le 16/03/2027 à 09h00 : sa notation ouvre à son début, pas avant."),
        "{html}"
    );
    assert_eq!(
        Mark::find().count(&app.db).await.expect("count"),
        marks_before(&app).await
    );
    // At the sitting's start (9:00 in Paris is 8:00 UTC in March), the same draft saves.
    use chrono::TimeZone;
    let start = chrono::Utc
        .with_ymd_and_hms(2027, 3, 16, 8, 0, 0)
        .single()
        .expect("date");
    app.clock.advance(start - tests::test_now());
    claire.login_as(Role::JuryMember).await;
    let saved = claire
        .submit_form(&path, "/api/jury/enregistrer_fiche", &early)
        .await;
    assert!(!tests::refused(&saved), "{}", claire.follow(&saved).await);
    // Grading under way: the session says so.
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session");
    assert_eq!(session.status, entities::enums::SessionStatus::Exams);
}

#[tokio::test]
async fn a_seat_reads_invitation_not_sent_until_the_composition_is_validated() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let page = "/certificateur/sessions/1/jury";
    let seated = app
        .submit_form(
            page,
            "/api/certificateur/jury_ajouter",
            &[("session_id", "1"), ("member_id", "2"), ("role", "member")],
        )
        .await;
    assert!(!tests::refused(&seated));
    let html = app.get_html(page).await;
    assert!(html.contains("Invitation non envoyée"), "{html}");
    assert!(!html.contains("Invitation en attente"));
}

/// Marks of the demo (the November session is graded).
async fn marks_before(app: &TestApp) -> u64 {
    Mark::find()
        .filter(entities::mark::Column::Status.ne(entities::enums::MarkStatus::Draft))
        .count(&app.db)
        .await
        .expect("count")
        + Mark::find()
            .filter(entities::mark::Column::Status.eq(entities::enums::MarkStatus::Draft))
            .count(&app.db)
            .await
            .expect("count")
}

#[tokio::test]
async fn the_jury_closes_only_after_the_last_sitting_and_postpones_for_a_missing_member() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    // The November session's sitting moved to tomorrow 14:00 (Paris), as if late.
    {
        use chrono::TimeZone;
        use sea_orm::{ActiveModelTrait, Set};
        let slot = entities::prelude::ScheduleSlot::find()
            .filter(entities::schedule_slot::Column::SessionId.eq(2))
            .one(&certifier.db)
            .await
            .expect("query")
            .expect("slot");
        let mut slot: entities::schedule_slot::ActiveModel = slot.into();
        slot.starts_at = Set(chrono::Utc
            .with_ymd_and_hms(2026, 11, 23, 13, 0, 0)
            .single()
            .expect("date"));
        slot.duration_minutes = Set(60);
        slot.update(&certifier.db).await.expect("update");
    }
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let early = close(&claire, &["1", "2", "3", "4", "5"]).await;
    let html = claire.follow(&early).await;
    assert!(
        html.contains("La dernière épreuve de la session se termine le 23/11/2026 à 15h00"),
        "{html}"
    );
    certifier
        .clock
        .advance(chrono::Duration::days(1) + chrono::Duration::hours(6));
    certifier.login_as(Role::CertifierAdmin).await;
    claire.login_as(Role::JuryMember).await;

    // Thomas (4) absent: template E needs every voting member. Closing says to postpone.
    let refused = close(&claire, &["1", "2", "3", "5"]).await;
    let html = claire.follow(&refused).await;
    assert!(html.contains("Reportez la délibération"), "{html}");
    // A postponement without a valid date: refused, nothing recorded.
    let postpone = |date: &'static str, time: &'static str, reason: &'static str| {
        let claire = claire.clone();
        async move {
            claire
                .submit_form(
                    PAGE,
                    "/api/deliberation/reporter",
                    &[
                        ("session_id", "2"),
                        ("present[0]", "1"),
                        ("present[1]", "2"),
                        ("present[2]", "3"),
                        ("present[3]", "5"),
                        ("date", date),
                        ("time", time),
                        ("reason", reason),
                    ],
                )
                .await
        }
    };
    let bad = postpone("31/02/2026", "25:00", "").await;
    let html = claire.follow(&bad).await;
    assert!(
        html.contains("Date de la nouvelle réunion « 31/02/2026 » invalide"),
        "{html}"
    );
    assert!(html.contains("Le motif du report est obligatoire"));
    assert_eq!(
        Postponement::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    let sent_before = certifier.mailer.sent().len();
    let done = postpone(
        "30/11/2026",
        "10:00",
        "Thomas Garnier absent (maladie), présence requise.",
    )
    .await;
    assert_eq!(location(&done), PAGE);
    assert_eq!(
        Postponement::find()
            .count(&certifier.db)
            .await
            .expect("count"),
        1
    );
    // Shown on the page for the jury and the certifier, emailed to every member, audited.
    let shown = "nouvelle réunion le 30/11/2026 à 10h00";
    assert!(claire.get_html(PAGE).await.contains(shown));
    assert!(
        certifier
            .get_html("/certificateur/sessions/2/deliberation")
            .await
            .contains(shown)
    );
    let emails: Vec<_> = certifier
        .mailer
        .sent()
        .into_iter()
        .skip(sent_before)
        .collect();
    assert_eq!(emails.len(), 5, "every seated member");
    assert!(
        emails
            .iter()
            .all(|e| e.subject.starts_with("Délibération reportée"))
    );
    assert!(
        emails[0]
            .text
            .contains("Nouvelle réunion le 30/11/2026 à 10h00.")
    );
    assert_eq!(
        AuditEntry::find()
            .filter(entities::audit_entry::Column::Action.eq("postpone_deliberation"))
            .count(&certifier.db)
            .await
            .expect("count"),
        1
    );
    // Before the new meeting the jury does not close; at it, with everyone, it does.
    let waiting = close(&claire, &["1", "2", "3", "4", "5"]).await;
    assert!(
        claire
            .follow(&waiting)
            .await
            .contains("La délibération est reportée au 30/11/2026 à 10h00")
    );
    certifier.clock.advance(chrono::Duration::days(7));
    claire.login_as(Role::JuryMember).await;
    let closed = close(&claire, &["1", "2", "3", "4", "5"]).await;
    assert_eq!(location(&closed), PAGE);
    let juries = Jury::find().all(&certifier.db).await.expect("juries");
    assert!(juries.iter().any(|j| j.closed_at.is_some()));
}

#[tokio::test]
async fn a_bloc_the_candidate_never_sat_cannot_be_validated_by_the_jury() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    certifier.compose_demo_jury().await;
    // Nobody of the March session sat anything yet.
    let page = "/certificateur/sessions/1/deliberation";
    let refused = certifier
        .submit_form(
            page,
            "/api/deliberation/decider",
            &[
                ("session_id", "1"),
                ("enrolment_id", "1"),
                ("decision", "blocs"),
                ("blocs[0]", "RNCP36390BC01"),
                ("reason", "Le jury valide ce bloc au vu du dossier."),
            ],
        )
        .await;
    assert!(tests::refused(&refused));
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("Le bloc « RNCP36390BC01 » ne peut pas être validé : le candidat n"),
        "{html}"
    );
    assert_eq!(
        entities::prelude::Decision::find()
            .filter(entities::decision::Column::EnrolmentId.eq(1))
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
}

#[tokio::test]
async fn a_link_declared_after_allocation_moves_the_gradings_voids_drafts_and_tells_the_certifier()
{
    use entities::{grading_allocation, jury_seat};
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    certifier.compose_demo_jury().await;
    let allocated = certifier
        .submit_form(
            "/certificateur/sessions/1/jury",
            "/api/certificateur/jury_repartir",
            &[("session_id", "1")],
        )
        .await;
    assert!(!tests::refused(&allocated));
    // Karim (member 2) grades one of his candidates as a draft.
    let his = grading_allocation::Entity::find()
        .filter(grading_allocation::Column::JuryMemberId.eq(2))
        .all(&certifier.db)
        .await
        .expect("query");
    let row = his.first().cloned().expect("an allocation of Karim");
    let karim = crate::deliberation::member(&certifier, "karim.benali@demo.jury.fr").await;
    let sheet = format!(
        "/jury/sessions/1/candidats/{}/epreuves/{}",
        row.enrolment_id, row.epreuve_id
    );
    let page = karim.get_html(&sheet).await;
    assert!(page.contains("<form"), "{page}");
    let item = entities::prelude::Epreuve::find_by_id(row.epreuve_id)
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("épreuve")
        .code;
    let (enrolment, epreuve) = (row.enrolment_id.to_string(), row.epreuve_id.to_string());
    let drafted = karim
        .submit_form(
            &sheet,
            "/api/jury/enregistrer_fiche",
            &[
                ("session_id", "1"),
                ("enrolment_id", &enrolment),
                ("epreuve_id", &epreuve),
                ("version", "0"),
                ("action", "brouillon"),
                ("entries[0][item]", &item),
                ("entries[0][value]", "11"),
                ("entries[0][comment]", ""),
            ],
        )
        .await;
    let drafts_before = Mark::find()
        .filter(entities::mark::Column::JuryMemberId.eq(2))
        .filter(entities::mark::Column::EnrolmentId.eq(row.enrolment_id))
        .count(&certifier.db)
        .await
        .expect("count");
    assert!(
        !tests::refused(&drafted) && drafts_before > 0,
        "{}",
        karim.follow(&drafted).await
    );
    // Karim declares, through his invitation link, that the candidate was his colleague.
    let token = jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryMemberId.eq(2))
        .filter(jury_seat::Column::InvitationToken.is_not_null())
        .one(&certifier.db)
        .await
        .expect("query")
        .and_then(|s| s.invitation_token)
        .expect("token");
    let path = format!("/invitation/{token}");
    let sent_before = certifier.mailer.sent().len();
    let declared = karim
        .submit_form(
            &path,
            "/api/invitation/declarer_lien",
            &[
                ("token", token.as_str()),
                ("enrolment_id", &enrolment),
                ("training_group", ""),
                ("kind", "employer"),
                ("note", "Ancienne collègue"),
            ],
        )
        .await;
    assert_eq!(location(&declared), path);
    // His gradings of that candidate went to another grader; his draft no longer counts.
    let now_his = grading_allocation::Entity::find()
        .filter(grading_allocation::Column::JuryMemberId.eq(2))
        .filter(grading_allocation::Column::EnrolmentId.eq(row.enrolment_id))
        .count(&certifier.db)
        .await
        .expect("count");
    assert_eq!(now_his, 0, "moved to another grader");
    let moved = grading_allocation::Entity::find_by_id(row.id)
        .one(&certifier.db)
        .await
        .expect("query")
        .expect("kept");
    assert_ne!(moved.jury_member_id, 2);
    assert_eq!(
        Mark::find()
            .filter(entities::mark::Column::JuryMemberId.eq(2))
            .filter(entities::mark::Column::EnrolmentId.eq(row.enrolment_id))
            .count(&certifier.db)
            .await
            .expect("count"),
        0
    );
    assert!(
        AuditEntry::find()
            .filter(entities::audit_entry::Column::Action.eq("void_draft"))
            .count(&certifier.db)
            .await
            .expect("count")
            >= 1
    );
    assert_eq!(karim.get(&sheet).await.status(), 404);
    // The certifier is emailed what moved.
    let emails: Vec<_> = certifier
        .mailer
        .sent()
        .into_iter()
        .skip(sent_before)
        .collect();
    let notice = emails
        .iter()
        .find(|e| e.to == app::ssr::demo::demo_account(Role::CertifierAdmin).email)
        .expect("email to the certifier");
    assert!(notice.subject.starts_with("Conflit d'intérêts déclaré"));
    assert!(
        notice.text.contains("Karim Benali a déclaré un lien avec"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("Réattribuée : "), "{}", notice.text);
    assert!(notice.text.contains("brouillon(s)"));
}
