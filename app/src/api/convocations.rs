//! Convocations: sent by email with their PDF, at least one month before the first
//! épreuve (seed 004) unless the certifier gives the reason of the delay; every email
//! logged with its status, and sent again on demand.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::convocation::Deadline;
use crate::error::AppError;

/// One logged email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRow {
    pub id: i32,
    pub enrolment_id: i32,
    pub candidate: String,
    pub recipient: String,
    pub sent: bool,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// The convocations part of the session page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvocationStatus {
    /// `None` until an épreuve is scheduled.
    pub deadline: Option<Deadline>,
    /// A page of the email log.
    pub emails: Vec<EmailRow>,
    #[serde(default)]
    pub paging: crate::domain::paging::Paging,
}

/// Where the session stands with its convocations, with the page `envois` of the
/// email log (newest first).
#[server(prefix = "/api/certificateur", endpoint = "convocations", input = GetUrl)]
pub async fn load_convocations(
    session_id: i32,
    #[server(default)] envois: u64,
) -> Result<ConvocationStatus, AppError> {
    use crate::domain::convocation::deadline_status;
    use crate::domain::ids::SessionId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::{convocations, schedule, sessions};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let session = SessionId(session_id);
    sessions::find_owned(&state.db, organisation, session)
        .await
        .map_err(|e| internal("session", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let today = schedule::to_local(state.clock.now()).date();
    let deadline = schedule::first_sitting_of_session(&state.db, session)
        .await
        .map_err(|e| internal("sittings", e))?
        .map(|first| deadline_status(today, schedule::to_local(first).date()));
    let (emails, paging) = convocations::emails_page(&state.db, session, envois)
        .await
        .map_err(|e| internal("emails", e))?;
    Ok(ConvocationStatus {
        deadline,
        emails,
        paging,
    })
}

/// Sends the convocation of every enrolled candidate (or of one enrolment, to send it
/// again). Late sending needs `reason`.
#[server(prefix = "/api/certificateur", endpoint = "envoyer_convocations")]
pub async fn send_convocations(
    session_id: i32,
    enrolment_id: Option<i32>,
    reason: String,
) -> Result<usize, AppError> {
    use crate::domain::convocation::check_sending;
    use crate::domain::ids::{EnrolmentId, SessionId};
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::ports::{Attachment, OutgoingEmail};
    use crate::ssr::repo::{convocations, schedule::to_local};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let (first, addressed) = convocations::for_session(
        &state.db,
        organisation,
        SessionId(session_id),
        enrolment_id.map(EnrolmentId),
    )
    .await
    .map_err(|e| internal("convocations", e))?
    .ok_or_else(|| with_status(AppError::NotFound))?;
    let first = first.ok_or_else(|| {
        with_status(AppError::invalid(
            "session",
            "Planifiez d'abord les épreuves de la session.",
        ))
    })?;
    if addressed.is_empty() {
        return Err(with_status(AppError::invalid(
            "session",
            "Aucun candidat inscrit à convoquer.",
        )));
    }
    let today = to_local(state.clock.now()).date();
    check_sending(today, first, &reason)
        .map_err(|message| with_status(AppError::invalid("reason", message)))?;
    let note = Some(reason.trim()).filter(|r| !r.is_empty());
    let letterhead = crate::ssr::repo::organisation::letterhead(&state.db, organisation)
        .await
        .map_err(|e| internal("letterhead", e))?;
    let mut sent = 0;
    for one in addressed {
        let mut content = one.convocation.email();
        // A candidate who has not chosen a password yet gets the link to do so.
        if let Some(link) = crate::ssr::repo::accounts::first_link_for(
            &state.db,
            (organisation, &one.email),
            (state.clock.now(), &state.settings.public_url),
        )
        .await
        .map_err(|e| internal("account link", e))?
        {
            content = crate::domain::account::with_link(content, &link);
        }
        let (subject, text, html) = content;
        // The convocation as sent is the one kept: the candidate's download and the
        // session's archive give these bytes.
        let now = state.clock.now();
        let pdf = state.pdf.render(
            &crate::ssr::bulk::with_letterhead(one.convocation.document(), letterhead.as_ref())
                .issued(now),
        );
        let kept = pdf.clone();
        let email = OutgoingEmail {
            to: one.email.clone(),
            subject: subject.clone(),
            text,
            html,
            attachments: vec![Attachment {
                filename: format!("convocation-{}.pdf", one.convocation.candidate_number),
                content_type: "application/pdf".to_owned(),
                bytes: pdf,
            }],
        };
        let outcome = state.mailer.send(&email).await.map_err(|e| e.to_string());
        if outcome.is_ok() {
            sent += 1;
            crate::ssr::repo::session_files::keep(
                &state.db,
                session_id,
                (
                    &crate::ssr::repo::session_files::convocation_name(
                        &one.convocation.candidate_number,
                    ),
                    &format!("Convocation — {}", one.convocation.candidate_number),
                ),
                kept,
                (Some(user.id.0), now),
            )
            .await
            .map_err(|e| internal("convocation kept", e))?;
        }
        convocations::log_email(
            &state.db,
            organisation,
            (convocations::CONVOCATION, Some(one.enrolment)),
            &one.email,
            &subject,
            outcome,
            note,
            state.clock.now(),
        )
        .await
        .map_err(|e| internal("email log", e))?;
    }
    Ok(sent)
}
