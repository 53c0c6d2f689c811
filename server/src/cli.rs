//! Command line: `server` (or `server serve`) runs the application; `server
//! create-admin` creates a certifier administrator account; `server evaluate` runs the
//! scoring engine on a file of candidates; `server grid E` prints a template's grid;
//! `server verify-audit` checks the audit log's hash chain; `server export-accrochage`
//! writes the holders' declaration to the Caisse des Dépôts.

pub mod accrochage;
pub mod credential;
mod evaluate;

use std::io::BufRead;

use anyhow::{Context, bail};
use app::domain::ids::OrganisationId;
use app::domain::role::Role;
use app::ssr::auth::hash_password;
use app::ssr::demo::DEMO_ACCOUNTS;
use app::ssr::repo::users::{NewUser, create_user, email_taken};
use chrono::Utc;
use clap::{Parser, Subcommand};
use entities::organisation;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use crate::config::Config;
use crate::startup::{Application, Overrides, connect_and_migrate};

/// Jury — certification exams and juries.
#[derive(Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the application (the default).
    Serve,
    /// Create a certifier administrator. The password is read from
    /// JURY_ADMIN_PASSWORD or, if unset, from the first line of standard input.
    CreateAdmin {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Name shown in the interface.
        #[arg(long)]
        name: String,
        /// SIRET of the certifier organisation (created if new, with --organisation-name).
        #[arg(long)]
        siret: String,
        /// Name of the organisation, when it does not exist yet.
        #[arg(long)]
        organisation_name: Option<String>,
    },
    /// Evaluate candidates with a grid and print each outcome with its reasons.
    Evaluate(evaluate::EvaluateArgs),
    /// Print the grid of a built-in template as JSON (to start a grid file from).
    Grid(evaluate::GridArgs),
    /// Check that the audit log has not been altered: every entry still matches its hash
    /// and follows the previous one. Exit status 1 when the chain is broken.
    VerifyAudit {
        /// Check a session archive's audit extract (JSON lines) instead of the database,
        /// offline.
        #[arg(long)]
        extract: Option<std::path::PathBuf>,
    },
    /// Write the holders' declaration to the Caisse des Dépôts (XML flux of
    /// cdc-accrochage-1.1.2.xsd) for a published session, or a certification's
    /// published sessions over a period.
    ExportAccrochage(accrochage::ExportArgs),
    /// Check a credential (Open Badges 3.0 JSON) offline: its signature against the
    /// issuer's keys (from this server's database, or a DID document given with
    /// --did) and, with the database, whether it was revoked. Exit status 1 when it
    /// does not verify or was revoked.
    VerifyCredential(credential::VerifyArgs),
    /// Apply the organisations' retention policies now (the server does it daily):
    /// erase accommodation and absence details, delete old email logs, anonymise
    /// inactive accounts. With --dry-run, only say what would be removed.
    Retention {
        /// Count what would be removed, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs the chosen command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(Config::from_env()?).await,
        Command::CreateAdmin {
            email,
            name,
            siret,
            organisation_name,
        } => {
            create_admin(
                &Config::from_env()?,
                &email,
                &name,
                &siret,
                organisation_name.as_deref(),
            )
            .await
        }
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Grid(args) => evaluate::print_grid(&args),
        Command::ExportAccrochage(args) => {
            accrochage::run(&Config::from_env_existing()?, &args).await
        }
        Command::VerifyCredential(args) => {
            let config = if args.did.is_some() {
                None
            } else {
                Some(Config::from_env_existing()?)
            };
            let verdict = credential::verify(config.as_ref(), &args).await?;
            println!("{verdict}");
            Ok(())
        }
        Command::VerifyAudit {
            extract: Some(file),
        } => {
            let count = verify_extract(&file)?;
            println!("Extrait du journal intègre : {count} entrée(s) chaînées vérifiées.");
            Ok(())
        }
        Command::Retention { dry_run } => {
            retention(&Config::from_env_existing()?, dry_run, Utc::now()).await?;
            Ok(())
        }
        Command::VerifyAudit { extract: None } => {
            let count = verify_audit(&Config::from_env_existing()?).await?;
            println!("Journal d'audit intègre : {count} entrée(s) vérifiée(s).");
            Ok(())
        }
    }
}

/// Verifies an audit extract of a session archive, offline: each line an entry, each
/// entry following the previous and matching its hash. The number of entries, or the
/// first break.
pub fn verify_extract(file: &std::path::Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("Lecture de {} impossible", file.display()))?;
    let mut entries = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let entry: app::domain::audit::Stored = serde_json::from_str(line)
            .with_context(|| format!("ligne {} : ce n'est pas une entrée du journal", i + 1))?;
        entries.push(entry);
    }
    app::domain::audit::verify(&entries)
        .map_err(|problem| anyhow::anyhow!("Extrait du journal altéré : {problem}"))
}

/// Verifies the audit chain of the configured database: the number of entries, or an
/// error naming the first broken entry.
pub async fn verify_audit(config: &Config) -> anyhow::Result<usize> {
    use secrecy::ExposeSecret;
    let db = connect_and_migrate(&config.database_url).await?;
    config.install_keys();
    let problems =
        app::ssr::repo::integrity::check(&db, config.audit_key.expose_secret().as_bytes()).await?;
    if let Some(first) = problems.first() {
        anyhow::bail!(
            "Journal d'audit altéré : {first}{}",
            if problems.len() > 1 {
                format!(
                    " (et {} autre(s) anomalie(s) : {})",
                    problems.len() - 1,
                    problems[1..].join(" ; ")
                )
            } else {
                String::new()
            }
        );
    }
    Ok(app::ssr::repo::audit::all(&db).await?.len())
}

