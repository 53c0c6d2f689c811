//! Creating sessions: a session is bound to the certification version in force when it
//! is created; later edits make new versions and never change it.

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{SessionStatus, VersionStatus};
use entities::{certification, certification_version, exam_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::domain::ids::{CertificationId, OrganisationId, SessionId, VersionId};

/// A session to create, already checked.
pub struct NewSession {
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub place: String,
    pub capacity: Option<i32>,
}

/// The version in force of one of the organisation's certifications.
pub async fn version_in_force(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    certification_id: CertificationId,
) -> Result<Option<VersionId>, DbErr> {
    let owned = certification::Entity::find_by_id(certification_id.0)
        .filter(certification::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?;
    if owned.is_none() {
        return Ok(None);
    }
    let version = certification_version::Entity::find()
        .filter(certification_version::Column::CertificationId.eq(certification_id.0))
        .filter(certification_version::Column::Status.eq(VersionStatus::Active))
        .order_by_desc(certification_version::Column::Number)
        .one(db)
        .await?;
    Ok(version.map(|v| VersionId(v.id)))
}

/// Creates the session, bound to `version`.
pub async fn create(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    version: VersionId,
    new: NewSession,
    now: DateTime<Utc>,
) -> Result<SessionId, DbErr> {
    let model = exam_session::ActiveModel {
        organisation_id: Set(organisation.0),
        version_id: Set(version.0),
        label: Set(new.label),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        place: Set(new.place),
        capacity: Set(new.capacity),
        status: Set(SessionStatus::Draft),
        publication_on: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(SessionId(model.id))
}
