//! The declaration to the Caisse des Dépôts as files: `GET /certificateur/flux/{id}`
//! downloads a flux produced earlier (the same bytes every time), and
//! `POST /certificateur/certifications/{id}/declarations?flux=N` imports the CDC's
//! receipt of flux N (a plain multipart form post, like the file imports: back to the
//! page with what it did, or with the reason it was refused, nothing changed).

use app::domain::ids::CertificationId;
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::repo::accrochage;
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::routes::import::{read_file, refused_because};
use crate::security::error_response;

/// Largest request accepted: the receipt's own limit and the form around it.
pub const MAX_RECEIPT_BYTES: usize = app::domain::accrochage::receipt::LIMITS.bytes + 64 * 1024;

/// A flux's XML file.
pub async fn flux(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Response {
    let path = format!("/certificateur/flux/{id}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    match accrochage::flux_file(&state.db, organisation, id).await {
        Ok(Some((number, xml))) => (
            [
                (CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"flux-accrochage-{number}.xml\""),
                ),
            ],
            xml,
        )
            .into_response(),
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "flux download failed");
            error_response(&path, AppError::Internal)
        }
    }
}

#[derive(serde::Deserialize)]
pub struct Which {
    pub flux: Option<i32>,
}

/// Imports the receipt of one flux of the certification.
pub async fn receipt(
    State(state): State<AppState>,
    Path(certification): Path<i32>,
    axum::extract::Query(which): axum::extract::Query<Which>,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return error_response(&path, AppError::Unauthenticated);
    };
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let (parts, body) = request.into_parts();
    let Some(flux) = which.flux else {
        return refused_because(
            &state,
            &parts,
            "Choisissez le flux dont c'est l'accusé.".to_owned(),
        );
    };
    // Whose flux it is, before a byte of the upload is read.
    match accrochage::flux_is_owned(
        &state.db,
        (organisation, CertificationId(certification), flux),
    )
    .await
    {
        Ok(true) => {}
        Ok(false) => return error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "receipt import failed");
            return error_response(&path, AppError::Internal);
        }
    }
    let file = match read_file(Request::from_parts(parts.clone(), body), &state).await {
        Ok(file) => file,
        Err(message) => {
            return refused_because(&state, &parts, format!("fichier illisible : {message}"));
        }
    };
    match accrochage::import_receipt(
        &state.db,
        (organisation, CertificationId(certification), flux),
        &file,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    {
        Ok(Ok(applied)) => {
            let text = if applied.refused {
                format!(
                    "Accusé du flux {} importé : la Caisse des Dépôts a refusé le fichier en entier ; ses titulaires iront dans le prochain flux.",
                    applied.number
                )
            } else {
                format!(
                    "Accusé du flux {} importé : {} passage(s) accepté(s), {} rejeté(s).",
                    applied.number, applied.accepted, applied.rejected
                )
            };
            let query = serde_urlencoded::to_string([("accuse", text)]).unwrap_or_default();
            Redirect::to(&format!("{path}?{query}")).into_response()
        }
        Ok(Err(message)) => refused_because(&state, &parts, message),
        Err(err) => {
            tracing::error!(error = %err, "receipt import failed");
            error_response(&path, AppError::Internal)
        }
    }
}
