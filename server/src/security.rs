//! The security middleware every request goes through:
//! 1. resolves the login session cookie into a `CurrentUser`;
//! 2. refuses state-changing requests that come from another site: browsers label each
//!    request `Sec-Fetch-Site` (pages cannot forge it) and same-origin ones pass; any
//!    other must carry the anti-forgery token of its browser (double-submit cookie) —
//!    form field `csrf_token`, header `x-csrf-token`, or query string of an upload;
//! 3. applies the access table of `app::domain::access` to the path: 401 when not
//!    logged in, 403 for another role's area — before any page renders or any server
//!    function runs.

use std::net::SocketAddr;

use app::domain::access::{Verdict, access_for_path, verdict};
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::auth::{self, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, CsrfToken, SESSION_COOKIE};
use app::ssr::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use http::header::{CONTENT_TYPE, SET_COOKIE};
use http::{HeaderValue, Method, StatusCode};

/// Largest form body read to find the anti-forgery token.
const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;

/// A cookie with the attributes every cookie of the application has.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .build()
}

/// A cookie that deletes the named one.
pub fn expired_cookie(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure);
    c.make_removal();
    c
}

/// Appends a `Set-Cookie` header.
pub fn set_cookie(response: &mut Response, cookie: &Cookie<'_>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// The client's address: the peer, or the first address of the configured proxy header.
pub fn client_address(
    request_headers: &http::HeaderMap,
    peer: Option<SocketAddr>,
    header: Option<&str>,
) -> String {
    header
        .and_then(|name| request_headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned())
        .or_else(|| peer.map(|p| p.ip().to_string()))
        .unwrap_or_else(|| "inconnue".to_owned())
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

fn is_server_function(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The middleware.
pub async fn guard(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_static(&path) {
        return next.run(request).await;
    }
    let secure = state.settings.secure_cookies;

    // 1. Who is asking.
    let session_cookie = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let user = match &session_cookie {
        Some(token) => match auth::resolve_session(&state, token).await {
            Ok(user) => user,
            Err(_) => return error_response(&path, AppError::Internal),
        },
        None => None,
    };
    let stale_session = session_cookie.is_some() && user.is_none();

    // 2. Anti-forgery token.
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32);
    let new_csrf = existing.is_none();
    let csrf = existing.unwrap_or_else(auth::random_token);
    let mut request = request;
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let (checked, ok) = check_csrf(request, &csrf).await;
        request = checked;
        if !ok {
            tracing::warn!(%path, "state-changing request without a valid anti-forgery token");
            if path == "/connexion" {
                return Redirect::to("/connexion?erreur=jeton").into_response();
            }
            return error_response(&path, AppError::Conflict(
                "Le formulaire a expiré ou ne vient pas de cette application (jeton anti-falsification invalide). Rechargez la page puis réessayez.".to_owned(),
            ))
            .with_status(StatusCode::FORBIDDEN);
        }
    }

    // 3. Access.
    let role = user.as_ref().map(|u| u.role);
    let response = match verdict(access_for_path(&path), role) {
        Verdict::Unauthenticated => error_response(&path, AppError::Unauthenticated),
        Verdict::Forbidden => error_response(&path, AppError::Forbidden),
        Verdict::Allow => {
            if let (Some(user), "/" | "/connexion", &Method::GET) =
                (&user, path.as_str(), request.method())
            {
                Redirect::to(user.role.home_path()).into_response()
            } else {
                let extensions = request.extensions_mut();
                extensions.insert(CsrfToken(csrf.clone()));
                if let Some(user) = user.clone() {
                    extensions.insert::<CurrentUser>(user);
                }
                next.run(request).await
            }
        }
    };

    let mut response = response;
    if new_csrf {
        set_cookie(&mut response, &cookie(CSRF_COOKIE, csrf, secure));
    }
    if stale_session {
        set_cookie(&mut response, &expired_cookie(SESSION_COOKIE, secure));
    }
    response
}

/// Reads the token from the header, the query string of a file upload or, for form
/// posts, from the body (which is put back).
async fn check_csrf(request: Request, expected: &str) -> (Request, bool) {
    // Browsers mark every request with where it comes from, and pages cannot forge the
    // header: a same-origin request (a form of this application, or its own script
    // submitting a form after hydration) needs no token. Anything else must carry it.
    let same_origin = request
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "same-origin");
    if same_origin {
        return (request, true);
    }
    if let Some(given) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        let ok = auth::tokens_match(expected, given);
        return (request, ok);
    }
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        // A file upload: the token is in the query string (the body is read once, by
        // the handler).
        let query = request.uri().query().unwrap_or("");
        let fields: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let ok = fields
            .iter()
            .any(|(name, value)| name == CSRF_FIELD && auth::tokens_match(expected, value));
        return (request, ok);
    }
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (request, false);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (Request::from_parts(parts, Body::empty()), false);
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let ok = fields
        .iter()
        .any(|(name, value)| name == CSRF_FIELD && auth::tokens_match(expected, value));
    (Request::from_parts(parts, Body::from(bytes)), ok)
}

trait WithStatus {
    fn with_status(self, status: StatusCode) -> Self;
}

impl WithStatus for Response {
    fn with_status(mut self, status: StatusCode) -> Self {
        *self.status_mut() = status;
        self
    }
}

/// An error as the caller expects it: JSON for server functions, a French page otherwise.
pub fn error_response(path: &str, error: AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if is_server_function(path) {
        let body = serde_json::to_string(&error).unwrap_or_default();
        return (status, [(CONTENT_TYPE, "application/json")], body).into_response();
    }
    let (title, action) = match error {
        AppError::Unauthenticated => (
            "Connexion requise",
            format!(
                r#"<a class="button" href="/connexion?suite={}">Se connecter</a>"#,
                encode(path)
            ),
        ),
        AppError::Forbidden => (
            "Accès refusé",
            r#"<a class="button" href="/">Retour à l'accueil</a>"#.to_owned(),
        ),
        _ => (
            "Erreur",
            r#"<a class="button" href="/">Retour à l'accueil</a>"#.to_owned(),
        ),
    };
    let page = format!(
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} — Jury</title><link rel="stylesheet" href="/pkg/jury.css"></head><body><header class="site-header"><div class="brand"><a href="/">Jury</a></div></header><main id="contenu"><section class="narrow"><h1>{title}</h1><p role="alert">{message}</p><p>{action}</p></section></main></body></html>"#,
        message = html_escape(&error.to_string()),
    );
    (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

fn encode(path: &str) -> String {
    serde_urlencoded::to_string([("", path)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The connection's peer address, when the server was started with connect info.
pub fn peer(connect: Option<ConnectInfo<SocketAddr>>) -> Option<SocketAddr> {
    connect.map(|ConnectInfo(addr)| addr)
}
