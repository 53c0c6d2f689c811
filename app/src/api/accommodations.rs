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

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn check_text(field: &str, text: &str, missing: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, missing));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(
            field,
            format!("Le texte ne doit pas dépasser {MAX_TEXT} caractères."),
        ));
    }
    Ok(text.to_owned())
}

/// The candidate asks for an accommodation for one of their enrolments.
#[server(prefix = "/api/candidat", endpoint = "demander_amenagement")]
pub async fn request_accommodation(
    enrolment_id: i32,
    kind: AccommodationKind,
    note: String,
) -> Result<(), AppError> {
    use crate::domain::ids::EnrolmentId;
    use crate::domain::role::Role;
    use crate::ssr::auth::{internal, require_role, with_status};
    use crate::ssr::repo::accommodations::{Refusal, request};
    let (state, user) = require_role(Role::Candidate)?;
    let candidate = user
        .candidate_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    let note = check_text(
        "note",
        &note,
        "Décrivez votre besoin (par exemple la notification de la MDPH ou l'avis du médecin).",
    )
    .map_err(with_status)?;
    match request(
        &state.db,
        candidate,
        EnrolmentId(enrolment_id),
        kind,
        &note,
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
        Err(Refusal::Db(err)) => Err(internal("accommodation decision", err)),
    }
}
