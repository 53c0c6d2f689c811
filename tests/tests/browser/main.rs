//! Browser tests: headless Chromium (Debian's `chromium`) driven over WebDriver by
//! `chromedriver`. They need the browser bundle in `target/site` (`scripts/test` builds
//! it). Where Chromium is absent they are skipped with a message, unless
//! `JURY_REQUIRE_BROWSER=1` (set by CI), which turns its absence into a failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::domain::role::Role;
use app::ssr::demo::demo_account;
use fantoccini::{Client, ClientBuilder, Locator};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{TestApp, site_root, spawn_app};

/// A running chromedriver, stopped on drop.
struct Driver {
    child: Child,
    url: String,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var(var).map_or_else(|_| PathBuf::from(default), PathBuf::from);
    path.exists().then_some(path)
}

impl Driver {
    /// Starts chromedriver on a free port, or says why it cannot.
    async fn start() -> Result<Driver, String> {
        let driver =
            find("CHROMEDRIVER", "/usr/bin/chromedriver").ok_or("chromedriver introuvable")?;
        find("CHROMIUM", "/usr/bin/chromium").ok_or("chromium introuvable")?;
        if !site_root().join("pkg/jury_bg.wasm").exists() {
            return Err("le paquet navigateur target/site/pkg n'est pas construit (scripts/test le construit)".into());
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if reqwest::get(format!("{url}/status")).await.is_ok() {
                let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
                return Ok(Driver {
                    child,
                    url,
                    profile,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("chromedriver ne répond pas".into())
    }

    /// A new headless browser window.
    async fn browser(&self) -> Client {
        let chromium = find("CHROMIUM", "/usr/bin/chromium").expect("chromium");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", unique_dir(self.profile.path()).display()),
                ]
            }),
        );
        caps.insert(
            "goog:loggingPrefs".to_owned(),
            serde_json::json!({ "browser": "ALL" }),
        );
        // Several TLS back-ends are linked in; pick one for the WebDriver client.
        let _ = rustls::crypto::ring::default_provider().install_default();
        ClientBuilder::rustls()
            .expect("TLS")
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("WebDriver session")
    }
}

fn unique_dir(base: &Path) -> PathBuf {
    base.join(uuid::Uuid::new_v4().simple().to_string())
}

/// Starts the driver, or skips (returns `None`) when the browser is absent and not required.
async fn driver_or_skip() -> Option<Driver> {
    match Driver::start().await {
        Ok(driver) => Some(driver),
        Err(why) if std::env::var("JURY_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("browser test required but impossible: {why}")
        }
        Err(why) => {
            eprintln!("browser test skipped: {why}");
            None
        }
    }
}

fn url(app: &TestApp, path: &str) -> url::Url {
    url::Url::parse(&app.url(path)).expect("url")
}

async fn log_in(browser: &Client, app: &TestApp, role: Role) {
    let account = demo_account(role);
    browser.goto(&app.url("/connexion")).await.expect("goto");
    browser
        .find(Locator::Id("email"))
        .await
        .expect("email")
        .send_keys(account.email)
        .await
        .expect("type");
    browser
        .find(Locator::Id("password"))
        .await
        .expect("password")
        .send_keys(account.password)
        .await
        .expect("type");
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(url(app, role.home_path()))
        .await
        .expect("lands on the role's home page");
}

#[tokio::test]
async fn each_role_logs_in_sees_its_home_page_hydrated_and_logs_out() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    let expected = [
        (Role::CertifierAdmin, "Tableau de bord", "RNCP36390"),
        (Role::JuryMember, "Mes jurys", "Président(e) du jury"),
        (Role::Candidate, "Mon espace candidat", "E27-001"),
    ];
    for (role, title, content) in expected {
        // Arrange
        let browser = driver.browser().await;
        // Act
        log_in(&browser, &app, role).await;
        // Assert
        let heading = browser
            .find(Locator::Css("main h1"))
            .await
            .expect("h1")
            .text()
            .await
            .expect("text");
        assert_eq!(heading, title, "{role:?}");
        let main = browser
            .find(Locator::Css("main"))
            .await
            .expect("main")
            .text()
            .await
            .expect("text");
        assert!(main.contains(content), "{role:?}: {main}");
        browser
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("html[data-hydrated='true']"))
            .await
            .expect("the page hydrates");
        browser
            .find(Locator::Css("form.inline-form button"))
            .await
            .expect("logout")
            .click()
            .await
            .expect("click");
        browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_url(url(&app, "/connexion"))
            .await
            .expect("logged out");
        browser.close().await.expect("close");
    }
}

