//! Test harness: `spawn_app()` starts the real application on a free port with a fresh
//! database (a SQLite file in a temporary folder, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` points to a server), a fixed clock and an in-memory mailer, and
//! returns a `TestApp` with a cookie-keeping HTTP client and typed helpers.

pub mod load;
pub mod scale;

use std::path::PathBuf;
use std::sync::Arc;

use app::domain::role::Role;
use app::ssr::demo::demo_account;
use app::ssr::ports::FixedClock;
use chrono::{TimeZone, Utc};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::{Config, MailConfig};
use server::services::email::MemoryMailer;
use server::startup::{Application, Overrides};

/// The key sealing the audit chain in tests.
pub const TEST_AUDIT_KEY: &str = "cle-d-audit-des-tests-0123456789abcdef";
/// The key sealing the organisations' signing keys in tests.
pub const TEST_SECRET_KEY: &str = "cle-secrete-des-tests-0123456789abcdef";

/// The moment every test starts at: 22/11/2026 09:00 UTC.
pub fn test_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// A fresh, empty database for one test; the folder or database lives as long as this.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Databases already migrated — and seeded with the demo for `true` — once per test
/// process, which each test's database is copied from: a copy takes milliseconds where
/// migrating and seeding took a second or more (PostgreSQL: `CREATE DATABASE … TEMPLATE`;
/// SQLite: a file copy).
static TEMPLATES: std::sync::OnceLock<tokio::sync::Mutex<std::collections::HashMap<bool, String>>> =
    std::sync::OnceLock::new();

/// The template of `demo` (its database name, or its SQLite file), made on first use.
async fn template(server_url: Option<&str>, demo: bool) -> String {
    let mut templates = TEMPLATES
        .get_or_init(|| tokio::sync::Mutex::new(std::collections::HashMap::new()))
        .lock()
        .await;
    if let Some(made) = templates.get(&demo) {
        return made.clone();
    }
    let (url, made) = match server_url {
        Some(server_url) => {
            let name = format!("jury_test_tpl_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(server_url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create the template database");
            admin.close().await.ok();
            (format!("{}/{name}", base_of(server_url)), name)
        }
        None => {
            // Kept for the whole process: every test copies it.
            let dir = tempfile::tempdir().expect("temporary folder").keep();
            let file = dir.join(if demo { "demo.db" } else { "empty.db" });
            (
                format!("sqlite://{}?mode=rwc", dir.join("work.db").display()),
                file.display().to_string(),
            )
        }
    };
    let config = test_config(
        &url,
        &Spawn {
            demo_data: demo,
            ..Spawn::default()
        },
    );
    config.install_keys();
    let db = server::startup::connect_and_migrate(&url)
        .await
        .expect("migrate the template");
    if demo {
        app::ssr::demo::seed(
            &db,
            test_now(),
            &server::services::pdf::PrintPdf::new().expect("fonts"),
        )
        .await
        .expect("seed the template");
    }
    if server_url.is_none() {
        // One self-contained file, without its write-ahead log.
        db.execute_unprepared(&format!("VACUUM INTO '{made}'"))
            .await
            .expect("write the template file");
    }
    db.close().await.ok();
    templates.insert(demo, made.clone());
    made
}

/// `postgres://…/db` without its database.
fn base_of(server_url: &str) -> &str {
    server_url
        .rsplit_once('/')
        .map_or(server_url, |(base, _)| base)
}

impl TestDatabase {
    /// A database for one test, copied from the template migrated (and, with `demo`,
    /// seeded with the demo data) once per process.
    pub async fn create_from_template(demo: bool) -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(server_url) => {
                let source = template(Some(&server_url), demo).await;
                let name = format!("jury_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&server_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!(
                        "CREATE DATABASE \"{name}\" TEMPLATE \"{source}\""
                    ))
                    .await
                    .expect("copy the template database");
                admin.close().await.ok();
                TestDatabase {
                    url: format!("{}/{name}", base_of(&server_url)),
                    _dir: None,
                }
            }
            None => {
                let source = template(None, demo).await;
                let dir = tempfile::tempdir().expect("temporary folder");
                let file = dir.path().join("jury.db");
                std::fs::copy(&source, &file).expect("copy the template file");
                TestDatabase {
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    _dir: Some(dir),
                }
            }
        }
    }

    /// SQLite in a temporary folder, or a new PostgreSQL database named by UUID.
    pub async fn create() -> TestDatabase {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(server_url) => {
                let name = format!("jury_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&server_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                let base = server_url
                    .rsplit_once('/')
                    .map_or(server_url.as_str(), |(base, _)| base);
                TestDatabase {
                    url: format!("{base}/{name}"),
                    _dir: None,
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("jury.db").display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                }
            }
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }
}

