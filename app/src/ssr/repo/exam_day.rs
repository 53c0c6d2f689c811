//! Exam day for one scheduled sitting: who is there (the latest record wins, every
//! record kept and audited), fraud reports, and the attendance sheet.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{AccommodationStatus, AttendanceKind as DbKind};
use entities::{accommodation, attendance_event, fraud_report};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::mapping;
use crate::api::exam_day::{SlotCandidate, SlotPage};
use crate::domain::audit::Record;
use crate::domain::exam_day::{
    Attendance, AttendanceKind, AttendanceSheet, FraudReport, SheetLine,
};
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::schedule::{datetime_fr, time_fr};

fn kind_to_db(kind: AttendanceKind) -> DbKind {
    match kind {
        AttendanceKind::Present => DbKind::Present,
        AttendanceKind::AbsentJustified => DbKind::AbsentJustified,
        AttendanceKind::AbsentUnjustified => DbKind::AbsentUnjustified,
    }
}

pub fn kind_from_db(kind: DbKind) -> AttendanceKind {
    match kind {
        DbKind::Present => AttendanceKind::Present,
        DbKind::AbsentJustified => AttendanceKind::AbsentJustified,
        DbKind::AbsentUnjustified => AttendanceKind::AbsentUnjustified,
    }
}

/// Where a sitting's list stands: the page's enrolments in order, how many sit it,
/// how many each filter keeps (after the search), and the page.
pub struct SlotListing {
    pub shown: Vec<i32>,
    pub seated: u64,
    pub counts: Vec<u64>,
    pub paging: crate::domain::paging::Paging,
}

/// The candidates of a sitting filtered, searched and paged from a few columns per
/// candidate (number, name, options, latest attendance, fraud), so that only the page's
/// candidates are then read whole; `None` when the sitting is not the session's.
pub async fn slot_listing(
    db: &impl ConnectionTrait,
    session: SessionId,
    slot_id: i32,
    (filter, search, page): (crate::domain::exam_day::SittingFilter, &str, u64),
) -> Result<Option<SlotListing>, DbErr> {
    use crate::domain::exam_day::SittingFilter;
    use entities::{candidate, enrolment, schedule_slot};
    use sea_orm::{JoinType, QuerySelect, RelationTrait};
    let Some(slot) = schedule_slot::Entity::find_by_id(slot_id)
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let code = entities::epreuve::Entity::find_by_id(slot.epreuve_id)
        .one(db)
        .await?
        .map(|e| e.code)
        .unwrap_or_default();
    let optional = match exam_session_version(db, session).await? {
        Some(version) => super::sessions::optional_epreuves_of_version(db, version).await?,
        None => HashMap::new(),
    };
    let roll: Vec<(i32, String, String, String, String)> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .column(enrolment::Column::CandidateNumber)
        .column(candidate::Column::LastName)
        .column(candidate::Column::FirstName)
        .column(enrolment::Column::OptionalUnits)
        .join(JoinType::InnerJoin, enrolment::Relation::Candidate.def())
        .filter(enrolment::Column::SessionId.eq(session.0))
        .order_by_asc(enrolment::Column::CandidateNumber)
        .into_tuple()
        .all(db)
        .await?;
    let latest: HashMap<i32, DbKind> = attendance_event::Entity::find()
        .select_only()
        .column(attendance_event::Column::EnrolmentId)
        .column(attendance_event::Column::Kind)
        .filter(attendance_event::Column::SlotId.eq(slot_id))
        .order_by_asc(attendance_event::Column::Id)
        .into_tuple::<(i32, DbKind)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let frauds: std::collections::HashSet<i32> = fraud_report::Entity::find()
        .select_only()
        .column(fraud_report::Column::EnrolmentId)
        .filter(fraud_report::Column::SlotId.eq(slot_id))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let order = super::passages::of_slots(db, vec![slot_id]).await?;
    let seated: Vec<(i32, String, String, String)> = roll
        .into_iter()
        .filter(|(_, _, _, _, options)| {
            super::sessions::sits(&optional, &code, &super::sessions::chosen_options(options))
        })
        .map(|(id, number, last, first, _)| (id, number, last, first))
        .collect();
    let found: Vec<(i32, Option<AttendanceKind>, bool)> = seated
        .iter()
        .filter(|(_, number, last, first)| {
            crate::domain::paging::matches(search, &[number, last, first])
        })
        .map(|(id, ..)| {
            (
                *id,
                latest.get(id).map(|k| kind_from_db(*k)),
                frauds.contains(id),
            )
        })
        .collect();
    let counts = SittingFilter::ALL
        .iter()
        .map(|f| {
            found
                .iter()
                .filter(|(_, k, fraud)| f.keeps(*k, *fraud))
                .count() as u64
        })
        .collect();
    let mut kept: Vec<i32> = found
        .into_iter()
        .filter(|(_, k, fraud)| filter.keeps(*k, *fraud))
        .map(|(id, ..)| id)
        .collect();
    // Individual passages in their order; the others by candidate number.
    kept.sort_by_key(|id| order.get(&(slot_id, *id)).map_or(i32::MAX, |p| p.position));
    let (shown, paging) = crate::domain::paging::page_of(kept, page);
    Ok(Some(SlotListing {
        shown,
        seated: seated.len() as u64,
        counts,
        paging,
    }))
}