#[tokio::test]
async fn a_wrong_password_shows_the_french_error_in_the_browser() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = driver.browser().await;
    browser.goto(&app.url("/connexion")).await.expect("goto");
    browser
        .find(Locator::Id("email"))
        .await
        .expect("email")
        .send_keys("jury@demo.jury.fr")
        .await
        .expect("type");
    browser
        .find(Locator::Id("password"))
        .await
        .expect("password")
        .send_keys("faux")
        .await
        .expect("type");
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    let alert = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[role=alert]"))
        .await
        .expect("error shown")
        .text()
        .await
        .expect("text");
    assert_eq!(alert, "Adresse électronique ou mot de passe incorrect.");
    browser.close().await.expect("close");
}

#[tokio::test]
async fn the_certifier_creates_a_session_in_the_hydrated_form() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = driver.browser().await;
    log_in(&browser, &app, Role::CertifierAdmin).await;
    browser
        .goto(&app.url("/certificateur/sessions/nouvelle"))
        .await
        .expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the page hydrates");
    // A first try with the end before the start: the error shows, nothing is created.
    for (field, value) in [
        ("label", "Session d'automne"),
        ("place", "Lyon"),
        ("starts_on", "10/10/2027"),
        ("ends_on", "09/10/2027"),
    ] {
        let input = browser.find(Locator::Id(field)).await.expect("field");
        if field.ends_with("_on") {
            // Date inputs take the ISO value through script, as a date picker would.
            let iso = value.split('/').rev().collect::<Vec<_>>().join("-");
            browser
                .execute(
                    "arguments[0].value = arguments[1];",
                    vec![
                        serde_json::to_value(&input).expect("element"),
                        serde_json::json!(iso),
                    ],
                )
                .await
                .expect("set date");
        } else {
            input.send_keys(value).await.expect("type");
        }
    }
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    let alert = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#erreurs-formulaire"))
        .await
        .expect("errors shown")
        .text()
        .await
        .expect("text");
    assert!(
        alert.contains("La date de fin précède la date de début."),
        "{alert}"
    );
    // Corrected: the new session's page opens.
    let end = browser.find(Locator::Id("ends_on")).await.expect("field");
    browser
        .execute(
            "arguments[0].value = '2027-10-12';",
            vec![serde_json::to_value(&end).expect("element")],
        )
        .await
        .expect("set date");
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        // Sessions 1 to 3 are the demo's (March, November graded, May published).
        .for_url(url(&app, "/certificateur/sessions/4"))
        .await
        .expect("the session page opens");
    let heading = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("main h1"))
        .await
        .expect("h1")
        .text()
        .await
        .expect("text");
    assert_eq!(heading, "Session d'automne");
    browser.close().await.expect("close");
}

