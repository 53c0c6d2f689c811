//! The statistics as files: `GET /certificateur/sessions/{id}/statistiques.{csv,xlsx}`
//! and `GET /certificateur/certifications/{id}/statistiques.{csv,xlsx}` — the same
//! tables as the pages (CSV: `;`, UTF-8 with BOM).

use app::domain::ids::{CertificationId, SessionId};
use app::domain::role::CurrentUser;
use app::domain::statistics::{Table, csv, figures, tables};
use app::error::AppError;
use app::ssr::repo::statistics as repo;
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::security::error_response;

fn file(name: &str, format: &str, tables: &[Table], path: &str) -> Response {
    let (mime, bytes) = match format {
        "csv" => ("text/csv; charset=utf-8", csv(tables)),
        "xlsx" => match crate::services::spreadsheet::tables_xlsx(
            &format!("Statistiques — {name}"),
            tables,
        ) {
            Ok(bytes) => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            ),
            Err(err) => {
                tracing::error!(error = %err, "statistics xlsx");
                return error_response(path, AppError::Internal);
            }
        },
        _ => return error_response(path, AppError::NotFound),
    };
    (
        [
            (CONTENT_TYPE, mime.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{format}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A session's figures.
pub async fn session(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    format: &'static str,
) -> Response {
    let path = format!("/certificateur/sessions/{id}/statistiques.{format}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    match repo::of_session(&state.db, organisation, SessionId(id)).await {
        Ok(Some((_, grid, sittings))) => {
            let (blocs, scales) = repo::layout(&grid);
            let all = tables(&figures(&sittings, &blocs, &scales));
            file(&format!("statistiques-session-{id}"), format, &all, &path)
        }
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "statistics");
            error_response(&path, AppError::Internal)
        }
    }
}

/// A certification's figures, with the certified per year and access route first.
pub async fn certification(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    format: &'static str,
) -> Response {
    let path = format!("/certificateur/certifications/{id}/statistiques.{format}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    match app::api::statistics::certification_statistics(
        &state.db,
        organisation,
        CertificationId(id),
    )
    .await
    {
        Ok(Some(page)) => file(
            &format!("statistiques-{}", page.code),
            format,
            &page.tables(),
            &path,
        ),
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "statistics");
            error_response(&path, AppError::Internal)
        }
    }
}