/// Everything the sitting page and the sheet show (the page: only the enrolments
/// `only` names).
pub async fn slot_page(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    slot_id: i32,
    only: Option<&[i32]>,
) -> Result<Option<(SlotPage, AttendanceSheet)>, DbErr> {
    let detail = match only {
        Some(ids) => super::sessions::detail_of_these(db, organisation, session, ids).await?,
        None => super::sessions::roster(db, organisation, session).await?,
    };
    let Some(detail) = detail else {
        return Ok(None);
    };
    let Some(slot) = detail.slots.iter().find(|s| s.id == slot_id).cloned() else {
        return Ok(None);
    };
    let enrolments: Vec<i32> = detail.candidates.iter().map(|c| c.enrolment_id.0).collect();
    let granted = super::chunked::all(enrolments.iter().copied(), |chunk| {
        accommodation::Entity::find()
            .filter(accommodation::Column::EnrolmentId.is_in(chunk))
            .filter(accommodation::Column::Status.eq(AccommodationStatus::Granted))
            .all(db)
    })
    .await?;
    let allowances = super::accommodations::allowances(&granted);
    let mut labels: HashMap<i32, Vec<String>> = HashMap::new();
    for a in &granted {
        labels
            .entry(a.enrolment_id)
            .or_default()
            .push(mapping::accommodation_kind(a.kind).label().to_owned());
    }
    let mut events = attendance_event::Entity::find()
        .filter(attendance_event::Column::SlotId.eq(slot_id))
        .order_by_asc(attendance_event::Column::Id);
    if only.is_some() {
        events = events.filter(attendance_event::Column::EnrolmentId.is_in(enrolments.clone()));
    }
    let events = events.all(db).await?;
    let latest: HashMap<i32, attendance_event::Model> =
        events.into_iter().map(|e| (e.enrolment_id, e)).collect();
    let frauds = fraud_report::Entity::find()
        .filter(fraud_report::Column::SlotId.eq(slot_id))
        .all(db)
        .await?;
    let org = entities::organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let place = slot
        .room
        .clone()
        .map(|room| format!("{room}, {}", detail.session.place))
        .or_else(|| {
            slot.remote_link
                .clone()
                .map(|l| format!("à distance : {l}"))
        })
        .unwrap_or_else(|| detail.session.place.clone());
    let held = super::passages::held(db, slot_id).await?;
    let passages = super::passages::of_slots(db, vec![slot_id]).await?;
    let examiners = examiners_of(db, slot_id, &enrolments).await?;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    // An optional unit's sitting lists only the candidates who chose it.
    let optional = match exam_session_version(db, session).await? {
        Some(version) => super::sessions::optional_epreuves_of_version(db, version).await?,
        None => HashMap::new(),
    };
    for c in detail
        .candidates
        .iter()
        .filter(|c| super::sessions::sits(&optional, &slot.epreuve_code, &c.options))
    {
        let allowance = allowances
            .get(&c.enrolment_id.0)
            .copied()
            .unwrap_or_default();
        let end = time_fr(allowance.end(slot.starts_local, slot.duration_minutes));
        let mut accommodations = labels.get(&c.enrolment_id.0).cloned().unwrap_or_default();
        if let Some(extra) = allowance.describe(slot.duration_minutes) {
            accommodations.push(extra);
        }
        let accommodations = accommodations.join(" ; ");
        let name = format!("{} {}", c.last_name.to_uppercase(), c.first_name);
        lines.push(SheetLine {
            number: c.number.clone(),
            name: name.clone(),
            accommodations: accommodations.clone(),
            end: end.clone(),
        });
        rows.push(SlotCandidate {
            enrolment_id: c.enrolment_id.0,
            number: c.number.clone(),
            name,
            accommodations,
            end,
            attendance: latest.get(&c.enrolment_id.0).map(|e| Attendance {
                kind: kind_from_db(e.kind),
                reason: e.reason.clone(),
                document_ref: e.document_ref.clone(),
                identity_checked: e.identity_checked,
                incident: e.incident.clone(),
            }),
            frauds: frauds
                .iter()
                .filter(|f| f.enrolment_id == c.enrolment_id.0)
                .map(|f| FraudReport {
                    facts: f.facts.clone(),
                    countersigned: f.countersigned,
                    refusal_mention: f.refusal_mention.clone(),
                })
                .collect(),
            passage: passages.get(&(slot_id, c.enrolment_id.0)).map(|p| {
                let (start, end) = super::passages::local_span(p);
                crate::api::exam_day::PassageRow {
                    id: p.id,
                    position: p.position,
                    start: start.format("%H:%M").to_string(),
                    span: format!("{} – {}", time_fr(start), time_fr(end)),
                    room: p.room.clone().unwrap_or_default(),
                    examiners: examiners
                        .get(&c.enrolment_id.0)
                        .cloned()
                        .unwrap_or_default()
                        .join(", "),
                }
            }),
        });
    }
    rows.sort_by_key(|r| r.passage.as_ref().map_or(i32::MAX, |p| p.position));
    let epreuve = crate::domain::format::code_title(&slot.epreuve_code, &slot.epreuve_title);
    let starts = datetime_fr(slot.starts_local);
    Ok(Some((
        SlotPage {
            session_id: session.0,
            slot_id,
            session_label: detail.session.label.clone(),
            epreuve: epreuve.clone(),
            starts: starts.clone(),
            place: place.clone(),
            individual: held.as_ref().is_some_and(|h| h.individual),
            phases: held.map(|h| h.phases).unwrap_or_default(),
            rows,
            seated: 0,
            counts: Vec::new(),
            paging: crate::domain::paging::Paging::default(),
        },
        AttendanceSheet {
            organisation: org,
            certification: detail.session.certification_title.clone(),
            session: detail.session.label.clone(),
            epreuve,
            starts,
            place,
            lines,
        },
    )))
}

