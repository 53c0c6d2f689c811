//! Accommodation requests: made by the candidate for one of their enrolments, decided
//! by the certifier who runs the session.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{AccommodationKind as DbKind, AccommodationStatus as DbStatus};
use entities::{accommodation, candidate, enrolment, exam_session, schedule_slot};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::mapping;
use crate::api::sessions::{AccommodationCounts, SessionAccommodation};
use crate::domain::ids::{CandidateId, EnrolmentId, OrganisationId, SessionId, UserId};
use crate::domain::schedule::Allowance;
use crate::domain::status::AccommodationKind;

pub fn kind_to_db(kind: AccommodationKind) -> DbKind {
    match kind {
        AccommodationKind::TiersTemps => DbKind::TiersTemps,
        AccommodationKind::Pauses => DbKind::Pauses,
        AccommodationKind::Secretary => DbKind::Secretary,
        AccommodationKind::Interpreter => DbKind::Interpreter,
        AccommodationKind::AdaptedEquipment => DbKind::AdaptedEquipment,
        AccommodationKind::OralInsteadOfWritten => DbKind::OralInsteadOfWritten,
    }
}

/// The extra time of each enrolment, from its granted accommodations.
pub fn allowances(granted: &[accommodation::Model]) -> HashMap<i32, Allowance> {
    let mut out: HashMap<i32, Allowance> = HashMap::new();
    for a in granted.iter().filter(|a| a.status == DbStatus::Granted) {
        let entry = out.entry(a.enrolment_id).or_default();
        match a.kind {
            DbKind::TiersTemps => entry.tiers_temps = true,
            DbKind::Pauses => {
                entry.pause_minutes += a.minutes.and_then(|m| u32::try_from(m).ok()).unwrap_or(0);
            }
            _ => {}
        }
    }
    out
}

/// Why a request or a decision is refused.
#[derive(Debug)]
pub enum Refusal {
    /// A field of the decision is missing or wrong.
    Invalid(&'static str, &'static str),
    /// The enrolment or request is not the caller's.
    NotFound,
    /// A request of this kind is already waiting, or the request was already decided.
    Conflict(&'static str),
    /// The administrator is not one who decides accommodations.
    NotReferent,
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

/// Records a candidate's request on one of their own enrolments.
pub async fn request(
    conn: &sea_orm::DatabaseConnection,
    candidate_id: CandidateId,
    enrolment_id: EnrolmentId,
    kind: AccommodationKind,
    (note, supporting_reference): (&str, Option<&str>),
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    // One writer at a time per enrolment (the row is locked on PostgreSQL), so that two
    // requests sent at once cannot both find no earlier one.
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    let Some(own) = enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::CandidateId.eq(candidate_id.0))
        .lock_exclusive()
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    if let Some(why) = super::sessions::frozen(db, SessionId(own.session_id)).await? {
        return Err(Refusal::Conflict(why));
    }
    let last_sitting = schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(own.session_id))
        .order_by_desc(schedule_slot::Column::StartsAt)
        .one(db)
        .await?;
    // After the last sitting — or, without a timetable yet, after the session's last day.
    let ends_on = exam_session::Entity::find_by_id(own.session_id)
        .one(db)
        .await?
        .map(|s| s.ends_on)
        .unwrap_or_default();
    let open = crate::domain::chronology::accommodation_requests_open(
        last_sitting.map(|slot| super::schedule::to_local(slot.starts_at)),
        ends_on,
        super::schedule::to_local(now),
    );
    if !open {
        return Err(Refusal::Conflict(
            "Les épreuves de cette session ont eu lieu : une demande d'aménagement ne peut plus être déposée. Contactez le certificateur.",
        ));
    }
    let pending = accommodation::Entity::find()
        .filter(accommodation::Column::EnrolmentId.eq(enrolment_id.0))
        .filter(accommodation::Column::Kind.eq(kind_to_db(kind)))
        .filter(accommodation::Column::Status.ne(DbStatus::Refused))
        .one(db)
        .await?;
    if pending.is_some() {
        return Err(Refusal::Conflict(
            "Cet aménagement a déjà été demandé pour cette session.",
        ));
    }
    accommodation::ActiveModel {
        enrolment_id: Set(enrolment_id.0),
        kind: Set(kind_to_db(kind)),
        note: Set(note.to_owned()),
        supporting_reference: Set(supporting_reference.map(str::to_owned)),
        status: Set(DbStatus::Requested),
        decision_reason: Set(None),
        requested_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether an administrator reads and decides accommodation requests.
pub async fn is_referent(db: &impl ConnectionTrait, user: UserId) -> Result<bool, DbErr> {
    Ok(entities::user::Entity::find_by_id(user.0)
        .one(db)
        .await?
        .is_some_and(|u| u.accommodation_referent && u.active))
}

/// Records that a referent read a session's requests (health data: every reading is
/// logged, in the session's audit chain).
pub async fn log_read(
    db: &sea_orm::DatabaseConnection,
    session: SessionId,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor: Some(by.0),
            entity: "accommodation".to_owned(),
            entity_id: format!("session:{}", session.0),
            action: "read".to_owned(),
            before: None,
            after: None,
            reason: None,
            session: Some(session.0),
        },
    )
    .await?;
    txn.commit().await
}

