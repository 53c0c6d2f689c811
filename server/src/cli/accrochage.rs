//! `server export-accrochage`: the holders' declaration to the Caisse des Dépôts from the
//! command line — one published session (`--session ID`), or every published session of
//! a certification whose jury decided in a period (`--certification CODE --from DATE
//! --to DATE`). The flux is recorded as the download records it (its receipt is then
//! imported on the declarations page); nothing is produced while a holder lacks
//! something, and every such candidate is listed.

use std::path::PathBuf;

use anyhow::{Context, bail};
use app::domain::candidate::parse_date_fr;
use app::domain::ids::{CertificationId, OrganisationId, SessionId};
use app::ssr::repo::accrochage::{NoFlux, Scope, certification_of_session, produce};
use chrono::Utc;
use entities::{certification, exam_session, organisation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::config::Config;
use crate::startup::connect_and_migrate;

#[derive(clap::Args, Default)]
pub struct ExportArgs {
    /// A published session.
    #[arg(long, conflicts_with_all = ["certification", "from", "to"])]
    pub session: Option<i32>,
    /// A certification's code (e.g. RNCP36390), with --from and --to.
    #[arg(long, requires_all = ["from", "to"])]
    pub certification: Option<String>,
    /// First day of the jury decisions (JJ/MM/AAAA or AAAA-MM-JJ).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the jury decisions.
    #[arg(long)]
    pub to: Option<String>,
    /// The organisation's SIRET, when several organisations use the certification code.
    #[arg(long)]
    pub siret: Option<String>,
    /// Where to write the flux (standard output if absent).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(config: &Config, args: &ExportArgs) -> anyhow::Result<()> {
    config.install_keys();
    let db = connect_and_migrate(&config.database_url).await?;
    let (organisation, certification_id, scope) = match (&args.session, &args.certification) {
        (Some(id), _) => {
            let session = exam_session::Entity::find_by_id(*id)
                .one(&db)
                .await?
                .with_context(|| format!("Session {id} introuvable."))?;
            let organisation = OrganisationId(session.organisation_id);
            let certification = certification_of_session(&db, organisation, SessionId(*id))
                .await?
                .context("Certification de la session introuvable.")?;
            (organisation, certification, Scope::Session(SessionId(*id)))
        }
        (None, Some(code)) => {
            let day = |text: &Option<String>, what: &str| {
                text.as_deref()
                    .and_then(parse_date_fr)
                    .with_context(|| format!("Date {what} invalide (JJ/MM/AAAA attendu)."))
            };
            let (from, to) = (day(&args.from, "de début")?, day(&args.to, "de fin")?);
            if from > to {
                bail!("La date de fin précède la date de début.");
            }
            let mut query =
                certification::Entity::find().filter(certification::Column::Code.eq(code.as_str()));
            if let Some(siret) = &args.siret {
                let org = organisation::Entity::find()
                    .filter(organisation::Column::Siret.eq(siret.as_str()))
                    .one(&db)
                    .await?
                    .with_context(|| format!("Aucun organisme de SIRET {siret}."))?;
                query = query.filter(certification::Column::OrganisationId.eq(org.id));
            }
            let found = query.all(&db).await?;
            let cert = match found.as_slice() {
                [one] => one,
                [] => bail!("Aucune certification de code {code}."),
                _ => bail!("Plusieurs organismes ont une certification {code} : précisez --siret."),
            };
            (
                OrganisationId(cert.organisation_id),
                CertificationId(cert.id),
                Scope::Range { from, to },
            )
        }
        (None, None) => {
            bail!("Indiquez --session ID, ou --certification CODE --from DATE --to DATE.")
        }
    };
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.site_addr));
    let made = produce(
        &db,
        (organisation, certification_id),
        scope,
        (None, Utc::now(), &public_url),
    )
    .await?;
    match made {
        Ok(made) => {
            match &args.out {
                Some(path) => {
                    std::fs::write(path, &made.xml)
                        .with_context(|| format!("Écriture de {} impossible", path.display()))?;
                    eprintln!(
                        "Flux {} écrit dans {} : {} passage(s).",
                        made.number,
                        path.display(),
                        made.passages
                    );
                }
                None => print!("{}", made.xml),
            }
            Ok(())
        }
        Err(NoFlux::NotFound) => {
            bail!("Aucune session publiée de cette certification ne correspond.")
        }
        Err(NoFlux::NothingToSend) => bail!(
            "Aucun titulaire à déclarer : tout est déjà accepté ou attend son accusé de traitement."
        ),
        Err(NoFlux::Settings(problems)) => bail!(
            "Paramètres manquants pour la Caisse des Dépôts :\n  - {}",
            problems.join("\n  - ")
        ),
        Err(NoFlux::Lacking(lacking)) => bail!(
            "Aucun flux produit : {} candidat(s) n'ont pas l'identité complète :\n  - {}",
            lacking.len(),
            app::domain::accrochage::lacking_message(&lacking).join("\n  - ")
        ),
    }
}
