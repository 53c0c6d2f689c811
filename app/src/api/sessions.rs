//! A session as the certifier manages it: summary and enrolled candidates. The import
//! of a candidates file is a plain form post handled by the server
//! (`server/src/routes/import.rs`), so that it works without JavaScript.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::api::dashboard::SessionRow;
use crate::domain::candidate::AccessRoute;
use crate::domain::ids::EnrolmentId;
use crate::error::AppError;

/// A candidate enrolled in the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolledCandidate {
    pub enrolment_id: EnrolmentId,
    pub number: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub email: String,
    pub access_route: AccessRoute,
}

/// The session page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub session: SessionRow,
    pub candidates: Vec<EnrolledCandidate>,
}

/// One of the certifier's sessions (404 for anyone else's).
#[server(prefix = "/api/certificateur", endpoint = "session", input = GetUrl)]
pub async fn load_session(id: i32) -> Result<SessionDetail, AppError> {
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    crate::ssr::repo::sessions::detail(&state.db, organisation, SessionId(id))
        .await
        .map_err(|e| internal("session detail", e))?
        .ok_or_else(|| with_status(AppError::NotFound))
}