/// Where `scripts/test` put the browser bundle.
pub fn site_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site")
}

/// Options of a test application.
pub struct Spawn {
    pub demo_data: bool,
    pub public_url: Option<String>,
    pub limits: server::serve::Limits,
    /// Header carrying the client address (as behind one reverse proxy).
    pub client_ip_header: Option<String>,
}

impl Default for Spawn {
    fn default() -> Self {
        Spawn {
            demo_data: true,
            public_url: None,
            limits: server::serve::Limits::default(),
            client_ip_header: None,
        }
    }
}

/// A running application and a client for it.
#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub database: Arc<TestDatabase>,
    pub mailer: MemoryMailer,
    pub clock: Arc<FixedClock>,
    pub config: Config,
}

/// Spawns the application with the demo data.
pub async fn spawn_app() -> TestApp {
    spawn_with(Spawn::default()).await
}

/// A configuration for tests on a given database.
pub fn test_config(database_url: &str, options: &Spawn) -> Config {
    Config {
        database_url: database_url.to_owned(),
        site_addr: "127.0.0.1:0".parse().expect("address"),
        site_root: site_root(),
        public_url: options.public_url.clone(),
        mail: MailConfig::Folder {
            dir: std::env::temp_dir().join("jury-test-outbox"),
            from: "Jury <test@jury.localhost>".to_owned(),
        },
        demo_data: options.demo_data,
        client_ip_header: options.client_ip_header.clone(),
        trusted_proxies: 1,
        limits: options.limits,
        request_timeout: std::time::Duration::from_secs(120),
        audit_key: TEST_AUDIT_KEY.to_owned().into(),
        secret_key: TEST_SECRET_KEY.to_owned().into(),
        // Tests run the job themselves, at the instant they choose.
        retention_job: false,
    }
}

/// Spawns the application on a new database.
pub async fn spawn_with(options: Spawn) -> TestApp {
    let database = Arc::new(TestDatabase::create_from_template(options.demo_data).await);
    spawn_on(database, options).await
}

/// Spawns the application on an existing test database (a "restart").
pub async fn spawn_on(database: Arc<TestDatabase>, options: Spawn) -> TestApp {
    // Logs only when asked for (RUST_LOG=…), to keep test output readable.
    if std::env::var_os("RUST_LOG").is_some() {
        server::telemetry::init();
    }
    let config = test_config(&database.url, &options);
    let clock = Arc::new(FixedClock::new(test_now()));
    let mailer = MemoryMailer::default();
    let application = Application::build(
        &config,
        Overrides {
            clock: Some(clock.clone()),
            mailer: Some(Arc::new(mailer.clone())),
        },
    )
    .await
    .expect("application starts");
    let address = format!("http://{}", application.address);
    let db = application.state.db.clone();
    tokio::spawn(application.run());
    TestApp {
        address,
        client: client(),
        db,
        database,
        mailer,
        clock,
        config,
    }
}