#[tokio::test]
async fn a_jury_member_grades_and_sees_the_bloc_preview_update() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    // Arrange: the certifier composes the jury and allocates; Claire has a case study.
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (_, _, path) = app.demo_grading_of_the_president().await;
    let browser = driver.browser().await;
    log_in(&browser, &app, Role::JuryMember).await;
    browser.goto(&app.url(&path)).await.expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the page hydrates");
    // Act: a mark typed the French way, not saved yet.
    browser
        .find(Locator::Id("note-0"))
        .await
        .expect("points field")
        .send_keys("60,5")
        .await
        .expect("type");
    // Assert: the engine recomputed the bloc in the browser.
    let mut preview = String::new();
    for _ in 0..50 {
        preview = browser
            .find(Locator::Id("apercu"))
            .await
            .expect("preview")
            .text()
            .await
            .expect("text");
        if preview.contains("60,5 / 175") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(preview.contains("60,5 / 175"), "{preview}");
    assert!(preview.contains("Résultat provisoire"), "{preview}");
    // The draft saves itself a moment after typing stops.
    let mut autosaved = None;
    for _ in 0..80 {
        autosaved = entities::prelude::Mark::find()
            // Claire's own sheet (the demo's November session has final marks).
            .filter(entities::mark::Column::JuryMemberId.eq(1))
            .one(&app.db)
            .await
            .expect("query")
            .map(|m| (m.points_hundredths, m.version));
        if autosaved.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(autosaved, Some((Some(6050), 1)), "autosaved draft");
    // Saving by the button afterwards is accepted: the page follows the new version.
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    let mut stored = None;
    for _ in 0..50 {
        stored = entities::prelude::Mark::find()
            // Claire's own sheet (the demo's November session has final marks).
            .filter(entities::mark::Column::JuryMemberId.eq(1))
            .one(&app.db)
            .await
            .expect("query")
            .map(|m| (m.points_hundredths, m.version));
        if stored.is_some_and(|(_, version)| version == 2) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        stored,
        Some((Some(6050), 2)),
        "saved by the button after the autosave"
    );
}

#[tokio::test]
async fn the_president_records_a_jury_decision_on_the_hydrated_deliberation_page() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = driver.browser().await;
    log_in(&browser, &app, Role::JuryMember).await;
    browser
        .goto(&app.url("/jury/sessions/2/deliberation"))
        .await
        .expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the page hydrates");
    // The filters work in the page: only the fraud.
    browser
        .find(Locator::LinkText("Fraude (1)"))
        .await
        .expect("filter")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(url(&app, "/jury/sessions/2/deliberation?filtre=fraude"))
        .await
        .expect("filtered");
    // The filtered page comes from the server: wait for it.
    let mut shown = 0;
    for _ in 0..100 {
        shown = browser
            .find_all(Locator::Css("article.card h3"))
            .await
            .expect("cards")
            .len();
        if shown == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(shown, 1, "one candidate under « Fraude »");
    browser
        .find(Locator::LinkText("Tous (6)"))
        .await
        .expect("filter")
        .click()
        .await
        .expect("click");
    // Sarah Blanc (E26-006, 495/1000): the jury certifies her, with a reason.
    let sarah = entities::prelude::Enrolment::find()
        .all(&app.db)
        .await
        .expect("enrolments")
        .into_iter()
        .find(|e| e.candidate_number == "E26-006")
        .expect("Sarah")
        .id;
    let card = format!("#candidat-{sarah}");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("{card} details.override summary")))
        .await
        .expect("the override form")
        .click()
        .await
        .expect("open");
    browser
        .find(Locator::Css(&format!("{card} textarea[name=reason]")))
        .await
        .expect("reason")
        .send_keys("Le jury tient compte du dossier professionnel remarquable.")
        .await
        .expect("type");
    browser
        .find(Locator::Css(&format!(
            "{card} details.override button[type=submit]"
        )))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    let shown = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//p[contains(., 'Décision du jury, motif')]",
        ))
        .await
        .expect("the jury's decision is shown")
        .text()
        .await
        .expect("text");
    assert!(
        shown.contains("dossier professionnel remarquable"),
        "{shown}"
    );
    // (The demo's May session has its own decisions.)
    let stored = entities::prelude::Decision::find()
        .filter(entities::decision::Column::EnrolmentId.eq(sarah))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the decision is stored");
    assert_eq!(stored.enrolment_id, sarah);
    assert_eq!(
        stored.jury_outcome,
        Some(entities::enums::Outcome::FullCertification)
    );
    browser.close().await.expect("close");
}

