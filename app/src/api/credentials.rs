//! A certifier's hold on what was issued: revoking a document (with its reason,
//! audited; the public page and the status list say so at once) and renewing the
//! organisation's signing key (the old one stays published to verify what it signed).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One document issued to a candidate, as the certifier's candidate page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedDocument {
    pub code: String,
    pub title: String,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// When and why it was revoked.
    pub revoked: Option<(chrono::DateTime<chrono::Utc>, String)>,
}

/// Revokes one of the candidate's documents with its reason.
#[server(prefix = "/api/certificateur", endpoint = "revoquer_document")]
pub async fn revoke_document(
    session_id: i32,
    enrolment_id: i32,
    code: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::credentials::{NotRevoked, REASON_MAX, revoke};
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let revoked = revoke(
        &state.db,
        organisation,
        &code,
        &reason,
        Some(user.id.0),
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("revoke", e))?;
    match revoked {
        Ok(()) => {
            leptos_axum::redirect(&format!(
                "/certificateur/sessions/{session_id}/candidats/{enrolment_id}?revoque={code}#documents"
            ));
            Ok(())
        }
        Err(NotRevoked::NotFound) => Err(with_status(AppError::NotFound)),
        Err(NotRevoked::AlreadyRevoked) => Err(with_status(AppError::Conflict(
            "Ce document est déjà révoqué.".to_owned(),
        ))),
        Err(NotRevoked::NoReason) => Err(with_status(AppError::invalid(
            "reason",
            format!(
                "indiquez le motif de la révocation ({REASON_MAX} caractères au plus) : il est publié sur la page de vérification"
            ),
        ))),
    }
}

/// Retires the organisation's signing key and makes a new one.
#[server(prefix = "/api/certificateur", endpoint = "renouveler_cle")]
pub async fn rotate_signing_key() -> Result<(), AppError> {
    use crate::ssr::auth::internal;
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let number = crate::ssr::repo::credentials::rotate(
        &state.db,
        organisation,
        Some(user.id.0),
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("rotate key", e))?;
    leptos_axum::redirect(&format!("/certificateur/parametres?cle={number}#cle"));
    Ok(())
}
