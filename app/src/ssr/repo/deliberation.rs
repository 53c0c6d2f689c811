//! The deliberation of a session: the engine's results with the jury's decisions, the
//! closing by the president (quorum, decisions and PV stored), the members' signatures
//! (the session is frozen once every present voting member has signed), and the
//! publication (documents issued with their verification codes, candidates emailed).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{Outcome as DbOutcome, SessionStatus as DbStatus};
use entities::{
    bloc_result, certification, certification_version, decision, exam_session, jury, jury_member,
    jury_seat, pv_signature, schedule_slot,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};

use crate::api::deliberation::{CandidateRow, DeliberationView, MemberRow};
use crate::domain::audit::Record;
use crate::domain::deliberation::{
    Facts, Override, Pv, PvMember, PvRow, PvSignature, Verdict, blocs, borderline, check_override,
    computed, content_hash, decision_text,
};
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::jury::rules::{QuorumDecision, quorum};
use crate::domain::schedule::datetime_fr;
use crate::domain::scoring::grid::Grid;
use crate::domain::scoring::outcome::Decision;
use crate::domain::scoring::validate::validate;
use crate::domain::scoring::{Sheet, evaluate};
use crate::domain::status::JuryRole;

/// Why a deliberation step is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// Not the president, not a voting member…: said in French.
    Forbidden(String),
    /// Every problem, in French; nothing changed.
    Invalid(Vec<String>),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        Refusal::Db(e)
    }
}

/// Who looks at or acts on the deliberation: the certifier or a jury member.
pub use crate::ssr::auth::Actor as Viewer;

/// A session with what the deliberation reads.
pub struct Context {
    pub session: exam_session::Model,
    pub version: certification_version::Model,
    pub certification: certification::Model,
    pub grid: Grid,
    pub jury: jury::Model,
    pub seats: Vec<(jury_seat::Model, jury_member::Model)>,
}

impl Context {
    fn seat_of(&self, member: i32) -> Option<&jury_seat::Model> {
        self.seats
            .iter()
            .find(|(_, m)| m.id == member)
            .map(|(s, _)| s)
    }

    fn role_of(&self, member: i32) -> Option<JuryRole> {
        self.seat_of(member)
            .map(|s| super::mapping::jury_role(s.role))
    }

    fn closed(&self) -> bool {
        self.jury.closed_at.is_some()
    }

    fn status(&self) -> crate::domain::status::SessionStatus {
        super::mapping::session_status(self.session.status)
    }
}

/// The session's deliberation context, if `viewer` may see it: the certifier of its
/// organisation, or a member seated in its validated jury.
pub async fn context(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    session: SessionId,
) -> Result<Option<Context>, DbErr> {
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok(None);
    };
    let Some((version, Some(cert))) = certification_version::Entity::find_by_id(model.version_id)
        .find_also_related(certification::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(jury) = jury::Entity::find()
        .filter(jury::Column::SessionId.eq(model.id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let seats = super::juries::seats_of(db, Some(&jury)).await?;
    let allowed = match viewer {
        Viewer::Certifier(org) => model.organisation_id == org.0,
        Viewer::Juror(member) => {
            jury.validated_at.is_some() && seats.iter().any(|(_, m)| m.id == member)
        }
    };
    if !allowed {
        return Ok(None);
    }
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    Ok(Some(Context {
        session: model,
        version,
        certification: cert,
        grid,
        jury,
        seats,
    }))
}

/// One candidate as the engine sees them now.
struct Evaluated {
    enrolment_id: i32,
    number: String,
    name: String,
    outcome: crate::domain::scoring::outcome::Outcome,
    /// Blocs the candidate sat or had capitalised (a jury decision validates no other).
    sat: Vec<String>,
}

async fn evaluate_session(
    db: &impl ConnectionTrait,
    ctx: &Context,
    today: NaiveDate,
) -> Result<Vec<Evaluated>, DbErr> {
    let Some((_, enrolled)) = super::results::inputs(
        db,
        OrganisationId(ctx.session.organisation_id),
        SessionId(ctx.session.id),
    )
    .await?
    else {
        return Ok(Vec::new());
    };
    evaluate_all(&ctx.grid, &enrolled, today)
}

/// Evaluations computed at a session's revision and day, on this app server.
static KEPT: super::revised::Revised<Vec<Evaluated>> = super::revised::Revised::new(8);

/// The session's evaluation, computed once per revision of the session and day (for
/// pages, outside any transaction: see `revised`).
async fn shared_evaluation(
    db: &sea_orm::DatabaseConnection,
    ctx: &Context,
    today: NaiveDate,
) -> Result<std::sync::Arc<Vec<Evaluated>>, DbErr> {
    let at = super::revised::Revision {
        session: ctx.session.id,
        revision: ctx.session.revision,
        day: Some(today),
    };
    if let Some(kept) = KEPT.get(&at) {
        return Ok(kept);
    }
    let Some(inputs) = super::results::shared_inputs(
        db,
        OrganisationId(ctx.session.organisation_id),
        SessionId(ctx.session.id),
    )
    .await?
    else {
        return Ok(Default::default());
    };
    // Off the server's async threads: 10 000 candidates take a while.
    let grid = ctx.grid.clone();
    let evaluated = tokio::task::spawn_blocking(move || evaluate_all(&grid, &inputs.1, today))
        .await
        .map_err(|e| DbErr::Custom(format!("evaluation: {e}")))??;
    let evaluated = std::sync::Arc::new(evaluated);
    KEPT.put(at, evaluated.clone());
    Ok(evaluated)
}

/// Every candidate's outcome; a large session's candidates are shared among the
/// machine's cores (up to four).
fn evaluate_all(
    grid: &Grid,
    enrolled: &[super::results::Enrolled],
    today: NaiveDate,
) -> Result<Vec<Evaluated>, DbErr> {
    let compiled =
        validate(grid.clone()).map_err(|p| DbErr::Custom(format!("stored grid: {p:?}")))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || enrolled.len() < 2_000 {
        return evaluate_some(grid, &compiled, enrolled, today);
    }
    let size = enrolled.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = enrolled
            .chunks(size)
            .map(|part| scope.spawn(|| evaluate_some(grid, &compiled, part, today)))
            .collect();
        let mut out = Vec::with_capacity(enrolled.len());
        for part in parts {
            out.extend(
                part.join()
                    .map_err(|_| DbErr::Custom("evaluation stopped".to_owned()))??,
            );
        }
        Ok(out)
    })
}

