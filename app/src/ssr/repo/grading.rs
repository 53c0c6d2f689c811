//! A grader's sheet for one candidate × épreuve: loaded only through an allocation,
//! saved with a version check (two people saving at once never overwrite each other
//! silently), every change kept in the mark history and the audit log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::MarkStatus;
use entities::{
    candidate, certification_version, enrolment, epreuve, exam_session, grading_allocation, mark,
    mark_version,
};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::api::grading::{GradingSheet, SheetStatus};
use crate::domain::audit::Record;
use crate::domain::grading::{Entry, Form, Graded, form_for};
use crate::domain::ids::SessionId;
use crate::domain::scoring::Grid;
use crate::domain::scoring::input::ComponentInput;

/// Why a save is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// Someone saved the sheet meanwhile.
    Stale,
    /// The PV is signed: nothing changes any more.
    Frozen(&'static str),
    Submitted,
    /// The épreuve's sitting has not started yet.
    TooEarly(String),
    Invalid(Vec<(String, String)>),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

struct Context {
    grid: Grid,
    form: Form,
    epreuve: epreuve::Model,
    enrolment: enrolment::Model,
    candidate: candidate::Model,
}

async fn context(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
    enrolment_id: i32,
    epreuve_id: i32,
) -> Result<Option<Context>, DbErr> {
    if !allocated(db, member, enrolment_id, epreuve_id).await? {
        return Ok(None);
    }
    let Some((enrolment, Some(candidate))) = enrolment::Entity::find_by_id(enrolment_id)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok(None);
    };
    let Some(epreuve) = epreuve::Entity::find_by_id(epreuve_id)
        .filter(epreuve::Column::VersionId.eq(model.version_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(version) = certification_version::Entity::find_by_id(model.version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let Some(form) = form_for(&grid, &epreuve.code) else {
        return Ok(None);
    };
    Ok(Some(Context {
        grid,
        form,
        epreuve,
        enrolment,
        candidate,
    }))
}

/// Whether the jury member grades this candidate at this épreuve.
/// Whether this candidate × épreuve is the member's to grade: allocated to them, and no
/// conflict of interest with the candidate — a conflict recorded after the allocation
/// takes the candidate away at once.
async fn allocated(
    db: &impl ConnectionTrait,
    member: i32,
    enrolment_id: i32,
    epreuve_id: i32,
) -> Result<bool, DbErr> {
    let allocation = grading_allocation::Entity::find()
        .filter(grading_allocation::Column::JuryMemberId.eq(member))
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment_id))
        .filter(grading_allocation::Column::EpreuveId.eq(epreuve_id))
        .one(db)
        .await?;
    if allocation.is_none() {
        return Ok(false);
    }
    Ok(!super::juries::in_conflict(db, member, enrolment_id).await?)
}

/// Whether the member accepted their invitation to the session's jury (a member
/// grades only then).
async fn accepted(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
) -> Result<bool, DbErr> {
    use entities::enums::InvitationStatus;
    let juries: Vec<i32> = entities::jury::Entity::find()
        .filter(entities::jury::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    Ok(entities::jury_seat::Entity::find()
        .filter(entities::jury_seat::Column::JuryId.is_in(juries))
        .filter(entities::jury_seat::Column::JuryMemberId.eq(member))
        .filter(entities::jury_seat::Column::Invitation.eq(InvitationStatus::Accepted))
        .one(db)
        .await?
        .is_some())
}

/// What a member whose invitation is still pending reads when they try to grade.
pub const INVITATION_PENDING: &str = "Acceptez d'abord votre invitation au jury de cette session (lien reçu par courriel) : la correction s'ouvre une fois l'invitation acceptée.";

async fn own_marks(
    db: &impl ConnectionTrait,
    member: i32,
    ctx: &Context,
) -> Result<Vec<mark::Model>, DbErr> {
    mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(ctx.enrolment.id))
        .filter(mark::Column::EpreuveId.eq(ctx.epreuve.id))
        .filter(mark::Column::JuryMemberId.eq(member))
        .all(db)
        .await
}

/// The candidate's submitted results at the other épreuves, for the preview.
async fn other_results(
    db: &impl ConnectionTrait,
    ctx: &Context,
) -> Result<Vec<ComponentInput>, DbErr> {
    let marks = mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(ctx.enrolment.id))
        .filter(mark::Column::EpreuveId.ne(ctx.epreuve.id))
        .filter(mark::Column::Status.ne(MarkStatus::Draft))
        .all(db)
        .await?;
    let epreuves = super::chunked::all(marks.iter().map(|m| m.epreuve_id), |chunk| {
        epreuve::Entity::find()
            .filter(epreuve::Column::Id.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut out: Vec<ComponentInput> = Vec::new();
    for e in epreuves {
        let Some(form) = form_for(&ctx.grid, &e.code) else {
            continue;
        };
        // What stands for another épreuve in the preview, and nothing of any grader's
        // own sheet: a double-marked épreuve counts only once agreed (mean or
        // moderation, the marks without a grader); a single-marked one by its
        // submitted sheet. Comments stay with their sheets.
        let first = marks
            .iter()
            .filter(|m| m.epreuve_id == e.id)
            .filter_map(|m| m.jury_member_id)
            .min();
        let stands = |m: &&mark::Model| {
            m.epreuve_id == e.id
                && if e.double_marking {
                    m.jury_member_id.is_none()
                } else {
                    m.jury_member_id == first
                }
        };
        let graded: Vec<Graded> = marks
            .iter()
            .filter(stands)
            .map(|m| Graded {
                comment: String::new(),
                ..graded_of(m)
            })
            .collect();
        if graded.is_empty() {
            continue;
        }
        out.push(crate::domain::grading::component_input(&form, &graded));
    }
    Ok(out)
}

fn graded_of(m: &mark::Model) -> Graded {
    Graded {
        item: m.item_code.clone(),
        points: m.points_hundredths.map(|h| Decimal::new(h, 2).normalize()),
        met: m.met,
        comment: m.comment.clone(),
    }
}

fn entries_of(marks: &[mark::Model]) -> Vec<Entry> {
    marks
        .iter()
        .map(|m| Entry {
            item: m.item_code.clone(),
            value: match (m.points_hundredths, m.met) {
                (Some(h), _) => crate::domain::format::decimal_fr(Decimal::new(h, 2)),
                (None, Some(true)) => "oui".to_owned(),
                (None, Some(false)) => "non".to_owned(),
                (None, None) => String::new(),
            },
            comment: m.comment.clone(),
        })
        .collect()
}

/// Where a grader's sheet stands, and its version.
pub fn status_of(marks: &[mark::Model]) -> (SheetStatus, i32) {
    let version = marks.iter().map(|m| m.version).max().unwrap_or(0);
    let status = if marks.is_empty() {
        SheetStatus::ToGrade
    } else if marks.iter().any(|m| m.status == MarkStatus::Locked) {
        SheetStatus::Locked
    } else if marks.iter().all(|m| m.status == MarkStatus::Submitted) {
        SheetStatus::Submitted
    } else {
        SheetStatus::Draft
    };
    (status, version)
}

/// The sheet of a grader, or `None` when this candidate × épreuve is not allocated to
/// them.
pub async fn sheet(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
    enrolment_id: i32,
    epreuve_id: i32,
    today: chrono::NaiveDate,
) -> Result<Option<GradingSheet>, DbErr> {
    let Some(ctx) = context(db, member, session, enrolment_id, epreuve_id).await? else {
        return Ok(None);
    };
    let marks = own_marks(db, member, &ctx).await?;
    let (status, version) = status_of(&marks);
    let others = other_results(db, &ctx).await?;
    let graded: Vec<Graded> = marks.iter().map(graded_of).collect();
    let preview = crate::domain::grading::preview(&ctx.grid, &ctx.form, &graded, &others, today);
    Ok(Some(GradingSheet {
        session_id: session.0,
        enrolment_id,
        epreuve_id,
        candidate: format!(
            "{} — {} {}{}",
            ctx.enrolment.candidate_number,
            ctx.candidate.last_name.to_uppercase(),
            ctx.candidate.first_name,
            ctx.candidate
                .category
                .as_deref()
                .map(|c| format!(
                    " (catégorie : {})",
                    crate::domain::templates::category_label(c)
                ))
                .unwrap_or_default()
        ),
        epreuve: crate::domain::format::code_title(&ctx.epreuve.code, &ctx.epreuve.title),
        form: ctx.form.clone(),
        grid: ctx.grid.clone(),
        others,
        entries: entries_of(&marks),
        status,
        version,
        preview,
        today,
    }))
}

fn snapshot(graded: &[Graded], status: &str) -> String {
    serde_json::json!({ "status": status, "items": graded }).to_string()
}

/// Whether a failed transaction lost a race another writer won (audit chain link taken,
/// database busy, serialization failure): trying again is safe.
fn lost_race(err: &Refusal) -> bool {
    let Refusal::Db(err) = err else {
        return false;
    };
    let text = err.to_string();
    text.contains("prev_hash")
        || text.contains("database is locked")
        || text.contains("could not serialize")
        || text.contains("deadlock detected")
}

/// Saves a draft, or submits (see `save_once`), trying again a few times when a
/// concurrent writer won the race for the audit chain.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    db: &sea_orm::DatabaseConnection,
    who: (i32, i32),
    sheet: (SessionId, i32, i32),
    (entries, competences): (&[Entry], &[String]),
    expected: i32,
    submit: bool,
    now: DateTime<Utc>,
) -> Result<i32, Refusal> {
    let mut attempt = 0;
    loop {
        match save_once(
            db,
            who,
            sheet,
            (entries, competences),
            expected,
            submit,
            now,
        )
        .await
        {
            Err(err) if attempt < 8 && lost_race(&err) => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(2 << attempt.min(6))).await;
            }
            outcome => return outcome,
        }
    }
}

