//! Individual passages at a sitting: generated from the épreuve's phases and each
//! candidate's accommodations, then corrected one by one.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use entities::enums::AccommodationStatus;
use entities::{accommodation, enrolment, epreuve, passage, schedule_slot};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::domain::epreuve::PhaseSetting;
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::passage::{Pace, individual, passage_minutes, phases_text, plan};

/// A sitting of one of the organisation's sessions with its épreuve.
async fn owned_slot(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    slot: i32,
) -> Result<Option<(schedule_slot::Model, epreuve::Model)>, DbErr> {
    if super::sessions::find_owned(db, organisation, session)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let Some(slot) = schedule_slot::Entity::find_by_id(slot)
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(epreuve::Entity::find_by_id(slot.epreuve_id)
        .one(db)
        .await?
        .map(|e| (slot, e)))
}

fn phases(e: &epreuve::Model) -> Vec<PhaseSetting> {
    serde_json::from_str(&e.phases_json).unwrap_or_default()
}

/// How a sitting's épreuve is held: individual passages or not, and its phases.
pub struct Held {
    pub individual: bool,
    pub phases: String,
}

/// Whether the épreuve of a slot is held in individual passages, and its phases.
pub async fn held(db: &impl ConnectionTrait, slot: i32) -> Result<Option<Held>, DbErr> {
    let Some(slot) = schedule_slot::Entity::find_by_id(slot).one(db).await? else {
        return Ok(None);
    };
    Ok(epreuve::Entity::find_by_id(slot.epreuve_id)
        .one(db)
        .await?
        .map(|e| Held {
            individual: individual(super::certifications::kind_from_db(e.kind)),
            phases: phases_text(
                &phases(&e),
                e.duration_minutes.and_then(|m| u32::try_from(m).ok()),
            ),
        }))
}

/// Why passages cannot be generated or changed.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    Invalid(String),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

/// (Re)generates the passages of every enrolled candidate, in candidate-number order,
/// from the sitting's start. One transaction; returns how many.
pub async fn generate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    slot: i32,
    pace: Pace,
) -> Result<usize, Refusal> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some((slot, epreuve)) = owned_slot(&txn, organisation, session, slot).await? else {
        return Err(Refusal::NotFound);
    };
    if !individual(super::certifications::kind_from_db(epreuve.kind)) {
        return Err(Refusal::Invalid(
            "Cette épreuve se passe en même temps pour tous les candidats : elle n'a pas de passages individuels.".to_owned(),
        ));
    }
    let minutes = passage_minutes(
        &phases(&epreuve),
        epreuve.duration_minutes.and_then(|m| u32::try_from(m).ok()),
    );
    if minutes == 0 {
        return Err(Refusal::Invalid(
            "Indiquez la durée de l'épreuve (ou ses phases) avant de générer les passages."
                .to_owned(),
        ));
    }
    let optional = super::sessions::optional_epreuves_of_version(&txn, epreuve.version_id).await?;
    let enrolled: Vec<enrolment::Model> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .order_by_asc(enrolment::Column::CandidateNumber)
        .all(&txn)
        .await?
        .into_iter()
        .filter(|e| {
            super::sessions::sits(
                &optional,
                &epreuve.code,
                &super::sessions::chosen_options(&e.optional_units),
            )
        })
        .collect();
    let granted = super::chunked::all(enrolled.iter().map(|e| e.id), |chunk| {
        accommodation::Entity::find()
            .filter(accommodation::Column::EnrolmentId.is_in(chunk))
            .filter(accommodation::Column::Status.eq(AccommodationStatus::Granted))
            .all(&txn)
    })
    .await?;
    let allowances = super::accommodations::allowances(&granted);
    let candidates: Vec<(i32, crate::domain::schedule::Allowance)> = enrolled
        .iter()
        .map(|e| (e.id, allowances.get(&e.id).copied().unwrap_or_default()))
        .collect();
    let planned = plan(
        super::schedule::to_local(slot.starts_at),
        minutes,
        &candidates,
        pace,
    );
    passage::Entity::delete_many()
        .filter(passage::Column::SlotId.eq(slot.id))
        .exec(&txn)
        .await?;
    let mut rows = Vec::new();
    for p in &planned {
        let Some(start) = super::schedule::to_utc(p.start) else {
            return Err(Refusal::Invalid(format!(
                "Le passage n° {} tomberait à une heure inexistante (changement d'heure) : décalez le début de l'épreuve.",
                p.position
            )));
        };
        rows.push(passage::ActiveModel {
            slot_id: Set(slot.id),
            enrolment_id: Set(p.enrolment),
            position: Set(i32::try_from(p.position).unwrap_or(i32::MAX)),
            starts_at: Set(start),
            duration_minutes: Set(i32::try_from(p.minutes).unwrap_or(i32::MAX)),
            room: Set(slot.room.clone()),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(500) {
        passage::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(planned.len())
}

/// Moves one passage (new start in local time, room).
pub async fn update(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    (slot, passage_id): (i32, i32),
    (start, room): (NaiveDateTime, Option<String>),
) -> Result<(), Refusal> {
    let Some((slot, _)) = owned_slot(db, organisation, session, slot).await? else {
        return Err(Refusal::NotFound);
    };
    let Some(found) = passage::Entity::find_by_id(passage_id)
        .filter(passage::Column::SlotId.eq(slot.id))
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some(start) = super::schedule::to_utc(start) else {
        return Err(Refusal::Invalid(
            "Cette heure n'existe pas (passage à l'heure d'été).".to_owned(),
        ));
    };
    let mut model: passage::ActiveModel = found.into();
    model.starts_at = Set(start);
    model.room = Set(room);
    model.update(db).await?;
    Ok(())
}

/// The passages of sittings, by (slot, enrolment).
pub async fn of_slots(
    db: &impl ConnectionTrait,
    slots: Vec<i32>,
) -> Result<HashMap<(i32, i32), passage::Model>, DbErr> {
    Ok(super::chunked::all(slots, |chunk| {
        passage::Entity::find()
            .filter(passage::Column::SlotId.is_in(chunk))
            .all(db)
    })
    .await?
    .into_iter()
    .map(|p| ((p.slot_id, p.enrolment_id), p))
    .collect())
}

/// A passage's start and end, local time.
pub fn local_span(p: &passage::Model) -> (NaiveDateTime, NaiveDateTime) {
    let start = super::schedule::to_local(p.starts_at);
    (
        start,
        start + chrono::Duration::minutes(i64::from(p.duration_minutes)),
    )
}
