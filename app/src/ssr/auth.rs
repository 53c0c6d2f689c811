//! Authentication and authorisation: password hashes (argon2), login sessions (random
//! token in an HttpOnly cookie, only its digest stored), the login rate limit, and the
//! role check every server function calls. Page routes are checked by the server's
//! access middleware with the same table (`domain::access`).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use http::StatusCode;
use leptos::prelude::use_context;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::repo::users as repo;
use super::state::AppState;
use super::throttle;
use crate::domain::role::{CurrentUser, Role};
use crate::domain::throttle::{self as throttle_policy, Policy};
use crate::error::AppError;

/// Cookie holding the login session token.
pub const SESSION_COOKIE: &str = "jury_session";
/// Cookie holding the anti-forgery token (double-submit).
pub const CSRF_COOKIE: &str = "jury_csrf";
/// Form field carrying the anti-forgery token.
pub const CSRF_FIELD: &str = "csrf_token";
/// Header carrying the anti-forgery token (scripts, multipart uploads).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A login lasts this long.
pub const SESSION_LIFETIME_HOURS: i64 = 12;

/// The anti-forgery token of the current request, put in request extensions by the
/// server's middleware so that pages can render it into their forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// The Content-Security-Policy nonce of the current request: the server's middleware
/// draws it, puts it in the response's policy and in request extensions, and the shell
/// gives it to leptos for its inline scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// A fresh nonce (128 bits, URL-safe base64).
pub fn random_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The client's address as the server's middleware determined it (behind the
/// configured trusted proxies), for rate limits.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

/// The client address of the current request.
pub fn current_client_address() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
        .unwrap_or_else(|| "inconnue".to_owned())
}

/// The error of a form posted without JavaScript, brought back by this server (query
/// string `__path=…&__err=…`), for the page to hand to the browser bundle.
#[derive(Clone, Debug)]
pub struct FormFlash(pub String);

/// The form error brought back for the current page, if any.
pub fn current_form_flash() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<FormFlash>().map(|f| f.0.clone()))
}

/// A refused import's problems brought back for the current page (the cookie's value).
#[derive(Clone, Debug)]
pub struct ImportFlash(pub String);

/// The refused import brought back for the current page, if any.
pub fn current_import_flash() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ImportFlash>().map(|f| f.0.clone()))
}

/// The nonce of the current request (SSR).
pub fn current_nonce() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().map(|n| n.0.clone()))
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| internal("salt", e))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| internal("password hash", e))
}

/// Checks a password against a stored hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh random token (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores for a session token.
pub fn token_digest(token: &str) -> String {
    hex_digest(token.as_bytes())
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two tokens in constant time.
pub fn tokens_match(expected: &str, given: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Why a login was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginFailure {
    /// Unknown email, wrong password or disabled account (never told apart).
    InvalidCredentials,
    /// Too many failures recently: the next attempt waits this long.
    TooManyAttempts(Duration),
    Internal,
}

/// A successful login: the cookie token and where to go.
#[derive(Debug)]
pub struct LoginSuccess {
    pub token: String,
    pub user: CurrentUser,
}

/// The rate-limit keys of a login: the account from this address, the account from
/// anywhere (left out at an address the account logged in from before: failures
/// spread over strangers' addresses never slow the owner there), the address for every
/// account.
fn login_keys(email: &str, client_address: &str, known: bool) -> Vec<(String, Policy)> {
    let mut keys = vec![(
        format!("connexion:{email}@{client_address}"),
        throttle_policy::LOGIN_ACCOUNT_ADDRESS,
    )];
    if !known {
        keys.push((format!("connexion:{email}"), throttle_policy::LOGIN_ACCOUNT));
    }
    keys.push((
        format!("connexion-adresse:{client_address}"),
        throttle_policy::LOGIN_ADDRESS,
    ));
    keys
}

/// Checks credentials under the rate limit and opens a login session. The attempt is
/// counted as a failure before the password is checked (atomically: parallel attempts
/// see each other); a success forgives this address's failures for the account and
/// takes back its own reservations — never the failures others made from elsewhere.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    client_address: &str,
) -> Result<LoginSuccess, LoginFailure> {
    let now = state.clock.now();
    let email: String = email.trim().to_lowercase().chars().take(320).collect();
    let db = &state.db;
    // The person's spaces, read once: whether this address is one they use, and then
    // their password.
    let spaces = repo::spaces_of(db, &email).await.map_err(db_failure)?;
    let known = repo::known_address(db, &spaces, client_address, now)
        .await
        .map_err(db_failure)?;
    let keys = login_keys(&email, client_address, known);

    if let Some(wait) = throttle::reserve_all(db, &keys, now)
        .await
        .map_err(db_failure)?
    {
        return Err(LoginFailure::TooManyAttempts(wait));
    }

    let found = repo::credentials(spaces);
    // Verify against a dummy hash when the account is unknown, so that response time
    // does not tell which emails exist.
    let (hash, user) = match found {
        Some((hash, user)) => (hash, Some(user)),
        None => (DUMMY_HASH.clone(), None),
    };
    let password_ok = verify_password(&hash, password);
    match user {
        Some(user) if password_ok => {
            throttle::clear(db, &keys[0].0).await.map_err(db_failure)?;
            for (key, _) in &keys[1..] {
                throttle::release(db, key).await.map_err(db_failure)?;
            }
            let token = random_token();
            let expires = now + Duration::hours(SESSION_LIFETIME_HOURS);
            repo::create_login_session(db, user.id, &token_digest(&token), now, expires)
                .await
                .map_err(db_failure)?;
            repo::touch_login(db, user.id, now)
                .await
                .map_err(db_failure)?;
            repo::remember_address(db, user.id, client_address, now)
                .await
                .map_err(db_failure)?;
            // Spaces organisations opened since for this person take their password.
            repo::share_password(db, &email, &hash)
                .await
                .map_err(db_failure)?;
            Ok(LoginSuccess { token, user })
        }
        _ => Err(LoginFailure::InvalidCredentials),
    }
}

/// An argon2 hash of a random password nobody knows, computed once.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password(&random_token()).unwrap_or_default());

fn db_failure(err: sea_orm::DbErr) -> LoginFailure {
    tracing::error!(error = %err, "login failed on a database error");
    LoginFailure::Internal
}

/// The user a session token belongs to, if the session is still valid.
pub async fn resolve_session(
    state: &AppState,
    token: &str,
) -> Result<Option<CurrentUser>, AppError> {
    repo::find_session_user(&state.db, &token_digest(token), state.clock.now())
        .await
        .map_err(|e| internal("session lookup", e))
}

/// Moves a logged-in person to another of their spaces: a new login session for it
/// (the current one ends). `None` when the space is not theirs.
pub async fn switch_space(
    state: &AppState,
    (current, token): (&CurrentUser, &str),
    target: crate::domain::ids::UserId,
) -> Result<Option<(String, Role)>, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let own = repo::is_own_space(db, current, target)
        .await
        .map_err(|e| internal("space", e))?;
    if !own {
        return Ok(None);
    }
    let new_token = random_token();
    repo::create_login_session(
        db,
        target,
        &token_digest(&new_token),
        now,
        now + Duration::hours(SESSION_LIFETIME_HOURS),
    )
    .await
    .map_err(|e| internal("space", e))?;
    repo::delete_login_session(db, &token_digest(token))
        .await
        .map_err(|e| internal("space", e))?;
    repo::touch_login(db, target, now)
        .await
        .map_err(|e| internal("space", e))?;
    let role = repo::find_session_user(db, &token_digest(&new_token), now)
        .await
        .map_err(|e| internal("space", e))?
        .map_or(current.role, |u| u.role);
    Ok(Some((new_token, role)))
}

