//! The queries behind each role's home page. A fixed number of queries per page,
//! whatever the number of rows.

use std::collections::HashMap;

use entities::{
    accommodation, bloc, certification, certification_version, enrolment, exam_session, jury,
    jury_seat, organisation,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::mapping;
use crate::api::dashboard::{
    AccommodationRow, CandidateDashboard, CertificationRow, CertifierDashboard, EnrolmentRow,
    JuryDashboard, JurySeatRow, SessionRow,
};
use crate::domain::ids::{CandidateId, CertificationId, JuryMemberId, OrganisationId, SessionId};

/// Counts rows per key with one `GROUP BY` query.
async fn count_by<E, C>(
    db: &impl ConnectionTrait,
    key: C,
    ids: Vec<i32>,
) -> Result<HashMap<i32, u64>, DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let rows: Vec<(i32, i64)> = super::chunked::all(ids, |chunk| {
        E::find()
            .select_only()
            .column(key)
            .column_as(key.count(), "n")
            .filter(key.is_in(chunk))
            .group_by(key)
            .into_tuple()
            .all(db)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Session rows with their certification and number of enrolled candidates.
pub async fn session_rows(
    db: &impl ConnectionTrait,
    sessions: Vec<exam_session::Model>,
) -> Result<Vec<SessionRow>, DbErr> {
    let version_ids: Vec<i32> = sessions.iter().map(|s| s.version_id).collect();
    let versions = super::chunked::all(version_ids, |chunk| {
        certification_version::Entity::find()
            .filter(certification_version::Column::Id.is_in(chunk))
            .find_also_related(certification::Entity)
            .all(db)
    })
    .await?;
    let certification_of: HashMap<i32, certification::Model> = versions
        .into_iter()
        .filter_map(|(version, cert)| cert.map(|cert| (version.id, cert)))
        .collect();
    let enrolled = count_by::<enrolment::Entity, _>(
        db,
        enrolment::Column::SessionId,
        sessions.iter().map(|s| s.id).collect(),
    )
    .await?;
    Ok(sessions
        .into_iter()
        .map(|session| {
            let cert = certification_of.get(&session.version_id);
            SessionRow {
                id: SessionId(session.id),
                label: session.label,
                certification_id: cert.map_or(0, |c| c.id),
                certification_code: cert.map(|c| c.code.clone()).unwrap_or_default(),
                certification_title: cert.map(|c| c.title.clone()).unwrap_or_default(),
                starts_on: session.starts_on,
                ends_on: session.ends_on,
                place: session.place,
                status: mapping::session_status(session.status),
                enrolled: enrolled.get(&session.id).copied().unwrap_or(0),
            }
        })
        .collect())
}

/// The certifier's certifications (latest version) and sessions.
pub async fn certifier(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<CertifierDashboard, DbErr> {
    let org = organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?;
    let certifications = certification::Entity::find()
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .order_by_asc(certification::Column::TemplateKey)
        .order_by_asc(certification::Column::Code)
        .all(db)
        .await?;
    let versions = super::chunked::all(certifications.iter().map(|c| c.id), |chunk| {
        certification_version::Entity::find()
            .filter(certification_version::Column::CertificationId.is_in(chunk))
            .all(db)
    })
    .await?;
    let mut latest: HashMap<i32, &certification_version::Model> = HashMap::new();
    for version in &versions {
        let entry = latest.entry(version.certification_id).or_insert(version);
        if version.number > entry.number {
            *entry = version;
        }
    }
    let bloc_counts = count_by::<bloc::Entity, _>(
        db,
        bloc::Column::VersionId,
        latest.values().map(|v| v.id).collect(),
    )
    .await?;
    let certifications = certifications
        .into_iter()
        .map(|cert| {
            let version = latest.get(&cert.id);
            CertificationRow {
                id: CertificationId(cert.id),
                code: cert.code,
                title: cert.title,
                kind: mapping::certification_kind(cert.kind),
                level: cert.level,
                version: version.map_or(0, |v| v.number),
                bloc_count: version
                    .and_then(|v| bloc_counts.get(&v.id))
                    .copied()
                    .unwrap_or(0),
                template_key: cert.template_key,
            }
        })
        .collect();
    let sessions = exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .order_by_asc(exam_session::Column::StartsOn)
        .all(db)
        .await?;
    Ok(CertifierDashboard {
        organisation: org.map(|o| o.name).unwrap_or_default(),
        certifications,
        sessions: session_rows(db, sessions).await?,
    })
}

/// The juries a member sits on.
pub async fn jury(
    db: &impl ConnectionTrait,
    member: JuryMemberId,
    today: chrono::NaiveDate,
) -> Result<JuryDashboard, DbErr> {
    let seats = jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryMemberId.eq(member.0))
        .find_also_related(jury::Entity)
        .all(db)
        .await?;
    let session_of_seat: Vec<(jury_seat::Model, i32)> = seats
        .into_iter()
        .filter_map(|(seat, jury)| jury.map(|j| (seat, j.session_id)))
        .collect();
    let sessions = super::chunked::all(session_of_seat.iter().map(|(_, id)| *id), |chunk| {
        exam_session::Entity::find()
            .filter(exam_session::Column::Id.is_in(chunk))
            .order_by_asc(exam_session::Column::StartsOn)
            .all(db)
    })
    .await?;
    let due: std::collections::HashMap<i32, Option<chrono::NaiveDate>> =
        sessions.iter().map(|s| (s.id, s.grading_due_on)).collect();
    // A member sits on a handful of sessions: their sheets of each counted by status.
    let mut progress = std::collections::HashMap::new();
    for session in &sessions {
        let id = crate::domain::ids::SessionId(session.id);
        let query = super::sheets::SheetQuery {
            grader: Some(member.0),
            hidden: super::sheets::hidden_from(db, member.0, id).await?,
            ..Default::default()
        };
        progress.insert(session.id, super::sheets::progress(db, id, &query).await?);
    }
    let rows = session_rows(db, sessions).await?;
    let seats = rows
        .into_iter()
        .filter_map(|session| {
            let (seat, _) = session_of_seat.iter().find(|(_, id)| *id == session.id.0)?;
            let counts = progress.get(&session.id.0).copied().unwrap_or_default();
            let due_on = due.get(&session.id.0).copied().flatten();
            Some(JurySeatRow {
                progress: counts,
                due_on,
                late: counts.late(due_on, today),
                session,
                role: mapping::jury_role(seat.role),
                invitation: mapping::invitation(seat.invitation),
            })
        })
        .collect();
    Ok(JuryDashboard { seats })
}

/// A candidate's enrolments with their accommodations.
pub async fn candidate(
    db: &impl ConnectionTrait,
    candidate: CandidateId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CandidateDashboard, DbErr> {
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::CandidateId.eq(candidate.0))
        .all(db)
        .await?;
    let sessions = super::chunked::all(enrolments.iter().map(|e| e.session_id), |chunk| {
        exam_session::Entity::find()
            .filter(exam_session::Column::Id.is_in(chunk))
            .order_by_asc(exam_session::Column::StartsOn)
            .all(db)
    })
    .await?;
    let accommodations = super::chunked::all(enrolments.iter().map(|e| e.id), |chunk| {
        accommodation::Entity::find()
            .filter(accommodation::Column::EnrolmentId.is_in(chunk))
            .order_by_asc(accommodation::Column::RequestedAt)
            .all(db)
    })
    .await?;
    let session_ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let convoked: Vec<Option<i32>> =
        super::chunked::all(enrolments.iter().map(|e| e.id), |chunk| {
            entities::email_message::Entity::find()
                .select_only()
                .column(entities::email_message::Column::EnrolmentId)
                .filter(entities::email_message::Column::EnrolmentId.is_in(chunk))
                .filter(entities::email_message::Column::Kind.eq(super::convocations::CONVOCATION))
                .filter(
                    entities::email_message::Column::Status.eq(entities::enums::EmailStatus::Sent),
                )
                .into_tuple()
                .all(db)
        })
        .await?;
    let mut slots = super::schedule::slots_of_sessions(db, &session_ids).await?;
    // Each candidate's own passages (orals, interviews), and the optional épreuves
    // they did not choose left out.
    let passages: HashMap<(i32, i32), entities::passage::Model> =
        super::chunked::all(enrolments.iter().map(|e| e.id), |chunk| {
            entities::passage::Entity::find()
                .filter(entities::passage::Column::EnrolmentId.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|p| ((p.slot_id, p.enrolment_id), p))
        .collect();
    let mut optional = HashMap::new();
    for session in &sessions {
        optional.insert(
            session.id,
            super::sessions::optional_epreuves_of_version(db, session.version_id).await?,
        );
    }
    let rows = session_rows(db, sessions).await?;
    let allowances = super::accommodations::allowances(&accommodations);
    let mut results = super::publication::results_of(db, &enrolments).await?;
    let enrolments = rows
        .into_iter()
        .filter_map(|session| {
            let enrolment = enrolments.iter().find(|e| e.session_id == session.id.0)?;
            let allowance = allowances.get(&enrolment.id).copied().unwrap_or_default();
            let chosen = super::sessions::chosen_options(&enrolment.optional_units);
            let none = HashMap::new();
            let optional = optional.get(&session.id.0).unwrap_or(&none);
            let timetable = slots.remove(&session.id.0).unwrap_or_default();
            let results = results.remove(&enrolment.id);
            let can_request = results.is_none()
                && crate::domain::chronology::accommodation_requests_open(
                    timetable.iter().map(|slot| slot.starts_local).max(),
                    session.ends_on,
                    super::schedule::to_local(now),
                );
            let schedule = timetable
                .iter()
                .filter(|slot| super::sessions::sits(optional, &slot.epreuve_code, &chosen))
                .map(|slot| {
                    super::convocations::sitting(
                        slot,
                        passages.get(&(slot.id, enrolment.id)),
                        allowance,
                        &session.place,
                    )
                })
                .collect();
            Some(EnrolmentRow {
                convocation_sent: convoked.contains(&Some(enrolment.id)),
                results,
                can_request,
                schedule,
                enrolment_id: crate::domain::ids::EnrolmentId(enrolment.id),
                candidate_number: enrolment.candidate_number.clone(),
                accommodations: accommodations
                    .iter()
                    .filter(|a| a.enrolment_id == enrolment.id)
                    .map(|a| AccommodationRow {
                        id: a.id,
                        kind: mapping::accommodation_kind(a.kind),
                        status: mapping::accommodation_status(a.status),
                        note: a.note.clone(),
                        decision_reason: a.decision_reason.clone(),
                    })
                    .collect(),
                session,
            })
        })
        .collect();
    Ok(CandidateDashboard { enrolments })
}
