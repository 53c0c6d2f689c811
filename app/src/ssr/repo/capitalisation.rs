//! Blocs validated in an earlier session (capitalisation), recorded for a candidate with
//! their date, validity and source; the engine treats them as exempt while valid.

use chrono::NaiveDate;
use entities::{bloc, capitalised_bloc, certification_version, enrolment, exam_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::domain::ids::{EnrolmentId, OrganisationId, SessionId};

/// A capitalised bloc to record, already checked.
pub struct NewCapitalised {
    pub bloc_code: String,
    pub validated_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub source: String,
}

/// Why recording is refused.
pub enum Refusal {
    NotFound,
    UnknownBloc,
    Db(DbErr),
}

impl From<DbErr> for Refusal {
    fn from(err: DbErr) -> Self {
        Refusal::Db(err)
    }
}

/// Records a capitalised bloc for the candidate of an enrolment of the organisation's
/// session; without an end date, the certification's capitalisation duration applies.
pub async fn record(
    conn: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: EnrolmentId,
    new: NewCapitalised,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Refusal> {
    let (txn, _turn) = super::audit::begin_write(conn).await?;
    let db = &txn;
    let Some(session) = exam_session::Entity::find_by_id(session.0)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some(enrolled) = enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::SessionId.eq(session.id))
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let Some(version) = certification_version::Entity::find_by_id(session.version_id)
        .one(db)
        .await?
    else {
        return Err(Refusal::NotFound);
    };
    let known = bloc::Entity::find()
        .filter(bloc::Column::VersionId.eq(version.id))
        .filter(bloc::Column::Code.eq(new.bloc_code.as_str()))
        .one(db)
        .await?;
    if known.is_none() {
        return Err(Refusal::UnknownBloc);
    }
    let valid_until = new.valid_until.or_else(|| {
        version
            .capitalisation_years
            .and_then(|years| u32::try_from(years).ok())
            .and_then(|years| {
                new.validated_on
                    .checked_add_months(chrono::Months::new(12 * years))
            })
    });
    let saved = capitalised_bloc::ActiveModel {
        candidate_id: Set(enrolled.candidate_id),
        certification_id: Set(version.certification_id),
        bloc_code: Set(new.bloc_code),
        validated_on: Set(new.validated_on),
        valid_until: Set(valid_until),
        source: Set(new.source),
        source_session_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::audit::append(
        db,
        crate::domain::audit::Record {
            at: now,
            actor: crate::ssr::auth::current_user().map(|u| u.id.0),
            entity: "capitalised_bloc".to_owned(),
            entity_id: format!("{}:{}", enrolled.candidate_id, saved.bloc_code),
            action: "record".to_owned(),
            before: None,
            after: Some(
                serde_json::json!({
                    "validated_on": saved.validated_on,
                    "valid_until": saved.valid_until,
                    "source": saved.source,
                })
                .to_string(),
            ),
            reason: None,
            session: Some(session.id),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The capitalised blocs of a session's candidates, as `(candidate id, text)`.
pub async fn of_candidates(
    db: &impl ConnectionTrait,
    candidates: &[i32],
) -> Result<Vec<(i32, String)>, DbErr> {
    let rows = super::chunked::all(candidates.iter().copied(), |chunk| {
        capitalised_bloc::Entity::find()
            .filter(capitalised_bloc::Column::CandidateId.is_in(chunk))
            .order_by_asc(capitalised_bloc::Column::BlocCode)
            .all(db)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let until = r
                .valid_until
                .map(|d| format!(", valable jusqu'au {}", crate::domain::format::date_fr(d)))
                .unwrap_or_default();
            (
                r.candidate_id,
                format!(
                    "{} (acquis le {}{until} — {})",
                    r.bloc_code,
                    crate::domain::format::date_fr(r.validated_on),
                    r.source
                ),
            )
        })
        .collect())
}
