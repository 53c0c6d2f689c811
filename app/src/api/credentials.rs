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

/// Declares the organisation's signing key compromised since a date (`JJ/MM/AAAA`):
/// the key leaves the DID document, a new one signs from now, every credential the old
/// one signed is signed again. Asks for an explicit confirmation.
#[server(prefix = "/api/certificateur", endpoint = "cle_compromise")]
pub async fn declare_key_compromised(
    depuis: String,
    #[server(default)] confirmation: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let now = state.clock.now();
    let today = crate::ssr::repo::schedule::paris_today(now);
    let mut errors = Vec::new();
    let since = crate::domain::candidate::parse_date_fr(depuis.trim());
    match since {
        None => errors.push(crate::error::FieldError {
            field: "depuis".to_owned(),
            message: format!(
                "Date « {} » invalide : indiquez depuis quand la clé est compromise (JJ/MM/AAAA).",
                depuis.trim().chars().take(40).collect::<String>()
            ),
        }),
        Some(day) if day > today => errors.push(crate::error::FieldError {
            field: "depuis".to_owned(),
            message: "La date de compromission ne peut pas être dans le futur.".to_owned(),
        }),
        Some(_) => {}
    }
    if confirmation.is_none() {
        errors.push(crate::error::FieldError {
            field: "confirmation".to_owned(),
            message:
                "Cochez la confirmation : la clé cessera aussitôt de vérifier quoi que ce soit."
                    .to_owned(),
        });
    }
    let Some(since) = since.filter(|_| errors.is_empty()) else {
        return Err(with_status(AppError::Validation(errors)));
    };
    let done = crate::ssr::repo::credentials::compromise(
        &state.db,
        organisation,
        crate::ssr::repo::schedule::to_utc(since.and_time(chrono::NaiveTime::MIN)).unwrap_or(now),
        (Some(user.id.0), now),
    )
    .await
    .map_err(|e| internal("compromised key", e))?;
    leptos_axum::redirect(&format!(
        "/certificateur/parametres?compromise={}&nouvelle={}&resignees={}#cle",
        done.old, done.new, done.resigned
    ));
    Ok(())
}