async fn exam_session_version(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Option<i32>, DbErr> {
    Ok(entities::exam_session::Entity::find_by_id(session.0)
        .one(db)
        .await?
        .map(|s| s.version_id))
}

/// The graders allocated to each enrolment for the sitting's épreuve, by name.
async fn examiners_of(
    db: &impl ConnectionTrait,
    slot: i32,
    enrolments: &[i32],
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let Some(slot) = entities::schedule_slot::Entity::find_by_id(slot)
        .one(db)
        .await?
    else {
        return Ok(HashMap::new());
    };
    let rows = super::chunked::all(enrolments.iter().copied(), |chunk| {
        entities::grading_allocation::Entity::find()
            .filter(entities::grading_allocation::Column::EnrolmentId.is_in(chunk))
            .filter(entities::grading_allocation::Column::EpreuveId.eq(slot.epreuve_id))
            .all(db)
    })
    .await?;
    let members: HashMap<i32, String> =
        super::chunked::all(rows.iter().map(|r| r.jury_member_id), |chunk| {
            entities::jury_member::Entity::find()
                .filter(entities::jury_member::Column::Id.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|m| (m.id, format!("{} {}", m.first_name, m.last_name)))
        .collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for r in rows {
        if let Some(name) = members.get(&r.jury_member_id) {
            out.entry(r.enrolment_id).or_default().push(name.clone());
        }
    }
    Ok(out)
}

/// Why a record is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// The PV is signed.
    Frozen(&'static str),
    /// The sitting has not started yet.
    TooEarly(String),
    Db(DbErr),
}

/// Refuses a record at a sitting that has not started yet (French local time).
async fn ensure_started(
    db: &impl ConnectionTrait,
    slot_id: i32,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let Some(slot) = entities::schedule_slot::Entity::find_by_id(slot_id)
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    crate::domain::chronology::attendance_open(
        super::schedule::to_local(slot.starts_at),
        super::schedule::to_local(now),
    )
    .map_err(Refusal::TooEarly)
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

async fn owned_slot(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    slot_id: i32,
    enrolment_id: i32,
) -> Result<bool, DbErr> {
    if super::sessions::find_owned(db, organisation, session)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let slot = entities::schedule_slot::Entity::find_by_id(slot_id)
        .filter(entities::schedule_slot::Column::SessionId.eq(session.0))
        .one(db)
        .await?;
    let enrolled = entities::enrolment::Entity::find_by_id(enrolment_id)
        .filter(entities::enrolment::Column::SessionId.eq(session.0))
        .one(db)
        .await?;
    Ok(slot.is_some() && enrolled.is_some())
}

/// Records a candidate's attendance at a sitting (a new record; the latest counts).
#[allow(clippy::too_many_arguments)]
pub async fn record_attendance(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    (slot_id, enrolment_id): (i32, i32),
    attendance: &Attendance,
    user: i32,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    if !owned_slot(&txn, organisation, session, slot_id, enrolment_id).await? {
        return Err(Refusal::NotFound);
    }
    if let Some(why) = super::sessions::frozen(&txn, session).await? {
        return Err(Refusal::Frozen(why));
    }
    ensure_started(&txn, slot_id, now).await?;
    super::sessions::advance_status(&txn, session, entities::enums::SessionStatus::Exams).await?;
    let before = attendance_event::Entity::find()
        .filter(attendance_event::Column::SlotId.eq(slot_id))
        .filter(attendance_event::Column::EnrolmentId.eq(enrolment_id))
        .order_by_desc(attendance_event::Column::Id)
        .one(&txn)
        .await?;
    attendance_event::ActiveModel {
        enrolment_id: Set(enrolment_id),
        slot_id: Set(slot_id),
        kind: Set(kind_to_db(attendance.kind)),
        reason: Set(attendance.reason.clone()),
        document_ref: Set(attendance.document_ref.clone()),
        identity_checked: Set(attendance.identity_checked),
        incident: Set(attendance.incident.clone()),
        recorded_by: Set(Some(user)),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor: Some(user),
            entity: "attendance".to_owned(),
            entity_id: format!("{enrolment_id}:{slot_id}"),
            action: "record".to_owned(),
            before: before.map(|b| format!("{{\"kind\":\"{}\"}}", kind_from_db(b.kind).code())),
            after: Some(attendance.audited()),
            reason: None,
            session: Some(session.0),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records a fraud report at a sitting.
pub async fn record_fraud(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    (slot_id, enrolment_id): (i32, i32),
    report: &FraudReport,
    user: i32,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    if !owned_slot(&txn, organisation, session, slot_id, enrolment_id).await? {
        return Err(Refusal::NotFound);
    }
    if let Some(why) = super::sessions::frozen(&txn, session).await? {
        return Err(Refusal::Frozen(why));
    }
    ensure_started(&txn, slot_id, now).await?;
    fraud_report::ActiveModel {
        enrolment_id: Set(enrolment_id),
        slot_id: Set(Some(slot_id)),
        facts: Set(report.facts.clone()),
        countersigned: Set(report.countersigned),
        refusal_mention: Set(report.refusal_mention.clone()),
        recorded_by: Set(Some(user)),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::append(
        &txn,
        Record {
            at: now,
            actor: Some(user),
            entity: "fraud".to_owned(),
            entity_id: format!("{enrolment_id}:{slot_id}"),
            action: "report".to_owned(),
            before: None,
            after: Some(serde_json::to_string(report).map_err(|e| DbErr::Custom(e.to_string()))?),
            reason: None,
            session: Some(session.0),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
