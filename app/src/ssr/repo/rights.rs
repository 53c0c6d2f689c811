//! Rectification and erasure requests: the candidate asks from their space, the
//! certifier accepts or refuses with a reason; every answer is in the audit log (which
//! fields changed, never their values, so that the chain does not keep what is
//! corrected or erased). An erasure the law does not allow is refused at once with
//! its reason.

use chrono::{DateTime, Utc};
use entities::{
    accommodation, accrochage_passage, attendance_event, candidate, decision, document,
    email_message, enrolment, exam_session, fraud_report, grading_allocation, identity_request,
    mark, passage, user,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::domain::ids::{CandidateId, OrganisationId, SessionId, UserId};
use crate::domain::rights::{Examined, Identity, RequestRow, changes, erasure_refusal};

pub const RECTIFICATION: &str = "rectification";
pub const ERASURE: &str = "erasure";
const PENDING: &str = "pending";
const ACCEPTED: &str = "accepted";
const REFUSED: &str = "refused";

/// Why a request or an answer is not recorded.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// Nothing differs from the identity held.
    NoChange,
    /// A request of this kind already waits.
    AlreadyPending,
    /// The request was already answered.
    AlreadyDecided,
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        Refusal::Db(e)
    }
}

fn identity_of(c: &candidate::Model) -> Identity {
    Identity {
        last_name: c.last_name.clone(),
        first_name: c.first_name.clone(),
        birth_date: Some(c.birth_date),
        birth_name: c.birth_name.clone().unwrap_or_default(),
        other_first_names: c.other_first_names.clone().unwrap_or_default(),
    }
}

/// The candidate's identity as held.
pub async fn identity(
    db: &impl ConnectionTrait,
    candidate: CandidateId,
) -> Result<Option<Identity>, DbErr> {
    Ok(candidate::Entity::find_by_id(candidate.0)
        .one(db)
        .await?
        .map(|c| identity_of(&c)))
}

fn audit(
    (request, action): (i32, &str),
    (actor, now): (Option<i32>, DateTime<Utc>),
    after: serde_json::Value,
    reason: Option<String>,
) -> crate::domain::audit::Record {
    crate::domain::audit::Record {
        at: now,
        actor,
        entity: "identity_request".to_owned(),
        entity_id: request.to_string(),
        action: action.to_owned(),
        before: None,
        after: Some(after.to_string()),
        reason,
        session: None,
    }
}

