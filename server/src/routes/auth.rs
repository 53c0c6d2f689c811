//! `POST /connexion` and `POST /deconnexion`: plain form posts, so that logging in works
//! without JavaScript. The anti-forgery token was checked by the security middleware.

use app::ssr::auth::{self, CSRF_COOKIE, ClientAddress, LoginFailure, SESSION_COOKIE};
use app::ssr::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::security::{cookie, error_response, expired_cookie, set_cookie};

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    suite: String,
}

/// Where to go after logging in: the requested page if it is a path of this site, else
/// home. Browsers drop tabs and line breaks from addresses and read `\\` as `/`, so
/// `/<tab>/evil.example` would become `//evil.example`, another site: any control
/// character, space or backslash disqualifies the path.
fn next_page(requested: &str, home: &str) -> String {
    let local = requested.starts_with('/')
        && !requested.starts_with("//")
        && requested
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    if local {
        requested.to_owned()
    } else {
        home.to_owned()
    }
}

fn back_to_login(code: &str, suite: &str) -> Response {
    let query =
        serde_urlencoded::to_string([("erreur", code), ("suite", suite)]).unwrap_or_default();
    Redirect::to(&format!("/connexion?{query}")).into_response()
}

/// Back to the form, saying how many seconds to wait.
fn back_to_login_after(code: &str, suite: &str, seconds: i64) -> Response {
    let seconds = seconds.to_string();
    let query = serde_urlencoded::to_string([
        ("erreur", code),
        ("attente", seconds.as_str()),
        ("suite", suite),
    ])
    .unwrap_or_default();
    Redirect::to(&format!("/connexion?{query}")).into_response()
}

/// Checks the credentials and opens a session.
pub async fn login(
    State(state): State<AppState>,
    Extension(ClientAddress(address)): Extension<ClientAddress>,
    Form(form): Form<LoginForm>,
) -> Response {
    match auth::login(&state, &form.email, &form.password, &address).await {
        Ok(success) => {
            let secure = state.settings.secure_cookies;
            let mut response = Redirect::to(&next_page(&form.suite, success.user.role.home_path()))
                .into_response();
            set_cookie(
                &mut response,
                &cookie(SESSION_COOKIE, success.token, secure),
            );
            // A new anti-forgery token for the new session.
            set_cookie(
                &mut response,
                &cookie(CSRF_COOKIE, auth::random_token(), secure),
            );
            tracing::info!(user = %success.user.id, "login");
            response
        }
        Err(LoginFailure::InvalidCredentials) => back_to_login("identifiants", &form.suite),
        Err(LoginFailure::TooManyAttempts(wait)) => {
            let seconds = (wait.num_milliseconds().max(0) + 999) / 1000;
            back_to_login_after("tentatives", &form.suite, seconds.max(1))
        }
        Err(LoginFailure::Internal) => error_response("/connexion", app::error::AppError::Internal),
    }
}

/// The form of the space chooser.
#[derive(Deserialize)]
pub struct SpaceForm {
    espace: i32,
}

/// Moves the logged-in person to another of their spaces (`POST /espace`).
pub async fn switch_space(
    State(state): State<AppState>,
    jar: CookieJar,
    user: Option<Extension<app::domain::role::CurrentUser>>,
    Form(form): Form<SpaceForm>,
) -> Response {
    let (Some(Extension(user)), Some(token)) = (user, jar.get(SESSION_COOKIE)) else {
        return error_response("/espace", app::error::AppError::Unauthenticated);
    };
    match auth::switch_space(
        &state,
        (&user, token.value()),
        app::domain::ids::UserId(form.espace),
    )
    .await
    {
        Ok(Some((token, role))) => {
            let secure = state.settings.secure_cookies;
            let mut response = Redirect::to(role.home_path()).into_response();
            set_cookie(&mut response, &cookie(SESSION_COOKIE, token, secure));
            set_cookie(
                &mut response,
                &cookie(CSRF_COOKIE, auth::random_token(), secure),
            );
            response
        }
        Ok(None) => error_response("/espace", app::error::AppError::NotFound),
        Err(err) => error_response("/espace", err),
    }
}

/// Ends the session and returns to the login page.
pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    if let Some(token) = jar.get(SESSION_COOKIE) {
        if let Err(err) = auth::logout(&state, token.value()).await {
            return error_response("/deconnexion", err);
        }
    }
    let mut response = Redirect::to("/connexion").into_response();
    set_cookie(
        &mut response,
        &expired_cookie(SESSION_COOKIE, state.settings.secure_cookies),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(next_page("/certificateur", "/jury"), "/certificateur");
        assert_eq!(next_page("//evil.example/x", "/jury"), "/jury");
        assert_eq!(next_page("https://evil.example", "/jury"), "/jury");
        assert_eq!(next_page("", "/jury"), "/jury");
        assert_eq!(next_page("/\t/evil.example", "/jury"), "/jury");
        assert_eq!(next_page("/\\evil.example", "/jury"), "/jury");
        assert_eq!(next_page("/x\r\nSet-Cookie: a=b", "/jury"), "/jury");
        assert_eq!(next_page("/ /evil.example", "/jury"), "/jury");
        assert_eq!(
            next_page("/jury/sessions/1?onglet=a", "/x"),
            "/jury/sessions/1?onglet=a"
        );
    }
}
