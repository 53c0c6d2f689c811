//! Enrolling a candidate the organisation already knows in a new session (a retake):
//! their capitalised blocs come with them (the engine reads them as exempt), and the
//! certification's retake rule is checked against their published attempts.

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{EnrolmentStatus, Outcome as DbOutcome};
use entities::{
    bloc_result, candidate, capitalised_bloc, certification_version, decision, enrolment,
    exam_session,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::domain::deliberation::blocs;
use crate::domain::ids::{OrganisationId, SessionId};
use crate::domain::retake::{Attempt, RetakePolicy, check};
use crate::domain::scoring::Grid;

/// Why the enrolment is refused.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// In French, for the email field.
    Invalid(String),
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        Refusal::Db(e)
    }
}

/// The candidate's published attempts at a certification (any version).
async fn attempts(
    db: &impl ConnectionTrait,
    candidate_id: i32,
    certification_id: i32,
) -> Result<Vec<Attempt>, DbErr> {
    let versions: Vec<i32> = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(certification_id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let sessions = super::chunked::all(versions, |chunk| {
        exam_session::Entity::find()
            .filter(exam_session::Column::VersionId.is_in(chunk))
            .filter(exam_session::Column::PublishedAt.is_not_null())
            .all(db)
    })
    .await?;
    let enrolled = super::chunked::all(sessions.iter().map(|s| s.id), |chunk| {
        enrolment::Entity::find()
            .filter(enrolment::Column::CandidateId.eq(candidate_id))
            .filter(enrolment::Column::SessionId.is_in(chunk))
            .all(db)
    })
    .await?;
    let decisions = super::chunked::all(enrolled.iter().map(|e| e.id), |chunk| {
        decision::Entity::find()
            .filter(decision::Column::EnrolmentId.is_in(chunk))
            .all(db)
    })
    .await?;
    let results = super::chunked::all(decisions.iter().map(|d| d.id), |chunk| {
        bloc_result::Entity::find()
            .filter(bloc_result::Column::DecisionId.is_in(chunk))
            .all(db)
    })
    .await?;
    Ok(decisions
        .iter()
        .filter_map(|d| {
            let e = enrolled.iter().find(|e| e.id == d.enrolment_id)?;
            let s = sessions.iter().find(|s| s.id == e.session_id)?;
            Some(Attempt {
                session: s.label.clone(),
                on: s.starts_on,
                full: d.final_outcome == DbOutcome::FullCertification,
                counts: !matches!(d.final_outcome, DbOutcome::Postponed | DbOutcome::Absent),
                failed: results
                    .iter()
                    .filter(|r| r.decision_id == d.id && !r.validated && !r.exempt)
                    .map(|r| r.bloc_code.clone())
                    .collect(),
            })
        })
        .collect())
}

/// Enrols the organisation's candidate with this email in the session; returns their
/// candidate number.
pub async fn enrol_again(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    email: &str,
    now: DateTime<Utc>,
) -> Result<String, Refusal> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(model) = super::sessions::find_owned(&txn, organisation, session).await? else {
        return Err(Refusal::NotFound);
    };
    let email = email.trim().to_lowercase();
    let Some(person) = candidate::Entity::find()
        .filter(candidate::Column::OrganisationId.eq(organisation.0))
        .all(&txn)
        .await?
        .into_iter()
        .find(|c| c.email.to_lowercase() == email)
    else {
        return Err(Refusal::Invalid(format!(
            "Aucun candidat connu avec le courriel « {email} » : inscrivez-le comme nouveau candidat."
        )));
    };
    let numbers: Vec<enrolment::Model> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(model.id))
        .all(&txn)
        .await?;
    if numbers.iter().any(|e| e.candidate_id == person.id) {
        return Err(Refusal::Invalid(format!(
            "{} {} est déjà inscrit(e) à cette session.",
            person.first_name, person.last_name
        )));
    }
    let version = certification_version::Entity::find_by_id(model.version_id)
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::Custom("version".to_owned()))?;
    let grid: Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("stored grid: {e}")))?;
    let capitalised: Vec<String> = capitalised_bloc::Entity::find()
        .filter(capitalised_bloc::Column::CandidateId.eq(person.id))
        .filter(capitalised_bloc::Column::CertificationId.eq(version.certification_id))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|c| still_valid(c.valid_until, model.starts_on))
        .map(|c| c.bloc_code)
        .collect();
    let needed: Vec<String> = blocs(&grid)
        .into_iter()
        .map(|(code, _)| code)
        .filter(|code| !capitalised.contains(code))
        .collect();
    let policy = match (version.retakes_per_bloc, version.retake_years) {
        (Some(per_bloc), Some(years)) => Some(RetakePolicy {
            per_bloc: u8::try_from(per_bloc).unwrap_or(u8::MAX),
            years: u8::try_from(years).unwrap_or(u8::MAX),
        }),
        _ => None,
    };
    let history = attempts(&txn, person.id, version.certification_id).await?;
    check(policy, &history, &needed, model.starts_on).map_err(Refusal::Invalid)?;
    let number = format!("S{}-{:04}", model.id, numbers.len() + 1);
    enrolment::ActiveModel {
        session_id: Set(model.id),
        candidate_id: Set(person.id),
        candidate_number: Set(number.clone()),
        status: Set(EnrolmentStatus::Enrolled),
        attendance_percent_hundredths: Set(None),
        unjustified_absence_percent_hundredths: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(number)
}

fn still_valid(until: Option<NaiveDate>, on: NaiveDate) -> bool {
    until.is_none_or(|until| until >= on)
}
