//! The only place that reads the environment. Defaults make `server` run with no
//! configuration at all: SQLite file in the working directory, 127.0.0.1:3000, emails
//! written as `.eml` files in `./outbox`.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use secrecy::SecretString;

/// How emails leave the application.
#[derive(Clone, Debug)]
pub enum MailConfig {
    /// An SMTP relay.
    Smtp {
        host: String,
        port: u16,
        username: Option<String>,
        password: Option<SecretString>,
        tls: SmtpTls,
        from: String,
    },
    /// A folder of `.eml` files (local runs).
    Folder { dir: PathBuf, from: String },
}

/// Transport security towards the SMTP relay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// STARTTLS on the submission port (default).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption (a relay on loopback).
    None,
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: PathBuf,
    /// Public address (links, `Secure` cookies when HTTPS); default `http://` + the bound address.
    pub public_url: Option<String>,
    pub mail: MailConfig,
    /// Seed the demo data on first start.
    pub demo_data: bool,
    /// Header holding the client address when behind a reverse proxy (`X-Forwarded-For`).
    pub client_ip_header: Option<String>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `target/site` next to the binary (`target/debug/server` → `target/site`), so that the
/// binary runs from any directory.
fn default_site_root() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.parent()
                .and_then(|dir| dir.parent())
                .map(|target| target.join("site"))
        })
        .filter(|dir| dir.is_dir())
        .unwrap_or_else(|| PathBuf::from("target/site"))
}

impl Config {
    /// Reads the configuration from the environment (see README.md).
    pub fn from_env() -> anyhow::Result<Self> {
        let site_addr: SocketAddr = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned())
            .parse()
            .context("Failed to read LEPTOS_SITE_ADDR (expected host:port)")?;
        let from = var("APP_MAIL_FROM")
            .unwrap_or_else(|| "Jury <ne-pas-repondre@jury.localhost>".to_owned());
        let mail = match var("APP_SMTP_HOST") {
            Some(host) => MailConfig::Smtp {
                host,
                port: var("APP_SMTP_PORT")
                    .map(|p| p.parse())
                    .transpose()
                    .context("Failed to read APP_SMTP_PORT")?
                    .unwrap_or(587),
                username: var("APP_SMTP_USERNAME"),
                password: var("APP_SMTP_PASSWORD").map(SecretString::from),
                tls: match var("APP_SMTP_TLS").as_deref() {
                    None | Some("starttls") => SmtpTls::StartTls,
                    Some("tls") => SmtpTls::Tls,
                    Some("none") => SmtpTls::None,
                    Some(other) => {
                        anyhow::bail!("APP_SMTP_TLS must be starttls, tls or none, not {other}")
                    }
                },
                from,
            },
            None => MailConfig::Folder {
                dir: var("APP_OUTBOX_DIR").map_or_else(|| PathBuf::from("outbox"), PathBuf::from),
                from,
            },
        };
        Ok(Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://jury.db?mode=rwc".to_owned()),
            site_addr,
            site_root: var("LEPTOS_SITE_ROOT").map_or_else(default_site_root, PathBuf::from),
            public_url: var("APP_PUBLIC_URL"),
            mail,
            demo_data: !matches!(var("APP_DEMO_DATA").as_deref(), Some("0" | "false" | "non")),
            client_ip_header: var("APP_CLIENT_IP_HEADER").map(|h| h.to_lowercase()),
        })
    }
}
