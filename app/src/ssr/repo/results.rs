//! What the scoring engine reads for a session: each enrolment's results gathered from
//! the marks (the agreed result for a double-marked épreuve, the grader's submitted
//! sheet otherwise), attendance at the sittings, fraud reports and capitalised blocs.

use std::collections::HashMap;

use entities::enums::AttendanceKind as DbKind;
use entities::{
    attendance_event, candidate, capitalised_bloc, certification_version, enrolment, epreuve,
    exam_session, fraud_report, schedule_slot,
};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};

use crate::domain::grading::{Graded, component_input, form_for};
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::scoring::Grid;
use crate::domain::scoring::input::{Attendance, CandidateInput, CapitalisedUnit};

/// What the engine needs of an enrolment and its candidate.
#[derive(Debug, FromQueryResult)]
struct EnrolledRow {
    id: i32,
    candidate_id: i32,
    candidate_number: String,
    attendance_percent_hundredths: Option<i64>,
    unjustified_absence_percent_hundredths: Option<i64>,
    last_name: String,
    first_name: String,
}

/// What the engine needs of a mark (not its comment, nor who changed it when).
#[derive(Debug)]
struct MarkRow {
    enrolment_id: i32,
    epreuve_id: i32,
    jury_member_id: Option<i32>,
    item_code: String,
    points_hundredths: Option<i64>,
    met: Option<bool>,
}

/// One enrolment as the engine reads it.
pub struct Enrolled {
    pub enrolment_id: i32,
    /// `E27-001 — DURAND Camille`.
    pub label: String,
    pub input: CandidateInput,
}

/// A session's grid and every enrolment's input.
pub type Inputs = (Grid, Vec<Enrolled>);

/// Inputs computed at a session's revision, on this app server.
static KEPT: super::revised::Revised<Inputs> = super::revised::Revised::new(8);

