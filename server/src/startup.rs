//! Builds the state and the router, binds the listener. Tests call `Application::build`
//! with their own database URL, clock and mailer, on port 0.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::ssr::demo;
use app::ssr::ports::{Clock, Mailer, SystemClock};
use app::ssr::state::{AppState, Settings};
use app::ui::app::{App, OUTPUT_NAME, shell};
use axum::Router;
use axum::routing::{get, post};
use http::HeaderValue;
use http::header::{
    REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use tokio::net::TcpListener;
use tower_http::compression::Predicate;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::routes;
use crate::security;
use crate::services::email::LettreMailer;

/// What tests replace.
#[derive(Default)]
pub struct Overrides {
    pub clock: Option<Arc<dyn Clock>>,
    pub mailer: Option<Arc<dyn Mailer>>,
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
    pub address: SocketAddr,
    limits: crate::serve::Limits,
    retention_job: bool,
}

/// Connects to the database and brings its schema up to date.
pub async fn connect_and_migrate(database_url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(database_url.to_owned());
    options.sqlx_logging(false);
    if database_url.starts_with("sqlite:") {
        // One writer at a time on SQLite; readers wait instead of failing. The
        // write-ahead log lets readers go on while a writer commits, and with it
        // `synchronous = NORMAL` keeps every committed transaction through a crash of
        // the process (only an operating-system crash or power loss may lose the last
        // ones): no fsync on each commit.
        options.max_connections(8);
        options.map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(10))
        });
    }
    let db = Database::connect(options)
        .await
        .with_context(|| format!("Failed to connect to the database {}", redact(database_url)))?;
    Migrator::up(&db, None)
        .await
        .context("Failed to run the migrations")?;
    Ok(db)
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

impl Application {
    /// Connects, migrates, seeds the demo data if configured, and binds the address.
    pub async fn build(config: &Config, overrides: Overrides) -> anyhow::Result<Self> {
        config.install_keys();
        let db = connect_and_migrate(&config.database_url).await?;
        let clock: Arc<dyn Clock> = overrides.clock.unwrap_or_else(|| Arc::new(SystemClock));
        if config.demo_data {
            let seeded = demo::seed(&db, clock.now(), &crate::services::pdf::PrintPdf::new()?)
                .await
                .context("Failed to seed the demo data")?;
            tracing::info!(?seeded, "demo data");
        }
        let mailer: Arc<dyn Mailer> = match overrides.mailer {
            Some(mailer) => mailer,
            None => Arc::new(LettreMailer::from_config(&config.mail)?),
        };
        let listener = TcpListener::bind(config.site_addr)
            .await
            .with_context(|| format!("Failed to listen on {}", config.site_addr))?;
        let address = listener
            .local_addr()
            .context("Failed to read the bound address")?;
        let leptos_options = LeptosOptions::builder()
            .output_name(crate::statics::bundle_name(&config.site_root, OUTPUT_NAME))
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"));
        let state = AppState {
            leptos_options,
            db,
            clock,
            mailer,
            pdf: Arc::new(crate::services::pdf::PrintPdf::new()?),
            settings: Arc::new(Settings {
                secure_cookies: public_url.starts_with("https://"),
                public_url,
                client_ip_header: config.client_ip_header.clone(),
                trusted_proxies: config.trusted_proxies,
            }),
        };
        let router = router(state.clone(), config.request_timeout);
        Ok(Application {
            listener,
            router,
            state,
            address,
            limits: config.limits,
            retention_job: config.retention_job,
        })
    }

    /// Serves until the process stops; meanwhile publishes results whose date has come.
    pub async fn run(self) -> anyhow::Result<()> {
        tokio::spawn(publish_when_due(self.state.clone()));
        if self.retention_job {
            tokio::spawn(retain_daily(self.state.clone()));
        }
        crate::serve::serve(self.listener, self.router, self.limits)
            .await
            .context("The HTTP server stopped")
    }
}

/// How often the server looks for results to publish.
const PUBLICATION_CHECK: std::time::Duration = std::time::Duration::from_secs(300);

/// Publishes the sessions whose publication date has come (set ahead by the
/// certifier), now and every few minutes. Several servers may run it at once: each
/// session is published by the first one only.
async fn publish_when_due(state: AppState) {
    let mut every = tokio::time::interval(PUBLICATION_CHECK);
    loop {
        every.tick().await;
        match app::ssr::publication::run_due(&state).await {
            Ok(0) => {}
            Ok(told) => tracing::info!(told, "results published"),
            Err(error) => tracing::error!(%error, "publication failed"),
        }
    }
}

/// How often the server tries to claim the day's retention run.
const RETENTION_CHECK: std::time::Duration = std::time::Duration::from_secs(3600);

