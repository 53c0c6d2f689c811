//! `GET /candidat/convocations/{enrolment}`: the candidate downloads their own
//! convocation, once it has been sent.

use app::domain::ids::EnrolmentId;
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::repo::convocations;
use app::ssr::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::security::error_response;

/// The convocation PDF.
pub async fn convocation(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(enrolment): Path<i32>,
) -> Response {
    let path = format!("/candidat/convocations/{enrolment}");
    let Some(candidate) = user.candidate_id else {
        return error_response(&path, AppError::Forbidden);
    };
    let enrolment = EnrolmentId(enrolment);
    let found = async {
        let Some((organisation, session)) =
            convocations::own_enrolment(&state.db, candidate, enrolment).await?
        else {
            return Ok(None);
        };
        if !convocations::was_sent(&state.db, enrolment).await? {
            return Ok(None);
        }
        let convocation =
            convocations::for_session(&state.db, organisation, session, Some(enrolment))
                .await?
                .and_then(|(_, mut addressed)| addressed.pop())
                .map(|a| a.convocation);
        let Some(convocation) = convocation else {
            return Ok(None);
        };
        // The convocation as it was last sent; one sent before they were kept is
        // rendered as it reads now.
        let name = app::ssr::repo::session_files::convocation_name(&convocation.candidate_number);
        let pdf = match app::ssr::repo::session_files::get(&state.db, session.0, &name).await? {
            Some(kept) => kept.bytes,
            None => {
                let letterhead =
                    app::ssr::repo::organisation::letterhead(&state.db, organisation).await?;
                state.pdf.render(&app::ssr::bulk::with_letterhead(
                    convocation.document(),
                    letterhead.as_ref(),
                ))
            }
        };
        Ok::<_, sea_orm::DbErr>(Some((convocation, pdf)))
    }
    .await;
    match found {
        Ok(Some((convocation, pdf))) => {
            let disposition = format!(
                "inline; filename=\"convocation-{}.pdf\"",
                convocation.candidate_number
            );
            (
                [
                    (CONTENT_TYPE, "application/pdf".to_owned()),
                    (CONTENT_DISPOSITION, disposition),
                ],
                pdf,
            )
                .into_response()
        }
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "convocation download failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// `GET /certificateur/sessions/{id}/emargement/{slot}`: the attendance sheet of a
/// sitting of one of the certifier's sessions.
pub async fn attendance_sheet(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((session, slot)): Path<(i32, i32)>,
) -> Response {
    let path = format!("/certificateur/sessions/{session}/emargement/{slot}");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    match app::ssr::repo::exam_day::slot_page(
        &state.db,
        organisation,
        app::domain::ids::SessionId(session),
        slot,
        None,
    )
    .await
    {
        Ok(Some((_, sheet))) => {
            let letterhead = app::ssr::repo::organisation::letterhead(&state.db, organisation)
                .await
                .ok()
                .flatten();
            let pdf = state.pdf.render(&app::ssr::bulk::with_letterhead(
                sheet.document(),
                letterhead.as_ref(),
            ));
            (
                [
                    (CONTENT_TYPE, "application/pdf".to_owned()),
                    (
                        CONTENT_DISPOSITION,
                        format!("inline; filename=\"emargement-{session}-{slot}.pdf\""),
                    ),
                ],
                pdf,
            )
                .into_response()
        }
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "attendance sheet failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// `GET /certificateur/sessions/{id}/pv/{file}` and `GET /jury/sessions/{id}/pv/{file}`:
/// the closed PV of a session for its certifier or a member of its jury — `pv.pdf`,
/// `pv-anonyme.pdf`, `pv.csv` (`;`, UTF-8 with BOM) or `pv.xlsx`.
pub async fn pv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((session, file)): Path<(i32, String)>,
) -> Response {
    use app::ssr::repo::deliberation::Viewer;
    let (viewer, path) = match (user.organisation_id, user.jury_member_id) {
        (Some(org), _) if user.role == app::domain::role::Role::CertifierAdmin => (
            Viewer::Certifier(org),
            format!("/certificateur/sessions/{session}/pv/{file}"),
        ),
        (_, Some(member)) => (
            Viewer::Juror(member.0),
            format!("/jury/sessions/{session}/pv/{file}"),
        ),
        _ => return error_response("/", AppError::Forbidden),
    };
    let found =
        app::ssr::repo::deliberation::pv(&state.db, viewer, app::domain::ids::SessionId(session))
            .await;
    let (pv, _signatures) = match found {
        Ok(Some(Ok(found))) => found,
        Ok(Some(Err(_altered))) => {
            return error_response(
                &path,
                AppError::Conflict(app::ssr::repo::deliberation::PV_ALTERED.to_owned()),
            );
        }
        Ok(None) => return error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "PV failed");
            return error_response(&path, AppError::Internal);
        }
    };
    use app::ssr::repo::session_files::{self, PV, PV_ANONYMOUS, PV_SIGNATURES};
    let (content_type, bytes) = match file.as_str() {
        // As issued at the closing (the bytes the members sign) and at the last
        // signature: served as kept.
        PV | PV_ANONYMOUS | PV_SIGNATURES => {
            match session_files::get(&state.db, session, &file).await {
                Ok(Some(kept)) => ("application/pdf", kept.bytes),
                Ok(None) => return error_response(&path, AppError::NotFound),
                Err(err) => {
                    tracing::error!(error = %err, "PV file failed");
                    return error_response(&path, AppError::Internal);
                }
            }
        }
        "pv.csv" => ("text/csv; charset=utf-8", pv.csv().into_bytes()),
        "pv.xlsx" => match crate::services::spreadsheet::pv_xlsx(&pv) {
            Ok(bytes) => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            ),
            Err(err) => {
                tracing::error!(error = %err, "PV spreadsheet failed");
                return error_response(&path, AppError::Internal);
            }
        },
        _ => return error_response(&path, AppError::NotFound),
    };
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"session-{session}-{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The verification of an issued document: its code and the public page's address.
fn verification(state: &AppState, code: &str) -> app::domain::certificate::Verification {
    app::domain::certificate::Verification {
        code: code.to_owned(),
        url: format!(
            "{}/verification/{code}",
            state.settings.public_url.trim_end_matches('/')
        ),
    }
}

/// `GET /candidat/documents/{code}`: one of the candidate's own documents, once the
/// session's results are published.
pub async fn candidate_document(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(code): Path<String>,
) -> Response {
    let path = format!("/candidat/documents/{code}");
    let Some(candidate) = user.candidate_id else {
        return error_response(&path, AppError::Forbidden);
    };
    let found = async {
        let Some((document, issued)) =
            app::ssr::repo::publication::by_code(&state.db, &code).await?
        else {
            return Ok(None);
        };
        let owned = match document.enrolment_id {
            Some(enrolment) => convocations::own_enrolment(
                &state.db,
                candidate,
                app::domain::ids::EnrolmentId(enrolment),
            )
            .await?
            .is_some(),
            None => false,
        };
        if !owned {
            return Ok(None);
        }
        // A revoked document is not served as if valid: the refusal says when, why,
        // and where its status is checked.
        if let Some(at) = document.revoked_at {
            return Ok(Some(Err(format!(
                "Ce document a été révoqué le {} : {}. Il n'est plus délivré ; son statut se vérifie à l'adresse {}.",
                app::domain::format::date_fr(app::ssr::repo::schedule::paris_today(at)),
                document.revoked_reason.clone().unwrap_or_default(),
                verification(&state, &document.verification_code).url
            ))));
        }
        let pdf = app::ssr::bulk::kept_pdf(&state, &document, &issued).await?;
        Ok::<_, sea_orm::DbErr>(Some(Ok(pdf)))
    }
    .await;
    match found {
        Ok(Some(Err(revoked))) => error_response(&path, AppError::Conflict(revoked)),
        Ok(Some(Ok(pdf))) => (
            [
                (CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("inline; filename=\"{code}.pdf\""),
                ),
            ],
            pdf,
        )
            .into_response(),
        Ok(None) => error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "document download failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// `GET /certificateur/sessions/{id}/documents.zip`: every document issued for one of
/// the certifier's sessions, rendered into one ZIP archive (one folder per candidate).
pub async fn session_documents(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(session): Path<i32>,
) -> Response {
    let path = format!("/certificateur/sessions/{session}/documents.zip");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let documents = app::ssr::repo::publication::of_session(
        &state.db,
        organisation,
        app::domain::ids::SessionId(session),
    )
    .await;
    let documents = match documents {
        Ok(Some(documents)) => documents,
        Ok(None) => return error_response(&path, AppError::NotFound),
        Err(err) => {
            tracing::error!(error = %err, "documents failed");
            return error_response(&path, AppError::Internal);
        }
    };
    let rendered = crate::services::bulk::zip_documents(
        &state,
        app::domain::ids::SessionId(session),
        documents,
    )
    .await;
    match rendered {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "application/zip".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"session-{session}-documents.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "ZIP failed");
            error_response(&path, AppError::Internal)
        }
    }
}

/// `GET /certificateur/sessions/{id}/archive.zip`: the session's archive (PV, documents,
/// attendance sheets, convocations, audit extract, declarations, SHA256SUMS).
pub async fn session_archive(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(session): Path<i32>,
) -> Response {
    use crate::services::archive::{NoArchive, session_archive};
    let path = format!("/certificateur/sessions/{session}/archive.zip");
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    match session_archive(&state, organisation, app::domain::ids::SessionId(session)).await {
        Ok(Ok(bytes)) => (
            [
                (CONTENT_TYPE, "application/zip".to_owned()),
                (
                    CONTENT_DISPOSITION,
                    format!("attachment; filename=\"archive-session-{session}.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(NoArchive::NotFound)) => error_response(&path, AppError::NotFound),
        Ok(Err(NoArchive::NotClosed)) => error_response(
            &path,
            AppError::Conflict(
                "La session ne peut être archivée qu'une fois son procès-verbal clos et signé."
                    .to_owned(),
            ),
        ),
        Err(err) => {
            tracing::error!(error = %err, "archive failed");
            error_response(&path, AppError::Internal)
        }
    }
}
