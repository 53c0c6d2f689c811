//! What the declaration needs before a flux: candidates' identities, the
//! organisation's CDC identifiers, each certification's registration.

use chrono::{DateTime, Utc};
use entities::enums::{DeclarationStatus, SessionStatus};
use entities::{
    accrochage_passage, candidate, certification, certification_version, enrolment, exam_session,
    organisation,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::{audited, identity_of};
use crate::domain::accrochage::{CivilIdentity, Declarant};
use crate::domain::ids::{CertificationId, OrganisationId, SessionId};

/// The identity of an enrolled candidate of one of the organisation's sessions.
pub async fn identity_of_enrolment(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: SessionId,
    enrolment_id: crate::domain::ids::EnrolmentId,
) -> Result<Option<(candidate::Model, CivilIdentity)>, DbErr> {
    let Some((e, Some(person))) = enrolment::Entity::find_by_id(enrolment_id.0)
        .filter(enrolment::Column::SessionId.eq(session.0))
        .find_also_related(candidate::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if person.organisation_id != organisation.0 || e.session_id != session.0 {
        return Ok(None);
    }
    let identity = identity_of(&person);
    Ok(Some((person, identity)))
}

/// Records a candidate's identity for the declaration (any time: it is not what the PV
/// signed), audited with what it was; the date it changed lets a rejected passage go
/// again. `false` when the candidate is not the organisation's.
pub async fn save_identity(
    db: &sea_orm::DatabaseConnection,
    (organisation, session, enrolment_id): (
        OrganisationId,
        SessionId,
        crate::domain::ids::EnrolmentId,
    ),
    identity: &CivilIdentity,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<bool, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some((person, before)) =
        identity_of_enrolment(&txn, organisation, session, enrolment_id).await?
    else {
        return Ok(false);
    };
    if &before == identity {
        return Ok(true);
    }
    let mut active: candidate::ActiveModel = person.clone().into();
    active.birth_name = Set(identity.birth_name.clone());
    active.other_first_names = Set(identity.other_first_names_column());
    active.sex = Set(identity.sex.map(|s| s.code().to_owned()));
    active.birth_insee_code = Set(identity.birth_insee_code.clone());
    active.birth_postal_code = Set(identity.birth_postal_code.clone());
    active.birth_commune = Set(identity.birth_commune.clone());
    active.birth_country_code = Set(identity.birth_country_code.clone());
    active.birth_country = Set(identity.birth_country.clone());
    active.identity_updated_at = Set(Some(now));
    active.update(&txn).await?;
    // Passages the CDC rejected for this person go again in the next flux.
    let enrolments: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::CandidateId.eq(person.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    accrochage_passage::Entity::update_many()
        .col_expr(
            accrochage_passage::Column::Status,
            sea_orm::sea_query::Expr::value(DeclarationStatus::Corrected),
        )
        .filter(accrochage_passage::Column::Status.eq(DeclarationStatus::Rejected))
        .filter(accrochage_passage::Column::EnrolmentId.is_in(enrolments))
        .exec(&txn)
        .await?;
    audited(
        &txn,
        (actor, now),
        ("identity", person.id.to_string(), "update"),
        (
            serde_json::to_string(&before).ok(),
            serde_json::to_string(identity).ok(),
        ),
        Some(session.0),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The organisation's CDC identifiers (empty strings when not set).
pub async fn declarant(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<(String, Declarant)>, DbErr> {
    Ok(organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| {
            (
                o.name,
                Declarant {
                    emitter: o.cdc_emitter_id.unwrap_or_default(),
                    certifier: o.cdc_certifier_id.unwrap_or_default(),
                    contract: o.cdc_contract_id.unwrap_or_default(),
                },
            )
        }))
}

/// Saves the organisation's CDC identifiers (checked by the caller), audited.
pub async fn save_declarant(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    declarant: &Declarant,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<(), DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    organisation::ActiveModel {
        id: Set(organisation.0),
        cdc_emitter_id: Set(Some(declarant.emitter.clone())),
        cdc_certifier_id: Set(Some(declarant.certifier.clone())),
        cdc_contract_id: Set(Some(declarant.contract.clone())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audited(
        &txn,
        (actor, now),
        ("organisation", organisation.0.to_string(), "cdc"),
        (None, serde_json::to_string(declarant).ok()),
        None,
    )
    .await?;
    txn.commit().await
}

/// How a certification is declared.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub kind: Option<String>,
    pub code: Option<String>,
    pub declare_blocs: bool,
    pub validity_years: Option<i32>,
}

/// Saves how a certification is declared; `false` when it is not the organisation's.
pub async fn save_registration(
    db: &sea_orm::DatabaseConnection,
    (organisation, certification_id): (OrganisationId, CertificationId),
    registration: &Registration,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<bool, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some(cert) = certification::Entity::find_by_id(certification_id.0)
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .one(&txn)
        .await?
    else {
        return Ok(false);
    };
    let mut active: certification::ActiveModel = cert.into();
    active.cdc_type = Set(registration.kind.clone());
    active.cdc_code = Set(registration.code.clone());
    active.declare_blocs = Set(registration.declare_blocs);
    active.validity_years = Set(registration.validity_years);
    active.update(&txn).await?;
    audited(
        &txn,
        (actor, now),
        ("certification", certification_id.0.to_string(), "cdc"),
        (None, serde_json::to_string(registration).ok()),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The organisation's published sessions of the certification: (id, label).
pub async fn published_sessions(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
) -> Result<Vec<(i32, String)>, DbErr> {
    let versions: Vec<i32> = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(certification_id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    Ok(exam_session::Entity::find()
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .filter(exam_session::Column::VersionId.is_in(versions))
        .filter(
            exam_session::Column::Status.is_in([SessionStatus::Published, SessionStatus::Archived]),
        )
        .order_by_desc(exam_session::Column::StartsOn)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.label))
        .collect())
}
