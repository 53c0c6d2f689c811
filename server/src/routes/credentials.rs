//! The public side of credentials, readable by any verifier without an account:
//! - `GET /verification/{code}/credential.json`: the signed Open Badges 3.0 credential
//!   of a certificate or block certificate (unknown codes throttled per address, as on
//!   the verification page);
//! - `GET /organisations/{id}/did.json`: the organisation's DID document (`did:web`),
//!   every key it ever signed with;
//! - `GET /organisations/{id}/statuts`: its revocation status list (W3C Bitstring
//!   Status List), signed.

use app::ssr::auth::ClientAddress;
use app::ssr::repo::credentials;
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};

fn json(value: &serde_json::Value, content_type: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            // A revocation must be seen at once.
            (CACHE_CONTROL, "no-cache"),
        ],
        serde_json::to_string_pretty(value).unwrap_or_default(),
    )
        .into_response()
}

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{what} introuvable."),
    )
        .into_response()
}

fn failed(err: sea_orm::DbErr) -> Response {
    tracing::error!(error = %err, "credential route failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Erreur interne : réessayez plus tard.",
    )
        .into_response()
}

/// `GET /verification/{code}/credential.json`.
pub async fn credential(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddress>>,
    Path(code): Path<String>,
) -> Response {
    let now = state.clock.now();
    let client = client.map_or_else(|| "inconnue".to_owned(), |c| c.0.0.clone());
    let code = app::domain::certificate::normalise_code(&code);
    let found = app::ssr::throttle::verification_lookup(&state.db, &client, now, async {
        match &code {
            Some(code) => {
                credentials::credential_of(&state.db, &state.settings.public_url, code, now).await
            }
            None => Ok(None),
        }
    })
    .await;
    match found {
        Ok(Ok(Some(credential))) => json(&credential, "application/vc+ld+json"),
        Ok(Ok(None)) => not_found("Attestation numérique"),
        Ok(Err(wait)) => (
            StatusCode::TOO_MANY_REQUESTS,
            [(CONTENT_TYPE, "text/plain; charset=utf-8")],
            wait,
        )
            .into_response(),
        Err(err) => failed(err),
    }
}

/// `GET /organisations/{id}/did.json`.
pub async fn did_document(
    State(state): State<AppState>,
    Path(organisation): Path<i32>,
) -> Response {
    let organisation = app::domain::ids::OrganisationId(organisation);
    let keys = match credentials::published_keys(&state.db, organisation).await {
        Ok(keys) => keys,
        Err(err) => return failed(err),
    };
    if keys.is_empty() {
        return not_found("Organisme");
    }
    let did = app::domain::credential::organisation_did(&state.settings.public_url, organisation.0);
    json(
        &app::domain::credential::did_document(&did, &keys),
        "application/did+ld+json",
    )
}

/// `GET /organisations/{id}/statuts`.
pub async fn status_list(State(state): State<AppState>, Path(organisation): Path<i32>) -> Response {
    let organisation = app::domain::ids::OrganisationId(organisation);
    match credentials::status_list(
        &state.db,
        &state.settings.public_url,
        organisation,
        state.clock.now(),
    )
    .await
    {
        Ok(Some(list)) => json(&list, "application/vc+ld+json"),
        Ok(None) => not_found("Liste de statuts"),
        Err(err) => failed(err),
    }
}
