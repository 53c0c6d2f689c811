//! The security middleware every request goes through:
//! 1. resolves the login session cookie into a `CurrentUser`;
//! 2. refuses state-changing requests that come from another site: browsers label each
//!    request `Sec-Fetch-Site` (pages cannot forge it) and same-origin ones pass; any
//!    other must carry the anti-forgery token of its browser (double-submit cookie) —
//!    form field `csrf_token`, header `x-csrf-token`, or query string of an upload;
//! 3. refuses any form or query field longer than `app::domain::limits` allows;
//! 4. applies the access table of `app::domain::access` to the path: 401 when not
//!    logged in, 403 for another role's area — before any page renders or any server
//!    function runs.
//!
//! Around them: the client address (behind the trusted proxies), a CSP nonce per
//! response with its `Content-Security-Policy`, `Cache-Control: no-store` for a
//! logged-in user, a server function's error answered with its own status, and the
//! error of a form posted without JavaScript carried to its page in the flash cookie
//! rather than in the address.

use std::net::SocketAddr;

use app::domain::access::{Verdict, access_for_path, verdict};
use app::domain::role::CurrentUser;
use app::error::AppError;
use app::ssr::auth::{
    self, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, CspNonce, CsrfToken, SESSION_COOKIE,
};
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

/// The client's address. Without a proxy header configured, the connection's peer.
/// Behind `trusted` reverse proxies that each append the address they saw to `header`
/// (`X-Forwarded-For: client, proxy1, …`), the right-most address none of them added:
/// whatever the client wrote itself further left is never believed. A request that did
/// not come through every proxy counts as coming from its peer.
pub fn client_address(
    request_headers: &http::HeaderMap,
    peer: Option<SocketAddr>,
    header: Option<&str>,
    trusted: usize,
) -> String {
    let peer = || {
        peer.map(|p| p.ip().to_string())
            .unwrap_or_else(|| "inconnue".to_owned())
    };
    let Some(name) = header else {
        return peer();
    };
    let hops: Vec<&str> = request_headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let trusted = trusted.max(1);
    if hops.len() < trusted {
        return peer();
    }
    hops[hops.len() - trusted].to_owned()
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

fn is_server_function(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The Content-Security-Policy of every page: scripts only with this response's nonce
/// (and what they load), WebAssembly compiled, no plugins, no `<base>`, no framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Pages (and their server functions) reached by a personal link's token: a jury
/// invitation, a link to choose a password.
pub fn reached_by_token(path: &str) -> bool {
    [
        "/invitation/",
        "/mot-de-passe/",
        "/api/invitation/",
        "/api/compte/",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
}

/// The middleware.
pub async fn guard(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_static(&path) {
        return next.run(request).await;
    }
    let nonce = auth::random_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    let address = client_address(
        request.headers(),
        peer,
        state.settings.client_ip_header.as_deref(),
        state.settings.trusted_proxies,
    );
    request
        .extensions_mut()
        .insert(auth::ClientAddress(address));
    let logged_in = jar.get(SESSION_COOKIE).is_some();
    let secure = state.settings.secure_cookies;
    let flash = if request.method() == Method::GET && !is_server_function(&path) {
        take_flash(&mut request, &jar)
    } else {
        false
    };
    // A refused import's problems, for this page only.
    let import_flash = if request.method() == Method::GET && !is_server_function(&path) {
        jar.get(app::ui::components::import_notice::IMPORT_COOKIE)
            .map(|c| c.value().to_owned())
    } else {
        None
    };
    if let Some(value) = &import_flash {
        request
            .extensions_mut()
            .insert(auth::ImportFlash(value.clone()));
    }
    let mut response = checked(state, jar, request, next).await;
    if is_server_function(&path) && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = with_error_status(response).await;
    }
    if response.status().is_redirection() {
        keep_form_error(&mut response, secure);
    }
    if flash && !sets_cookie(&response, FLASH_COOKIE) {
        set_cookie(&mut response, &expired_cookie(FLASH_COOKIE, secure));
    }
    if import_flash.is_some() {
        set_cookie(
            &mut response,
            &expired_cookie(app::ui::components::import_notice::IMPORT_COOKIE, secure),
        );
    }
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(http::header::CONTENT_SECURITY_POLICY, value);
    }
    if logged_in || reached_by_token(&path) {
        // Pages of a logged-in user are theirs alone, and pages reached by a personal
        // link show whose it is: no copy kept by the browser or a proxy.
        headers.insert(
            http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    response
}

/// Cookie carrying the error of a form posted without JavaScript to the page it
/// returns to, instead of the `__err` query parameter leptos would put in the address
/// (where anyone could write any text for the page to show).
pub const FLASH_COOKIE: &str = "jury_flash";
/// Query parameters of leptos' error of a form posted without JavaScript.
const ERROR_PARAMS: [&str; 2] = ["__path", "__err"];

fn split_query(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

/// Removes any error parameters from the request's address, and puts back the ones
/// this server kept in the flash cookie, for leptos to show. Returns whether a flash
/// cookie was there (it is then spent).
fn take_flash(request: &mut Request, jar: &CookieJar) -> bool {
    let cookie = jar.get(FLASH_COOKIE).map(|c| c.value().to_owned());
    let query = request.uri().query().unwrap_or("");
    let has_params = ERROR_PARAMS
        .iter()
        .any(|p| query.contains(&format!("{p}=")));
    if cookie.is_none() && !has_params {
        return false;
    }
    let mut pairs: Vec<(String, String)> = split_query(query)
        .into_iter()
        .filter(|(k, _)| !ERROR_PARAMS.contains(&k.as_str()))
        .collect();
    let mut flash = None;
    if let Some(value) = &cookie {
        let kept: Vec<(String, String)> = split_query(value)
            .into_iter()
            .filter(|(k, _)| ERROR_PARAMS.contains(&k.as_str()))
            .collect();
        if kept.len() == ERROR_PARAMS.len() {
            flash = serde_urlencoded::to_string(&kept).ok();
            pairs.extend(kept);
        }
    }
    let new_query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let path = request.uri().path().to_owned();
    let path_and_query = if new_query.is_empty() {
        path
    } else {
        format!("{path}?{new_query}")
    };
    if let Ok(uri) = path_and_query.parse::<http::Uri>() {
        *request.uri_mut() = uri;
    }
    if let Some(flash) = flash {
        request.extensions_mut().insert(auth::FormFlash(flash));
    }
    cookie.is_some()
}

/// A redirect leptos made to show a form's error: the error moves from the address to
/// the flash cookie.
fn keep_form_error(response: &mut Response, secure: bool) {
    let Some(location) = response
        .headers()
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|l| l.contains("__err="))
        .map(str::to_owned)
    else {
        return;
    };
    let (base, query) = location.split_once('?').unwrap_or((&location, ""));
    let (kept, rest): (Vec<(String, String)>, Vec<(String, String)>) = split_query(query)
        .into_iter()
        .partition(|(k, _)| ERROR_PARAMS.contains(&k.as_str()));
    let rest = serde_urlencoded::to_string(&rest).unwrap_or_default();
    let new_location = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{rest}")
    };
    let Ok(value) = HeaderValue::from_str(&new_location) else {
        return;
    };
    response.headers_mut().insert(http::header::LOCATION, value);
    if let Ok(flash) = serde_urlencoded::to_string(&kept) {
        set_cookie(response, &cookie(FLASH_COOKIE, flash, secure));
    }
}

/// A server function's error answered with its own status (a refusal is not a server
/// failure: malformed arguments are 400, a refused write 409 or 422…).
async fn with_error_status(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 1024 * 1024).await else {
        return error_response("/api/", AppError::Internal);
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Who asks, anti-forgery and access: the response, or the refusal.
async fn checked(state: AppState, jar: CookieJar, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
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
        let (checked, refusals) = check_lengths(request).await;
        request = checked;
        if !refusals.is_empty() {
            return too_long(&request, &path, refusals);
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
    if new_csrf && !sets_cookie(&response, CSRF_COOKIE) {
        set_cookie(&mut response, &cookie(CSRF_COOKIE, csrf, secure));
    }
    // A login answered with a new session cookie: the stale one is already replaced
    // (a second, expiring cookie would log the user straight out again).
    if stale_session && !sets_cookie(&response, SESSION_COOKIE) {
        set_cookie(&mut response, &expired_cookie(SESSION_COOKIE, secure));
    }
    response
}

/// Whether the request carries an HTML form's fields in its body.
fn is_url_encoded_form(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// Whether the response already sets the named cookie.
fn sets_cookie(response: &Response, name: &str) -> bool {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&prefix)))
}

/// Largest form body read to check its fields' lengths (the grid editor's JSON is the
/// largest field: `limits::GRID_JSON`).
const MAX_CHECKED_FORM_BYTES: usize = 4 * 1024 * 1024;

/// Checks every field of a form post (and of the query string) against
/// `app::domain::limits`; the body is put back.
async fn check_lengths(request: Request) -> (Request, Vec<app::error::FieldError>) {
    let refusals = |fields: Vec<(String, String)>| -> Vec<app::error::FieldError> {
        fields
            .iter()
            .filter_map(|(name, value)| {
                app::domain::limits::refusal(name, value).map(|message| app::error::FieldError {
                    field: name.clone(),
                    message,
                })
            })
            .collect()
    };
    let mut found = refusals(split_query(request.uri().query().unwrap_or("")));
    if !is_url_encoded_form(&request) {
        return (request, found);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_CHECKED_FORM_BYTES).await else {
        found.push(app::error::FieldError {
            field: "formulaire".to_owned(),
            message: format!(
                "Le formulaire dépasse {} Mo : rien n'a été enregistré.",
                MAX_CHECKED_FORM_BYTES / (1024 * 1024)
            ),
        });
        return (Request::from_parts(parts, Body::empty()), found);
    };
    found.extend(refusals(
        serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
    ));
    (Request::from_parts(parts, Body::from(bytes)), found)
}

/// The refusal of fields that are too long: for a form posted without JavaScript, back
/// to its page with the errors (as leptos shows a server function's error); otherwise
/// a 422 with the errors.
fn too_long(request: &Request, path: &str, problems: Vec<app::error::FieldError>) -> Response {
    use base64::Engine;
    let error = AppError::Validation(problems);
    let plain_form = request
        .headers()
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !(plain_form && is_server_function(path)) {
        return error_response(path, error).with_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let back = same_site_referer(request).unwrap_or_else(|| "/".to_owned());
    let encoded = base64::engine::general_purpose::URL_SAFE
        .encode(serde_json::to_string(&error).unwrap_or_default());
    let query = serde_urlencoded::to_string([("__path", path), ("__err", encoded.as_str())])
        .unwrap_or_default();
    let separator = if back.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{back}{separator}{query}")).into_response()
}

/// The path (and query) of the page a form was posted from, if it is a page of this
/// site.
fn same_site_referer(request: &Request) -> Option<String> {
    let referer = request
        .headers()
        .get(http::header::REFERER)?
        .to_str()
        .ok()?;
    let host = request.headers().get(http::header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    (authority == host && !path.starts_with("//") && !path.contains(['\r', '\n']))
        .then(|| path.to_owned())
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
    if !is_url_encoded_form(&request) {
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
        message = app::domain::html::escape(&error.to_string()),
    );
    (status, [(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

fn encode(path: &str) -> String {
    serde_urlencoded::to_string([("", path)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// The connection's peer address, when the server was started with connect info.
pub fn peer(connect: Option<ConnectInfo<SocketAddr>>) -> Option<SocketAddr> {
    connect.map(|ConnectInfo(addr)| addr)
}

#[cfg(test)]
mod tests {
    use super::client_address;

    fn forwarded(values: &[&str]) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().expect("header"));
        }
        headers
    }

    #[test]
    fn the_client_cannot_choose_its_address_behind_a_proxy() {
        let peer = Some("10.0.0.9:4000".parse().expect("addr"));
        // The client wrote "6.6.6.6" itself; the proxy appended what it saw.
        let headers = forwarded(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(
            client_address(&headers, peer, Some("x-forwarded-for"), 1),
            "203.0.113.7"
        );
        // Two proxies: the second added the first's address.
        let headers = forwarded(&["6.6.6.6, 203.0.113.7, 10.0.0.2"]);
        assert_eq!(
            client_address(&headers, peer, Some("x-forwarded-for"), 2),
            "203.0.113.7"
        );
        // Split over two header lines.
        let headers = forwarded(&["6.6.6.6", "203.0.113.7"]);
        assert_eq!(
            client_address(&headers, peer, Some("x-forwarded-for"), 1),
            "203.0.113.7"
        );
        // Not through every proxy, or no header: the peer.
        assert_eq!(
            client_address(
                &forwarded(&["203.0.113.7"]),
                peer,
                Some("x-forwarded-for"),
                2
            ),
            "10.0.0.9"
        );
        assert_eq!(
            client_address(&forwarded(&[]), peer, Some("x-forwarded-for"), 1),
            "10.0.0.9"
        );
        // Without a configured header, the header is ignored.
        assert_eq!(
            client_address(&forwarded(&["6.6.6.6"]), peer, None, 1),
            "10.0.0.9"
        );
    }
}
