//! One session of the certifier: its enrolled candidates, and the import of a
//! candidates file (all rows in one transaction, inserted in chunks).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entities::enums::{AccessRoute as DbRoute, EnrolmentStatus};
use entities::{candidate, enrolment, exam_session};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use crate::api::sessions::{EnrolledCandidate, SessionDetail};
use crate::domain::candidate::{AccessRoute, ImportedCandidate};
use crate::domain::ids::{EnrolmentId, OrganisationId, SessionId};

/// Rows per INSERT: far below the bind-parameter limits of SQLite and PostgreSQL.
const CHUNK: usize = 500;

pub fn route_to_db(route: AccessRoute) -> DbRoute {
    match route {
        AccessRoute::FormationInitiale => DbRoute::FormationInitiale,
        AccessRoute::Apprentissage => DbRoute::Apprentissage,
        AccessRoute::FormationContinue => DbRoute::FormationContinue,
        AccessRoute::ContratPro => DbRoute::ContratPro,
        AccessRoute::CandidatureIndividuelle => DbRoute::CandidatureIndividuelle,
        AccessRoute::Vae => DbRoute::Vae,
    }
}

pub fn route_from_db(route: DbRoute) -> AccessRoute {
    match route {
        DbRoute::FormationInitiale => AccessRoute::FormationInitiale,
        DbRoute::Apprentissage => AccessRoute::Apprentissage,
        DbRoute::FormationContinue => AccessRoute::FormationContinue,
        DbRoute::ContratPro => AccessRoute::ContratPro,
        DbRoute::CandidatureIndividuelle => AccessRoute::CandidatureIndividuelle,
        DbRoute::Vae => AccessRoute::Vae,
    }
}

/// The session if it belongs to the organisation.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<exam_session::Model>, DbErr> {
    exam_session::Entity::find_by_id(session.0)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await
}

/// A session with its candidates, or `None` if it is not the organisation's.
pub async fn detail(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
) -> Result<Option<SessionDetail>, DbErr> {
    let Some(model) = find_owned(db, organisation, session).await? else {
        return Ok(None);
    };
    let version = model.version_id;
    let rows = super::dashboard::session_rows(db, vec![model]).await?;
    let Some(summary) = rows.into_iter().next() else {
        return Ok(None);
    };
    let enrolled = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .order_by_asc(enrolment::Column::CandidateNumber)
        .all(db)
        .await?;
    let people: Vec<i32> = enrolled.iter().map(|(e, _)| e.candidate_id).collect();
    let capitalised = super::capitalisation::of_candidates(db, &people).await?;
    let candidates = enrolled
        .into_iter()
        .filter_map(|(enrolment, person)| {
            let person = person?;
            Some(EnrolledCandidate {
                capitalised: capitalised
                    .iter()
                    .filter(|(c, _)| *c == person.id)
                    .map(|(_, text)| text.clone())
                    .collect(),
                enrolment_id: EnrolmentId(enrolment.id),
                number: enrolment.candidate_number,
                last_name: person.last_name,
                first_name: person.first_name,
                birth_date: person.birth_date,
                email: person.email,
                access_route: route_from_db(person.access_route),
                category: person.category,
                training_group: person.training_group,
            })
        })
        .collect();
    let accommodations = super::accommodations::for_session(db, session).await?;
    let epreuves =
        super::schedule::epreuves_of_version(db, crate::domain::ids::VersionId(version)).await?;
    let slots = super::schedule::slots_of_sessions(db, &[session.0])
        .await?
        .remove(&session.0)
        .unwrap_or_default();
    let blocs = entities::bloc::Entity::find()
        .filter(entities::bloc::Column::VersionId.eq(version))
        .order_by_asc(entities::bloc::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.code, b.title))
        .collect();
    Ok(Some(SessionDetail {
        session: summary,
        candidates,
        accommodations,
        epreuves,
        slots,
        blocs,
    }))
}

/// Why a candidate could not be updated.
#[derive(Debug)]
pub enum UpdateRefusal {
    /// Not an enrolment of one of the organisation's sessions.
    NotFound,
    /// Another account already signs in with this email.
    EmailTaken,
    Db(DbErr),
}

impl From<DbErr> for UpdateRefusal {
    fn from(err: DbErr) -> Self {
        UpdateRefusal::Db(err)
    }
}

/// The enrolled candidate of one of the organisation's sessions.
async fn enrolled_candidate(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: EnrolmentId,
) -> Result<Option<candidate::Model>, DbErr> {
    if find_owned(db, organisation, session).await?.is_none() {
        return Ok(None);
    }
    Ok(enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(db)
        .await?
        .and_then(|(_, person)| person)
        .filter(|p| p.organisation_id == organisation.0))
}

/// The current email of an enrolled candidate.
pub async fn enrolled_email(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: EnrolmentId,
) -> Result<Option<String>, DbErr> {
    Ok(enrolled_candidate(db, organisation, session, enrolment_id)
        .await?
        .map(|p| p.email))
}