/// A client that keeps cookies and does not follow redirects (tests look at them).
/// A request that hangs fails the test after 30 s instead of stalling the suite.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// The value of `<meta name="csrf-token" content="…">` in a page.
pub fn csrf_from_page(html: &str) -> Option<String> {
    let marker = r#"<meta name="csrf-token" content=""#;
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

impl TestApp {
    /// The same application seen from another browser (its own cookies).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            client: client(),
            ..self.clone()
        }
    }

    /// A new account of the demo organisation (with a password; a candidate's when
    /// `candidate` is given), logged in from another browser; with its id.
    pub async fn new_account_browser(
        &self,
        role: entities::enums::UserRole,
        email: &str,
        candidate: Option<i32>,
    ) -> (TestApp, i32) {
        use sea_orm::{ActiveModelTrait, Set};
        const PASSWORD: &str = "un-mot-de-passe-solide";
        let id = entities::user::ActiveModel {
            organisation_id: Set(Some(1)),
            email: Set(email.to_owned()),
            display_name: Set(email.split('@').next().unwrap_or(email).to_owned()),
            password_hash: Set(app::ssr::auth::hash_password(PASSWORD).expect("hash")),
            role: Set(role),
            candidate_id: Set(candidate),
            active: Set(true),
            created_at: Set(test_now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("account")
        .id;
        let browser = self.another_browser();
        browser.login(email, PASSWORD).await;
        (browser, id)
    }

    /// A new browser holding a login session's token (the generated graders have no
    /// password); for reading pages.
    pub fn browser_with_session(&self, token: &str) -> TestApp {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("{}={token}", app::ssr::auth::SESSION_COOKIE)
                .parse()
                .expect("cookie"),
        );
        TestApp {
            client: reqwest::Client::builder()
                .default_headers(headers)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            ..self.clone()
        }
    }

    /// The same application from a new browser that waits up to five minutes for an
    /// answer (pages of a 50 000-candidate session in a debug build, on a busy machine).
    pub fn patient_browser(&self) -> TestApp {
        TestApp {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .timeout(std::time::Duration::from_secs(300))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            ..self.clone()
        }
    }

    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET a page and return its HTML.
    pub async fn get_html(&self, path: &str) -> String {
        self.get(path).await.text().await.expect("body")
    }

    /// The JSON a server function answers to a GET (panics with the body otherwise).
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let body = self.get_html(path).await;
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    /// Sends a CSV file through the upload form of `page` (candidates, jury pool), with
    /// the page's anti-forgery token, as the browser does.
    pub async fn upload_csv(&self, page: &str, csv: &str) -> reqwest::Response {
        let token = csrf_from_page(&self.get_html(page).await).expect("token");
        let file = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
            .file_name("fichier.csv")
            .mime_str("text/csv")
            .expect("mime");
        self.client
            .post(self.url(&format!("{page}?csrf_token={token}")))
            .multipart(reqwest::multipart::Form::new().part("fichier", file))
            .send()
            .await
            .expect("POST")
    }

    /// The anti-forgery token of this client, read from a page as a browser would
    /// (the login page, or the home page it redirects a logged-in user to).
    pub async fn csrf_token(&self) -> String {
        let response = self.get("/connexion").await;
        let html = if response.status() == 303 {
            self.get_html(&location(&response)).await
        } else {
            response.text().await.expect("body")
        };
        csrf_from_page(&html).expect("csrf token in the page")
    }

    /// POST a form, with the anti-forgery token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("POST")
    }

    /// Submits a form of `page` to a server function as a browser without JavaScript
    /// does: the page's anti-forgery token, `Accept: text/html`, the page as referer.
    /// Leptos answers with a redirect back to the page (with `__err` on failure).
    pub async fn submit_form(
        &self,
        page: &str,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.get_html(page).await;
        let token = csrf_from_page(&html).expect("csrf token in the page");
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(self.url(endpoint))
            .header("accept", "text/html")
            .header("referer", self.url(page))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    /// The page a form post was sent back to (with its errors, if any).
    pub async fn follow(&self, response: &reqwest::Response) -> String {
        self.get_html(&location(response).replacen(&self.address, "", 1))
            .await
    }

    /// Logs in with the given credentials through the login form.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/connexion",
            &[("email", email), ("password", password), ("suite", "")],
        )
        .await
    }

    /// Logs in with the demo account of a role, checking it worked.
    pub async fn login_as(&self, role: Role) {
        let account = demo_account(role);
        let response = self.login(account.email, account.password).await;
        assert_eq!(response.status(), 303, "login as {role:?}");
        assert_eq!(location(&response), role.home_path(), "login as {role:?}");
    }

    /// As the demo certifier: seats the demo pool in the demo session's jury
    /// (template E: president already seated, 3 members, 1 observer) and validates it.
    pub async fn compose_demo_jury(&self) {
        let page = "/certificateur/sessions/1/jury";
        for (member, role) in [
            ("2", "member"),
            ("3", "member"),
            ("4", "member"),
            ("5", "observer"),
        ] {
            let seated = self
                .submit_form(
                    page,
                    "/api/certificateur/jury_ajouter",
                    &[("session_id", "1"), ("member_id", member), ("role", role)],
                )
                .await;
            assert_eq!(location(&seated), page, "seat {member}");
        }
        let validated = self
            .submit_form(
                page,
                "/api/certificateur/jury_valider",
                &[("session_id", "1")],
            )
            .await;
        assert_eq!(location(&validated), page, "validation");
        self.accept_invitations(1).await;
    }

    /// Every member invited to the session's jury accepts, through the link of their
    /// invitation email (a member grades only once they have accepted).
    pub async fn accept_invitations(&self, session: i32) {
        use entities::{jury, jury_seat};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let juries: Vec<i32> = jury::Entity::find()
            .filter(jury::Column::SessionId.eq(session))
            .all(&self.db)
            .await
            .expect("juries")
            .into_iter()
            .map(|j| j.id)
            .collect();
        let seats = jury_seat::Entity::find()
            .filter(jury_seat::Column::JuryId.is_in(juries))
            .filter(jury_seat::Column::Invitation.eq(entities::enums::InvitationStatus::Pending))
            .all(&self.db)
            .await
            .expect("seats");
        for seat in seats {
            let Some(token) = seat.invitation_token else {
                continue;
            };
            let page = format!("/invitation/{token}");
            let answered = self
                .patient_browser()
                .submit_form(
                    &page,
                    "/api/invitation/repondre",
                    &[("token", token.as_str()), ("reponse", "accepter")],
                )
                .await;
            assert_eq!(location(&answered), page, "invitation accepted");
        }
    }

    /// As the demo certifier: composes the demo jury, allocates grading, and makes sure
    /// the demo jury member (Claire Martin, member 1) grades the case study B3.E1 of one
    /// candidate. Returns (enrolment, épreuve) and the path of her grading page.
    pub async fn demo_grading_of_the_president(&self) -> (i32, i32, String) {
        use entities::{epreuve, grading_allocation};
        use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
        self.compose_demo_jury().await;
        let page = "/certificateur/sessions/1/jury";
        let allocated = self
            .submit_form(
                page,
                "/api/certificateur/jury_repartir",
                &[("session_id", "1")],
            )
            .await;
        assert_eq!(location(&allocated), page, "allocation");
        let session = entities::prelude::ExamSession::find_by_id(1)
            .one(&self.db)
            .await
            .expect("query")
            .expect("demo session");
        let case_study = entities::prelude::Epreuve::find()
            .filter(epreuve::Column::Code.eq("B3.E1"))
            .filter(epreuve::Column::VersionId.eq(session.version_id))
            .one(&self.db)
            .await
            .expect("query")
            .expect("B3.E1");
        let row = entities::prelude::GradingAllocation::find()
            .filter(grading_allocation::Column::EpreuveId.eq(case_study.id))
            .all(&self.db)
            .await
            .expect("query");
        let row = row
            .iter()
            .find(|r| r.jury_member_id == 1)
            .or(row.first())
            .cloned()
            .expect("a case study allocation");
        if row.jury_member_id != 1 {
            let mut model: grading_allocation::ActiveModel = row.clone().into();
            model.jury_member_id = Set(1);
            model.update(&self.db).await.expect("update");
        }
        let path = format!(
            "/jury/sessions/1/candidats/{}/epreuves/{}",
            row.enrolment_id, row.epreuve_id
        );
        (row.enrolment_id, row.epreuve_id, path)
    }

    /// The path of the single-use password link (`/mot-de-passe/…`) in the last email
    /// sent to `to` that carries one.
    pub fn password_link_sent_to(&self, to: &str) -> String {
        let email = self
            .mailer
            .sent()
            .into_iter()
            .rev()
            .find(|e| e.to == to && e.text.contains("/mot-de-passe/"))
            .unwrap_or_else(|| panic!("an email with a password link to {to}"));
        let start = email.text.find("/mot-de-passe/").expect("link");
        let end = email.text[start..]
            .find(char::is_whitespace)
            .map_or(email.text.len(), |e| start + e);
        email.text[start..end].to_owned()
    }

    /// Posts a login from a new browser behind the proxy (`Spawn::client_ip_header` set
    /// to `x-forwarded-for`), which saw `forwarded`; the answer's location.
    pub async fn login_from(&self, email: &str, password: &str, forwarded: &str) -> String {
        let browser = self.another_browser();
        let token = browser.csrf_token().await;
        let response = browser
            .client
            .post(self.url("/connexion"))
            .header("x-forwarded-for", forwarded)
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", password),
                ("suite", ""),
            ])
            .send()
            .await
            .expect("POST");
        location(&response)
    }

    /// Logs out through the logout form.
    pub async fn logout(&self) -> reqwest::Response {
        self.post_form("/deconnexion", &[]).await
    }
}