fn evaluate_some(
    grid: &Grid,
    compiled: &crate::domain::scoring::CompiledGrid,
    enrolled: &[super::results::Enrolled],
    today: NaiveDate,
) -> Result<Vec<Evaluated>, DbErr> {
    let mut out = Vec::with_capacity(enrolled.len());
    for e in enrolled {
        let (number, name) = e
            .label
            .split_once(" — ")
            .map(|(n, name)| (n.to_owned(), name.to_owned()))
            .unwrap_or_else(|| (e.label.clone(), e.label.clone()));
        let sheet = Sheet::build(compiled, &e.input)
            .map_err(|p| DbErr::Custom(format!("candidate {}: {p:?}", e.enrolment_id)))?;
        let outcome = evaluate(compiled, &sheet, today);
        out.push(Evaluated {
            sat: crate::domain::deliberation::blocs_sat(grid, &e.input),
            enrolment_id: e.enrolment_id,
            number,
            name,
            outcome,
        });
    }
    Ok(out)
}

/// The engine's explanation of an outcome, written only for the rows a page shows or
/// a decision stores (10 000 candidates evaluated, 50 explained).
fn explainer(
    grid: &Grid,
) -> Result<impl Fn(&crate::domain::scoring::outcome::Outcome) -> Vec<String> + Sync, DbErr> {
    let compiled =
        validate(grid.clone()).map_err(|p| DbErr::Custom(format!("stored grid: {p:?}")))?;
    Ok(move |outcome: &crate::domain::scoring::outcome::Outcome| {
        crate::domain::scoring::explain::report(&compiled, outcome).explanation
    })
}

/// The jury's stored decisions, by enrolment, with the blocs they validate.
async fn overrides(
    db: &impl ConnectionTrait,
    enrolments: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, Override>, DbErr> {
    let decisions = super::chunked::all(enrolments, |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .filter(decision::Column::JuryOutcome.is_not_null())
            .all(db)
    })
    .await?;
    let blocs = super::chunked::all(decisions.iter().map(|d| d.id), |chunk| {
        bloc_result::Entity::find()
            .filter(bloc_result::Column::DecisionId.is_in(chunk))
            .filter(bloc_result::Column::Validated.eq(true))
            .order_by_asc(bloc_result::Column::Id)
            .all(db)
    })
    .await?;
    let mut validated: HashMap<i32, Vec<String>> = HashMap::new();
    for b in blocs {
        validated
            .entry(b.decision_id)
            .or_default()
            .push(b.bloc_code);
    }
    Ok(decisions
        .into_iter()
        .filter_map(|d| {
            let outcome = d.jury_outcome?;
            Some((
                d.enrolment_id,
                Override {
                    verdict: Verdict {
                        decision: from_db(outcome),
                        blocs: validated.remove(&d.id).unwrap_or_default(),
                    },
                    reason: d.jury_reason.unwrap_or_default(),
                },
            ))
        })
        .collect())
}

/// The stored outcome of a decision.
pub fn outcome_of(decision: Decision) -> DbOutcome {
    to_db(decision)
}

fn to_db(decision: Decision) -> DbOutcome {
    match decision {
        Decision::FullCertification => DbOutcome::FullCertification,
        Decision::BlocsOnly => DbOutcome::BlocsOnly,
        Decision::NotCertified => DbOutcome::NotCertified,
        Decision::Absent => DbOutcome::Absent,
        Decision::Postponed => DbOutcome::Postponed,
        Decision::Fraud => DbOutcome::Fraud,
    }
}

pub fn from_db(outcome: DbOutcome) -> Decision {
    match outcome {
        DbOutcome::FullCertification => Decision::FullCertification,
        DbOutcome::BlocsOnly => Decision::BlocsOnly,
        DbOutcome::NotCertified => Decision::NotCertified,
        DbOutcome::Absent => Decision::Absent,
        DbOutcome::Postponed => Decision::Postponed,
        DbOutcome::Fraud => Decision::Fraud,
    }
}

/// Decision codes in forms.
pub fn decision_code(decision: Decision) -> &'static str {
    match decision {
        Decision::FullCertification => "complete",
        Decision::BlocsOnly => "blocs",
        Decision::NotCertified => "non_certifie",
        Decision::Absent => "absent",
        Decision::Postponed => "ajourne",
        Decision::Fraud => "fraude",
    }
}

pub fn parse_decision(code: &str) -> Option<Decision> {
    [
        Decision::FullCertification,
        Decision::BlocsOnly,
        Decision::NotCertified,
        Decision::Absent,
        Decision::Postponed,
        Decision::Fraud,
    ]
    .into_iter()
    .find(|d| decision_code(*d) == code)
}

