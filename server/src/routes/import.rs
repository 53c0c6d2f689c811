//! File imports, as plain multipart form posts to the page they come from (they work
//! without JavaScript; the anti-forgery token comes in the query string, as a multipart
//! body cannot be read twice): `POST /certificateur/sessions/{id}` imports candidates
//! into the session, `POST /certificateur/jures` members into the jury pool. On
//! success, back to the page with the count; on failure, back to the page with the
//! problems in a one-time cookie (never the token in the address), nothing written.

use app::domain::candidate::parse_candidates_csv;
use app::domain::ids::SessionId;
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::repo::sessions;
use app::ssr::state::AppState;
use app::ui::components::import_notice::{IMPORT_COOKIE, ImportRefused};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::security::error_response;

/// Largest candidates file accepted.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// The uploaded file (the form's `fichier` field), or why it cannot be read.
pub(crate) async fn read_file(request: Request, state: &AppState) -> Result<Vec<u8>, String> {
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|e| unreadable(e.status()))?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.status()))?
    {
        if field.name() == Some("fichier") {
            return field
                .bytes()
                .await
                .map(|b| b.to_vec())
                .map_err(|e| unreadable(e.status()));
        }
    }
    Err("aucun fichier reçu".to_owned())
}

/// Why an upload could not be received, in French (the route's size limit, or a form
/// that is not one).
fn unreadable(status: http::StatusCode) -> String {
    if status == http::StatusCode::PAYLOAD_TOO_LARGE {
        "fichier trop lourd pour cet envoi".to_owned()
    } else {
        "envoi incomplet ou qui n'est pas un formulaire de fichier".to_owned()
    }
}

/// Imports the uploaded file.
pub async fn import_candidates(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return error_response(&path, AppError::Unauthenticated);
    };
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let session = SessionId(id);
    match sessions::find_owned(&state.db, organisation, session).await {
        Ok(Some(_)) => {}
        Ok(None) => return error_response(&path, AppError::NotFound),
        Err(err) => return internal(&path, err),
    }
    let (parts, body) = request.into_parts();
    match sessions::frozen(&state.db, session).await {
        Ok(None) => {}
        Ok(Some(why)) => {
            let problem = app::domain::candidate::RowProblem {
                line: 0,
                message: why.to_owned(),
            };
            return render_refused(state, parts, vec![problem]).await;
        }
        Err(err) => return internal(&path, err),
    }
    let file = match read_file(Request::from_parts(parts.clone(), body), &state).await {
        Ok(file) => file,
        Err(message) => {
            let problem = app::domain::candidate::RowProblem {
                line: 0,
                message: format!("fichier illisible : {message}"),
            };
            return render_refused(state, parts, vec![problem]).await;
        }
    };
    let existing = match sessions::candidate_emails(&state.db, organisation).await {
        Ok(existing) => existing,
        Err(err) => return internal(&path, err),
    };
    let today = app::ssr::repo::schedule::paris_today(state.clock.now());
    let parsed = app::ssr::bounded::off_thread_within(app::ssr::bounded::TABLE_BUDGET, move || {
        Ok(parse_candidates_csv(&file, &existing, today))
    })
    .await;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(message) => {
            let problem = app::domain::candidate::RowProblem { line: 0, message };
            return render_refused(state, parts, vec![problem]).await;
        }
    };
    match parsed {
        Err(problems) => render_refused(state, parts, problems).await,
        Ok(mut candidates) => {
            let categories = match sessions::categories_of_session(&state.db, session).await {
                Ok(categories) => categories,
                Err(err) => return internal(&path, err),
            };
            let optional = match sessions::optional_units_of_session(&state.db, session).await {
                Ok(optional) => optional,
                Err(err) => return internal(&path, err),
            };
            let checked =
                app::domain::candidate::resolve_categories(&mut candidates, &categories).and(
                    app::domain::candidate::resolve_options(&mut candidates, &optional),
                );
            if let Err(problems) = checked {
                return render_refused(state, parts, problems).await;
            }
            import_checked(state, (organisation, session, id), &path, candidates).await
        }
    }
}

async fn import_checked(
    state: AppState,
    (organisation, session, id): (app::domain::ids::OrganisationId, SessionId, i32),
    path: &str,
    candidates: Vec<app::domain::candidate::ImportedCandidate>,
) -> Response {
    match sessions::import(
        &state.db,
        organisation,
        session,
        &candidates,
        state.clock.now(),
    )
    .await
    {
        Ok(count) => {
            tracing::info!(session = id, count, "candidates imported");
            Redirect::to(&format!("/certificateur/sessions/{id}?importes={count}")).into_response()
        }
        Err(err) => internal(path, err),
    }
}

/// Imports the uploaded jury pool file.
pub async fn import_jurors(State(state): State<AppState>, request: Request) -> Response {
    use app::domain::jury::pool::parse_jurors_csv;
    use app::ssr::repo::juries;
    let path = request.uri().path().to_owned();
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return error_response(&path, AppError::Unauthenticated);
    };
    let Some(organisation) = user.administered_organisation() else {
        return error_response(&path, AppError::Forbidden);
    };
    let (parts, body) = request.into_parts();
    let file = match read_file(Request::from_parts(parts.clone(), body), &state).await {
        Ok(file) => file,
        Err(message) => {
            let problem = app::domain::table::RowProblem {
                line: 0,
                message: format!("fichier illisible : {message}"),
            };
            return render_refused(state, parts, vec![problem]).await;
        }
    };
    let existing = match juries::pool_emails(&state.db, organisation, None).await {
        Ok(existing) => existing,
        Err(err) => return internal(&path, err),
    };
    let parsed = app::ssr::bounded::off_thread_within(app::ssr::bounded::TABLE_BUDGET, move || {
        Ok(parse_jurors_csv(&file, &existing))
    })
    .await;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(message) => {
            let problem = app::domain::table::RowProblem { line: 0, message };
            return render_refused(state, parts, vec![problem]).await;
        }
    };
    match parsed {
        Err(problems) => render_refused(state, parts, problems).await,
        Ok(jurors) => {
            match juries::add_to_pool(&state.db, organisation, &jurors, state.clock.now()).await {
                Ok(count) => {
                    tracing::info!(count, "jury members imported");
                    Redirect::to(&format!("/certificateur/jures?importes={count}")).into_response()
                }
                Err(err) => internal(&path, err),
            }
        }
    }
}

fn internal(path: &str, err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "import failed");
    error_response(path, AppError::Internal)
}

/// Back to the page with one reason a file was refused (line 0: the whole file).
pub(crate) fn refused_because(
    state: &AppState,
    parts: &http::request::Parts,
    message: String,
) -> Response {
    refused_with(
        state,
        parts,
        vec![app::domain::table::RowProblem { line: 0, message }],
    )
}

/// Back to the page (nothing of the form in the address), with the problems in a
/// cookie the page shows once; nothing was written.
async fn render_refused(
    state: AppState,
    parts: http::request::Parts,
    problems: Vec<app::domain::table::RowProblem>,
) -> Response {
    refused_with(&state, &parts, problems)
}

fn refused_with(
    state: &AppState,
    parts: &http::request::Parts,
    problems: Vec<app::domain::table::RowProblem>,
) -> Response {
    let flash = ImportRefused::of(&problems);
    let mut response = Redirect::to(parts.uri.path()).into_response();
    crate::security::set_cookie(
        &mut response,
        &crate::security::cookie(IMPORT_COOKIE, flash.encode(), state.settings.secure_cookies),
    );
    response
}
