//! The retention job: per organisation, selects what its policy says is past its limit
//! (`domain::retention`), then — unless it is a dry run — erases, deletes or anonymises
//! exactly that, in one transaction, and records the run in the audit log. The daily
//! run is claimed by inserting the day's row in `maintenance_runs`: with several
//! servers, the first insert wins and the others skip the day.
//!
//! Nothing here touches the audit chain's entries, a PV, a decision, a result or an
//! issued document: the chain refers to accounts and enrolments by id, so anonymising
//! an account or erasing a record's free texts leaves every hash as it was.

use chrono::{DateTime, Utc};
use entities::enums::UserRole;
use entities::{
    accommodation, account_token, attendance_event, email_message, enrolment, exam_session, jury,
    jury_member, jury_seat, login_session, maintenance_run, organisation, schedule_slot, user,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};

use crate::domain::ids::OrganisationId;
use crate::domain::retention::{ANONYMOUS_NAME, Kind, Policy, Report, anonymous_email};

/// The daily job's name in `maintenance_runs`.
pub const JOB: &str = "retention";

/// The organisation's policy (the defaults where it set none).
pub async fn policy(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Policy, DbErr> {
    let stored = organisation::Entity::find_by_id(organisation.0)
        .select_only()
        .column(organisation::Column::RetentionJson)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten();
    Ok(Policy::stored(stored.as_deref()))
}

/// What is past its limit, by id.
#[derive(Default)]
struct Selection {
    accommodations: Vec<i32>,
    attendance: Vec<i32>,
    emails: Vec<i32>,
    users: Vec<i32>,
    jury_members: Vec<i32>,
}

impl Selection {
    fn report(&self) -> Report {
        let count = |ids: &Vec<i32>| ids.len() as u64;
        Report {
            accommodation_details: count(&self.accommodations),
            exam_day_details: count(&self.attendance),
            emails: count(&self.emails),
            inactive_accounts: count(&self.users),
            expired_logins: 0,
        }
    }
}

async fn select(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Selection, DbErr> {
    let org = organisation.0;
    // Accommodation details: sessions published before the cutoff.
    let published: Vec<i32> = exam_session::Entity::find()
        .select_only()
        .column(exam_session::Column::Id)
        .filter(exam_session::Column::OrganisationId.eq(org))
        .filter(
            exam_session::Column::PublishedAt.lt(policy.cutoff(Kind::AccommodationDetails, now)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let accommodations = super::chunked::all(published, |chunk| {
        accommodation::Entity::find()
            .select_only()
            .column(accommodation::Column::Id)
            .join(
                JoinType::InnerJoin,
                accommodation::Relation::Enrolment.def(),
            )
            .filter(enrolment::Column::SessionId.is_in(chunk))
            .filter(accommodation::Column::DetailsErasedAt.is_null())
            .order_by_asc(accommodation::Column::Id)
            .into_tuple::<i32>()
            .all(db)
    })
    .await?;
    // Attendance details: sessions whose last day is before the cutoff (in Paris).
    let ended_before = super::schedule::paris_today(policy.cutoff(Kind::ExamDayDetails, now));
    let ended: Vec<i32> = exam_session::Entity::find()
        .select_only()
        .column(exam_session::Column::Id)
        .filter(exam_session::Column::OrganisationId.eq(org))
        .filter(exam_session::Column::EndsOn.lt(ended_before))
        .into_tuple()
        .all(db)
        .await?;
    let attendance = super::chunked::all(ended, |chunk| {
        attendance_event::Entity::find()
            .select_only()
            .column(attendance_event::Column::Id)
            .join(
                JoinType::InnerJoin,
                attendance_event::Relation::ScheduleSlot.def(),
            )
            .filter(schedule_slot::Column::SessionId.is_in(chunk))
            .filter(attendance_event::Column::DetailsErasedAt.is_null())
            .filter(
                Condition::any()
                    .add(attendance_event::Column::Reason.is_not_null())
                    .add(attendance_event::Column::DocumentRef.is_not_null())
                    .add(attendance_event::Column::Incident.is_not_null()),
            )
            .order_by_asc(attendance_event::Column::Id)
            .into_tuple::<i32>()
            .all(db)
    })
    .await?;
    let emails: Vec<i32> = email_message::Entity::find()
        .select_only()
        .column(email_message::Column::Id)
        .filter(email_message::Column::OrganisationId.eq(org))
        .filter(email_message::Column::CreatedAt.lt(policy.cutoff(Kind::Emails, now)))
        .order_by_asc(email_message::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let (users, jury_members) =
        inactive_accounts(db, org, policy.cutoff(Kind::InactiveAccounts, now)).await?;
    Ok(Selection {
        accommodations,
        attendance,
        emails,
        users,
        jury_members,
    })
}

/// Candidate and juror accounts not used since `cutoff` (never logged in: created
/// before it), except a candidate enrolled since and a juror seated in a jury of a
/// session that ended since; with the pool entries of those jurors.
async fn inactive_accounts(
    db: &impl ConnectionTrait,
    org: i32,
    cutoff: DateTime<Utc>,
) -> Result<(Vec<i32>, Vec<i32>), DbErr> {
    let idle: Vec<(i32, Option<i32>, Option<i32>)> = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::CandidateId,
            user::Column::JuryMemberId,
        ])
        .filter(user::Column::OrganisationId.eq(org))
        .filter(user::Column::Role.is_in([UserRole::Candidate, UserRole::JuryMember]))
        .filter(user::Column::AnonymisedAt.is_null())
        .filter(
            Condition::any()
                .add(user::Column::LastLoginAt.lt(cutoff))
                .add(
                    Condition::all()
                        .add(user::Column::LastLoginAt.is_null())
                        .add(user::Column::CreatedAt.lt(cutoff)),
                ),
        )
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let recently_enrolled: std::collections::HashSet<i32> =
        super::chunked::all(idle.iter().filter_map(|u| u.1), |chunk| {
            enrolment::Entity::find()
                .select_only()
                .column(enrolment::Column::CandidateId)
                .filter(enrolment::Column::CandidateId.is_in(chunk))
                .filter(enrolment::Column::CreatedAt.gte(cutoff))
                .into_tuple::<i32>()
                .all(db)
        })
        .await?
        .into_iter()
        .collect();
    let since = super::schedule::paris_today(cutoff);
    let recently_seated: std::collections::HashSet<i32> =
        super::chunked::all(idle.iter().filter_map(|u| u.2), |chunk| {
            jury_seat::Entity::find()
                .select_only()
                .column(jury_seat::Column::JuryMemberId)
                .join(JoinType::InnerJoin, jury_seat::Relation::Jury.def())
                .join(JoinType::InnerJoin, jury::Relation::ExamSession.def())
                .filter(jury_seat::Column::JuryMemberId.is_in(chunk))
                .filter(exam_session::Column::EndsOn.gte(since))
                .into_tuple::<i32>()
                .all(db)
        })
        .await?
        .into_iter()
        .collect();
    let mut users = Vec::new();
    let mut members = Vec::new();
    for (id, candidate, member) in idle {
        if candidate.is_some_and(|c| recently_enrolled.contains(&c))
            || member.is_some_and(|m| recently_seated.contains(&m))
        {
            continue;
        }
        users.push(id);
        members.extend(member);
    }
    Ok((users, members))
}

/// Expired login sessions, expired account links (a spent one is kept until then, so
/// that it can say it was used), addresses accounts logged in from not seen for 90
/// days, and rate-limit counters every policy has forgotten (their keys hold emails and
/// addresses), of every organisation.
async fn expired_logins(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    dry: bool,
) -> Result<u64, DbErr> {
    let forgotten = now - crate::domain::throttle::longest_memory();
    let counters = Condition::any()
        .add(entities::throttle::Column::LastFailureAt.lt(forgotten))
        .add(entities::throttle::Column::LastFailureAt.is_null());
    let sessions = login_session::Entity::find().filter(login_session::Column::ExpiresAt.lt(now));
    let tokens = account_token::Entity::find().filter(account_token::Column::ExpiresAt.lt(now));
    let unseen = now - chrono::Duration::days(super::users::KNOWN_ADDRESS_DAYS);
    let addresses = entities::known_address::Entity::find()
        .filter(entities::known_address::Column::LastSeenAt.lt(unseen));
    if dry {
        use sea_orm::PaginatorTrait;
        return Ok(sessions.count(db).await?
            + tokens.count(db).await?
            + addresses.count(db).await?
            + entities::throttle::Entity::find()
                .filter(counters)
                .count(db)
                .await?);
    }
    let a = login_session::Entity::delete_many()
        .filter(login_session::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected;
    let b = account_token::Entity::delete_many()
        .filter(account_token::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected
        + entities::known_address::Entity::delete_many()
            .filter(entities::known_address::Column::LastSeenAt.lt(unseen))
            .exec(db)
            .await?
            .rows_affected;
    let c = entities::throttle::Entity::delete_many()
        .filter(counters)
        .exec(db)
        .await?
        .rows_affected;
    Ok(a + b + c)
}

/// What the policy would remove today for one organisation, changing nothing.
pub async fn dry_run(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Report, DbErr> {
    let policy = policy(db, organisation).await?;
    Ok(select(db, organisation, &policy, now).await?.report())
}

async fn each_chunk<F, Fut>(ids: &[i32], mut update: F) -> Result<(), DbErr>
where
    F: FnMut(Vec<i32>) -> Fut,
    Fut: std::future::Future<Output = Result<(), DbErr>>,
{
    for chunk in ids.chunks(super::chunked::CHUNK) {
        update(chunk.to_vec()).await?;
    }
    Ok(())
}

/// Applies the policy to one organisation in one transaction; the run is recorded in
/// the audit log (with what it did, never what it removed) when it changed anything.
pub async fn apply(
    conn: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Report, DbErr> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    let policy = policy(db, organisation).await?;
    let selection = select(db, organisation, &policy, now).await?;
    let report = selection.report();
    each_chunk(&selection.accommodations, |chunk| async move {
        accommodation::Entity::update_many()
            .col_expr(accommodation::Column::Note, Expr::value(""))
            .col_expr(
                accommodation::Column::SupportingReference,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                accommodation::Column::DecisionReason,
                Expr::value(Option::<String>::None),
            )
            .col_expr(accommodation::Column::DetailsErasedAt, Expr::value(now))
            .filter(accommodation::Column::Id.is_in(chunk))
            .exec(db)
            .await
            .map(|_| ())
    })
    .await?;
    each_chunk(&selection.attendance, |chunk| async move {
        attendance_event::Entity::update_many()
            .col_expr(
                attendance_event::Column::Reason,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                attendance_event::Column::DocumentRef,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                attendance_event::Column::Incident,
                Expr::value(Option::<String>::None),
            )
            .col_expr(attendance_event::Column::DetailsErasedAt, Expr::value(now))
            .filter(attendance_event::Column::Id.is_in(chunk))
            .exec(db)
            .await
            .map(|_| ())
    })
    .await?;
    each_chunk(&selection.emails, |chunk| async move {
        email_message::Entity::delete_many()
            .filter(email_message::Column::Id.is_in(chunk))
            .exec(db)
            .await
            .map(|_| ())
    })
    .await?;
    for &id in &selection.users {
        anonymise_account(db, id, now).await?;
    }
    for &id in &selection.jury_members {
        jury_member::Entity::update_many()
            .col_expr(jury_member::Column::FirstName, Expr::value("—"))
            .col_expr(jury_member::Column::LastName, Expr::value(ANONYMOUS_NAME))
            .col_expr(
                jury_member::Column::Email,
                Expr::value(format!("membre-anonymise-{id}@invalid")),
            )
            .filter(jury_member::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    if !report.is_empty() {
        super::audit::append(
            db,
            crate::domain::audit::Record {
                at: now,
                actor: None,
                entity: "retention".to_owned(),
                entity_id: organisation.0.to_string(),
                action: "apply".to_owned(),
                before: Some(policy.to_json()),
                after: serde_json::to_string(&report).ok(),
                reason: None,
                session: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// Anonymises one account: no name, no address, no password, no open session or link;
/// its id stays, so the audit entries it made still verify.
pub async fn anonymise_account(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(anonymous_email(id)))
        .col_expr(user::Column::DisplayName, Expr::value(ANONYMOUS_NAME))
        // Not a hash: no password ever matches it.
        .col_expr(user::Column::PasswordHash, Expr::value("!"))
        .col_expr(user::Column::Active, Expr::value(false))
        .col_expr(user::Column::AnonymisedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    login_session::Entity::delete_many()
        .filter(login_session::Column::UserId.eq(id))
        .exec(db)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::UserId.eq(id))
        .exec(db)
        .await?;
    entities::known_address::Entity::delete_many()
        .filter(entities::known_address::Column::UserId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Every organisation's ids.
async fn organisations(db: &impl ConnectionTrait) -> Result<Vec<i32>, DbErr> {
    organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .order_by_asc(organisation::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// One run over every organisation (dry: counted only). Returns each organisation's
/// report, and the expired logins in the total.
pub async fn run_all(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
    dry: bool,
) -> Result<(Vec<(i32, Report)>, u64), DbErr> {
    let mut reports = Vec::new();
    for org in organisations(db).await? {
        let report = if dry {
            dry_run(db, OrganisationId(org), now).await?
        } else {
            apply(db, OrganisationId(org), now).await?
        };
        reports.push((org, report));
    }
    let expired = expired_logins(db, now, dry).await?;
    Ok((reports, expired))
}

/// The daily run: claims today's row (Europe/Paris), then runs. `None` when another
/// server (or an earlier start) already ran today.
pub async fn run_daily(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Option<Report>, DbErr> {
    let day = super::schedule::paris_today(now)
        .format("%Y-%m-%d")
        .to_string();
    let claimed = maintenance_run::Entity::insert(maintenance_run::ActiveModel {
        job: sea_orm::Set(JOB.to_owned()),
        day: sea_orm::Set(day.clone()),
        started_at: sea_orm::Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([maintenance_run::Column::Job, maintenance_run::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if claimed == 0 {
        return Ok(None);
    }
    let (reports, expired) = run_all(db, now, false).await?;
    let mut total = Report::default();
    for (_, report) in &reports {
        total.add(report);
    }
    total.expired_logins = expired;
    maintenance_run::Entity::update_many()
        .col_expr(maintenance_run::Column::FinishedAt, Expr::value(now))
        .col_expr(
            maintenance_run::Column::Report,
            Expr::value(serde_json::to_string(&total).ok()),
        )
        .filter(maintenance_run::Column::Job.eq(JOB))
        .filter(maintenance_run::Column::Day.eq(day))
        .exec(db)
        .await?;
    Ok(Some(total))
}

/// The last finished daily run: its day (`AAAA-MM-JJ`), when it ended, and the total.
pub async fn last_run(
    db: &impl ConnectionTrait,
) -> Result<Option<(String, DateTime<Utc>, Report)>, DbErr> {
    Ok(maintenance_run::Entity::find()
        .filter(maintenance_run::Column::Job.eq(JOB))
        .filter(maintenance_run::Column::FinishedAt.is_not_null())
        .order_by_desc(maintenance_run::Column::Day)
        .one(db)
        .await?
        .and_then(|run| {
            let report = run
                .report
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default();
            Some((run.day, run.finished_at?, report))
        }))
}
