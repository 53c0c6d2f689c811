//! Login, logout, session cookies, anti-forgery tokens and the login rate limit.

use app::domain::role::Role;
use app::ssr::demo::demo_account;
use entities::prelude::{LoginSession, Throttle};
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{Spawn, client, location, set_cookies, spawn_app, spawn_with};

#[tokio::test]
async fn login_opens_a_session_in_an_httponly_lax_cookie() {
    // Arrange
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    // Act
    let response = app.login(account.email, account.password).await;
    // Assert
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/certificateur");
    let cookies = set_cookies(&response);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("jury_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("Secure"), "plain HTTP: no Secure flag");
    assert_eq!(LoginSession::find().count(&app.db).await.expect("count"), 1);
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = spawn_with(Spawn {
        public_url: Some("https://jury.example.fr".to_owned()),
        ..Spawn::default()
    })
    .await;
    let account = demo_account(Role::JuryMember);
    let response = app.login(account.email, account.password).await;
    let cookies = set_cookies(&response);
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
}

#[tokio::test]
async fn login_is_case_insensitive_on_the_email() {
    let app = spawn_app().await;
    let account = demo_account(Role::Candidate);
    let response = app
        .login(&account.email.to_uppercase(), account.password)
        .await;
    assert_eq!(location(&response), "/candidat");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_a_french_message_and_no_session() {
    // Arrange
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    // Act
    let response = app.login(account.email, "mauvais-mot-de-passe").await;
    // Assert
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert!(
        target.starts_with("/connexion?erreur=identifiants"),
        "{target}"
    );
    assert!(
        set_cookies(&response)
            .iter()
            .all(|c| !c.starts_with("jury_session="))
    );
    assert_eq!(LoginSession::find().count(&app.db).await.expect("count"), 0);
    let page = app.get_html(&target).await;
    assert!(page.contains("Adresse électronique ou mot de passe incorrect."));
    assert_eq!(app.get("/certificateur").await.status(), 401);
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let response = app.login("personne@nulle-part.fr", "peu-importe").await;
    assert!(location(&response).starts_with("/connexion?erreur=identifiants"));
}

#[tokio::test]
async fn the_page_asked_for_is_opened_after_login_but_never_another_site() {
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    let response = app
        .post_form(
            "/connexion",
            &[
                ("email", account.email),
                ("password", account.password),
                ("suite", "/certificateur"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/certificateur");
    let other = spawn_app().await;
    let response = other
        .post_form(
            "/connexion",
            &[
                ("email", account.email),
                ("password", account.password),
                ("suite", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/certificateur");
}

#[tokio::test]
async fn logout_ends_the_session_for_good() {
    // Arrange
    let app = spawn_app().await;
    app.login_as(Role::JuryMember).await;
    assert_eq!(app.get("/jury").await.status(), 200);
    // Act
    let response = app.logout().await;
    // Assert
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/connexion");
    assert_eq!(app.get("/jury").await.status(), 401);
    assert_eq!(LoginSession::find().count(&app.db).await.expect("count"), 0);
}

#[tokio::test]
async fn a_state_changing_request_without_the_token_is_refused_and_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    let _ = app.csrf_token().await;
    // Act: a form posted from elsewhere has no token, or a wrong one.
    let without = app
        .client
        .post(app.url("/connexion"))
        .form(&[("email", account.email), ("password", account.password)])
        .send()
        .await
        .expect("POST");
    let forged = app
        .client
        .post(app.url("/connexion"))
        .form(&[
            ("csrf_token", "x".repeat(43).as_str()),
            ("email", account.email),
            ("password", account.password),
        ])
        .send()
        .await
        .expect("POST");
    // Assert
    assert_eq!(location(&without), "/connexion?erreur=jeton");
    assert_eq!(location(&forged), "/connexion?erreur=jeton");
    assert_eq!(LoginSession::find().count(&app.db).await.expect("count"), 0);
}

#[tokio::test]
async fn logout_without_the_token_is_refused() {
    let app = spawn_app().await;
    app.login_as(Role::Candidate).await;
    let response = app
        .client
        .post(app.url("/deconnexion"))
        .form(&[("a", "b")])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("jeton anti-falsification")
    );
    assert_eq!(app.get("/candidat").await.status(), 200, "still logged in");
}

#[tokio::test]
async fn the_token_of_another_browser_does_not_work() {
    let app = spawn_app().await;
    let stolen = app.csrf_token().await;
    let attacker = client();
    let _ = attacker
        .get(app.url("/connexion"))
        .send()
        .await
        .expect("GET");
    let account = demo_account(Role::CertifierAdmin);
    let response = attacker
        .post(app.url("/connexion"))
        .form(&[
            ("csrf_token", stolen.as_str()),
            ("email", account.email),
            ("password", account.password),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(location(&response), "/connexion?erreur=jeton");
}

#[tokio::test]
async fn repeated_failures_slow_the_account_down_from_that_address_without_locking_it() {
    // Arrange
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    for _ in 0..app::domain::throttle::LOGIN_ACCOUNT_ADDRESS.free {
        let response = app.login(account.email, "essai-au-hasard").await;
        assert!(location(&response).contains("erreur=identifiants"));
    }
    // Act: the next attempt from this address must wait, even with the right password.
    let slowed = app.login(account.email, account.password).await;
    // Assert
    assert!(
        location(&slowed).contains("erreur=tentatives&attente=2"),
        "{}",
        location(&slowed)
    );
    let page = app.get_html(&location(&slowed)).await;
    assert!(page.contains("Trop de tentatives de connexion échouées. Réessayez dans 2 secondes."));
    // Another account is not affected.
    let other = demo_account(Role::Candidate);
    let response = app.login(other.email, other.password).await;
    assert_eq!(location(&response), "/candidat");
    // Once the delay has passed, the right password works and this address's failures
    // are forgotten; the account-wide count keeps them (a success no longer wipes what
    // a guesser elsewhere did).
    app.clock.advance(chrono::Duration::seconds(3));
    let response = app.login(account.email, account.password).await;
    assert_eq!(location(&response), "/certificateur");
    let remaining = Throttle::find().all(&app.db).await.expect("throttles");
    let failures = |key: String| {
        remaining
            .iter()
            .find(|t| t.key == key)
            .map_or(0, |t| t.failures)
    };
    assert!(
        remaining
            .iter()
            .filter(|t| t.key.starts_with(&format!("connexion:{}@", account.email)))
            .all(|t| t.failures == 0),
        "{remaining:?}"
    );
    assert_eq!(
        failures(format!("connexion:{}", account.email)),
        app::domain::throttle::LOGIN_ACCOUNT_ADDRESS.free,
        "{remaining:?}"
    );
}

#[tokio::test]
async fn an_expired_session_no_longer_opens_pages() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    app.clock.advance(chrono::Duration::hours(13));
    let response = app.get("/certificateur").await;
    assert_eq!(response.status(), 401);
    assert!(
        set_cookies(&response)
            .iter()
            .any(|c| c.starts_with("jury_session=;") || c.contains("Max-Age=0"))
    );
}

#[tokio::test]
async fn a_request_labelled_cross_site_needs_the_token_and_a_same_origin_one_does_not() {
    let app = spawn_app().await;
    let account = demo_account(Role::CertifierAdmin);
    let _ = app.csrf_token().await;
    let post = |site: &'static str| {
        app.client
            .post(app.url("/connexion"))
            .header("sec-fetch-site", site)
            .form(&[("email", account.email), ("password", account.password)])
            .send()
    };
    let cross = post("cross-site").await.expect("POST");
    assert_eq!(location(&cross), "/connexion?erreur=jeton");
    let same = post("same-origin").await.expect("POST");
    assert_eq!(location(&same), "/certificateur");
}
