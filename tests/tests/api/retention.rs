//! The retention job on the demo database with data on both sides of each limit: the
//! dry run changes nothing and counts what the run then does — accommodation details
//! of a session published long ago erased, a recent one's kept; absence reasons of a
//! session ended more than a year ago erased, the November session's kept; old email
//! logs deleted; an idle juror's account anonymised, a recent one and an idle
//! candidate enrolled since kept — and afterwards the audit chain still verifies and the
//! signed PV is served unchanged. With several servers the day's run happens once.

use app::domain::ids::OrganisationId;
use app::domain::retention::{ANONYMOUS_NAME, Report};
use app::ssr::repo::retention;
use chrono::{DateTime, TimeZone, Utc};
use entities::enums::{
    AccommodationKind, AccommodationStatus, AttendanceKind, EmailStatus, UserRole,
};
use entities::prelude::*;
use entities::{accommodation, attendance_event, email_message, enrolment, schedule_slot, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use tests::{TestApp, spawn_app};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0)
        .single()
        .expect("date")
}

/// The instant the job runs at: June 2027, more than a year after the May 2026 session
/// and seven months after the November one.
fn june_2027() -> DateTime<Utc> {
    at(2027, 6, 10)
}

/// One enrolment of a session and one of its sittings (one is added to a session held
/// without a timetable, as the May one was).
async fn enrolment_and_slot(app: &TestApp, session: i32) -> (i32, i32) {
    let enrolled = Enrolment::find()
        .filter(enrolment::Column::SessionId.eq(session))
        .order_by_asc(enrolment::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("an enrolment");
    let slot = ScheduleSlot::find()
        .filter(schedule_slot::Column::SessionId.eq(session))
        .order_by_asc(schedule_slot::Column::Id)
        .one(&app.db)
        .await
        .expect("query");
    let slot = match slot {
        Some(slot) => slot.id,
        None => {
            let any = ScheduleSlot::find()
                .one(&app.db)
                .await
                .expect("query")
                .expect("a sitting");
            schedule_slot::ActiveModel {
                session_id: Set(session),
                epreuve_id: Set(any.epreuve_id),
                starts_at: Set(at(2026, 5, 5)),
                duration_minutes: Set(120),
                remote: Set(false),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .expect("sitting")
            .id
        }
    };
    (enrolled.id, slot)
}

async fn request(app: &TestApp, enrolment: i32) -> i32 {
    accommodation::ActiveModel {
        enrolment_id: Set(enrolment),
        kind: Set(AccommodationKind::TiersTemps),
        note: Set("Notification MDPH".to_owned()),
        supporting_reference: Set(Some("Avis du médecin du 12/03/2026".to_owned())),
        status: Set(AccommodationStatus::Granted),
        decision_reason: Set(Some("Accordé sur avis médical".to_owned())),
        requested_at: Set(at(2026, 3, 1)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("request")
    .id
}

async fn absence(app: &TestApp, (enrolment, slot): (i32, i32)) -> i32 {
    attendance_event::ActiveModel {
        enrolment_id: Set(enrolment),
        slot_id: Set(slot),
        kind: Set(AttendanceKind::AbsentJustified),
        reason: Set(Some("Hospitalisation".to_owned())),
        document_ref: Set(Some("CM-0001".to_owned())),
        identity_checked: Set(false),
        incident: Set(None),
        recorded_by: Set(None),
        recorded_at: Set(at(2026, 5, 5)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("absence")
    .id
}

async fn email(app: &TestApp, sent: DateTime<Utc>) -> i32 {
    email_message::ActiveModel {
        organisation_id: Set(Some(1)),
        recipient: Set("ancien@exemple.fr".to_owned()),
        subject: Set("Convocation".to_owned()),
        kind: Set("convocation".to_owned()),
        status: Set(EmailStatus::Sent),
        created_at: Set(sent),
        sent_at: Set(Some(sent)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("email")
    .id
}

async fn juror_account(app: &TestApp, email: &str, last_login: DateTime<Utc>) -> i32 {
    user::ActiveModel {
        organisation_id: Set(Some(1)),
        email: Set(email.to_owned()),
        display_name: Set("Juré Ancien".to_owned()),
        password_hash: Set("x".to_owned()),
        role: Set(UserRole::JuryMember),
        active: Set(true),
        created_at: Set(at(2023, 1, 1)),
        last_login_at: Set(Some(last_login)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("account")
    .id
}

async fn accommodation_row(app: &TestApp, id: i32) -> accommodation::Model {
    Accommodation::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row")
}

async fn attendance_row(app: &TestApp, id: i32) -> attendance_event::Model {
    AttendanceEvent::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row")
}

async fn user_row(app: &TestApp, id: i32) -> user::Model {
    User::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("row")
}

#[tokio::test]
async fn the_job_removes_what_is_past_each_limit_and_keeps_the_rest_and_the_proofs() {
    let app = spawn_app().await;
    // May 2026 (session 3): ended 07/05/2026, published 26/05/2026. November 2026
    // (session 2): ended 06/11/2026, not published.
    let may = enrolment_and_slot(&app, 3).await;
    let november = enrolment_and_slot(&app, 2).await;
    let old_request = request(&app, may.0).await;
    let pending_request = request(&app, november.0).await;
    let old_absence = absence(&app, may).await;
    let recent_absence = absence(&app, november).await;
    let old_email = email(&app, at(2026, 1, 5)).await;
    let recent_email = email(&app, at(2027, 1, 5)).await;
    let idle_juror = juror_account(&app, "jure.ancien@exemple.fr", at(2023, 6, 1)).await;
    let active_juror = juror_account(&app, "jure.recent@exemple.fr", at(2025, 1, 1)).await;
    // The demo candidate has not logged in for three years, but she enrolled since.
    let camille = User::find()
        .filter(user::Column::Email.eq("candidat@demo.jury.fr"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("candidate");
    user::ActiveModel {
        id: Set(camille.id),
        last_login_at: Set(Some(at(2024, 1, 1))),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .expect("idle");

    app.login_as(app::domain::role::Role::CertifierAdmin).await;
    let pv_before = app.get("/certificateur/sessions/3/pv/pv.csv").await;
    assert_eq!(pv_before.status(), 200);
    let pv_before = pv_before.bytes().await.expect("pv");
    let entries_before = AuditEntry::find().all(&app.db).await.expect("audit").len();

    // The dry run (the CLI's) counts and changes nothing.
    let lines = server::cli::retention(&app.config, true, june_2027())
        .await
        .expect("dry run");
    assert!(lines[0].starts_with("Simulation"), "{lines:?}");
    let dry = retention::dry_run(&app.db, OrganisationId(1), june_2027())
        .await
        .expect("dry run");
    // This request and the demo's tiers-temps granted in May.
    assert_eq!(dry.accommodation_details, 2, "{dry:?}");
    assert_eq!(dry.exam_day_details, 1, "{dry:?}");
    assert_eq!(dry.emails, 1, "{dry:?}");
    assert_eq!(dry.inactive_accounts, 1, "{dry:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Journal des courriels envoyés : 1")),
        "{lines:?}"
    );
    assert_eq!(
        accommodation_row(&app, old_request).await.note,
        "Notification MDPH"
    );
    assert!(attendance_row(&app, old_absence).await.reason.is_some());
    assert!(Email(old_email).exists(&app).await);
    assert_eq!(
        user_row(&app, idle_juror).await.email,
        "jure.ancien@exemple.fr"
    );
    assert_eq!(
        AuditEntry::find().all(&app.db).await.expect("audit").len(),
        entries_before
    );

    // The run does exactly what the dry run said.
    let report = retention::apply(&app.db, OrganisationId(1), june_2027())
        .await
        .expect("applied");
    assert_eq!(report, dry);

    let erased = accommodation_row(&app, old_request).await;
    assert_eq!(erased.note, "");
    assert_eq!(erased.supporting_reference, None);
    assert_eq!(erased.decision_reason, None);
    assert_eq!(erased.details_erased_at, Some(june_2027()));
    // What the exam's conditions rest on stays.
    assert_eq!(erased.kind, AccommodationKind::TiersTemps);
    assert_eq!(erased.status, AccommodationStatus::Granted);
    let kept = accommodation_row(&app, pending_request).await;
    assert_eq!(kept.note, "Notification MDPH");
    assert!(kept.supporting_reference.is_some() && kept.details_erased_at.is_none());

    let erased = attendance_row(&app, old_absence).await;
    assert_eq!((erased.reason, erased.document_ref), (None, None));
    assert_eq!(erased.kind, AttendanceKind::AbsentJustified);
    let kept = attendance_row(&app, recent_absence).await;
    assert_eq!(kept.reason.as_deref(), Some("Hospitalisation"));

    assert!(!Email(old_email).exists(&app).await);
    assert!(Email(recent_email).exists(&app).await);

    let anonymised = user_row(&app, idle_juror).await;
    assert_eq!(anonymised.display_name, ANONYMOUS_NAME);
    assert!(anonymised.email.ends_with("@invalid"));
    assert!(!anonymised.active && anonymised.anonymised_at.is_some());
    assert_eq!(
        user_row(&app, active_juror).await.display_name,
        "Juré Ancien"
    );
    assert_eq!(
        user_row(&app, camille.id).await.email,
        "candidat@demo.jury.fr"
    );

    // The proofs: one more audit entry (the run, with its counts), the chain verifies,
    // the signed PV is served byte for byte.
    let run = AuditEntry::find()
        .filter(entities::audit_entry::Column::Entity.eq("retention"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the run is audited");
    assert!(
        !run.after_json
            .unwrap_or_default()
            .contains("Hospitalisation")
    );
    server::cli::verify_audit(&app.config)
        .await
        .expect("the chain still verifies");
    let pv_after = app
        .get("/certificateur/sessions/3/pv/pv.csv")
        .await
        .bytes()
        .await
        .expect("pv");
    assert_eq!(pv_before, pv_after);
    let pdf = app.get("/certificateur/sessions/3/pv/pv.pdf").await;
    assert_eq!(pdf.status(), 200);

    // Nothing left to do the same day.
    let again = retention::apply(&app.db, OrganisationId(1), june_2027())
        .await
        .expect("again");
    assert_eq!(again, Report::default());
}

#[tokio::test]
async fn with_several_servers_the_days_run_happens_once() {
    let app = spawn_app().await;
    // Rate-limit counters hold an email and an address: one every policy forgot, one
    // still counting.
    for (key, last) in [
        (
            "connexion:ancien@exemple.fr@192.0.2.1",
            june_2027() - chrono::Duration::days(2),
        ),
        (
            "connexion:recent@exemple.fr@192.0.2.2",
            june_2027() - chrono::Duration::hours(2),
        ),
    ] {
        entities::throttle::ActiveModel {
            key: Set(key.to_owned()),
            failures: Set(3),
            last_failure_at: Set(Some(last)),
        }
        .insert(&app.db)
        .await
        .expect("counter");
    }
    let (first, second) = tokio::join!(
        retention::run_daily(&app.db, june_2027()),
        retention::run_daily(&app.db, june_2027()),
    );
    let runs = [first.expect("run"), second.expect("run")];
    assert_eq!(runs.iter().filter(|r| r.is_some()).count(), 1, "{runs:?}");
    let counters: Vec<String> = entities::prelude::Throttle::find()
        .all(&app.db)
        .await
        .expect("counters")
        .into_iter()
        .map(|t| t.key)
        .collect();
    assert!(counters.contains(&"connexion:recent@exemple.fr@192.0.2.2".to_owned()));
    assert!(
        !counters.iter().any(|k| k.contains("ancien@")),
        "{counters:?}"
    );
    // The next day is another run.
    let next = retention::run_daily(&app.db, june_2027() + chrono::Duration::days(1))
        .await
        .expect("run");
    assert!(next.is_some());
    let (day, _, _) = retention::last_run(&app.db)
        .await
        .expect("query")
        .expect("a finished run");
    assert_eq!(day, "2027-06-11");
}

/// An email log entry, by id.
struct Email(i32);

impl Email {
    async fn exists(&self, app: &TestApp) -> bool {
        EmailMessage::find_by_id(self.0)
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
    }
}
