//! The application state every handler and server function reads: no globals, so that
//! each test runs its own database, clock and mailer.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use super::ports::{Clock, Mailer, PdfRenderer};

/// Security-related settings decided at start-up.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure` (the public URL is HTTPS).
    pub secure_cookies: bool,
    /// The address users reach the application at, for links in emails and documents.
    pub public_url: String,
    /// Header holding the client address behind a reverse proxy (rate limit by address).
    pub client_ip_header: Option<String>,
    /// Reverse proxies appending to that header (the client is the right-most address
    /// they did not add).
    pub trusted_proxies: usize,
}

/// Everything a request needs.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub mailer: Arc<dyn Mailer>,
    pub pdf: Arc<dyn PdfRenderer>,
    pub settings: Arc<Settings>,
}