/// Which candidates the deliberation page lists: a filter, a search (name or number)
/// and a page.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub filter: crate::domain::deliberation::Filter,
    pub search: String,
    pub page: u64,
}

/// Everything the deliberation page shows: every candidate evaluated (the counts under
/// each filter need them all), the page of those `selection` keeps, explained.
pub async fn view(
    db: &sea_orm::DatabaseConnection,
    viewer: Viewer,
    session: SessionId,
    today: NaiveDate,
    selection: &Selection,
) -> Result<Option<DeliberationView>, DbErr> {
    use crate::domain::deliberation::Filter;
    use crate::domain::paging::{matches, page_of};
    let Some(ctx) = context(db, viewer, session).await? else {
        return Ok(None);
    };
    let signatures = pv_signature::Entity::find()
        .filter(pv_signature::Column::SessionId.eq(ctx.session.id))
        .all(db)
        .await?;
    let me = match viewer {
        Viewer::Juror(member) => ctx.role_of(member).map(|r| (member, r)),
        Viewer::Certifier(_) => None,
    };
    // Each row with the outcome to explain it by, if it is on the page.
    let evaluated = match stored_pv(&ctx) {
        Some(_) => Default::default(),
        None => shared_evaluation(db, &ctx, today).await?,
    };
    let rows: Vec<(
        CandidateRow,
        Option<&crate::domain::scoring::outcome::Outcome>,
    )> = if let Some(pv) = stored_pv(&ctx) {
        // Closed: the PV as signed, not a new computation.
        pv.rows
            .iter()
            .map(|r| {
                // The filters read the decision that stands: nothing is left to
                // decide once closed.
                let row = CandidateRow {
                    enrolment_id: 0,
                    number: r.number.clone(),
                    name: r.name.clone(),
                    computed: String::new(),
                    explanation: Vec::new(),
                    facts: Some(Facts {
                        decision: r.decision,
                        incomplete: false,
                        refer_to_jury: false,
                        borderline: r.borderline,
                    }),
                    jury: r.reason.clone(),
                    final_label: decision_text(r.decision, &r.blocs),
                };
                (row, None)
            })
            .collect()
    } else {
        let stored = overrides(db, evaluated.iter().map(|e| e.enrolment_id)).await?;
        evaluated
            .iter()
            .map(|e| {
                let verdict = computed(&ctx.grid, &e.outcome);
                let jury = stored.get(&e.enrolment_id);
                let shown = jury.map_or(&verdict, |o| &o.verdict);
                let row = CandidateRow {
                    enrolment_id: e.enrolment_id,
                    number: e.number.clone(),
                    name: e.name.clone(),
                    computed: decision_text(verdict.decision, &verdict.blocs),
                    explanation: Vec::new(),
                    facts: Some(Facts {
                        decision: e.outcome.decision,
                        incomplete: e.outcome.incomplete,
                        refer_to_jury: e.outcome.refer_to_jury,
                        borderline: borderline(&ctx.grid, &e.outcome),
                    }),
                    jury: jury.map(|o| o.reason.clone()),
                    final_label: decision_text(shown.decision, &shown.blocs),
                };
                (row, Some(&e.outcome))
            })
            .collect()
    };
    let keeps = |filter: Filter, c: &CandidateRow| c.facts.is_none_or(|f| filter.keeps(&f));
    let counts: Vec<u64> = Filter::ALL
        .iter()
        .map(|f| rows.iter().filter(|(c, _)| keeps(*f, c)).count() as u64)
        .collect();
    let all = rows.len() as u64;
    let found: Vec<_> = rows
        .into_iter()
        .filter(|(c, _)| {
            keeps(selection.filter, c) && matches(&selection.search, &[&c.name, &c.number])
        })
        .collect();
    let (shown, paging) = page_of(found, selection.page);
    let explain = explainer(&ctx.grid)?;
    let candidates: Vec<CandidateRow> = shown
        .into_iter()
        .map(|(mut row, outcome)| {
            if let Some(outcome) = outcome {
                row.explanation = explain(outcome);
            }
            row
        })
        .collect();
    let signed_at = |member: i32| {
        signatures
            .iter()
            .find(|s| s.jury_member_id == member)
            .map(|s| datetime_fr(super::schedule::to_local(s.signed_at)))
    };
    let members = ctx
        .seats
        .iter()
        .map(|(seat, m)| MemberRow {
            id: m.id,
            name: format!("{} {}", m.first_name, m.last_name),
            role: super::mapping::jury_role(seat.role).label().to_owned(),
            votes: super::mapping::jury_role(seat.role).votes(),
            present: seat.present,
            signed_at: signed_at(m.id),
        })
        .collect();
    let closed = ctx.closed();
    let status = ctx.status();
    Ok(Some(DeliberationView {
        session_id: ctx.session.id,
        session: ctx.session.label.clone(),
        certification: format!("{} — {}", ctx.certification.title, ctx.certification.code),
        status: status.label().to_owned(),
        closed,
        signed: status.frozen(),
        published: ctx.session.published_at.is_some(),
        publication_on: ctx.session.publication_on,
        blocs: blocs(&ctx.grid),
        can_decide: !closed
            && match viewer {
                Viewer::Certifier(_) => true,
                Viewer::Juror(_) => me.is_some_and(|(_, r)| r == JuryRole::President),
            },
        can_close: !closed && me.is_some_and(|(_, r)| r == JuryRole::President),
        can_reopen: closed && !status.frozen() && me.is_some_and(|(_, r)| r == JuryRole::President),
        can_sign: closed
            && !status.frozen()
            && me.is_some_and(|(id, r)| {
                r.votes()
                    && ctx.seat_of(id).and_then(|s| s.present) == Some(true)
                    && signed_at(id).is_none()
            }),
        pv_hash: signed_hash(db, &ctx.jury).await?,
        postponements: postponements(db, ctx.jury.id)
            .await?
            .iter()
            .map(crate::domain::deliberation::Postponement::text)
            .collect(),
        files: {
            let (done, total) =
                super::publication::files_progress(db, SessionId(ctx.session.id)).await?;
            crate::api::deliberation::BulkProgress { done, total }
        },
        members,
        candidates,
        all,
        counts,
        paging,
    }))
}

