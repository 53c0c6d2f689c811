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
    /// The jury's decision, in the PV's words.
    pub decision: String,
    /// Where the jury departed from the computed result, with its reason.
    pub departure: Option<String>,
    /// The issuer as registered on the platform (not only the name the document prints).
    pub issuer: Issuer,
    /// When and why the certifier revoked it.
    pub revoked: Option<(chrono::DateTime<chrono::Utc>, String)>,
    /// The digital credential of a certificate or block certificate.
    pub credential: Option<CredentialCheck>,
}

/// The organisation that issued a document, as it is registered: its legal name (unique
/// on the platform), SIRET and postal address; and the name the document printed when
/// it differs (the organisation renamed since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: String,
    pub siret: String,
    pub address: String,
    pub printed_as: Option<String>,
}

/// The check of a document's digital credential, made on this page's request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialCheck {
    /// Its address (`/verification/<code>/credential.json`).
    pub url: String,
    /// The key that signed it, if the signature holds; else why not.
    pub signed_by: Result<String, String>,
}

/// The document of a verification code, if one was issued (`None` for an unknown or
/// forged code).
#[server(prefix = "/api/verification", endpoint = "document", input = GetUrl)]
pub async fn verify_document(code: String) -> Result<Option<Verified>, AppError> {
    use crate::ssr::auth::{app_state, current_client_address, internal, with_status};
    use crate::ssr::repo::credentials;
    let state = app_state()?;
    let now = state.clock.now();
    let code = crate::domain::certificate::normalise_code(&code);
    let found = crate::ssr::throttle::verification_lookup(
        &state.db,
        &current_client_address(),
        now,
        async {
            match &code {
                Some(code) => crate::ssr::repo::publication::by_code(&state.db, code).await,
                None => Ok(None),
            }
        },
    )
    .await
    .map_err(|e| internal("verification", e))?
    .map_err(|wait| with_status(AppError::Conflict(wait)))?;
    let (Some((document, issued)), Some(code)) = (found, code) else {
        return Ok(None);
    };
    let registered =
        crate::ssr::repo::organisation::identity_of_session(&state.db, document.session_id)
            .await
            .map_err(|e| internal("issuer", e))?
            .unwrap_or_default();
    let issuer = Issuer {
        printed_as: (issued.holder.certifier != registered.name)
            .then(|| issued.holder.certifier.clone()),
        name: registered.name,
        siret: registered.siret,
        address: registered.address,
    };
    let credential = credentials::credential_of(&state.db, &state.settings.public_url, &code, now)
        .await
        .map_err(|e| internal("credential", e))?;
    let credential = match credential {
        Some(json) => Some(CredentialCheck {
            url: format!("/verification/{code}/credential.json"),
            signed_by: credentials::verify(&state.db, &json)
                .await
                .map_err(|e| internal("credential check", e))?
                .map_err(|refusal| refusal.to_string()),
        }),
        None => None,
    };
    Ok(Some(Verified {
        code: document.verification_code,
        kind: issued.kind.label().to_owned(),
        holder: issued.holder.name.clone(),
        certification: format!("{} — {}", issued.holder.certification, issued.holder.code),
        bloc: issued.bloc.map(|(code, title)| format!("{code} — {title}")),
        decided_on: issued.holder.decided_on,
        decision: issued.decision.clone(),
        departure: issued.departure.as_ref().map(|d| d.text()),
        issuer,
        revoked: document
            .revoked_at
            .map(|at| (at, document.revoked_reason.unwrap_or_default())),
        credential,
    }))
}