#[tokio::test]
async fn a_juror_sets_their_password_from_the_email_link_logs_in_and_grades() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    // Arrange: Claire's case study allocated; she asks for a link (forgotten password).
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (_, _, sheet) = app.demo_grading_of_the_president().await;
    let claire = demo_account(Role::JuryMember);
    app.another_browser()
        .submit_form(
            "/mot-de-passe-oublie",
            "/api/compte/oubli",
            &[("email", claire.email)],
        )
        .await;
    let email = app
        .mailer
        .sent()
        .into_iter()
        .rev()
        .find(|e| e.to == claire.email)
        .expect("the email with the link");
    let start = email.text.find("/mot-de-passe/").expect("link");
    let end = email.text[start..]
        .find(char::is_whitespace)
        .map_or(email.text.len(), |e| start + e);
    let link = &email.text[start..end];
    // Act: in the browser, the link, the new password twice, then the login form.
    let browser = driver.browser().await;
    browser.goto(&app.url(link)).await.expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the page hydrates");
    for field in ["mot-de-passe", "confirmation"] {
        browser
            .find(Locator::Id(field))
            .await
            .expect("password field")
            .send_keys("une nouvelle phrase de passe")
            .await
            .expect("type");
    }
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#password"))
        .await
        .expect("back to the login page");
    let notice = browser
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text");
    assert!(
        notice.contains("Votre mot de passe est enregistré"),
        "{notice}"
    );
    browser
        .find(Locator::Id("password"))
        .await
        .expect("password")
        .send_keys("une nouvelle phrase de passe")
        .await
        .expect("type");
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_url(url(&app, "/jury"))
        .await
        .expect("logged in, on the jury home page");
    // She grades with her new password.
    browser.goto(&app.url(&sheet)).await.expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the sheet hydrates");
    browser
        .find(Locator::Id("note-0"))
        .await
        .expect("points field")
        .send_keys("42")
        .await
        .expect("type");
    let mut preview = String::new();
    for _ in 0..50 {
        preview = browser
            .find(Locator::Id("apercu"))
            .await
            .expect("preview")
            .text()
            .await
            .expect("text");
        if preview.contains("42 / 175") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !preview.contains("42 / 175") {
        let id = browser.session_id().await.expect("id").expect("session");
        let logs = reqwest::Client::new()
            .post(format!("{}/session/{id}/se/log", driver.url))
            .json(&serde_json::json!({ "type": "browser" }))
            .send()
            .await
            .expect("logs")
            .text()
            .await
            .expect("text");
        panic!("{preview}\nLOGS {logs}");
    }
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    let mut stored = None;
    for _ in 0..80 {
        stored = entities::prelude::Mark::find()
            .filter(entities::mark::Column::JuryMemberId.eq(1))
            .one(&app.db)
            .await
            .expect("query")
            .and_then(|m| m.points_hundredths);
        if stored == Some(4200) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = browser
        .find(Locator::Css("main"))
        .await
        .expect("main")
        .text()
        .await
        .expect("text");
    assert_eq!(stored, Some(4200), "graded with her own account: {shown}");
    browser.close().await.expect("close");
}

/// The browser console of a session (ChromeDriver's log), as text.
async fn console(driver: &Driver, browser: &Client) -> String {
    let id = browser.session_id().await.expect("id").expect("session");
    reqwest::Client::new()
        .post(format!("{}/session/{id}/se/log", driver.url))
        .json(&serde_json::json!({ "type": "browser" }))
        .send()
        .await
        .expect("logs")
        .text()
        .await
        .expect("text")
}

#[tokio::test]
async fn pages_shown_after_an_error_hydrate_without_a_panic() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    let browser = driver.browser().await;
    for path in [
        "/connexion",
        "/verification",
        "/verification/ABCD-EFGH-JKMN",
    ] {
        browser.goto(&app.url(path)).await.expect("goto");
        browser
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("html[data-hydrated='true']"))
            .await
            .expect("the page hydrates");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let logs = console(&driver, &browser).await;
        if logs.contains("panicked") {
            let html = app.get_html(path).await;
            let main = html.find("<main").map_or(html.as_str(), |i| &html[i..]);
            panic!("{path}: {}\n{logs}", &main[..main.len().min(3000)]);
        }
    }
    browser.close().await.expect("close");
}

#[tokio::test]
async fn a_refused_mark_shows_its_french_error_and_the_page_hydrates_without_a_panic() {
    let Some(driver) = driver_or_skip().await else {
        return;
    };
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    let (_, _, sheet) = app.demo_grading_of_the_president().await;
    let browser = driver.browser().await;
    log_in(&browser, &app, Role::JuryMember).await;
    browser.goto(&app.url(&sheet)).await.expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the sheet hydrates");
    // A mark above the maximum, submitted with the button.
    browser
        .find(Locator::Id("note-0"))
        .await
        .expect("points field")
        .send_keys("999")
        .await
        .expect("type");
    browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    let mut shown = String::new();
    for _ in 0..80 {
        // The page may be re-rendering its answer while it is read: an element gone
        // stale between finding and reading is read again on the next turn.
        if let Ok(main) = browser.find(Locator::Css("main")).await
            && let Ok(text) = main.text().await
        {
            shown = text;
        }
        if shown.contains("dépasse le maximum de 105 points") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        shown.contains("dépasse le maximum de 105 points"),
        "{shown}"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let stored = entities::prelude::Mark::find()
        .filter(entities::mark::Column::JuryMemberId.eq(1))
        .filter(entities::mark::Column::PointsHundredths.eq(99_900))
        .one(&app.db)
        .await
        .expect("query");
    assert!(stored.is_none(), "nothing saved");
    // The page shown after the refusal, and the same page loaded again, hydrate cleanly.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let logs = console(&driver, &browser).await;
    assert!(!logs.contains("panicked"), "{shown}\n{logs}");
    browser.goto(&app.url(&sheet)).await.expect("goto");
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[data-hydrated='true']"))
        .await
        .expect("the sheet hydrates again");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let logs = console(&driver, &browser).await;
    assert!(!logs.contains("panicked"), "{logs}");
    browser.close().await.expect("close");
}
