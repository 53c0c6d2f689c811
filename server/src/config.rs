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
    /// Reverse proxies in front of the server, each appending the address it saw to
    /// that header: the client is the right-most address they did not add.
    pub trusted_proxies: usize,
    /// Connection limits of the HTTP server.
    pub limits: crate::serve::Limits,
    /// Longest time a request may take before it is answered 408 and abandoned.
    pub request_timeout: std::time::Duration,
    /// The key sealing the audit chain's head (`APP_AUDIT_KEY`, else the key file).
    pub audit_key: SecretString,
    /// The key sealing the organisations' private signing keys (`APP_SECRET_KEY`, else
    /// the key file).
    pub secret_key: SecretString,
    /// Run the daily retention job (`APP_RETENTION_JOB`, on unless `false`): erases
    /// and anonymises what the organisations' retention policies say is past its limit.
    pub retention_job: bool,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// A key from the environment variable `name` (32 characters at least), else kept in
/// the file named by `{name}_FILE` or `default_file` (created with a random key on
/// first start). In production keys belong in the environment, away from the database
/// and its backups.
fn key(name: &str, default_file: &str, create: bool) -> anyhow::Result<SecretString> {
    match var(name) {
        Some(key) if key.len() >= 32 => Ok(SecretString::from(key)),
        Some(_) => anyhow::bail!("{name} must be at least 32 characters long"),
        None => {
            let path = PathBuf::from(
                var(&format!("{name}_FILE")).unwrap_or_else(|| default_file.to_owned()),
            );
            if !create && !path.exists() {
                let shown = std::path::absolute(&path).unwrap_or(path);
                anyhow::bail!(
                    "Clé introuvable : ni la variable {name}, ni le fichier {} ({name}_FILE). Cette commande vérifie ou exporte et ne crée aucune clé : lancez-la depuis le dossier du serveur, ou donnez-lui sa clé par {name} ou {name}_FILE.",
                    shown.display()
                );
            }
            key_file(&path, name)
        }
    }
}

/// Refuses a SQLite database file that does not exist (a check run from another folder
/// would otherwise create an empty one and find nothing wrong).
fn existing_database(url: &str) -> anyhow::Result<()> {
    if let Some(file) = url
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        .filter(|f| !f.is_empty() && !f.starts_with(':'))
    {
        let path = PathBuf::from(file);
        if !path.exists() {
            let shown = std::path::absolute(&path).unwrap_or(path);
            anyhow::bail!(
                "Base de données introuvable : {} (DATABASE_URL). Cette commande ne crée pas de base : lancez-la depuis le dossier du serveur ou indiquez DATABASE_URL.",
                shown.display()
            );
        }
    }
    Ok(())
}

/// The key kept in a file, created with a random key if there is none.
fn key_file(path: &std::path::Path, name: &str) -> anyhow::Result<SecretString> {
    if let Ok(key) = std::fs::read_to_string(path) {
        let key = key.trim().to_owned();
        anyhow::ensure!(
            key.len() >= 32,
            "The key file {} is too short",
            path.display()
        );
        return Ok(SecretString::from(key));
    }
    use rand::RngCore;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("Failed to create the key file {}", path.display()))?;
    file.write_all(key.as_bytes())
        .with_context(|| format!("Failed to write the key file {}", path.display()))?;
    tracing::warn!(
        file = %path.display(),
        "{name} is not set: a key kept in this file is used instead"
    );
    Ok(SecretString::from(key))
}

/// A whole number from the environment, if set.
fn number(name: &str) -> anyhow::Result<Option<usize>> {
    var(name)
        .map(|v| v.parse::<usize>())
        .transpose()
        .with_context(|| format!("Failed to read {name} (expected a whole number)"))
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
    /// Hands the keys to the application: the audit chain's seal and the key that
    /// opens the organisations' private signing keys.
    pub fn install_keys(&self) {
        use secrecy::ExposeSecret;
        app::ssr::repo::audit::set_seal_key(self.audit_key.expose_secret().as_bytes());
        app::ssr::credentials::set_secret_key(self.secret_key.expose_secret().as_bytes());
    }

    /// Reads the configuration from the environment (see README.md); the keys are
    /// created in their files on the first start.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::read(true)
    }

    /// The configuration of a command that checks or exports (`verify-audit`,
    /// `verify-credential`, `export-accrochage`, `retention`): it never creates a key
    /// nor a database — without them, it says which one is missing and where it looked.
    pub fn from_env_existing() -> anyhow::Result<Self> {
        let config = Self::read(false)?;
        existing_database(&config.database_url)?;
        Ok(config)
    }

    fn read(create_keys: bool) -> anyhow::Result<Self> {
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
            trusted_proxies: number("APP_TRUSTED_PROXIES")?.unwrap_or(1),
            limits: crate::serve::Limits {
                header_read_timeout: std::time::Duration::from_secs(
                    number("APP_HEADER_TIMEOUT_SECONDS")?.unwrap_or(10) as u64,
                ),
                max_connections: number("APP_MAX_CONNECTIONS")?.unwrap_or(10_000),
            },
            request_timeout: std::time::Duration::from_secs(
                number("APP_REQUEST_TIMEOUT_SECONDS")?.unwrap_or(120) as u64,
            ),
            audit_key: key("APP_AUDIT_KEY", "jury-audit.key", create_keys)?,
            secret_key: key("APP_SECRET_KEY", "jury-secret.key", create_keys)?,
            retention_job: !matches!(
                var("APP_RETENTION_JOB").as_deref(),
                Some("0" | "false" | "non")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_never_creates_a_key_or_a_database() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("jury-audit.key");
        let refused =
            key("JURY_TEST_KEY_NOT_SET", file.to_str().expect("path"), false).expect_err("no key");
        let message = refused.to_string();
        assert!(message.contains("Clé introuvable"), "{message}");
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(!file.exists(), "no key file was created");
        // The server's first start creates it.
        key("JURY_TEST_KEY_NOT_SET", file.to_str().expect("path"), true).expect("created");
        assert!(file.exists());
        // A SQLite file that is not there is named, not created.
        let db = dir.path().join("jury.db");
        let url = format!("sqlite://{}?mode=rwc", db.display());
        let refused = existing_database(&url).expect_err("no database");
        assert!(refused.to_string().contains("Base de données introuvable"));
        assert!(!db.exists());
        assert!(existing_database("sqlite::memory:").is_ok());
        assert!(existing_database("postgres://u:p@h/db").is_ok());
    }
}