/// The `Location` header of a redirect.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Whether a form post was refused: the server brings the error back to the form's page
/// in its flash cookie.
pub fn refused(response: &reqwest::Response) -> bool {
    set_cookies(response)
        .iter()
        .any(|c| c.starts_with("jury_flash=") && !c.starts_with("jury_flash=;"))
}

/// Every `Set-Cookie` header of a response.
pub fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

/// The text of a PDF, through poppler's `pdftotext` (Debian's poppler-utils), with
/// whitespace collapsed.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).expect("write");
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks an accrochage flux against the Caisse des Dépôts' schema with libxml2's
/// `xmllint` (Debian's `libxml2-utils`, installed by `.ci/run`): `None` when valid, else
/// what xmllint said.
pub fn cdc_schema_errors(xml: &str) -> Option<String> {
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/reference/cdc-accrochage-1.1.2.xsd"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("flux.xml");
    std::fs::write(&file, xml).expect("write flux");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", schema])
        .arg(&file)
        .output()
        .expect("xmllint (Debian: libxml2-utils) checks fluxes against the CDC's schema");
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
}

/// What the independent verifier (Digital Bazaar's `@digitalbazaar/vc` with the
/// `eddsa-rdfc-2022` cryptosuite, `tests/credentials/verify.mjs`, installed by
/// `.ci/run` with `npm ci`) says of a credential checked with the issuer's DID document
/// and, if given, its status list: (verified, revoked, error).
pub fn independent_verification(
    credential: &serde_json::Value,
    did: &serde_json::Value,
    status_list: Option<&serde_json::Value>,
) -> (bool, Option<bool>, Option<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, value: &serde_json::Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, value.to_string()).expect("write");
        path
    };
    let mut command = node("verify.mjs");
    command
        .arg(write("credential.json", credential))
        .arg(write("did.json", did));
    if let Some(list) = status_list {
        command.arg(write("statuts.json", list));
    }
    let out = command.output().expect("node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdict: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|_| {
        panic!(
            "the verifier answered no verdict: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        verdict["verified"].as_bool().unwrap_or(false),
        verdict["revoked"].as_bool(),
        verdict["error"].as_str().map(str::to_owned),
    )
}