/// Runs the retention job on every organisation (dry: counts only) and prints what it
/// did, per organisation; returns the lines printed.
pub async fn retention(
    config: &Config,
    dry: bool,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    use app::domain::retention::Kind;
    let db = connect_and_migrate(&config.database_url).await?;
    config.install_keys();
    let (reports, expired) = app::ssr::repo::retention::run_all(&db, now, dry).await?;
    let names: std::collections::HashMap<i32, String> = organisation::Entity::find()
        .all(&db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut lines = vec![if dry {
        "Simulation (rien n'est modifié) — éléments que la conservation traiterait :".to_owned()
    } else {
        "Conservation des données appliquée — éléments traités :".to_owned()
    }];
    for (org, report) in reports {
        lines.push(format!(
            "{} (organisme {org}) :",
            names.get(&org).map_or("Organisme", String::as_str)
        ));
        for kind in Kind::ALL {
            lines.push(format!("  {} : {}", kind.label(), report.count(kind)));
        }
    }
    lines.push(format!(
        "Sessions de connexion expirées, liens utilisés ou expirés, compteurs de tentatives oubliés : {expired}"
    ));
    for line in &lines {
        println!("{line}");
    }
    Ok(lines)
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let application = Application::build(&config, Overrides::default()).await?;
    let url = application.state.settings.public_url.clone();
    println!("Jury est prêt : {url}");
    println!(
        "Base de données : {}",
        crate::startup::redact(&config.database_url)
    );
    if config.demo_data {
        println!("Comptes de démonstration :");
        for account in DEMO_ACCOUNTS {
            println!(
                "  {:<16} {:<28} mot de passe : {}",
                account.role.label(),
                account.email,
                account.password
            );
        }
        println!(
            "  Autres membres du jury (session de novembre, même mot de passe) : {}",
            app::ssr::demo::DEMO_OTHER_JURORS.join(", ")
        );
    }
    application.run().await
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("JURY_ADMIN_PASSWORD") {
        return Ok(password);
    }
    eprintln!("Mot de passe (au moins 12 caractères) :");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("Failed to read the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Creates a certifier administrator (and its organisation when new), in one transaction.
pub async fn create_admin(
    config: &Config,
    email: &str,
    name: &str,
    siret: &str,
    organisation_name: Option<&str>,
) -> anyhow::Result<()> {
    let password = read_password()?;
    create_admin_with_password(config, email, name, siret, organisation_name, &password).await
}

/// `create-admin` with the password given.
pub async fn create_admin_with_password(
    config: &Config,
    email: &str,
    name: &str,
    siret: &str,
    organisation_name: Option<&str>,
    password: &str,
) -> anyhow::Result<()> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        bail!("Adresse électronique invalide : {email}");
    }
    if siret.len() != 14 || !siret.chars().all(|c| c.is_ascii_digit()) {
        bail!("Le SIRET doit compter 14 chiffres : {siret}");
    }
    if password.chars().count() < 12 {
        bail!("Le mot de passe doit compter au moins 12 caractères.");
    }
    if let Some(problem) = app::domain::limits::name_refusal("Le nom de la personne", name) {
        bail!("{problem}");
    }
    let db = connect_and_migrate(&config.database_url).await?;
    config.install_keys();
    let now = Utc::now();
    let txn = db.begin().await?;
    let existing = organisation::Entity::find()
        .filter(organisation::Column::Siret.eq(siret))
        .one(&txn)
        .await?;
    let organisation_id = match (existing, organisation_name) {
        (Some(org), _) => org.id,
        (None, Some(org_name)) => {
            let org_name = org_name.trim();
            if let Some(problem) =
                app::domain::limits::name_refusal("Le nom de l'organisme", org_name)
            {
                bail!("{problem}");
            }
            let key = app::domain::organisation::name_key(org_name);
            if key.is_empty() {
                bail!("Le nom de l'organisme est vide.");
            }
            if app::ssr::repo::organisation::name_taken(&txn, &key, None).await? {
                bail!(
                    "Un organisme porte déjà le nom « {org_name} » (sans compter les majuscules, les accents ni les espaces) : indiquez la raison sociale exacte du nouvel organisme."
                );
            }
            let id = organisation::ActiveModel {
                name: Set(org_name.to_owned()),
                name_key: Set(Some(key)),
                siret: Set(siret.to_owned()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id;
            // Its credentials' signing key, from the start.
            app::ssr::repo::credentials::current_key(&txn, OrganisationId(id), now).await?;
            id
        }
        (None, None) => bail!(
            "Aucun organisme n'a le SIRET {siret} : indiquez --organisation-name pour le créer."
        ),
    };
    if email_taken(
        &txn,
        &email,
        OrganisationId(organisation_id),
        Role::CertifierAdmin,
    )
    .await?
    {
        bail!("{email} administre déjà cet organisme.");
    }
    let password_hash = hash_password(password).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    // One person, one password: the one given here becomes the person's, in every
    // space they have elsewhere too.
    entities::user::Entity::update_many()
        .col_expr(
            entities::user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(password_hash.clone()),
        )
        .filter(entities::user::Column::Email.eq(email.as_str()))
        .filter(entities::user::Column::Active.eq(true))
        .exec(&txn)
        .await?;
    create_user(
        &txn,
        NewUser {
            email: &email,
            display_name: name,
            password_hash,
            role: Role::CertifierAdmin,
            organisation_id: Some(OrganisationId(organisation_id)),
            candidate_id: None,
            jury_member_id: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    println!("Compte certificateur créé : {email}");
    Ok(())
}