/// Grants or refuses a request of one of the organisation's sessions.
pub async fn decide(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    accommodation_id: i32,
    grant: bool,
    (reason, minutes): (&str, Option<u32>),
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if !is_referent(db, by).await? {
        return Err(Refusal::NotReferent);
    }
    let (txn, _turn) = super::audit::begin_write(db).await?;
    let db = &txn;
    let Some((request, Some(enrolled))) = accommodation::Entity::find_by_id(accommodation_id)
        .find_also_related(enrolment::Entity)
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let owned = exam_session::Entity::find_by_id(enrolled.session_id)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?;
    if owned.is_none() {
        return Err(Refusal::NotFound);
    }
    if let Some(why) = super::sessions::frozen(db, SessionId(enrolled.session_id)).await? {
        return Err(Refusal::Conflict(why));
    }
    if request.status != DbStatus::Requested {
        return Err(Refusal::Conflict("Cette demande a déjà été traitée."));
    }
    let pauses = request.kind == DbKind::Pauses;
    if grant && pauses && minutes.is_none() {
        return Err(Refusal::Invalid(
            "minutes",
            "Indiquez les minutes de pause compensée accordées par épreuve.",
        ));
    }
    let mut model: accommodation::ActiveModel = request.into();
    model.minutes = Set(if grant && pauses {
        minutes.and_then(|m| i32::try_from(m).ok())
    } else {
        None
    });
    model.status = Set(if grant {
        DbStatus::Granted
    } else {
        DbStatus::Refused
    });
    model.decision_reason = Set(Some(reason.to_owned()));
    model.decided_at = Set(Some(now));
    model.decided_by = Set(Some(by.0));
    let decided = model.update(db).await?;
    // Audited without the reason (it may be medical): what the exam's conditions rest on.
    super::audit::append(
        db,
        crate::domain::audit::Record {
            at: now,
            actor: Some(by.0),
            entity: "accommodation".to_owned(),
            entity_id: decided.id.to_string(),
            action: if grant { "grant" } else { "refuse" }.to_owned(),
            before: None,
            after: Some(
                serde_json::json!({
                    "enrolment": decided.enrolment_id,
                    "kind": mapping::accommodation_kind(decided.kind).code(),
                    "minutes": decided.minutes,
                })
                .to_string(),
            ),
            reason: None,
            session: Some(enrolled.session_id),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many of a session's requests wait, were granted, refused.
pub async fn counts(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<AccommodationCounts, DbErr> {
    let statuses: Vec<DbStatus> = accommodation::Entity::find()
        .select_only()
        .column(accommodation::Column::Status)
        .join(
            sea_orm::JoinType::InnerJoin,
            sea_orm::RelationTrait::def(&accommodation::Relation::Enrolment),
        )
        .filter(enrolment::Column::SessionId.eq(session.0))
        .into_tuple()
        .all(db)
        .await?;
    let count = |status: DbStatus| statuses.iter().filter(|s| **s == status).count();
    Ok(AccommodationCounts {
        pending: count(DbStatus::Requested),
        granted: count(DbStatus::Granted),
        refused: count(DbStatus::Refused),
    })
}

/// Every request of a session, with the candidate's name.
pub async fn for_session(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Vec<SessionAccommodation>, DbErr> {
    // The requests of the session's candidates, joined in the database (a session has
    // thousands of candidates and a few requests).
    let requests = accommodation::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            sea_orm::RelationTrait::def(&accommodation::Relation::Enrolment),
        )
        .filter(enrolment::Column::SessionId.eq(session.0))
        .order_by_asc(accommodation::Column::RequestedAt)
        .all(db)
        .await?;
    let enrolled: std::collections::HashMap<i32, (enrolment::Model, Option<candidate::Model>)> =
        super::chunked::all(requests.iter().map(|r| r.enrolment_id), |chunk| {
            enrolment::Entity::find()
                .filter(enrolment::Column::Id.is_in(chunk))
                .find_also_related(candidate::Entity)
                .all(db)
        })
        .await?
        .into_iter()
        .map(|pair| (pair.0.id, pair))
        .collect();
    Ok(requests
        .into_iter()
        .filter_map(|request| {
            let (enrolment, person) = enrolled.get(&request.enrolment_id)?;
            let person = person.as_ref()?;
            Some(SessionAccommodation {
                id: request.id,
                candidate_number: enrolment.candidate_number.clone(),
                candidate_name: format!(
                    "{} {}",
                    person.last_name.to_uppercase(),
                    person.first_name
                ),
                kind: mapping::accommodation_kind(request.kind),
                status: mapping::accommodation_status(request.status),
                note: request.note,
                supporting_reference: request.supporting_reference,
                decision_reason: request.decision_reason,
                minutes: request.minutes.and_then(|m| u32::try_from(m).ok()),
                erased: request.details_erased_at.is_some(),
            })
        })
        .collect())
}
