//! Exam day (certifier): attendance and fraud reports per scheduled sitting, and the
//! attendance sheet (PDF at `/certificateur/sessions/{id}/emargement/{slot}`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::exam_day::{Attendance, FraudReport};
use crate::error::AppError;

/// A candidate at a sitting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotCandidate {
    pub enrolment_id: i32,
    pub number: String,
    pub name: String,
    /// Granted accommodations and extra time, as the sheet shows them.
    pub accommodations: String,
    /// End time with the extra time.
    pub end: String,
    /// The latest attendance record.
    pub attendance: Option<Attendance>,
    pub frauds: Vec<FraudReport>,
}

/// A sitting's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotPage {
    pub session_id: i32,
    pub slot_id: i32,
    pub session_label: String,
    pub epreuve: String,
    pub starts: String,
    pub place: String,
    pub rows: Vec<SlotCandidate>,
}

#[cfg(feature = "ssr")]
fn certifier() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::ids::OrganisationId,
        crate::domain::ids::UserId,
    ),
    AppError,
> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, organisation, user.id))
}

#[cfg(feature = "ssr")]
fn problems(found: Vec<(&'static str, String)>) -> AppError {
    crate::ssr::auth::with_status(AppError::Validation(
        found
            .into_iter()
            .map(|(field, message)| crate::error::FieldError {
                field: field.to_owned(),
                message,
            })
            .collect(),
    ))
}

#[cfg(feature = "ssr")]
fn refusal(error: crate::ssr::repo::exam_day::Refusal) -> AppError {
    use crate::ssr::repo::exam_day::Refusal;
    match error {
        Refusal::NotFound => crate::ssr::auth::with_status(AppError::NotFound),
        Refusal::Frozen(why) => crate::ssr::auth::with_status(AppError::Conflict(why.to_owned())),
        Refusal::TooEarly(why) => crate::ssr::auth::with_status(AppError::Conflict(why)),
        Refusal::Db(err) => crate::ssr::auth::internal("exam day", err),
    }
}

/// A sitting of one of the certifier's sessions.
#[server(prefix = "/api/certificateur", endpoint = "epreuve_du_jour", input = GetUrl)]
pub async fn load_slot(session_id: i32, slot_id: i32) -> Result<SlotPage, AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    let (state, organisation, _) = certifier()?;
    crate::ssr::repo::exam_day::slot_page(&state.db, organisation, SessionId(session_id), slot_id)
        .await
        .map_err(|e| internal("slot", e))?
        .map(|(page, _)| page)
        .ok_or_else(|| with_status(AppError::NotFound))
}

/// Records a candidate's attendance at a sitting.
#[server(prefix = "/api/certificateur", endpoint = "presence")]
#[allow(clippy::too_many_arguments)]
pub async fn record_attendance(
    session_id: i32,
    slot_id: i32,
    enrolment_id: i32,
    kind: String,
    #[server(default)] reason: String,
    #[server(default)] document_ref: String,
    #[server(default)] identity_checked: Option<String>,
    #[server(default)] incident: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation, user) = certifier()?;
    let attendance = crate::domain::exam_day::check_attendance(
        &kind,
        &reason,
        &document_ref,
        identity_checked.is_some(),
        &incident,
    )
    .map_err(problems)?;
    crate::ssr::repo::exam_day::record_attendance(
        &state.db,
        organisation,
        SessionId(session_id),
        (slot_id, enrolment_id),
        &attendance,
        user.0,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}"
    ));
    Ok(())
}

/// Records a fraud report at a sitting.
#[server(prefix = "/api/certificateur", endpoint = "fraude")]
pub async fn record_fraud(
    session_id: i32,
    slot_id: i32,
    enrolment_id: i32,
    facts: String,
    #[server(default)] countersigned: Option<String>,
    #[server(default)] refusal_mention: String,
) -> Result<(), AppError> {
    use crate::domain::ids::SessionId;
    let (state, organisation, user) = certifier()?;
    let report =
        crate::domain::exam_day::check_fraud(&facts, countersigned.is_some(), &refusal_mention)
            .map_err(problems)?;
    crate::ssr::repo::exam_day::record_fraud(
        &state.db,
        organisation,
        SessionId(session_id),
        (slot_id, enrolment_id),
        &report,
        user.0,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    leptos_axum::redirect(&format!(
        "/certificateur/sessions/{session_id}/epreuves/{slot_id}"
    ));
    Ok(())
}
