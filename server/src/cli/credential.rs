//! `server verify-credential FILE [--did DID.json] [--status-list LIST.json]`: checks a
//! credential without the web server. Its signature is checked against the issuer's
//! public key, taken from a DID document file (fully offline) or from this server's
//! database; revocation from a status list file or from the database.

use std::path::PathBuf;

use anyhow::{Context, bail};
use serde_json::Value;

use crate::config::Config;
use crate::startup::connect_and_migrate;

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The credential (JSON) to check.
    pub file: PathBuf,
    /// The issuer's DID document (`/organisations/<id>/did.json`): check with its keys
    /// instead of the database's.
    #[arg(long)]
    pub did: Option<PathBuf>,
    /// The issuer's status list (`/organisations/<id>/statuts`) to check revocation
    /// without the database.
    #[arg(long)]
    pub status_list: Option<PathBuf>,
}

fn read_json(path: &std::path::Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Impossible de lire {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} n'est pas un fichier JSON", path.display()))
}

/// The public key of `method` in a DID document.
fn key_in(did: &Value, method: &str) -> Option<[u8; 32]> {
    let listed = did
        .get("assertionMethod")?
        .as_array()?
        .iter()
        .any(|m| m.as_str() == Some(method));
    if !listed {
        return None;
    }
    did.get("verificationMethod")?
        .as_array()?
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(method))
        .and_then(|m| m.get("publicKeyMultibase")?.as_str())
        .and_then(app::domain::credential::public_key_from_multibase)
}

/// Whether the credential's entry is set in a status list credential.
fn revoked_in(list: &Value, credential: &Value) -> anyhow::Result<bool> {
    let status = credential
        .get("credentialStatus")
        .context("L'attestation ne désigne pas de liste de statuts")?;
    let list_id = list.get("id").and_then(Value::as_str);
    if list_id != status.get("statusListCredential").and_then(Value::as_str) {
        bail!("La liste de statuts fournie n'est pas celle de l'attestation");
    }
    let index: usize = status
        .get("statusListIndex")
        .and_then(Value::as_str)
        .and_then(|i| i.parse().ok())
        .context("Index de statut illisible")?;
    let bits = list
        .pointer("/credentialSubject/encodedList")
        .and_then(Value::as_str)
        .and_then(app::ssr::credentials::decode_status_list)
        .context("Liste de statuts illisible")?;
    app::domain::credential::status_bit(&bits, index).context("Index de statut hors de la liste")
}

/// The verdict in French, or an error (exit status 1) when the credential does not
/// verify or was revoked.
pub async fn verify(config: Option<&Config>, args: &VerifyArgs) -> anyhow::Result<String> {
    let credential = read_json(&args.file)?;
    let method = app::ssr::credentials::verification_method(&credential)
        .unwrap_or_default()
        .to_owned();
    let mut revoked: Option<String> = None;
    let checked = match (&args.did, config) {
        (Some(did), _) => {
            let did = read_json(did)?;
            let key = key_in(&did, &method);
            app::ssr::credentials::verify(&credential, |_| key)
        }
        (None, Some(config)) => {
            config.install_keys();
            let db = connect_and_migrate(&config.database_url).await?;
            let checked = app::ssr::repo::credentials::verify(&db, &credential).await?;
            let code = credential
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_suffix("/credential.json"))
                .and_then(|id| id.rsplit('/').next())
                .unwrap_or_default()
                .to_owned();
            if let Some(owned) = app::ssr::repo::credentials::owned_by_code(&db, &code).await? {
                if let Some(at) = owned.document.revoked_at {
                    revoked = Some(format!(
                        "révoquée le {} : {}",
                        app::domain::format::datetime_fr(at),
                        owned.document.revoked_reason.unwrap_or_default()
                    ));
                }
            }
            checked
        }
        (None, None) => bail!("Indiquez --did ou configurez la base de données"),
    };
    let method = checked.map_err(|refusal| anyhow::anyhow!("Attestation refusée : {refusal}."))?;
    if let Some(list) = &args.status_list {
        if revoked_in(&read_json(list)?, &credential)? {
            revoked = Some("révoquée selon la liste de statuts de l'organisme".to_owned());
        }
    }
    if let Some(revoked) = revoked {
        bail!("Signature valide (clé {method}), mais attestation {revoked}.");
    }
    let name = credential
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(format!(
        "Attestation vérifiée : « {name} », signée par {method} (eddsa-rdfc-2022)."
    ))
}
