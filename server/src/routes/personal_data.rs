//! The right of access and portability (RGPD articles 15 and 20):
//! - `GET /candidat/mes-donnees.json` and `.pdf`: the signed-in candidate's own data;
//! - `GET /certificateur/sessions/{id}/candidats/{enrolment}/donnees.json` and `.pdf`:
//!   the same, produced by the certifier for a request received by post (audited).

use app::domain::audit::Record;
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use entities::enrolment;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use sea_orm::EntityTrait;

use crate::security::error_response;

/// The export in the format asked; the PDF under the letterhead of the organisation
/// that holds the data (the candidate's).
async fn answer(
    state: &AppState,
    (candidate, data): (i32, &app::domain::personal_data::PersonalData),
    format: &str,
    name: &str,
) -> Response {
    let (content_type, bytes, extension) = if format == "pdf" {
        let letterhead =
            match app::ssr::repo::organisation::letterhead_of_candidate(&state.db, candidate).await
            {
                Ok(head) => head,
                Err(err) => {
                    tracing::error!(error = %err, "letterhead failed");
                    return error_response("/", AppError::Internal);
                }
            };
        let document = app::ssr::bulk::with_letterhead(data.document(), letterhead.as_ref());
        ("application/pdf", state.pdf.render(&document), "pdf")
    } else {
        (
            "application/json",
            serde_json::to_vec_pretty(data).unwrap_or_default(),
            "json",
        )
    };
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CACHE_CONTROL, "no-store".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{extension}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /candidat/mes-donnees.json` or `.pdf`.
pub async fn own(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    format: &'static str,
) -> Response {
    let path = format!("/candidat/mes-donnees.{format}");
    let Some(candidate) = user.candidate_id else {
        return error_response(&path, AppError::Forbidden);
    };
    match app::ssr::repo::personal_data::export(&state.db, candidate.0, state.clock.now()).await {
        Ok(Some(data)) => answer(&state, (candidate.0, &data), format, "mes-donnees").await,
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "personal data export failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// `GET /certificateur/sessions/{id}/candidats/{enrolment}/donnees.json` or `.pdf`.
pub async fn of_candidate(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((session, enrolment_id)): Path<(i32, i32)>,
    format: &'static str,
) -> Response {
    let path =
        format!("/certificateur/sessions/{session}/candidats/{enrolment_id}/donnees.{format}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let now = state.clock.now();
    // The export holds accommodation requests (health data): only referents read them.
    match app::ssr::repo::accommodations::is_referent(&state.db, user.id).await {
        Ok(true) => {}
        Ok(false) => {
            return error_response(
                &path,
                AppError::Conflict(
                    "L'export contient les demandes d'aménagement (données de santé) : seul un référent handicap désigné sur la page Comptes peut le produire."
                        .to_owned(),
                ),
            );
        }
        Err(err) => {
            tracing::error!(error = %err, "referent lookup failed");
            return error_response(&path, AppError::Internal);
        }
    }
    let found = async {
        if app::ssr::repo::sessions::find_owned(
            &state.db,
            organisation,
            app::domain::ids::SessionId(session),
        )
        .await?
        .is_none()
        {
            return Ok(None);
        }
        let Some(enrolled) = enrolment::Entity::find_by_id(enrolment_id)
            .one(&state.db)
            .await?
            .filter(|e| e.session_id == session)
        else {
            return Ok(None);
        };
        let data =
            app::ssr::repo::personal_data::export(&state.db, enrolled.candidate_id, now).await?;
        if data.is_some() {
            let (txn, _turn) = app::ssr::repo::audit::begin_write(&state.db).await?;
            app::ssr::repo::audit::append(
                &txn,
                Record {
                    at: now,
                    actor: Some(user.id.0),
                    entity: "personal_data".to_owned(),
                    entity_id: enrolled.candidate_id.to_string(),
                    action: "export".to_owned(),
                    before: None,
                    after: Some(format.to_owned()),
                    reason: Some("Droit d'accès (article 15 du RGPD)".to_owned()),
                    session: Some(session),
                },
            )
            .await?;
            txn.commit().await?;
        }
        Ok::<_, sea_orm::DbErr>(data.map(|d| (d, enrolled.candidate_number, enrolled.candidate_id)))
    }
    .await;
    match found {
        Ok(Some((data, number, candidate))) => {
            answer(
                &state,
                (candidate, &data),
                format,
                &format!("donnees-{number}"),
            )
            .await
        }
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "personal data export failed");
            error_response(&path, AppError::Internal)
        }
    }
}
