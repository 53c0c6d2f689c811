//! Sending one email and recording it in the organisation's email log.

use crate::domain::ids::{EnrolmentId, OrganisationId};
use crate::error::AppError;
use crate::ssr::ports::OutgoingEmail;
use crate::ssr::state::AppState;

/// Sends a rendered email (subject, text, HTML) without attachment and logs it under
/// `kind`; whether it left.
pub async fn deliver(
    state: &AppState,
    organisation: OrganisationId,
    (kind, enrolment): (&str, Option<EnrolmentId>),
    to: &str,
    (subject, text, html): (String, String, String),
) -> Result<bool, AppError> {
    let email = OutgoingEmail {
        to: to.to_owned(),
        subject: subject.clone(),
        text,
        html,
        attachments: Vec::new(),
    };
    let outcome = state.mailer.send(&email).await.map_err(|e| e.to_string());
    let sent = outcome.is_ok();
    crate::ssr::repo::convocations::log_email(
        &state.db,
        organisation,
        (kind, enrolment),
        to,
        &subject,
        outcome,
        None,
        state.clock.now(),
    )
    .await
    .map_err(|e| crate::ssr::auth::internal("email log", e))?;
    Ok(sent)
}