/// Applies the retention policies once a day (Europe/Paris): each server tries every
/// hour; the first to claim the day's row runs it, the others skip.
async fn retain_daily(state: AppState) {
    let mut every = tokio::time::interval(RETENTION_CHECK);
    loop {
        every.tick().await;
        match app::ssr::repo::retention::run_daily(&state.db, state.clock.now()).await {
            Ok(None) => {}
            Ok(Some(report)) => tracing::info!(?report, "retention applied"),
            Err(error) => tracing::error!(%error, "retention failed"),
        }
    }
}

/// Every route of the application behind the security middleware.
pub fn router(state: AppState, request_timeout: std::time::Duration) -> Router {
    let pages = generate_route_list(App);
    let options = state.leptos_options.clone();
    // Behind https, browsers are told to come back only over https.
    let hsts = state
        .settings
        .secure_cookies
        .then(|| HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    Router::new()
        .route("/connexion", post(routes::auth::login))
        .route("/deconnexion", post(routes::auth::logout))
        .route("/espace", post(routes::auth::switch_space))
        .route("/sante", get(routes::health::health))
        .route(
            "/verification/{code}/credential.json",
            get(routes::credentials::credential),
        )
        .route(
            "/organisations/{id}/did.json",
            get(routes::credentials::did_document),
        )
        .route(
            "/organisations/{id}/statuts",
            get(routes::credentials::status_list),
        )
        .route(
            "/candidat/convocations/{enrolment}",
            get(routes::documents::convocation),
        )
        .route(
            "/certificateur/sessions/{id}/pv/{file}",
            get(routes::documents::pv),
        )
        .route("/jury/sessions/{id}/pv/{file}", get(routes::documents::pv))
        .route(
            "/candidat/documents/{code}",
            get(routes::documents::candidate_document),
        )
        .route(
            "/candidat/mes-donnees.json",
            get(|s, u| routes::personal_data::own(s, u, "json")),
        )
        .route(
            "/candidat/mes-donnees.pdf",
            get(|s, u| routes::personal_data::own(s, u, "pdf")),
        )
        .route(
            "/certificateur/sessions/{id}/candidats/{enrolment}/donnees.json",
            get(|s, u, p| routes::personal_data::of_candidate(s, u, p, "json")),
        )
        .route(
            "/certificateur/sessions/{id}/candidats/{enrolment}/donnees.pdf",
            get(|s, u, p| routes::personal_data::of_candidate(s, u, p, "pdf")),
        )
        .route(
            "/certificateur/sessions/{id}/archive.zip",
            get(routes::documents::session_archive),
        )
        .route(
            "/certificateur/sessions/{id}/documents.zip",
            get(routes::documents::session_documents),
        )
        .route(
            "/certificateur/sessions/{id}/emargement/{slot}",
            get(routes::documents::attendance_sheet),
        )
        .route(
            "/certificateur/sessions/{id}",
            post(routes::import::import_candidates).layer(axum::extract::DefaultBodyLimit::max(
                routes::import::MAX_FILE_BYTES,
            )),
        )
        .route("/certificateur/flux/{id}", get(routes::declarations::flux))
        .route(
            "/certificateur/parametres",
            post(routes::images::upload)
                .layer(axum::extract::DefaultBodyLimit::max(4 * 1024 * 1024)),
        )
        .route(
            "/certificateur/parametres/{kind}",
            get(routes::images::show),
        )
        .route(
            "/certificateur/sessions/{id}/statistiques.csv",
            get(|s, u, p| routes::statistics::session(s, u, p, "csv")),
        )
        .route(
            "/certificateur/sessions/{id}/statistiques.xlsx",
            get(|s, u, p| routes::statistics::session(s, u, p, "xlsx")),
        )
        .route(
            "/certificateur/certifications/{id}/statistiques.csv",
            get(|s, u, p| routes::statistics::certification(s, u, p, "csv")),
        )
        .route(
            "/certificateur/certifications/{id}/statistiques.xlsx",
            get(|s, u, p| routes::statistics::certification(s, u, p, "xlsx")),
        )
        .route(
            "/certificateur/certifications/{id}/declarations",
            post(routes::declarations::receipt).layer(axum::extract::DefaultBodyLimit::max(
                routes::declarations::MAX_RECEIPT_BYTES,
            )),
        )
        .route(
            "/certificateur/jures",
            post(routes::import::import_jurors).layer(axum::extract::DefaultBodyLimit::max(
                routes::import::MAX_FILE_BYTES,
            )),
        )
        .nest_service("/pkg", crate::statics::files(&state.leptos_options))
        .leptos_routes(&state, pages, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        // Headers of every response (the page's Content-Security-Policy, with its
        // nonce, and `Cache-Control` are set by `security::guard`).
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            STRICT_TRANSPORT_SECURITY,
            move |_: &http::Response<axum::body::Body>| hsts.clone(),
        ))
        // Pages and server functions compressed on the fly; the browser bundle and the
        // stylesheet are compressed once, when the site is built (`crate::statics`).
        .layer(
            tower_http::compression::CompressionLayer::new().compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("application/pdf"))
                    .and(NotForContentType::const_new("application/zip")),
            ),
        )
        .layer(axum::middleware::from_fn(crate::statics::cache_control))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