fn stored_pv(ctx: &Context) -> Option<Pv> {
    ctx.jury
        .pv_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
}

fn audit_record(
    (session, now): (i32, DateTime<Utc>),
    user: i32,
    (entity, id): (&str, String),
    action: &str,
    (before, after): (Option<String>, Option<String>),
    reason: Option<String>,
) -> Record {
    Record {
        at: now,
        actor: Some(user),
        entity: entity.to_owned(),
        entity_id: id,
        action: action.to_owned(),
        before,
        after,
        reason,
        session: Some(session),
    }
}

/// Records (or, with `None`, withdraws) the jury's own decision for a candidate.
/// The president or the certifier; refused once the deliberation is closed.
pub async fn decide(
    db: &sea_orm::DatabaseConnection,
    viewer: Viewer,
    (session, enrolment_id): (SessionId, i32),
    choice: Option<(Decision, Vec<String>, String)>,
    user: i32,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let today = super::schedule::paris_today(now);
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, viewer, session).await? else {
        return Err(Refusal::NotFound);
    };
    if let Viewer::Juror(member) = viewer
        && ctx.role_of(member) != Some(JuryRole::President)
    {
        return Err(Refusal::Forbidden(
            "Seul(e) le (la) président(e) du jury enregistre les décisions du jury.".to_owned(),
        ));
    }
    if ctx.closed() {
        return Err(Refusal::Invalid(vec![
            "La délibération est close : les décisions ne peuvent plus changer.".to_owned(),
        ]));
    }
    let evaluated = evaluate_session(&txn, &ctx, today).await?;
    let Some(candidate) = evaluated.iter().find(|e| e.enrolment_id == enrolment_id) else {
        return Err(Refusal::NotFound);
    };
    let verdict = computed(&ctx.grid, &candidate.outcome);
    let existing = decision::Entity::find()
        .filter(decision::Column::EnrolmentId.eq(enrolment_id))
        .one(&txn)
        .await?;
    let before = existing.as_ref().map(|d| {
        format!(
            "{:?} — {}",
            d.jury_outcome,
            d.jury_reason.clone().unwrap_or_default()
        )
    });
    if let Some(d) = &existing {
        bloc_result::Entity::delete_many()
            .filter(bloc_result::Column::DecisionId.eq(d.id))
            .exec(&txn)
            .await?;
        decision::Entity::delete_by_id(d.id).exec(&txn).await?;
    }
    let (after, reason) = match choice {
        None => (None, None),
        Some((decided, chosen, reason)) => {
            let decided = check_override(
                &ctx.grid,
                &verdict,
                (decided, &chosen),
                &candidate.sat,
                &reason,
            )
            .map_err(Refusal::Invalid)?;
            store_decision(
                &txn,
                (&ctx.grid, &explainer(&ctx.grid)?),
                enrolment_id,
                (&verdict, candidate),
                Some(&decided),
                now,
            )
            .await?;
            (
                Some(decision_text(
                    decided.verdict.decision,
                    &decided.verdict.blocs,
                )),
                Some(decided.reason),
            )
        }
    };
    super::audit::append(
        &txn,
        audit_record(
            (session.0, now),
            user,
            ("decision", enrolment_id.to_string()),
            if after.is_some() {
                "override"
            } else {
                "withdraw_override"
            },
            (before, after),
            reason,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn store_decision(
    db: &impl ConnectionTrait,
    (grid, explain): (
        &Grid,
        &(dyn Fn(&crate::domain::scoring::outcome::Outcome) -> Vec<String> + Sync),
    ),
    enrolment_id: i32,
    (verdict, evaluated): (&Verdict, &Evaluated),
    jury: Option<&Override>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let final_verdict = jury.map_or(verdict, |o| &o.verdict);
    let saved = decision::ActiveModel {
        enrolment_id: Set(enrolment_id),
        computed_outcome: Set(to_db(verdict.decision)),
        explanation_json: Set(
            serde_json::to_string(&explain(&evaluated.outcome)).unwrap_or_default()
        ),
        jury_outcome: Set(jury.map(|o| to_db(o.verdict.decision))),
        jury_reason: Set(jury.map(|o| o.reason.clone())),
        final_outcome: Set(to_db(final_verdict.decision)),
        decided_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Every unit's result on the scale, kept with the decision (the transcript reads
    // them) as the explanation shows it (truncated to the hundredth); `validated`
    // follows the decision that stands, `computed_validated` the grid's computation.
    let hundredths = |d: rust_decimal::Decimal| {
        use rust_decimal::prelude::ToPrimitive;
        (crate::domain::scoring::round_mark(d) * rust_decimal::Decimal::ONE_HUNDRED)
            .to_i64()
            .unwrap_or(0)
    };
    let rows: Vec<bloc_result::ActiveModel> = evaluated
        .outcome
        .units
        .iter()
        .filter_map(|r| {
            let unit = grid.units.get(r.unit)?;
            let counted = !matches!(
                final_verdict.decision,
                Decision::Absent | Decision::Postponed | Decision::Fraud
            );
            Some(bloc_result::ActiveModel {
                decision_id: Set(saved.id),
                bloc_code: Set(unit.code.clone()),
                mark_hundredths: Set(counted.then(|| hundredths(r.mark))),
                points_hundredths: Set(counted.then(|| hundredths(r.points))),
                validated: Set(final_verdict.blocs.contains(&unit.code)),
                computed_validated: Set(Some(r.validated && !r.exempt)),
                eliminatory: Set(r.eliminatory),
                exempt: Set(r.exempt),
                ..Default::default()
            })
        })
        .collect();
    if !rows.is_empty() {
        bloc_result::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The postponements of a jury, oldest first, in local time.
pub async fn postponements(
    db: &impl ConnectionTrait,
    jury: i32,
) -> Result<Vec<crate::domain::deliberation::Postponement>, DbErr> {
    use entities::postponement;
    use sea_orm::QueryOrder;
    Ok(postponement::Entity::find()
        .filter(postponement::Column::JuryId.eq(jury))
        .order_by_asc(postponement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| crate::domain::deliberation::Postponement {
            meeting: super::schedule::to_local(p.meeting_at),
            decided: super::schedule::to_local(p.decided_at),
            absent: p.absent,
            reason: p.reason,
        })
        .collect())
}

/// The meeting the deliberation was last postponed to (local time), if any.
async fn next_meeting(
    db: &impl ConnectionTrait,
    jury: i32,
) -> Result<Option<chrono::NaiveDateTime>, DbErr> {
    Ok(postponements(db, jury).await?.pop().map(|p| p.meeting))
}

/// Who is told of a postponement: every seated member (name, email).
pub struct Told {
    pub name: String,
    pub email: String,
}

/// The president postpones the deliberation because a member whose presence the rules
/// require is absent: recorded with the new meeting (local time) and the reason, in
/// the audit log; refused when the quorum is met (the jury closes instead) or once
/// closed. Returns the postponement and the members to email.
pub async fn postpone(
    db: &sea_orm::DatabaseConnection,
    member: i32,
    session: SessionId,
    present: &[i32],
    (meeting, reason): (chrono::NaiveDateTime, String),
    (user, now): (i32, DateTime<Utc>),
) -> Result<
    (
        crate::domain::deliberation::Postponement,
        Vec<Told>,
        Context,
    ),
    Refusal,
> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, Viewer::Juror(member), session).await? else {
        return Err(Refusal::NotFound);
    };
    if ctx.role_of(member) != Some(JuryRole::President) {
        return Err(Refusal::Forbidden(
            "Seul(e) le (la) président(e) du jury reporte la délibération.".to_owned(),
        ));
    }
    if ctx.closed() {
        return Err(Refusal::Invalid(vec![
            "La délibération est déjà close.".to_owned(),
        ]));
    }
    let rules = super::juries::rules_of(&ctx.certification, &ctx.version);
    let seats = super::juries::domain_seats(&ctx.seats);
    if !matches!(quorum(&rules, &seats, present), QuorumDecision::Postpone(_)) {
        return Err(Refusal::Invalid(vec![
            "Le quorum est atteint avec les membres présents : le jury délibère et clôt, sans report."
                .to_owned(),
        ]));
    }
    let absent: Vec<String> = ctx
        .seats
        .iter()
        .filter(|(_, m)| !present.contains(&m.id))
        .map(|(_, m)| format!("{} {}", m.first_name, m.last_name))
        .collect();
    let Some(meeting_utc) = super::schedule::to_utc(meeting) else {
        return Err(Refusal::Invalid(vec![
            "Cette heure n'existe pas (passage à l'heure d'été) : choisissez-en une autre."
                .to_owned(),
        ]));
    };
    let postponement = crate::domain::deliberation::Postponement {
        meeting,
        decided: super::schedule::to_local(now),
        absent: absent.join(", "),
        reason,
    };
    entities::postponement::ActiveModel {
        jury_id: Set(ctx.jury.id),
        decided_at: Set(now),
        decided_by: Set(Some(user)),
        absent: Set(postponement.absent.clone()),
        reason: Set(postponement.reason.clone()),
        meeting_at: Set(meeting_utc),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::append(
        &txn,
        audit_record(
            (ctx.session.id, now),
            user,
            ("session", ctx.session.id.to_string()),
            "postpone_deliberation",
            (None, Some(postponement.text())),
            Some(postponement.reason.clone()),
        ),
    )
    .await?;
    txn.commit().await?;
    let told = ctx
        .seats
        .iter()
        .map(|(_, m)| Told {
            name: format!("{} {}", m.first_name, m.last_name),
            email: m.email.clone(),
        })
        .collect();
    Ok((postponement, told, ctx))
}

/// The president closes the deliberation with who is present: the quorum is checked
/// with the certification's jury rules (postponed when they require every member),
/// every decision is stored, and the PV is fixed for signature.
pub async fn close(
    db: &sea_orm::DatabaseConnection,
    member: i32,
    session: SessionId,
    present: &[i32],
    (user, now): (i32, DateTime<Utc>),
    renderer: &dyn crate::ssr::ports::PdfRenderer,
) -> Result<String, Refusal> {
    let today = super::schedule::paris_today(now);
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, Viewer::Juror(member), session).await? else {
        return Err(Refusal::NotFound);
    };
    if ctx.role_of(member) != Some(JuryRole::President) {
        return Err(Refusal::Forbidden(
            "Seul(e) le (la) président(e) du jury clôt la délibération.".to_owned(),
        ));
    }
    if ctx.closed() {
        return Err(Refusal::Invalid(vec![
            "La délibération est déjà close.".to_owned(),
        ]));
    }
    if let Some(next) = next_meeting(&txn, ctx.jury.id).await?
        && super::schedule::to_local(now) < next
    {
        return Err(Refusal::Invalid(vec![format!(
            "La délibération est reportée au {} à {} : elle reprend à cette réunion.",
            next.format("%d/%m/%Y"),
            next.format("%Hh%M")
        )]));
    }
    let last_end = super::schedule::last_sitting_end(&txn, SessionId(ctx.session.id)).await?;
    crate::domain::chronology::closing_open(
        last_end.map(super::schedule::to_local),
        super::schedule::to_local(now),
    )
    .map_err(|why| Refusal::Invalid(vec![why]))?;
    let rules = super::juries::rules_of(&ctx.certification, &ctx.version);
    let seats = super::juries::domain_seats(&ctx.seats);
    let quorum_text = match quorum(&rules, &seats, present) {
        QuorumDecision::Deliberate => {
            "Tous les membres votants sont présents : le jury délibère valablement.".to_owned()
        }
        QuorumDecision::DeliberateDespiteAbsence(text) => text,
        QuorumDecision::Postpone(text) => {
            return Err(Refusal::Invalid(vec![format!(
                "{text} Reportez la délibération (formulaire « Reporter la délibération ») en fixant la date, l'heure et le motif de la nouvelle réunion."
            )]));
        }
    };
    let evaluated = evaluate_session(&txn, &ctx, today).await?;
    let stored = overrides(&txn, evaluated.iter().map(|e| e.enrolment_id)).await?;
    let undecided: Vec<String> = evaluated
        .iter()
        .filter(|e| e.outcome.incomplete && !stored.contains_key(&e.enrolment_id))
        .map(|e| e.number.clone())
        .collect();
    if !undecided.is_empty() {
        return Err(Refusal::Invalid(vec![format!(
            "Des résultats sont incomplets pour {} (notes non soumises, assiduité ou taux d'absence non renseignés) : complétez-les, ou enregistrez une décision motivée du jury, avant de clore.",
            undecided.join(", ")
        )]));
    }
    let explain = explainer(&ctx.grid)?;
    // Every decision is stored again from the engine's current result.
    let ids: Vec<i32> = evaluated.iter().map(|e| e.enrolment_id).collect();
    let old = super::chunked::all(ids.iter().copied(), |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .all(&txn)
    })
    .await?;
    let conn = &txn;
    super::chunked::each(old.iter().map(|d| d.id), |chunk| {
        let delete =
            bloc_result::Entity::delete_many().filter(bloc_result::Column::DecisionId.is_in(chunk));
        async move { Ok(delete.exec(conn).await?.rows_affected) }
    })
    .await?;
    super::chunked::each(ids, |chunk| {
        let delete =
            decision::Entity::delete_many().filter(decision::Column::EnrolmentId.is_in(chunk));
        async move { Ok(delete.exec(conn).await?.rows_affected) }
    })
    .await?;
    let mut rows = Vec::new();
    for e in &evaluated {
        let verdict = computed(&ctx.grid, &e.outcome);
        let jury = stored.get(&e.enrolment_id);
        store_decision(
            &txn,
            (&ctx.grid, &explain),
            e.enrolment_id,
            (&verdict, e),
            jury,
            now,
        )
        .await?;
        let shown = jury.map_or(&verdict, |o| &o.verdict);
        let (results, score) = crate::domain::deliberation::pv_figures(&ctx.grid, &e.outcome);
        rows.push(PvRow {
            number: e.number.clone(),
            name: e.name.clone(),
            decision: shown.decision,
            blocs: shown.blocs.clone(),
            reason: jury.map(|o| o.reason.clone()),
            results,
            score,
            borderline: borderline(&ctx.grid, &e.outcome),
        });
    }
    for (seat, _) in &ctx.seats {
        let mut active = seat.clone().into_active_model();
        active.present = Set(Some(present.contains(&seat.jury_member_id)));
        active.update(&txn).await?;
    }
    let pv = Pv {
        certification: ctx.certification.title.clone(),
        code: ctx.certification.code.clone(),
        certifier: entities::organisation::Entity::find_by_id(ctx.session.organisation_id)
            .one(&txn)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
        session: ctx.session.label.clone(),
        starts_on: ctx.session.starts_on,
        ends_on: ctx.session.ends_on,
        place: ctx.session.place.clone(),
        closed_at: super::schedule::to_local(now),
        quorum: quorum_text,
        members: ctx
            .seats
            .iter()
            .map(|(seat, m)| PvMember {
                jury_member_id: m.id,
                name: format!("{} {}", m.first_name, m.last_name),
                role: super::mapping::jury_role(seat.role).label().to_owned(),
                votes: super::mapping::jury_role(seat.role).votes(),
                present: present.contains(&m.id),
            })
            .collect(),
        rows,
        audit_head: super::audit::head(&txn, Some(ctx.session.id))
            .await?
            .map(|h| (h.entries, h.hash)),
    };
    let hash = content_hash(&pv);
    // The PV is issued now, as the file its members will sign: kept as rendered, with
    // its anonymised copy, under the organisation's letterhead.
    let letterhead =
        super::organisation::letterhead(&txn, OrganisationId(ctx.session.organisation_id)).await?;
    let render = |anonymous: bool| {
        renderer.render(
            &crate::ssr::bulk::with_letterhead(pv.document(anonymous), letterhead.as_ref())
                .issued(now),
        )
    };
    let (named, anonymous) = (render(false), render(true));
    let mut jury = ctx.jury.clone().into_active_model();
    jury.closed_at = Set(Some(now));
    jury.pv_json = Set(Some(serde_json::to_string(&pv).unwrap_or_default()));
    jury.pv_hash = Set(Some(hash.clone()));
    jury.update(&txn).await?;
    let mut model = ctx.session.clone().into_active_model();
    model.status = Set(DbStatus::Deliberation);
    model.update(&txn).await?;
    super::audit::append(
        &txn,
        audit_record(
            (ctx.session.id, now),
            user,
            ("session", ctx.session.id.to_string()),
            "close_deliberation",
            (None, Some(hash.clone())),
            None,
        ),
    )
    .await?;
    use super::session_files::{PV, PV_ANONYMOUS, issue};
    let signed = issue(
        &txn,
        ctx.session.id,
        (PV, "Procès-verbal de délibération"),
        named,
        (Some(user), now),
    )
    .await?;
    issue(
        &txn,
        ctx.session.id,
        (PV_ANONYMOUS, "Procès-verbal de délibération (anonymisé)"),
        anonymous,
        (Some(user), now),
    )
    .await?;
    txn.commit().await?;
    Ok(signed)
}

/// What the members of a closed deliberation sign: the SHA-256 of the PV's file as
/// issued at the closing (PVs closed before files were kept: the hash of their content).
pub async fn signed_hash(
    db: &impl ConnectionTrait,
    jury: &jury::Model,
) -> Result<Option<String>, DbErr> {
    if jury.pv_hash.is_none() {
        return Ok(None);
    }
    Ok(
        match super::session_files::get(db, jury.session_id, super::session_files::PV).await? {
            Some(file) => Some(file.sha256),
            None => jury.pv_hash.clone(),
        },
    )
}

/// The president reopens a closed deliberation before the last signature, with a
/// reason: the PV and the signatures collected are voided (kept in the audit log),
/// marks, attendance and decisions may change again, and the deliberation is closed
/// anew later. Refused once the PV is signed.
pub async fn reopen(
    db: &sea_orm::DatabaseConnection,
    member: i32,
    session: SessionId,
    reason: &str,
    (user, now): (i32, DateTime<Utc>),
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let Some(ctx) = context(&txn, Viewer::Juror(member), session).await? else {
        return Err(Refusal::NotFound);
    };
    if ctx.role_of(member) != Some(JuryRole::President) {
        return Err(Refusal::Forbidden(
            "Seul(e) le (la) président(e) du jury rouvre la délibération.".to_owned(),
        ));
    }
    if super::mapping::session_status(ctx.session.status).frozen() {
        return Err(Refusal::Invalid(vec![
            crate::domain::status::FROZEN.to_owned(),
        ]));
    }
    let Some(hash) = ctx.jury.pv_hash.clone() else {
        return Err(Refusal::Invalid(vec![
            "La délibération n'est pas close.".to_owned(),
        ]));
    };
    let voided = pv_signature::Entity::delete_many()
        .filter(pv_signature::Column::SessionId.eq(ctx.session.id))
        .exec(&txn)
        .await?
        .rows_affected;
    super::session_files::void_pv(&txn, ctx.session.id).await?;
    let mut jury = ctx.jury.clone().into_active_model();
    jury.closed_at = Set(None);
    jury.pv_json = Set(None);
    jury.pv_hash = Set(None);
    jury.update(&txn).await?;
    super::audit::append(
        &txn,
        audit_record(
            (ctx.session.id, now),
            user,
            ("session", ctx.session.id.to_string()),
            "reopen_deliberation",
            (
                Some(hash),
                Some(format!("{voided} signature(s) annulée(s)")),
            ),
            Some(reason.to_owned()),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What a member about to sign needs: the deliberation, the PV's hash and the
/// signatures so far — or why they cannot sign (checked before their password is, so
/// that the signature form tells nothing about a password for a PV one cannot sign).
pub async fn signable(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
) -> Result<(Context, String, Vec<pv_signature::Model>), Refusal> {
    let Some(ctx) = context(db, Viewer::Juror(member), session).await? else {
        return Err(Refusal::NotFound);
    };
    let (Some(hash), Some(seat)) = (signed_hash(db, &ctx.jury).await?, ctx.seat_of(member)) else {
        return Err(Refusal::Invalid(vec![
            "La délibération n'est pas close : il n'y a pas encore de procès-verbal à signer."
                .to_owned(),
        ]));
    };
    if !super::mapping::jury_role(seat.role).votes() || seat.present != Some(true) {
        return Err(Refusal::Forbidden(
            "Seuls les membres votants présents à la délibération signent le procès-verbal."
                .to_owned(),
        ));
    }
    let signatures = pv_signature::Entity::find()
        .filter(pv_signature::Column::SessionId.eq(ctx.session.id))
        .all(db)
        .await?;
    if signatures.iter().any(|s| s.jury_member_id == member) {
        return Err(Refusal::Invalid(vec![
            "Vous avez déjà signé ce procès-verbal.".to_owned(),
        ]));
    }
    Ok((ctx, hash, signatures))
}

/// A present voting member signs the closed PV (password checked by the caller): name,
/// time and the PV's hash are recorded; the last signature freezes the session.
pub async fn sign(
    db: &sea_orm::DatabaseConnection,
    member: i32,
    session: SessionId,
    (user, now): (i32, DateTime<Utc>),
    renderer: &dyn crate::ssr::ports::PdfRenderer,
) -> Result<bool, Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let (ctx, hash, signatures) = signable(&txn, member, session).await?;
    // The session's chain's head as the member signs: a later rewrite of what came
    // before is detected against it.
    let seen = super::audit::head(&txn, Some(ctx.session.id)).await?;
    pv_signature::ActiveModel {
        session_id: Set(ctx.session.id),
        jury_member_id: Set(member),
        signed_at: Set(now),
        content_hash: Set(hash.clone()),
        audit_entries: Set(seen.as_ref().map(|h| h.entries)),
        audit_head: Set(seen.map(|h| h.hash)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let expected = ctx
        .seats
        .iter()
        .filter(|(s, _)| super::mapping::jury_role(s.role).votes() && s.present == Some(true))
        .count();
    let complete = signatures.len() + 1 >= expected;
    if complete {
        let mut model = ctx.session.clone().into_active_model();
        model.status = Set(DbStatus::Signed);
        model.update(&txn).await?;
    }
    // The member's signature in the chain (which member, on which file): a signature
    // row deleted or altered later is found against it.
    super::audit::append(
        &txn,
        audit_record(
            (ctx.session.id, now),
            user,
            ("pv_signature", member.to_string()),
            "sign_pv",
            (None, Some(hash.clone())),
            None,
        ),
    )
    .await?;
    if complete {
        // The attestation of every signature, issued with the last one.
        let signed: Vec<pv_signature::Model> = pv_signature::Entity::find()
            .filter(pv_signature::Column::SessionId.eq(ctx.session.id))
            .order_by_asc(pv_signature::Column::SignedAt)
            .all(&txn)
            .await?;
        if let Some(pv) = stored_pv(&ctx) {
            let listed = named_signatures(&pv, signed);
            let letterhead =
                super::organisation::letterhead(&txn, OrganisationId(ctx.session.organisation_id))
                    .await?;
            let bytes = renderer.render(&crate::ssr::bulk::with_letterhead(
                pv.signatures_document(&hash, &listed, now),
                letterhead.as_ref(),
            ));
            super::session_files::issue(
                &txn,
                ctx.session.id,
                (
                    super::session_files::PV_SIGNATURES,
                    "Attestation de signature du procès-verbal",
                ),
                bytes,
                (Some(user), now),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(complete)
}

/// The signatures with each member's name and role on the PV, in order.
fn named_signatures(pv: &Pv, signed: Vec<pv_signature::Model>) -> Vec<PvSignature> {
    signed
        .into_iter()
        .filter_map(|s| {
            pv.members
                .iter()
                .find(|m| m.jury_member_id == s.jury_member_id)
                .map(|m| PvSignature {
                    name: m.name.clone(),
                    role: m.role.clone(),
                    signed_at: super::schedule::to_local(s.signed_at),
                })
        })
        .collect()
}

/// The PV as closed, with its signatures in order.
pub async fn pv(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    session: SessionId,
) -> Result<Option<Result<(Pv, Vec<PvSignature>), PvAltered>>, DbErr> {
    let Some(ctx) = context(db, viewer, session).await? else {
        return Ok(None);
    };
    let Some(pv) = stored_pv(&ctx) else {
        return Ok(None);
    };
    let signed = pv_signature::Entity::find()
        .filter(pv_signature::Column::SessionId.eq(ctx.session.id))
        .order_by_asc(pv_signature::Column::SignedAt)
        .all(db)
        .await?;
    // The PV is served only as it was closed and signed.
    let hash = content_hash(&pv);
    let signed_file = signed_hash(db, &ctx.jury).await?;
    if ctx.jury.pv_hash.as_deref() != Some(hash.as_str())
        || signed
            .iter()
            .any(|s| Some(s.content_hash.as_str()) != signed_file.as_deref())
    {
        tracing::error!(
            session = session.0,
            "stored PV differs from its signed hash"
        );
        return Ok(Some(Err(PvAltered)));
    }
    let signatures = named_signatures(&pv, signed);
    Ok(Some(Ok((pv, signatures))))
}

/// The stored PV no longer matches the hash it was closed and signed with.
#[derive(Debug)]
pub struct PvAltered;

/// What a refused altered PV says.
pub const PV_ALTERED: &str = "Le procès-verbal enregistré ne correspond plus à l'empreinte sous laquelle il a été clos et signé : il a été modifié hors de l'application. Il n'est pas servi ; l'incident est journalisé — contactez l'administrateur (server verify-audit).";

/// The last day an épreuve of the session is scheduled (its last day otherwise).
pub async fn last_epreuve_on(
    db: &impl ConnectionTrait,
    session: &exam_session::Model,
) -> Result<NaiveDate, DbErr> {
    Ok(schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(session.id))
        .all(db)
        .await?
        .iter()
        .map(|s| s.starts_at.date_naive())
        .max()
        .unwrap_or(session.ends_on))
}

/// The voting members present at the closing, who sign the PV: (email, name), with the
/// session's label.
pub async fn signers(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<(String, Vec<(String, String)>), DbErr> {
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok((String::new(), Vec::new()));
    };
    let jury = jury::Entity::find()
        .filter(jury::Column::SessionId.eq(session.0))
        .one(db)
        .await?;
    let seats = super::juries::seats_of(db, jury.as_ref()).await?;
    Ok((
        model.label,
        seats
            .into_iter()
            .filter(|(s, _)| super::mapping::jury_role(s.role).votes() && s.present == Some(true))
            .map(|(_, m)| (m.email, format!("{} {}", m.first_name, m.last_name)))
            .collect(),
    ))
}