/// The Open Badges 3.0 JSON Schema's errors on a credential (Ajv, draft 2019-09,
/// `tests/credentials/schema.mjs`): `None` when it validates.
pub fn open_badges_schema_errors(credential: &serde_json::Value) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("credential.json");
    std::fs::write(&path, credential.to_string()).expect("write");
    let out = node("schema.mjs").arg(&path).output().expect("node");
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `node tests/credentials/<script>`, its packages installed (`npm ci` there).
fn node(script: &str) -> std::process::Command {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("credentials");
    assert!(
        dir.join("node_modules").exists(),
        "the independent credential checks need their packages: npm ci --prefix {}",
        dir.display()
    );
    let mut command = std::process::Command::new("node");
    command.arg(dir.join(script));
    command
}

impl TestApp {
    /// The administrator of a second organisation (created with `server create-admin`),
    /// signed in in another browser.
    pub async fn other_organisation_certifier(&self) -> TestApp {
        server::cli::create_admin_with_password(
            &self.config,
            "autre@exemple.fr",
            "Autre Admin",
            "11122233300044",
            Some("Autre organisme"),
            "un-mot-de-passe-long",
        )
        .await
        .expect("another organisation");
        let other = self.another_browser();
        other
            .login("autre@exemple.fr", "un-mot-de-passe-long")
            .await;
        other
    }
}

/// The id of the accommodation request made last (the demo seeds some before a test's
/// own), as a form field.
pub async fn latest_accommodation(app: &TestApp) -> String {
    use sea_orm::{EntityTrait, QueryOrder};
    entities::prelude::Accommodation::find()
        .order_by_desc(entities::accommodation::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a request")
        .id
        .to_string()
}