/// Saves a checked correction of an enrolled candidate; their account, if any, signs in
/// with the new email. One transaction.
pub async fn update_candidate(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    (session, enrolment_id): (SessionId, EnrolmentId),
    checked: &ImportedCandidate,
) -> Result<(), UpdateRefusal> {
    use entities::user;
    use sea_orm::ActiveModelTrait;
    let txn = db.begin().await?;
    let Some(person) = enrolled_candidate(&txn, organisation, session, enrolment_id).await? else {
        return Err(UpdateRefusal::NotFound);
    };
    let account = user::Entity::find()
        .filter(user::Column::CandidateId.eq(person.id))
        .one(&txn)
        .await?;
    if let Some(account) = account {
        if account.email.to_lowercase() != checked.email {
            let taken = user::Entity::find()
                .filter(user::Column::Email.eq(checked.email.clone()))
                .one(&txn)
                .await?
                .is_some();
            if taken {
                return Err(UpdateRefusal::EmailTaken);
            }
            let mut account: user::ActiveModel = account.into();
            account.email = Set(checked.email.clone());
            account.update(&txn).await?;
        }
    }
    let mut person: candidate::ActiveModel = person.into();
    person.last_name = Set(checked.last_name.clone());
    person.first_name = Set(checked.first_name.clone());
    person.birth_date = Set(checked.birth_date);
    person.email = Set(checked.email.clone());
    person.access_route = Set(route_to_db(checked.access_route));
    person.category = Set(checked.category.clone());
    person.training_group = Set(checked.training_group.clone());
    person.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Emails of the organisation's candidates (lower case), to refuse duplicates.
pub async fn candidate_emails(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<HashSet<String>, DbErr> {
    let emails: Vec<String> = candidate::Entity::find()
        .select_only()
        .column(candidate::Column::Email)
        .filter(candidate::Column::OrganisationId.eq(organisation.0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(emails.into_iter().map(|e| e.to_lowercase()).collect())
}

/// Creates the candidates and enrols them in the session, numbered after the last
/// enrolment (`<prefix>-001`…), in one transaction: all or nothing.
pub async fn import(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    session: SessionId,
    candidates: &[ImportedCandidate],
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    let numbers: Vec<String> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::CandidateNumber)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut next = numbers.len() + 1;
    let prefix = format!("S{}", session.0);
    for chunk in candidates.chunks(CHUNK) {
        let people = chunk.iter().map(|c| candidate::ActiveModel {
            organisation_id: Set(organisation.0),
            first_name: Set(c.first_name.clone()),
            last_name: Set(c.last_name.clone()),
            birth_date: Set(c.birth_date),
            email: Set(c.email.clone()),
            access_route: Set(route_to_db(c.access_route)),
            category: Set(c.category.clone()),
            training_group: Set(c.training_group.clone()),
            created_at: Set(now),
            ..Default::default()
        });
        let ids = candidate::Entity::insert_many(people)
            .exec_with_returning_keys(&txn)
            .await?;
        let enrolments = ids.into_iter().map(|id| {
            let number = format!("{prefix}-{next:04}");
            next += 1;
            enrolment::ActiveModel {
                session_id: Set(session.0),
                candidate_id: Set(id),
                candidate_number: Set(number),
                status: Set(EnrolmentStatus::Enrolled),
                attendance_percent_hundredths: Set(None),
                unjustified_absence_percent_hundredths: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
        });
        enrolment::Entity::insert_many(enrolments)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(candidates.len())
}

/// Why a grading deadline is refused.
#[derive(Debug)]
pub enum DeadlineRefusal {
    NotFound,
    Invalid(String),
    Db(DbErr),
}

/// Sets the day by which one of the organisation's sessions is to be graded: not before
/// the session starts, not once its PV is signed.
pub async fn set_grading_deadline(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    on: chrono::NaiveDate,
) -> Result<(), DeadlineRefusal> {
    let model = find_owned(db, organisation, session)
        .await
        .map_err(DeadlineRefusal::Db)?
        .ok_or(DeadlineRefusal::NotFound)?;
    if super::mapping::session_status(model.status).frozen() {
        return Err(DeadlineRefusal::Invalid(
            crate::domain::status::FROZEN.to_owned(),
        ));
    }
    if on < model.starts_on {
        return Err(DeadlineRefusal::Invalid(format!(
            "La date limite de correction ({}) précède le début de la session ({}).",
            crate::domain::format::date_fr(on),
            crate::domain::format::date_fr(model.starts_on)
        )));
    }
    let mut active: exam_session::ActiveModel = model.into();
    active.grading_due_on = Set(Some(on));
    sea_orm::ActiveModelTrait::update(active, db)
        .await
        .map_err(DeadlineRefusal::Db)?;
    Ok(())
}

/// Why the session accepts no change any more (deliberation closed or PV signed), if
/// so: see `domain::status::change_refused`.
pub async fn frozen(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Option<&'static str>, DbErr> {
    let Some(model) = exam_session::Entity::find_by_id(session.0).one(db).await? else {
        return Ok(None);
    };
    let closed = entities::jury::Entity::find()
        .filter(entities::jury::Column::SessionId.eq(session.0))
        .one(db)
        .await?
        .is_some_and(|j| j.pv_hash.is_some());
    Ok(crate::domain::status::change_refused(
        super::mapping::session_status(model.status),
        closed,
    ))
}
