//! Disability accommodations: the candidate asks, the certifier grants or refuses with a
//! reason, the candidate sees the decision.

use leptos::prelude::*;

use crate::domain::status::AccommodationKind;
use crate::error::AppError;

/// Longest note or reason accepted.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const MAX_TEXT: usize = 2000;

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
/// Most compensated pause minutes granted per épreuve.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const MAX_PAUSE_MINUTES: u32 = 120;

/// Longest supporting document reference.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const MAX_REFERENCE: usize = 200;

/// An optional text: trimmed, none when blank, refused when too long.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn optional_text(field: &str, text: &str, max: usize) -> Result<Option<String>, AppError> {
    crate::domain::limits::optional_text(text, max).map_err(|m| AppError::invalid(field, m))
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn check_text(field: &str, text: &str, missing: &str) -> Result<String, AppError> {
    crate::domain::limits::required_text(text, MAX_TEXT, missing)
        .map_err(|m| AppError::invalid(field, m))
}

/// The candidate asks for an accommodation for one of their enrolments: its kind and,
/// where needed, the supporting document's reference — never medical details, which
/// the form warns against; a note for the organisation is optional.
#[server(prefix = "/api/candidat", endpoint = "demander_amenagement")]
pub async fn request_accommodation(
    enrolment_id: i32,
    kind: AccommodationKind,
    #[server(default)] note: String,
    #[server(default)] supporting_reference: String,
) -> Result<(), AppError> {
    use crate::domain::ids::EnrolmentId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::accommodations::{Refusal, request};
    let (state, user) = require_role(Role::Candidate)?;
    let candidate = user
        .candidate_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let note = optional_text("note", &note, MAX_TEXT).map_err(with_status)?;
    let reference = optional_text("supporting_reference", &supporting_reference, MAX_REFERENCE)
        .map_err(with_status)?;
    match request(
        &state.db,
        candidate,
        EnrolmentId(enrolment_id),
        kind,
        (note.as_deref().unwrap_or(""), reference.as_deref()),
        state.clock.now(),
    )
    .await
    {
        Ok(()) => Ok(()),
        Err(Refusal::NotFound) => Err(with_status(AppError::NotFound)),
        Err(Refusal::Conflict(message)) => Err(with_status(AppError::Conflict(message.to_owned()))),
        Err(Refusal::Invalid(field, message)) => {
            Err(with_status(AppError::invalid(field, message)))
        }
        Err(Refusal::NotReferent) => Err(with_status(AppError::Forbidden)),
        Err(Refusal::Db(err)) => Err(internal("accommodation request", err)),
    }
}

/// The certifier grants (`decision = "accorder"`) or refuses (`"refuser"`) a request,
/// with a reason the candidate will read.
#[server(prefix = "/api/certificateur", endpoint = "decider_amenagement")]
pub async fn decide_accommodation(
    accommodation_id: i32,
    decision: String,
    reason: String,
    #[server(default)] minutes: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::accommodations::{Refusal, decide};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let grant = match decision.as_str() {
        "accorder" => true,
        "refuser" => false,
        _ => {
            return Err(with_status(AppError::invalid(
                "decision",
                "Choisissez d'accorder ou de refuser.",
            )));
        }
    };
    let reason = check_text(
        "reason",
        &reason,
        "Indiquez le motif de la décision : le candidat le lira.",
    )
    .map_err(with_status)?;
    let minutes = match minutes.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(text) => match text.parse::<u32>() {
            Ok(m) if (1..=MAX_PAUSE_MINUTES).contains(&m) => Some(m),
            _ => {
                return Err(with_status(AppError::invalid(
                    "minutes",
                    format!(
                        "Les minutes de pause sont un nombre entier entre 1 et {MAX_PAUSE_MINUTES}."
                    ),
                )));
            }
        },
    };
    match decide(
        &state.db,
        organisation,
        accommodation_id,
        grant,
        (&reason, minutes),
        user.id,
        state.clock.now(),
    )
    .await
    {
        Ok(()) => Ok(()),
        Err(Refusal::NotFound) => Err(with_status(AppError::NotFound)),
        Err(Refusal::Conflict(message)) => Err(with_status(AppError::Conflict(message.to_owned()))),
        Err(Refusal::Invalid(field, message)) => {
            Err(with_status(AppError::invalid(field, message)))
        }
        Err(Refusal::NotReferent) => Err(with_status(not_referent())),
        Err(Refusal::Db(err)) => Err(internal("accommodation decision", err)),
    }
}

/// Refused to an administrator who does not decide accommodations.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn not_referent() -> AppError {
    AppError::Conflict(
        "Seuls les référents handicap désignés sur la page Comptes consultent et instruisent les demandes d'aménagement."
            .to_owned(),
    )
}

/// A session's accommodation requests, for a referent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccommodationsPage {
    pub session_id: i32,
    pub session_label: String,
    pub requests: Vec<crate::api::sessions::SessionAccommodation>,
}

/// The requests of one of the organisation's sessions, to the administrators who decide
/// them; each reading is recorded in the session's audit chain.
#[server(prefix = "/api/certificateur", endpoint = "amenagements", input = leptos::server_fn::codec::GetUrl)]
pub async fn load_session_accommodations(session_id: i32) -> Result<AccommodationsPage, AppError> {
    use crate::domain::ids::SessionId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accommodations::{for_session, is_referent, log_read};
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let session =
        crate::ssr::repo::sessions::find_owned(&state.db, organisation, SessionId(session_id))
            .await
            .map_err(|e| internal("session", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    if !is_referent(&state.db, user.id)
        .await
        .map_err(|e| internal("referent", e))?
    {
        return Err(with_status(not_referent()));
    }
    log_read(&state.db, SessionId(session_id), user.id, state.clock.now())
        .await
        .map_err(|e| internal("accommodation read log", e))?;
    let requests = for_session(&state.db, SessionId(session_id))
        .await
        .map_err(|e| internal("accommodations", e))?;
    Ok(AccommodationsPage {
        session_id,
        session_label: session.label,
        requests,
    })
}
