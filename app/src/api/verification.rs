//! The public verification of an issued document by its code: name, certification,
//! bloc, date and issuer — nothing else.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the verification page confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    pub code: String,
    pub kind: String,
    pub holder: String,
    pub certification: String,
    pub bloc: Option<String>,
    pub decided_on: chrono::NaiveDate,
    pub issuer: String,
}

/// The document of a verification code, if one was issued (`None` for an unknown or
/// forged code).
#[server(prefix = "/api/verification", endpoint = "document", input = GetUrl)]
pub async fn verify_document(code: String) -> Result<Option<Verified>, AppError> {
    use crate::domain::throttle::{VERIFICATION, wait_fr};
    use crate::ssr::auth::{app_state, current_client_address, internal, with_status};
    use crate::ssr::throttle;
    let state = app_state()?;
    // Unknown codes are counted per address: guessing codes soon has to wait.
    let key = format!("verification:{}", current_client_address());
    if let Some(wait) = throttle::reserve(&state.db, &key, VERIFICATION, state.clock.now())
        .await
        .map_err(|e| internal("verification throttle", e))?
    {
        return Err(with_status(AppError::Conflict(format!(
            "Trop de codes inconnus vérifiés depuis votre adresse : réessayez dans {}.",
            wait_fr(wait)
        ))));
    }
    let Some(code) = crate::domain::certificate::normalise_code(&code) else {
        return Ok(None);
    };
    let found = crate::ssr::repo::publication::by_code(&state.db, &code)
        .await
        .map_err(|e| internal("verification", e))?;
    if found.is_some() {
        throttle::release(&state.db, &key)
            .await
            .map_err(|e| internal("verification throttle", e))?;
    }
    Ok(found.map(|(document, issued)| Verified {
        code: document.verification_code,
        kind: issued.kind.label().to_owned(),
        holder: issued.holder.name.clone(),
        certification: format!("{} — {}", issued.holder.certification, issued.holder.code),
        bloc: issued.bloc.map(|(code, title)| format!("{code} — {title}")),
        decided_on: issued.holder.decided_on,
        issuer: issued.holder.certifier,
    }))
}