/// The session's grid and every enrolment's input; `None` if the session is not the
/// organisation's.
pub async fn inputs(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<Inputs>, DbErr> {
    let Some(model) = owned(db, organisation, session).await? else {
        return Ok(None);
    };
    inputs_of(db, &model).await
}

/// The same inputs, read once per revision of the session (outside any transaction:
/// see `revised`).
pub async fn shared_inputs(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<std::sync::Arc<Inputs>>, DbErr> {
    let Some(model) = owned(db, organisation, session).await? else {
        return Ok(None);
    };
    let at = super::revised::Revision {
        session: model.id,
        revision: model.revision,
        day: None,
    };
    if let Some(kept) = KEPT.get(&at) {
        return Ok(Some(kept));
    }
    let Some(read) = inputs_of(db, &model).await? else {
        return Ok(None);
    };
    let read = std::sync::Arc::new(read);
    KEPT.put(at, read.clone());
    Ok(Some(read))
}

async fn owned(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<exam_session::Model>, DbErr> {
    Ok(exam_session::Entity::find_by_id(session.0)
        .one(db)
        .await?
        .filter(|s| s.organisation_id == organisation.0))
}

async fn inputs_of(
    db: &impl ConnectionTrait,
    model: &exam_session::Model,
) -> Result<Option<Inputs>, DbErr> {
    let session = SessionId(model.id);
    let Some(version) = certification_version::Entity::find_by_id(model.version_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    // The few columns the engine and the labels need (10 000 whole rows of enrolment
    // and candidate cost more to decode than the marks).
    let enrolled: Vec<EnrolledRow> = enrolment::Entity::find()
        .select_only()
        .columns([
            enrolment::Column::Id,
            enrolment::Column::CandidateId,
            enrolment::Column::CandidateNumber,
            enrolment::Column::AttendancePercentHundredths,
            enrolment::Column::UnjustifiedAbsencePercentHundredths,
        ])
        .column(candidate::Column::LastName)
        .column(candidate::Column::FirstName)
        .join(JoinType::InnerJoin, enrolment::Relation::Candidate.def())
        .filter(enrolment::Column::SessionId.eq(session.0))
        .order_by_asc(enrolment::Column::CandidateNumber)
        .into_model()
        .all(db)
        .await?;
    let ids: Vec<i32> = enrolled.iter().map(|e| e.id).collect();
    let epreuves: Vec<epreuve::Model> = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(model.version_id))
        .all(db)
        .await?;
    let marks = submitted_marks(db, &ids).await?;
    let slots: HashMap<i32, i32> = schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.epreuve_id))
        .collect();
    let mut attendance: HashMap<(i32, i32), DbKind> = HashMap::new();
    for event in super::chunked::all(ids.iter().copied(), |chunk| {
        attendance_event::Entity::find()
            .filter(attendance_event::Column::EnrolmentId.is_in(chunk))
            .order_by_asc(attendance_event::Column::Id)
            .all(db)
    })
    .await?
    {
        if let Some(epreuve) = slots.get(&event.slot_id) {
            attendance.insert((event.enrolment_id, *epreuve), event.kind);
        }
    }
    let frauds: std::collections::HashSet<i32> =
        super::chunked::all(ids.iter().copied(), |chunk| {
            fraud_report::Entity::find()
                .filter(fraud_report::Column::EnrolmentId.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|f| f.enrolment_id)
        .collect();
    let people: Vec<i32> = enrolled.iter().map(|e| e.candidate_id).collect();
    let capitalised = super::chunked::all(people, |chunk| {
        capitalised_bloc::Entity::find()
            .filter(capitalised_bloc::Column::CandidateId.is_in(chunk))
            .filter(capitalised_bloc::Column::CertificationId.eq(version.certification_id))
            .all(db)
    })
    .await?;
    let mut capitalised_of: HashMap<i32, Vec<&capitalised_bloc::Model>> = HashMap::new();
    for c in &capitalised {
        capitalised_of.entry(c.candidate_id).or_default().push(c);
    }
    // Each sheet's marks, found by key rather than by scanning every mark per sheet.
    let mut sheets: HashMap<(i32, i32), Vec<&MarkRow>> = HashMap::new();
    for m in &marks {
        sheets
            .entry((m.enrolment_id, m.epreuve_id))
            .or_default()
            .push(m);
    }
    // Each épreuve's form, built once (not once per candidate).
    let forms: Vec<(&epreuve::Model, crate::domain::grading::Form)> = epreuves
        .iter()
        .filter_map(|ep| form_for(&grid, &ep.code).map(|form| (ep, form)))
        .collect();
    let mut out = Vec::with_capacity(enrolled.len());
    for e in &enrolled {
        let mut results = Vec::new();
        for (ep, form) in &forms {
            let own: Vec<&MarkRow> = sheets.get(&(e.id, ep.id)).cloned().unwrap_or_default();
            // The agreed result when there is one, otherwise the only grader's sheet.
            let agreed: Vec<&&MarkRow> =
                own.iter().filter(|m| m.jury_member_id.is_none()).collect();
            let chosen: Vec<Graded> = if !agreed.is_empty() {
                agreed.iter().map(|m| graded(m)).collect()
            } else if ep.double_marking {
                Vec::new()
            } else {
                own.iter().map(|m| graded(m)).collect()
            };
            let presence = match attendance.get(&(e.id, ep.id)) {
                Some(DbKind::AbsentUnjustified) => Attendance::AbsentUnjustified,
                Some(DbKind::AbsentJustified) => Attendance::AbsentJustified,
                _ => Attendance::Present,
            };
            if presence != Attendance::Present {
                let mut input = component_input(form, &[]);
                input.attendance = presence;
                results.push(input);
            } else if !chosen.is_empty() {
                results.push(component_input(form, &chosen));
            }
        }
        out.push(Enrolled {
            enrolment_id: e.id,
            label: format!(
                "{} — {} {}",
                e.candidate_number,
                e.last_name.to_uppercase(),
                e.first_name
            ),
            input: CandidateInput {
                candidate: e.candidate_number.clone(),
                results,
                attendance_percent: e.attendance_percent_hundredths.map(|h| Decimal::new(h, 2)),
                unjustified_absence_percent: e
                    .unjustified_absence_percent_hundredths
                    .map(|h| Decimal::new(h, 2)),
                fraud: frauds.contains(&e.id),
                capitalised: capitalised_of
                    .get(&e.candidate_id)
                    .into_iter()
                    .flatten()
                    // Blocs this very session validated are its result, not earlier ones.
                    .filter(|c| c.source_session_id != Some(session.0))
                    .filter(|c| grid.units.iter().any(|u| u.code == c.bloc_code))
                    .map(|c| CapitalisedUnit {
                        unit: c.bloc_code.clone(),
                        valid_until: c.valid_until,
                    })
                    .collect(),
            },
        });
    }
    Ok(Some((grid, out)))
}

/// Every mark of these enrolments but drafts, read as one row per enrolment (its marks
/// joined in one text, then split here): the driver hands over each row on its own,
/// and 280 000 marks read as 10 000 rows cost it 28 times fewer.
async fn submitted_marks(db: &impl ConnectionTrait, ids: &[i32]) -> Result<Vec<MarkRow>, DbErr> {
    const FIELD: char = '\u{1f}';
    const MARK: char = '\u{1e}';
    let backend = db.get_database_backend();
    let (joined, char) = match backend {
        sea_orm::DatabaseBackend::Postgres => ("string_agg", "chr"),
        _ => ("group_concat", "char"),
    };
    let rows = super::chunked::all(ids.iter().copied(), |chunk| async move {
        let list: Vec<String> = chunk.iter().map(i32::to_string).collect();
        let sql = format!(
            "SELECT enrolment_id, {joined}(
               CAST(epreuve_id AS TEXT) || {char}(31)
               || COALESCE(CAST(jury_member_id AS TEXT), '') || {char}(31)
               || item_code || {char}(31)
               || COALESCE(CAST(points_hundredths AS TEXT), '') || {char}(31)
               || CASE WHEN met IS NULL THEN '' WHEN met THEN '1' ELSE '0' END,
               {char}(30)) AS marks
             FROM marks WHERE enrolment_id IN ({}) AND status <> 'draft'
             GROUP BY enrolment_id",
            list.join(",")
        );
        db.query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await
    })
    .await?;
    let bad = |what: &str| DbErr::Custom(format!("stored mark: {what}"));
    let mut out = Vec::new();
    for row in rows {
        let enrolment_id: i32 = row.try_get("", "enrolment_id")?;
        let joined: String = row.try_get("", "marks")?;
        for mark in joined.split(MARK) {
            let mut fields = mark.split(FIELD);
            let (Some(epreuve), Some(member), Some(item), Some(points), Some(met), None) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
            ) else {
                return Err(bad(mark));
            };
            let number = |text: &str| -> Result<Option<i64>, DbErr> {
                if text.is_empty() {
                    Ok(None)
                } else {
                    text.parse().map(Some).map_err(|_| bad(mark))
                }
            };
            out.push(MarkRow {
                enrolment_id,
                epreuve_id: epreuve.parse().map_err(|_| bad(mark))?,
                jury_member_id: number(member)?
                    .map(|m| i32::try_from(m).map_err(|_| bad(mark)))
                    .transpose()?,
                item_code: item.to_owned(),
                points_hundredths: number(points)?,
                met: match met {
                    "" => None,
                    "0" => Some(false),
                    _ => Some(true),
                },
            });
        }
    }
    Ok(out)
}

fn graded(m: &MarkRow) -> Graded {
    Graded {
        item: m.item_code.clone(),
        points: m.points_hundredths.map(|h| Decimal::new(h, 2).normalize()),
        met: m.met,
        comment: String::new(),
    }
}