/// Ends a login session.
pub async fn logout(state: &AppState, token: &str) -> Result<(), AppError> {
    repo::delete_login_session(&state.db, &token_digest(token))
        .await
        .map_err(|e| internal("logout", e))
}

/// The logged-in user of the current request (server functions and SSR).
pub fn current_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// The anti-forgery token of the current request.
pub fn current_csrf_token() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()))
        .unwrap_or_default()
}

/// The application state, from the server function's context.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("state", "AppState missing from context"))
}

/// The one role check of server functions: the state and the user, or 401/403.
pub fn require_role(role: Role) -> Result<(AppState, CurrentUser), AppError> {
    let state = app_state()?;
    match current_user() {
        Some(user) if user.role == role => Ok((state, user)),
        Some(_) => Err(with_status(AppError::Forbidden)),
        None => Err(with_status(AppError::Unauthenticated)),
    }
}

/// Whether the request is a plain HTML form post (no JavaScript): leptos then answers
/// with a redirect back to the form, carrying the error, which a status must not replace.
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.method == http::Method::POST
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Sets the HTTP status of the response to match the error (except on plain form
/// posts, answered by a redirect to the form).
pub fn with_status(error: AppError) -> AppError {
    if is_plain_form_post() {
        return error;
    }
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            options.set_status(status);
        }
    }
    error
}

/// Logs an internal failure with its cause and returns the opaque error.
pub fn internal(context: &str, cause: impl std::fmt::Display) -> AppError {
    tracing::error!(%cause, "{context}");
    with_status(AppError::Internal)
}

/// Who acts in a function shared by the certifier's and the jury's spaces.
#[derive(Clone, Copy, Debug)]
pub enum Actor {
    /// The certifier administrator of this organisation.
    Certifier(crate::domain::ids::OrganisationId),
    /// A jury member (their `jury_members` id).
    Juror(i32),
}

/// The logged-in certifier or jury member, for a function both spaces call (the
/// access table leaves its path public: this is where the role is checked).
pub fn require_certifier_or_juror() -> Result<(AppState, CurrentUser, Actor), AppError> {
    let role = current_user()
        .map(|u| u.role)
        .ok_or_else(|| with_status(AppError::Unauthenticated))?;
    match role {
        Role::CertifierAdmin => {
            let (state, user) = require_role(Role::CertifierAdmin)?;
            let org = user
                .organisation_id
                .ok_or_else(|| with_status(AppError::Forbidden))?;
            Ok((state, user, Actor::Certifier(org)))
        }
        Role::JuryMember => {
            let (state, user) = require_role(Role::JuryMember)?;
            let member = user
                .jury_member_id
                .ok_or_else(|| with_status(AppError::Forbidden))?;
            Ok((state, user, Actor::Juror(member.0)))
        }
        Role::Candidate => Err(with_status(AppError::Forbidden)),
    }
}
