//! Personal data (RGPD): the certifier names its data controller and contact, sets its
//! retention policy, sees what the daily job would remove today and may run it now;
//! anyone reads the privacy notice.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::retention::{Policy, Report};
use crate::error::AppError;

/// Longest controller or contact text.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const CONTACT_MAX: usize = 1000;

/// The certifier's personal data page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacySettings {
    pub name: String,
    pub controller: String,
    pub contact: String,
    pub policy: Policy,
    /// What the job would do today (a dry run on each visit).
    pub today: Report,
    /// The last daily run: day, end, what it did (every organisation).
    pub last_run: Option<(String, chrono::DateTime<chrono::Utc>, Report)>,
    /// Rectification and erasure requests waiting for an answer.
    #[serde(default)]
    pub requests: Vec<crate::domain::rights::RequestRow>,
}

#[server(prefix = "/api/certificateur", endpoint = "donnees_personnelles", input = GetUrl)]
pub async fn load_privacy_settings() -> Result<PrivacySettings, AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, _, organisation) = crate::api::accrochage::certifier()?;
    let contacts = crate::ssr::repo::privacy::contacts(&state.db, organisation)
        .await
        .map_err(|e| internal("privacy", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    let today = crate::ssr::repo::retention::dry_run(&state.db, organisation, state.clock.now())
        .await
        .map_err(|e| internal("retention dry run", e))?;
    let last_run = crate::ssr::repo::retention::last_run(&state.db)
        .await
        .map_err(|e| internal("retention runs", e))?;
    let requests = crate::ssr::repo::rights::pending(&state.db, organisation)
        .await
        .map_err(|e| internal("requests", e))?;
    Ok(PrivacySettings {
        requests,
        name: contacts.name,
        controller: contacts.controller,
        contact: contacts.contact,
        policy: contacts.policy,
        today,
        last_run,
    })
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn contact_text(
    field: &str,
    text: &str,
    missing: &str,
) -> Result<String, crate::error::FieldError> {
    crate::domain::limits::required_text(text, CONTACT_MAX, missing).map_err(|message| {
        crate::error::FieldError {
            field: field.to_owned(),
            message,
        }
    })
}

/// Saves who the notice names as data controller and as contact for the candidates'
/// rights. Both are required; nothing is saved while one is wrong.
#[server(prefix = "/api/certificateur", endpoint = "contacts_rgpd")]
pub async fn save_privacy_contacts(controller: String, contact: String) -> Result<(), AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let checked = [
        contact_text(
            "controller",
            &controller,
            "Indiquez le responsable du traitement (raison sociale, adresse, représentant).",
        ),
        contact_text(
            "contact",
            &contact,
            "Indiquez comment joindre le délégué à la protection des données ou le contact RGPD (courriel ou adresse).",
        ),
    ];
    let errors: Vec<_> = checked.iter().filter_map(|c| c.clone().err()).collect();
    if !errors.is_empty() {
        return Err(with_status(AppError::Validation(errors)));
    }
    let [Ok(controller), Ok(contact)] = checked else {
        return Err(with_status(AppError::Forbidden));
    };
    crate::ssr::repo::privacy::save_contacts(
        &state.db,
        organisation,
        (&controller, &contact),
        (Some(user.id.0), state.clock.now()),
    )
    .await
    .map_err(|e| internal("privacy contacts", e))?;
    leptos_axum::redirect("/certificateur/donnees-personnelles?enregistre=contacts");
    Ok(())
}

/// Saves the retention policy: months per kind of data, each within its limits.
#[server(prefix = "/api/certificateur", endpoint = "politique_conservation")]
pub async fn save_retention_policy(
    #[server(default)] amenagements: String,
    #[server(default)] emargement: String,
    #[server(default)] courriels: String,
    #[server(default)] comptes_inactifs: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, user, organisation) = crate::api::accrochage::certifier()?;
    let typed = [
        ("amenagements", amenagements),
        ("emargement", emargement),
        ("courriels", courriels),
        ("comptes_inactifs", comptes_inactifs),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let policy = Policy::parse(&typed).map_err(|problems| {
        with_status(AppError::Validation(
            problems
                .into_iter()
                .map(|(field, message)| crate::error::FieldError { field, message })
                .collect(),
        ))
    })?;
    crate::ssr::repo::privacy::save_policy(
        &state.db,
        organisation,
        &policy,
        (Some(user.id.0), state.clock.now()),
    )
    .await
    .map_err(|e| internal("retention policy", e))?;
    leptos_axum::redirect("/certificateur/donnees-personnelles?enregistre=politique");
    Ok(())
}

/// Applies the organisation's policy now (the daily job does it anyway), after the
/// certifier confirmed having read the dry run.
#[server(prefix = "/api/certificateur", endpoint = "appliquer_conservation")]
pub async fn apply_retention_now(
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::auth::{internal, with_status};
    let (state, _, organisation) = crate::api::accrochage::certifier()?;
    if confirm.is_none() {
        return Err(with_status(AppError::invalid(
            "confirm",
            "Cochez la case pour confirmer : les données listées seront effacées définitivement.",
        )));
    }
    let report = crate::ssr::repo::retention::apply(&state.db, organisation, state.clock.now())
        .await
        .map_err(|e| internal("retention", e))?;
    let done: u64 = crate::domain::retention::Kind::ALL
        .iter()
        .map(|k| report.count(*k))
        .sum();
    leptos_axum::redirect(&format!(
        "/certificateur/donnees-personnelles?applique={done}"
    ));
    Ok(())
}

/// The privacy notice of one organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyNotice {
    pub organisation: Option<(i32, crate::domain::organisation::PrivacyContacts)>,
    /// The organisations to choose from when none is known.
    pub choices: Vec<(i32, String)>,
}

/// The notice: of the logged-in person's organisation, else of the one asked for
/// (`?organisme=`), else of the only one; otherwise the list to choose from.
#[server(prefix = "/api", endpoint = "confidentialite", input = GetUrl)]
pub async fn load_privacy_notice(
    #[server(default)] organisme: Option<i32>,
) -> Result<PrivacyNotice, AppError> {
    use crate::ssr::auth::{app_state, current_user, internal};
    let state = app_state()?;
    let choices = crate::ssr::repo::privacy::organisations(&state.db)
        .await
        .map_err(|e| internal("organisations", e))?;
    let chosen = current_user()
        .and_then(|u| u.organisation_id.map(|o| o.0))
        .or(organisme.filter(|id| choices.iter().any(|(c, _)| c == id)))
        .or_else(|| (choices.len() == 1).then(|| choices[0].0));
    let organisation = match chosen {
        None => None,
        Some(id) => {
            crate::ssr::repo::privacy::contacts(&state.db, crate::domain::ids::OrganisationId(id))
                .await
                .map_err(|e| internal("privacy notice", e))?
                .map(|c| (id, c))
        }
    };
    Ok(PrivacyNotice {
        organisation,
        choices,
    })
}