/// Saves a draft, or submits. `expected` is the version the grader loaded.
#[allow(clippy::too_many_arguments)]
async fn save_once(
    db: &sea_orm::DatabaseConnection,
    (member, user): (i32, i32),
    (session, enrolment_id, epreuve_id): (SessionId, i32, i32),
    (entries, competences): (&[Entry], &[String]),
    expected: i32,
    submit: bool,
    now: DateTime<Utc>,
) -> Result<i32, Refusal> {
    // What does not change while a session is graded (its version's grid, the
    // candidate) is read and checked before the writers' turn is taken…
    let Some(ctx) = context(db, member, session, enrolment_id, epreuve_id).await? else {
        return Err(Refusal::NotFound);
    };
    let mut entries = entries.to_vec();
    crate::domain::grading::tick_competences(&ctx.form, &mut entries, competences);
    let graded =
        crate::domain::grading::check(&ctx.form, &entries, submit).map_err(Refusal::Invalid)?;
    let (txn, _turn) = super::audit::begin_write(db).await?;
    // … what may have changed meanwhile (the allocation, the signature) is read in it.
    if !allocated(&txn, member, enrolment_id, epreuve_id).await? {
        return Err(Refusal::NotFound);
    }
    if !accepted(&txn, member, session).await? {
        return Err(Refusal::Frozen(INVITATION_PENDING));
    }
    if let Some(why) = super::sessions::frozen(&txn, session).await? {
        return Err(Refusal::Frozen(why));
    }
    let sitting = super::schedule::first_sitting(&txn, session, epreuve_id).await?;
    crate::domain::chronology::grading_open(
        &ctx.epreuve.code,
        sitting.map(super::schedule::to_local),
        super::schedule::to_local(now),
    )
    .map_err(Refusal::TooEarly)?;
    let marks = own_marks(&txn, member, &ctx).await?;
    super::sessions::advance_status(&txn, session, entities::enums::SessionStatus::Exams).await?;
    let (status, version) = status_of(&marks);
    if matches!(status, SheetStatus::Submitted | SheetStatus::Locked) {
        return Err(Refusal::Submitted);
    }
    if version != expected {
        return Err(Refusal::Stale);
    }
    let next = version + 1;
    let new_status = if submit {
        MarkStatus::Submitted
    } else {
        MarkStatus::Draft
    };
    let before = (!marks.is_empty()).then(|| {
        snapshot(
            &marks.iter().map(graded_of).collect::<Vec<_>>(),
            if status == SheetStatus::Draft {
                "draft"
            } else {
                "none"
            },
        )
    });
    for g in &graded {
        let points = g.points.map(|p| {
            use rust_decimal::prelude::ToPrimitive;
            (p * Decimal::ONE_HUNDRED).round().to_i64().unwrap_or(0)
        });
        let saved = match marks.iter().find(|m| m.item_code == g.item) {
            Some(existing) => {
                let mut model: mark::ActiveModel = existing.clone().into();
                model.points_hundredths = Set(points);
                model.met = Set(g.met);
                model.comment = Set(g.comment.clone());
                model.status = Set(new_status);
                model.version = Set(next);
                model.updated_at = Set(now);
                model.updated_by = Set(Some(user));
                model.update(&txn).await?
            }
            None => {
                mark::ActiveModel {
                    enrolment_id: Set(ctx.enrolment.id),
                    epreuve_id: Set(ctx.epreuve.id),
                    jury_member_id: Set(Some(member)),
                    item_code: Set(g.item.clone()),
                    points_hundredths: Set(points),
                    met: Set(g.met),
                    comment: Set(g.comment.clone()),
                    status: Set(new_status),
                    version: Set(next),
                    updated_at: Set(now),
                    updated_by: Set(Some(user)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        mark_version::ActiveModel {
            mark_id: Set(saved.id),
            version: Set(next),
            points_hundredths: Set(points),
            met: Set(g.met),
            comment: Set(g.comment.clone()),
            status: Set(new_status),
            changed_by: Set(Some(user)),
            changed_at: Set(now),
            reason: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Items the save did not carry (a general comment left out) follow the sheet's
    // status and version, so that the sheet stays whole.
    for existing in marks
        .iter()
        .filter(|m| !graded.iter().any(|g| g.item == m.item_code))
    {
        let mut model: mark::ActiveModel = existing.clone().into();
        model.status = Set(new_status);
        model.version = Set(next);
        model.updated_at = Set(now);
        model.updated_by = Set(Some(user));
        model.update(&txn).await?;
    }
    if submit && ctx.epreuve.double_marking {
        try_agree(&txn, &ctx, user, now).await?;
    }
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor: Some(user),
            entity: "mark".to_owned(),
            entity_id: format!("{}:{}:{}", ctx.enrolment.id, ctx.epreuve.id, member),
            action: if submit { "submit" } else { "save" }.to_owned(),
            before,
            after: Some(snapshot(
                &graded,
                if submit { "submitted" } else { "draft" },
            )),
            reason: None,
            session: Some(ctx.enrolment.session_id),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(next)
}

/// What decides whether the president may act on a candidate: whether they preside
/// the session's jury, and their declared conflicts.
struct PresidentScope {
    presides: bool,
    conflicts: Vec<entities::conflict::Model>,
}

async fn president_scope(
    db: &impl ConnectionTrait,
    member: i32,
    session: i32,
) -> Result<PresidentScope, DbErr> {
    use entities::{conflict, jury, jury_seat};
    let presides = jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryMemberId.eq(member))
        .filter(jury_seat::Column::Role.eq(entities::enums::JuryRole::President))
        .find_also_related(jury::Entity)
        .all(db)
        .await?
        .into_iter()
        .any(|(_, j)| j.is_some_and(|j| j.session_id == session));
    let conflicts = conflict::Entity::find()
        .filter(conflict::Column::JuryMemberId.eq(member))
        .all(db)
        .await?;
    Ok(PresidentScope {
        presides,
        conflicts,
    })
}

impl PresidentScope {
    /// Presides and is not in conflict with the candidate (nor their training group).
    fn covers(&self, person: &candidate::Model) -> bool {
        self.presides
            && !self.conflicts.iter().any(|c| {
                c.candidate_id == Some(person.id)
                    || (c.training_group.is_some() && c.training_group == person.training_group)
            })
    }
}

/// Whether `who` may reopen or moderate a sheet of `person` in `session`: the
/// certifier of its organisation, or the president of its jury when not in conflict
/// with the candidate (the candidate or their training group).
async fn may_act(
    db: &impl ConnectionTrait,
    who: &Reopener,
    session: &exam_session::Model,
    person: &candidate::Model,
) -> Result<bool, DbErr> {
    Ok(match *who {
        Reopener::Certifier(org) => session.organisation_id == org.0,
        Reopener::President(member) => president_scope(db, member, session.id)
            .await?
            .covers(person),
    })
}

/// Who reopens a submitted sheet, or moderates a double marking.
pub enum Reopener {
    /// The certifier of the organisation running the session.
    Certifier(crate::domain::ids::OrganisationId),
    /// The president of the session's jury, not in conflict with the candidate.
    President(i32),
}

/// Reopens a submitted sheet (allocation `allocation_id`) as a draft, with a reason kept
/// in the mark history and the audit log.
pub async fn reopen(
    db: &sea_orm::DatabaseConnection,
    who: Reopener,
    session: SessionId,
    allocation_id: i32,
    (reason, user): (&str, i32),
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(allocation) = grading_allocation::Entity::find_by_id(allocation_id)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some((enrolment, Some(person))) = enrolment::Entity::find_by_id(allocation.enrolment_id)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some(model) = exam_session::Entity::find_by_id(session.0)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let allowed = may_act(&txn, &who, &model, &person).await?;
    if !allowed {
        return Err(Refusal::NotFound);
    }
    if let Some(why) = super::sessions::frozen(&txn, session).await? {
        return Err(Refusal::Frozen(why));
    }
    let marks = mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(enrolment.id))
        .filter(mark::Column::EpreuveId.eq(allocation.epreuve_id))
        .filter(mark::Column::JuryMemberId.eq(allocation.jury_member_id))
        .all(&txn)
        .await?;
    let (status, version) = status_of(&marks);
    if status != SheetStatus::Submitted {
        return Err(Refusal::Invalid(vec![(
            "reason".to_owned(),
            "Seule une fiche soumise peut être rouverte.".to_owned(),
        )]));
    }
    let graded: Vec<Graded> = marks.iter().map(graded_of).collect();
    // An agreement built on this sheet no longer stands.
    mark::Entity::delete_many()
        .filter(mark::Column::EnrolmentId.eq(enrolment.id))
        .filter(mark::Column::EpreuveId.eq(allocation.epreuve_id))
        .filter(mark::Column::JuryMemberId.is_null())
        .exec(&txn)
        .await?;
    for m in marks {
        let mut model: mark::ActiveModel = m.clone().into();
        model.status = Set(MarkStatus::Draft);
        model.version = Set(version + 1);
        model.updated_at = Set(now);
        model.updated_by = Set(Some(user));
        model.update(&txn).await?;
        mark_version::ActiveModel {
            mark_id: Set(m.id),
            version: Set(version + 1),
            points_hundredths: Set(m.points_hundredths),
            met: Set(m.met),
            comment: Set(m.comment.clone()),
            status: Set(MarkStatus::Draft),
            changed_by: Set(Some(user)),
            changed_at: Set(now),
            reason: Set(Some(reason.to_owned())),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor: Some(user),
            entity: "mark".to_owned(),
            entity_id: format!(
                "{}:{}:{}",
                enrolment.id, allocation.epreuve_id, allocation.jury_member_id
            ),
            action: "reopen".to_owned(),
            before: Some(snapshot(&graded, "submitted")),
            after: Some(snapshot(&graded, "draft")),
            reason: Some(reason.to_owned()),
            session: Some(enrolment.session_id),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The two graders' submitted sheets of one double-marked candidate × épreuve, from its
/// allocations `(rank, member)` and its marks; `None` until both are submitted.
fn submitted_pair(
    mut graders: Vec<(i32, i32)>,
    marks: &[&mark::Model],
) -> Option<[(i32, Vec<Graded>); 2]> {
    graders.sort_unstable();
    let [(_, first), (_, second)] = graders.as_slice() else {
        return None;
    };
    let sheet = |member: i32| -> Option<Vec<Graded>> {
        let own: Vec<mark::Model> = marks
            .iter()
            .filter(|m| m.jury_member_id == Some(member))
            .map(|m| (*m).clone())
            .collect();
        (status_of(&own).0 == SheetStatus::Submitted).then(|| own.iter().map(graded_of).collect())
    };
    Some([(*first, sheet(*first)?), (*second, sheet(*second)?)])
}

/// The two graders' sheets of a double-marked épreuve, once both are submitted.
async fn both_sheets(
    db: &impl ConnectionTrait,
    enrolment_id: i32,
    epreuve_id: i32,
) -> Result<Option<[(i32, Vec<Graded>); 2]>, DbErr> {
    let graders: Vec<(i32, i32)> = grading_allocation::Entity::find()
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment_id))
        .filter(grading_allocation::Column::EpreuveId.eq(epreuve_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.grader_rank, a.jury_member_id))
        .collect();
    let marks = mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(enrolment_id))
        .filter(mark::Column::EpreuveId.eq(epreuve_id))
        .all(db)
        .await?;
    Ok(submitted_pair(graders, &marks.iter().collect::<Vec<_>>()))
}

async fn agreed_marks(
    db: &impl ConnectionTrait,
    enrolment_id: i32,
    epreuve_id: i32,
) -> Result<Vec<mark::Model>, DbErr> {
    mark::Entity::find()
        .filter(mark::Column::EnrolmentId.eq(enrolment_id))
        .filter(mark::Column::EpreuveId.eq(epreuve_id))
        .filter(mark::Column::JuryMemberId.is_null())
        .all(db)
        .await
}

/// Replaces the agreed result of a double-marked épreuve (marks without a grader).
async fn store_agreed(
    db: &impl ConnectionTrait,
    (session, enrolment_id, epreuve_id): (i32, i32, i32),
    graded: &[Graded],
    (user, now): (i32, DateTime<Utc>),
    (action, reason): (&str, Option<&str>),
) -> Result<(), DbErr> {
    let before = agreed_marks(db, enrolment_id, epreuve_id).await?;
    mark::Entity::delete_many()
        .filter(mark::Column::EnrolmentId.eq(enrolment_id))
        .filter(mark::Column::EpreuveId.eq(epreuve_id))
        .filter(mark::Column::JuryMemberId.is_null())
        .exec(db)
        .await?;
    for g in graded {
        let points = g.points.map(|p| {
            use rust_decimal::prelude::ToPrimitive;
            (p * Decimal::ONE_HUNDRED).round().to_i64().unwrap_or(0)
        });
        mark::ActiveModel {
            enrolment_id: Set(enrolment_id),
            epreuve_id: Set(epreuve_id),
            jury_member_id: Set(None),
            item_code: Set(g.item.clone()),
            points_hundredths: Set(points),
            met: Set(g.met),
            comment: Set(g.comment.clone()),
            status: Set(MarkStatus::Locked),
            version: Set(1),
            updated_at: Set(now),
            updated_by: Set(Some(user)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    super::audit::append(
        db,
        Record {
            at: now,
            actor: Some(user),
            entity: "mark".to_owned(),
            entity_id: format!("{enrolment_id}:{epreuve_id}:accord"),
            action: action.to_owned(),
            before: (!before.is_empty())
                .then(|| snapshot(&before.iter().map(graded_of).collect::<Vec<_>>(), "agreed")),
            after: Some(snapshot(graded, "agreed")),
            reason: reason.map(str::to_owned),
            session: Some(session),
        },
    )
    .await
}

/// After a submission: when both graders of a double-marked épreuve have submitted and
/// agree within the threshold, the agreed result is stored; otherwise it waits for
/// moderation.
async fn try_agree(
    db: &impl ConnectionTrait,
    ctx: &Context,
    user: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some([(_, a), (_, b)]) = both_sheets(db, ctx.enrolment.id, ctx.epreuve.id).await? else {
        return Ok(());
    };
    let threshold = ctx
        .epreuve
        .discrepancy_hundredths
        .map(|h| Decimal::new(h, 2));
    if let crate::domain::grading::Agreement::Agreed(graded) =
        crate::domain::grading::agree(&ctx.form, &a, &b, threshold)
    {
        store_agreed(
            db,
            (ctx.enrolment.session_id, ctx.enrolment.id, ctx.epreuve.id),
            &graded,
            (user, now),
            ("agree", None),
        )
        .await?;
    }
    Ok(())
}

/// The session's candidate × épreuve pairs (among `epreuves`) graded by exactly two
/// graders who both submitted, without an agreed result yet: the only ones that may
/// await a moderation. One grouped query on the statuses the database keeps.
async fn pending_pairs(
    db: &impl ConnectionTrait,
    session: SessionId,
    epreuves: &[i32],
) -> Result<Vec<(i32, i32)>, DbErr> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{JoinType, QuerySelect, RelationTrait};
    let both: Vec<(i32, i32)> = grading_allocation::Entity::find()
        .select_only()
        .column(grading_allocation::Column::EnrolmentId)
        .column(grading_allocation::Column::EpreuveId)
        .join(
            JoinType::InnerJoin,
            grading_allocation::Relation::Enrolment.def(),
        )
        .filter(enrolment::Column::SessionId.eq(session.0))
        .filter(grading_allocation::Column::EpreuveId.is_in(epreuves.iter().copied()))
        .group_by(grading_allocation::Column::EnrolmentId)
        .group_by(grading_allocation::Column::EpreuveId)
        .having(Expr::cust(
            "COUNT(*) = 2 AND SUM(CASE WHEN grading_allocations.sheet_status = 'submitted' \
             THEN 1 ELSE 0 END) = 2",
        ))
        .into_tuple()
        .all(db)
        .await?;
    let agreed: std::collections::HashSet<(i32, i32)> =
        super::chunked::all(both.iter().map(|(e, _)| *e), |chunk| {
            mark::Entity::find()
                .select_only()
                .column(mark::Column::EnrolmentId)
                .column(mark::Column::EpreuveId)
                .filter(mark::Column::EnrolmentId.is_in(chunk))
                .filter(mark::Column::EpreuveId.is_in(epreuves.iter().copied()))
                .filter(mark::Column::JuryMemberId.is_null())
                .distinct()
                .into_tuple::<(i32, i32)>()
                .all(db)
        })
        .await?
        .into_iter()
        .collect();
    Ok(both.into_iter().filter(|p| !agreed.contains(p)).collect())
}

/// Double-marked épreuves of a session whose two sheets are submitted but disagree
/// beyond the threshold, with no agreed result yet.
pub async fn moderations(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<crate::api::grading::Moderation>, DbErr> {
    use entities::jury_member;
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok(Vec::new());
    };
    let double: Vec<epreuve::Model> = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(model.version_id))
        .filter(epreuve::Column::DoubleMarking.eq(true))
        .all(db)
        .await?;
    if double.is_empty() {
        return Ok(Vec::new());
    }
    let Some(version) = certification_version::Entity::find_by_id(model.version_id)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let epreuve_ids: Vec<i32> = double.iter().map(|e| e.id).collect();
    // Only the candidate × épreuve pairs whose two sheets are submitted (the status the
    // database keeps) and that have no agreed result yet are read further: with
    // thousands of candidates, the others' marks are never read.
    let pairs = pending_pairs(db, session, &epreuve_ids).await?;
    // (`chunked::all` asks for each enrolment once.)
    let enrolment_ids = pairs.iter().map(|(e, _)| *e);
    let mut enrolled = super::chunked::all(enrolment_ids.clone(), |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(chunk))
            .find_also_related(candidate::Entity)
            .all(db)
    })
    .await?;
    enrolled.sort_by_key(|(e, _)| e.id);
    // Everything at once, grouped by candidate × épreuve.
    let mut allocations: HashMap<(i32, i32), Vec<(i32, i32)>> = HashMap::new();
    for a in super::chunked::all(enrolment_ids.clone(), |chunk| {
        grading_allocation::Entity::find()
            .filter(grading_allocation::Column::EnrolmentId.is_in(chunk))
            .filter(grading_allocation::Column::EpreuveId.is_in(epreuve_ids.iter().copied()))
            .all(db)
    })
    .await?
    {
        allocations
            .entry((a.enrolment_id, a.epreuve_id))
            .or_default()
            .push((a.grader_rank, a.jury_member_id));
    }
    let marks = super::chunked::all(enrolment_ids, |chunk| {
        mark::Entity::find()
            .filter(mark::Column::EnrolmentId.is_in(chunk))
            .filter(mark::Column::EpreuveId.is_in(epreuve_ids.iter().copied()))
            .all(db)
    })
    .await?;
    let mut marks_of: HashMap<(i32, i32), Vec<&mark::Model>> = HashMap::new();
    for m in &marks {
        marks_of
            .entry((m.enrolment_id, m.epreuve_id))
            .or_default()
            .push(m);
    }
    let names: HashMap<i32, String> = super::chunked::all(
        allocations.values().flatten().map(|(_, member)| *member),
        |chunk| {
            jury_member::Entity::find()
                .filter(jury_member::Column::Id.is_in(chunk))
                .all(db)
        },
    )
    .await?
    .into_iter()
    .map(|m| (m.id, format!("{} {}", m.first_name, m.last_name)))
    .collect();
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for e in &double {
        let Some(form) = form_for(&grid, &e.code) else {
            continue;
        };
        let threshold = e.discrepancy_hundredths.map(|h| Decimal::new(h, 2));
        for (enrolled, person) in &enrolled {
            let Some(person) = person else { continue };
            let key = (enrolled.id, e.id);
            let own = marks_of.get(&key).cloned().unwrap_or_default();
            if own.iter().any(|m| m.jury_member_id.is_none()) {
                continue;
            }
            let graders = allocations.get(&key).cloned().unwrap_or_default();
            let Some([(g1, a), (g2, b)]) = submitted_pair(graders, &own) else {
                continue;
            };
            let crate::domain::grading::Agreement::Moderation(why) =
                crate::domain::grading::agree(&form, &a, &b, threshold)
            else {
                continue;
            };
            out.push(crate::api::grading::Moderation {
                enrolment_id: enrolled.id,
                epreuve_id: e.id,
                candidate: format!(
                    "{} — {} {}",
                    enrolled.candidate_number,
                    person.last_name.to_uppercase(),
                    person.first_name
                ),
                epreuve: crate::domain::format::code_title(&e.code, &e.title),
                form: form.clone(),
                graders: [(name(g1), a), (name(g2), b)],
                why,
            });
        }
    }
    Ok(out)
}

/// The moderator records the agreed result of a double-marked épreuve, with a reason;
/// returns the two graders' emails, to tell them.
pub async fn moderate(
    db: &sea_orm::DatabaseConnection,
    who: Reopener,
    session: SessionId,
    (enrolment_id, epreuve_id): (i32, i32),
    entries: &[Entry],
    (reason, user): (&str, i32),
    now: DateTime<Utc>,
) -> Result<(crate::domain::ids::OrganisationId, Vec<String>), Refusal> {
    use entities::jury_member;
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(model) = exam_session::Entity::find_by_id(session.0)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some((_, Some(person))) = enrolment::Entity::find_by_id(enrolment_id)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    if !may_act(&txn, &who, &model, &person).await? {
        return Err(Refusal::NotFound);
    }
    if let Some(why) = super::sessions::frozen(&txn, session).await? {
        return Err(Refusal::Frozen(why));
    }
    let pending = moderations(&txn, session).await?;
    let Some(item) = pending
        .into_iter()
        .find(|m| m.enrolment_id == enrolment_id && m.epreuve_id == epreuve_id)
    else {
        return Err(Refusal::NotFound);
    };
    let graded =
        crate::domain::grading::check(&item.form, entries, true).map_err(Refusal::Invalid)?;
    store_agreed(
        &txn,
        (session.0, enrolment_id, epreuve_id),
        &graded,
        (user, now),
        ("moderate", Some(reason)),
    )
    .await?;
    let graders: Vec<i32> = grading_allocation::Entity::find()
        .filter(grading_allocation::Column::EnrolmentId.eq(enrolment_id))
        .filter(grading_allocation::Column::EpreuveId.eq(epreuve_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.jury_member_id)
        .collect();
    let emails = super::chunked::all(graders, |chunk| {
        jury_member::Entity::find()
            .filter(jury_member::Column::Id.is_in(chunk))
            .all(&txn)
    })
    .await?
    .into_iter()
    .map(|m| m.email)
    .collect();
    txn.commit().await?;
    Ok((
        crate::domain::ids::OrganisationId(model.organisation_id),
        emails,
    ))
}

/// The double markings waiting for moderation that the president of the session's jury
/// may settle (not those of candidates they are in conflict with).
pub async fn presided_moderations(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
) -> Result<Vec<crate::api::grading::Moderation>, DbErr> {
    let scope = president_scope(db, member, session.0).await?;
    if !scope.presides {
        return Ok(Vec::new());
    }
    let pending = moderations(db, session).await?;
    let people = super::chunked::all(pending.iter().map(|m| m.enrolment_id), |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(chunk))
            .find_also_related(candidate::Entity)
            .all(db)
    })
    .await?;
    Ok(pending
        .into_iter()
        .filter(|m| {
            people
                .iter()
                .find(|(e, _)| e.id == m.enrolment_id)
                .and_then(|(_, person)| person.as_ref())
                .is_some_and(|person| scope.covers(person))
        })
        .collect())
}
