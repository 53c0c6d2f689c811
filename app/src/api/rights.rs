//! The candidate's rights from their space: download their data, ask for a correction
//! of their identity, ask for an enrolment to be erased; the certifier answers each
//! request with a reason.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::rights::{Identity, RequestRow};
use crate::error::AppError;

/// Longest note or answer.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const TEXT_MAX: usize = 1000;

/// The candidate's personal data page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub identity: Identity,
    /// The candidate's enrolments: (id, session and number).
    pub enrolments: Vec<(i32, String)>,
    pub requests: Vec<RequestRow>,
}

#[cfg(feature = "ssr")]
fn candidate() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::role::CurrentUser,
        crate::domain::ids::CandidateId,
    ),
    AppError,
> {
    use crate::domain::role::Role;
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::Candidate)?;
    let candidate = user
        .candidate_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, user, candidate))
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn optional_note(field: &str, text: &str) -> Result<Option<String>, AppError> {
    crate::domain::limits::optional_text(text, TEXT_MAX).map_err(|m| AppError::invalid(field, m))
}

#[server(prefix = "/api/candidat", endpoint = "mes_donnees", input = GetUrl)]
pub async fn load_my_data() -> Result<MyData, AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, _, candidate) = candidate()?;
    let identity = crate::ssr::repo::rights::identity(&state.db, candidate)
        .await
        .map_err(|e| internal("identity", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let dashboard = crate::ssr::repo::dashboard::candidate(&state.db, candidate, state.clock.now())
        .await
        .map_err(|e| internal("enrolments", e))?;
    let requests = crate::ssr::repo::rights::of_candidate(&state.db, candidate)
        .await
        .map_err(|e| internal("requests", e))?;
    Ok(MyData {
        identity,
        enrolments: dashboard
            .enrolments
            .into_iter()
            .map(|e| {
                (
                    e.enrolment_id.0,
                    format!("{} — n° {}", e.session.label, e.candidate_number),
                )
            })
            .collect(),
        requests,
    })
}

#[cfg(feature = "ssr")]
fn refused(refusal: crate::ssr::repo::rights::Refusal) -> AppError {
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::rights::Refusal;
    match refusal {
        Refusal::NotFound => with_status(AppError::NotFound),
        Refusal::NoChange => with_status(AppError::invalid(
            "last_name",
            "Rien ne diffère de l'identité enregistrée : modifiez le champ à corriger.",
        )),
        Refusal::AlreadyPending => with_status(AppError::Conflict(
            "Une demande de ce type attend déjà la réponse de l'organisme.".to_owned(),
        )),
        Refusal::AlreadyDecided => with_status(AppError::Conflict(
            "Cette demande a déjà reçu une réponse.".to_owned(),
        )),
        Refusal::Db(e) => internal("rights request", e),
    }
}

/// The candidate asks for their identity to be corrected (the certifier checks it
/// against a document and answers).
#[server(prefix = "/api/candidat", endpoint = "demander_rectification")]
pub async fn request_rectification(
    last_name: String,
    first_name: String,
    birth_date: String,
    #[server(default)] birth_name: String,
    #[server(default)] other_first_names: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::with_status;
    let (state, user, candidate) = candidate()?;
    let asked = crate::domain::rights::parse(
        (&last_name, &first_name, &birth_date),
        (&birth_name, &other_first_names),
    )
    .map_err(|problems| {
        with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|(field, message)| crate::error::FieldError {
                    field: field.to_owned(),
                    message,
                })
                .collect(),
        ))
    })?;
    let note = optional_note("note", &note).map_err(with_status)?;
    crate::ssr::repo::rights::ask_rectification(
        &state.db,
        candidate,
        &asked,
        note.as_deref(),
        (user.id, state.clock.now()),
    )
    .await
    .map_err(refused)?;
    leptos_axum::redirect("/candidat/mes-donnees?demande=rectification");
    Ok(())
}

/// The candidate asks for one of their enrolments to be erased; refused at once, with
/// the reason, when the certifier must keep it.
#[server(prefix = "/api/candidat", endpoint = "demander_effacement")]
pub async fn request_erasure(
    enrolment_id: i32,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::with_status;
    let (state, user, candidate) = candidate()?;
    let note = optional_note("note", &note).map_err(with_status)?;
    let refusal = crate::ssr::repo::rights::ask_erasure(
        &state.db,
        candidate,
        enrolment_id,
        note.as_deref(),
        (user.id, state.clock.now()),
    )
    .await
    .map_err(refused)?;
    leptos_axum::redirect(if refusal.is_some() {
        "/candidat/mes-donnees?demande=effacement-refuse"
    } else {
        "/candidat/mes-donnees?demande=effacement"
    });
    Ok(())
}

/// The certifier accepts (`decision = "accepter"`) or refuses (`"refuser"`) a request,
/// with a reason the candidate reads.
#[server(prefix = "/api/certificateur", endpoint = "repondre_demande")]
pub async fn decide_identity_request(
    request_id: i32,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::with_status;
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let accept = match decision.as_str() {
        "accepter" => true,
        "refuser" => false,
        _ => {
            return Err(with_status(AppError::invalid(
                "decision",
                "Choisissez d'accepter ou de refuser.",
            )));
        }
    };
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > TEXT_MAX {
        return Err(with_status(AppError::invalid(
            "reason",
            format!("Indiquez la réponse communiquée au candidat ({TEXT_MAX} caractères au plus)."),
        )));
    }
    let outcome = crate::ssr::repo::rights::decide(
        &state.db,
        organisation,
        request_id,
        (accept, reason),
        (user.id, state.clock.now()),
        state.pdf.as_ref(),
    )
    .await
    .map_err(refused)?;
    leptos_axum::redirect(&format!(
        "/certificateur/donnees-personnelles?demande={outcome}#demandes"
    ));
    Ok(())
}