/// Records a candidate's rectification request.
pub async fn ask_rectification(
    conn: &sea_orm::DatabaseConnection,
    candidate: CandidateId,
    asked: &Identity,
    note: Option<&str>,
    (by, now): (UserId, DateTime<Utc>),
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let Some(held) = candidate::Entity::find_by_id(candidate.0).one(&txn).await? else {
        return Err(Refusal::NotFound);
    };
    if changes(&identity_of(&held), asked).is_empty() {
        return Err(Refusal::NoChange);
    }
    let pending = identity_request::Entity::find()
        .filter(identity_request::Column::CandidateId.eq(candidate.0))
        .filter(identity_request::Column::Kind.eq(RECTIFICATION))
        .filter(identity_request::Column::Status.eq(PENDING))
        .count(&txn)
        .await?;
    if pending > 0 {
        return Err(Refusal::AlreadyPending);
    }
    let request =
        identity_request::ActiveModel {
            organisation_id: Set(held.organisation_id),
            candidate_id: Set(candidate.0),
            enrolment_id: Set(None),
            kind: Set(RECTIFICATION.to_owned()),
            requested_json: Set(
                serde_json::to_string(asked).map_err(|e| DbErr::Custom(e.to_string()))?
            ),
            note: Set(note.map(str::to_owned)),
            status: Set(PENDING.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    super::audit::append(
        &txn,
        audit(
            (request.id, "ask"),
            (Some(by.0), now),
            serde_json::json!({ "kind": RECTIFICATION, "candidate": candidate.0 }),
            None,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What an enrolment went through (for erasure).
async fn examined(
    db: &impl ConnectionTrait,
    enrolment_id: i32,
    session: i32,
) -> Result<Examined, DbErr> {
    let by_enrolment = |count: u64| count > 0;
    Ok(Examined {
        decision: by_enrolment(
            decision::Entity::find()
                .filter(decision::Column::EnrolmentId.eq(enrolment_id))
                .count(db)
                .await?,
        ),
        marks: by_enrolment(
            mark::Entity::find()
                .filter(mark::Column::EnrolmentId.eq(enrolment_id))
                .count(db)
                .await?,
        ),
        attendance: by_enrolment(
            attendance_event::Entity::find()
                .filter(attendance_event::Column::EnrolmentId.eq(enrolment_id))
                .count(db)
                .await?
                + fraud_report::Entity::find()
                    .filter(fraud_report::Column::EnrolmentId.eq(enrolment_id))
                    .count(db)
                    .await?,
        ),
        documents: by_enrolment(
            document::Entity::find()
                .filter(document::Column::EnrolmentId.eq(enrolment_id))
                .count(db)
                .await?,
        ),
        declared: by_enrolment(
            accrochage_passage::Entity::find()
                .filter(accrochage_passage::Column::EnrolmentId.eq(enrolment_id))
                .count(db)
                .await?,
        ),
        pv_signed: super::sessions::frozen(db, SessionId(session))
            .await?
            .is_some(),
    })
}

/// Records a candidate's request to erase one of their enrolments: refused at once,
/// with its reason, when the law obliges the certifier to keep it. The refusal's
/// reason, if any.
pub async fn ask_erasure(
    conn: &sea_orm::DatabaseConnection,
    candidate: CandidateId,
    enrolment_id: i32,
    note: Option<&str>,
    (by, now): (UserId, DateTime<Utc>),
) -> Result<Option<&'static str>, Refusal> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let Some(own) = enrolment::Entity::find_by_id(enrolment_id)
        .filter(enrolment::Column::CandidateId.eq(candidate.0))
        .one(&txn)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let pending = identity_request::Entity::find()
        .filter(identity_request::Column::EnrolmentId.eq(enrolment_id))
        .filter(identity_request::Column::Status.eq(PENDING))
        .count(&txn)
        .await?;
    if pending > 0 {
        return Err(Refusal::AlreadyPending);
    }
    let organisation = exam_session::Entity::find_by_id(own.session_id)
        .one(&txn)
        .await?
        .map(|s| s.organisation_id)
        .ok_or(Refusal::NotFound)?;
    let refusal = erasure_refusal(examined(&txn, enrolment_id, own.session_id).await?);
    let request = identity_request::ActiveModel {
        organisation_id: Set(organisation),
        candidate_id: Set(candidate.0),
        enrolment_id: Set(Some(enrolment_id)),
        kind: Set(ERASURE.to_owned()),
        requested_json: Set("{}".to_owned()),
        note: Set(note.map(str::to_owned)),
        status: Set(if refusal.is_some() { REFUSED } else { PENDING }.to_owned()),
        created_at: Set(now),
        decided_at: Set(refusal.map(|_| now)),
        decision_reason: Set(refusal.map(str::to_owned)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::append(
        &txn,
        audit(
            (request.id, if refusal.is_some() { "refuse" } else { "ask" }),
            (Some(by.0), now),
            serde_json::json!({ "kind": ERASURE, "enrolment": enrolment_id }),
            refusal.map(str::to_owned),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(refusal)
}

async fn rows(
    db: &impl ConnectionTrait,
    requests: Vec<identity_request::Model>,
) -> Result<Vec<RequestRow>, DbErr> {
    // The candidates and enrolments of every request listed, read once each.
    let people: std::collections::HashMap<i32, candidate::Model> =
        super::chunked::all(requests.iter().map(|r| r.candidate_id), |chunk| {
            candidate::Entity::find()
                .filter(candidate::Column::Id.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let enrolments: std::collections::HashMap<i32, String> =
        super::chunked::all(requests.iter().filter_map(|r| r.enrolment_id), |chunk| {
            enrolment::Entity::find()
                .filter(enrolment::Column::Id.is_in(chunk))
                .find_also_related(exam_session::Entity)
                .all(db)
        })
        .await?
        .into_iter()
        .map(|(e, s)| {
            let label = format!(
                "{} — n° {}",
                s.map(|s| s.label).unwrap_or_default(),
                e.candidate_number
            );
            (e.id, label)
        })
        .collect();
    Ok(requests
        .into_iter()
        .map(|r| {
            let person = people.get(&r.candidate_id);
            let listed = match (person, r.kind.as_str()) {
                (Some(p), RECTIFICATION) => {
                    let asked: Identity =
                        serde_json::from_str(&r.requested_json).unwrap_or_default();
                    changes(&identity_of(p), &asked)
                        .into_iter()
                        .map(|(label, now, asked)| (label.to_owned(), now, asked))
                        .collect()
                }
                _ => Vec::new(),
            };
            RequestRow {
                id: r.id,
                candidate: person
                    .map(|p| format!("{} {}", p.last_name.to_uppercase(), p.first_name))
                    .unwrap_or_default(),
                enrolment: r.enrolment_id.and_then(|id| enrolments.get(&id).cloned()),
                changes: listed,
                kind: r.kind,
                note: r.note,
                status: r.status,
                created_at: r.created_at,
                decided_at: r.decided_at,
                reason: r.decision_reason,
            }
        })
        .collect())
}

/// The candidate's own requests, latest first.
pub async fn of_candidate(
    db: &impl ConnectionTrait,
    candidate: CandidateId,
) -> Result<Vec<RequestRow>, DbErr> {
    let requests = identity_request::Entity::find()
        .filter(identity_request::Column::CandidateId.eq(candidate.0))
        .order_by_desc(identity_request::Column::Id)
        .all(db)
        .await?;
    rows(db, requests).await
}

/// The organisation's requests waiting for an answer, oldest first.
pub async fn pending(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Vec<RequestRow>, DbErr> {
    let requests = identity_request::Entity::find()
        .filter(identity_request::Column::OrganisationId.eq(organisation.0))
        .filter(identity_request::Column::Status.eq(PENDING))
        .order_by_asc(identity_request::Column::Id)
        .all(db)
        .await?;
    rows(db, requests).await
}

/// The certifier answers a request of its organisation: accepting a rectification
/// corrects the identity; accepting an erasure removes the enrolment and what hangs
/// on it (and the candidate, with their account anonymised, when nothing else is
/// left) — unless the enrolment was examined since, then it is refused with the
/// reason the law gives.
pub async fn decide(
    conn: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    request_id: i32,
    (accept, reason): (bool, &str),
    (by, now): (UserId, DateTime<Utc>),
    renderer: &dyn crate::ssr::ports::PdfRenderer,
) -> Result<&'static str, Refusal> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    let Some(request) = identity_request::Entity::find_by_id(request_id)
        .filter(identity_request::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    if request.status != PENDING {
        return Err(Refusal::AlreadyDecided);
    }
    let mut outcome = if accept { ACCEPTED } else { REFUSED };
    let mut reason = reason.to_owned();
    let mut changed: Vec<&'static str> = Vec::new();
    if accept && request.kind == RECTIFICATION {
        let asked: Identity = serde_json::from_str(&request.requested_json)
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        let held = candidate::Entity::find_by_id(request.candidate_id)
            .one(db)
            .await?
            .ok_or(Refusal::NotFound)?;
        let rectified = changes(&identity_of(&held), &asked);
        changed = rectified.iter().map(|(label, _, _)| *label).collect();
        let candidate_id = held.id;
        let mut model: candidate::ActiveModel = held.into();
        model.last_name = Set(asked.last_name.clone());
        model.first_name = Set(asked.first_name.clone());
        if let Some(date) = asked.birth_date {
            model.birth_date = Set(date);
        }
        model.birth_name = Set(Some(asked.birth_name.clone()).filter(|n| !n.is_empty()));
        model.other_first_names =
            Set(Some(asked.other_first_names.clone()).filter(|n| !n.is_empty()));
        model.identity_updated_at = Set(Some(now));
        model.update(db).await?;
        // Sessions already deliberated: an addendum to each signed PV and the
        // documents reissued, in this transaction.
        super::addenda::after_rectification(
            db,
            candidate_id,
            (&rectified, reason.as_str()),
            (by.0, now),
            renderer,
        )
        .await?;
    }
    let mut erased_candidate = false;
    if accept && request.kind == ERASURE {
        let enrolment_id = request.enrolment_id.ok_or(Refusal::NotFound)?;
        let own = enrolment::Entity::find_by_id(enrolment_id).one(db).await?;
        match own {
            None => return Err(Refusal::NotFound),
            Some(own) => match erasure_refusal(examined(db, enrolment_id, own.session_id).await?) {
                Some(legal) => {
                    outcome = REFUSED;
                    reason = legal.to_owned();
                }
                None => {
                    erased_candidate = erase_enrolment(db, own, now).await?;
                }
            },
        }
    }
    let mut model: identity_request::ActiveModel = request.clone().into();
    model.status = Set(outcome.to_owned());
    model.decided_at = Set(Some(now));
    model.decided_by = Set(Some(by.0));
    model.decision_reason = Set(Some(reason.clone()));
    if request.kind == ERASURE && outcome == ACCEPTED {
        model.enrolment_id = Set(None);
        model.requested_json = Set("{}".to_owned());
    }
    if !erased_candidate {
        model.update(db).await?;
    }
    super::audit::append(
        db,
        audit(
            (
                request.id,
                if outcome == ACCEPTED {
                    "accept"
                } else {
                    "refuse"
                },
            ),
            (Some(by.0), now),
            serde_json::json!({ "kind": request.kind, "fields": changed }),
            Some(reason),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Removes a never-examined enrolment and what hangs on it; when the candidate has no
/// other enrolment, the candidate too, their account anonymised. Whether the candidate
/// was removed.
async fn erase_enrolment(
    db: &impl ConnectionTrait,
    own: enrolment::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let id = own.id;
    accommodation::Entity::delete_many()
        .filter(accommodation::Column::EnrolmentId.eq(id))
        .exec(db)
        .await?;
    passage::Entity::delete_many()
        .filter(passage::Column::EnrolmentId.eq(id))
        .exec(db)
        .await?;
    grading_allocation::Entity::delete_many()
        .filter(grading_allocation::Column::EnrolmentId.eq(id))
        .exec(db)
        .await?;
    email_message::Entity::delete_many()
        .filter(email_message::Column::EnrolmentId.eq(id))
        .exec(db)
        .await?;
    identity_request::Entity::update_many()
        .col_expr(
            identity_request::Column::EnrolmentId,
            sea_orm::sea_query::Expr::value(Option::<i32>::None),
        )
        .filter(identity_request::Column::EnrolmentId.eq(id))
        .exec(db)
        .await?;
    enrolment::Entity::delete_by_id(id).exec(db).await?;
    let others = enrolment::Entity::find()
        .filter(enrolment::Column::CandidateId.eq(own.candidate_id))
        .count(db)
        .await?;
    if others > 0 {
        return Ok(false);
    }
    let accounts: Vec<i32> = user::Entity::find()
        .filter(user::Column::CandidateId.eq(own.candidate_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    for account in accounts {
        super::retention::anonymise_account(db, account, now).await?;
        user::Entity::update_many()
            .col_expr(
                user::Column::CandidateId,
                sea_orm::sea_query::Expr::value(Option::<i32>::None),
            )
            .filter(user::Column::Id.eq(account))
            .exec(db)
            .await?;
    }
    entities::capitalised_bloc::Entity::delete_many()
        .filter(entities::capitalised_bloc::Column::CandidateId.eq(own.candidate_id))
        .exec(db)
        .await?;
    // Its requests go with it (cascade).
    candidate::Entity::delete_by_id(own.candidate_id)
        .exec(db)
        .await?;
    Ok(true)
}
