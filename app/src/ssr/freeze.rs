//! The one check of every write that changes what a session's PV says (candidates,
//! jury, conflicts, allocation, timetable, capitalised blocs): refused once the
//! deliberation is closed or the PV signed (`domain::status::change_refused`). Marks,
//! attendance, fraud and accommodations check the same rule inside their own
//! transaction.

use entities::exam_session;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::auth::{internal, with_status};
use crate::domain::ids::{OrganisationId, SessionId};
use crate::error::AppError;

/// Refuses (409, the reason in French) a change to one of the organisation's sessions
/// that accepts none any more. Another organisation's session passes here and is
/// answered 404 by the write itself, as before.
pub async fn ensure_open(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    session: i32,
) -> Result<(), AppError> {
    let owned = exam_session::Entity::find_by_id(session)
        .filter(exam_session::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await
        .map_err(|e| internal("freeze", e))?;
    if owned.is_none() {
        return Ok(());
    }
    refuse_if_frozen(db, session).await
}

async fn refuse_if_frozen(db: &impl ConnectionTrait, session: i32) -> Result<(), AppError> {
    match super::repo::sessions::frozen(db, SessionId(session)).await {
        Ok(None) => Ok(()),
        Ok(Some(why)) => Err(with_status(AppError::Conflict(why.to_owned()))),
        Err(e) => Err(internal("freeze", e)),
    }
}

/// The same check for an answer or a declared link through a jury invitation link.
pub async fn ensure_invitation_open(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<(), AppError> {
    match super::repo::juries::by_token(db, token).await {
        Ok(Some(found)) => refuse_if_frozen(db, found.session.id).await,
        // Unknown link: the answer itself says 404.
        Ok(None) => Ok(()),
        Err(e) => Err(internal("freeze", e)),
    }
}
