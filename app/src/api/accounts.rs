//! Accounts: the certifier's list of its organisation's accounts (send a link to choose
//! a password, deactivate, reactivate, invite a co-administrator), and the public pages
//! behind a password link and "Mot de passe oublié ?".

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::account::AccountState;
use crate::domain::role::Role;
use crate::error::AppError;

/// Accounts per page of the list.
pub const PAGE_SIZE: u64 = 50;

/// One account in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub state: AccountState,
    /// The certifier's own account (cannot be deactivated from here).
    pub own: bool,
    /// An administrator designated to read and decide accommodation requests.
    #[serde(default)]
    pub referent: bool,
}

/// A page of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub rows: Vec<AccountRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// Whether the certifier looking is a referent (only referents designate others).
    #[serde(default)]
    pub referent: bool,
}

/// The role filter's code in the address.
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::CertifierAdmin => "administrateur",
        Role::JuryMember => "jury",
        Role::Candidate => "candidat",
    }
}

/// A role filter read from the address.
pub fn parse_role(code: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| role_code(*r) == code)
}

#[cfg(feature = "ssr")]
fn certifier() -> Result<
    (
        crate::ssr::state::AppState,
        crate::domain::role::CurrentUser,
        crate::domain::ids::OrganisationId,
    ),
    AppError,
> {
    use crate::ssr::auth::{require_role, with_status};
    let (state, user) = require_role(Role::CertifierAdmin)?;
    let organisation = user
        .organisation_id
        .ok_or_else(|| with_status(AppError::Forbidden))?;
    Ok((state, user, organisation))
}

/// The organisation's accounts, searched by name or email, filtered by role.
#[server(prefix = "/api/certificateur", endpoint = "comptes", input = GetUrl)]
pub async fn load_accounts(
    #[server(default)] search: String,
    #[server(default)] role: String,
    #[server(default)] page: u64,
) -> Result<AccountsPage, AppError> {
    use crate::ssr::auth::internal;
    let (state, user, organisation) = certifier()?;
    let (rows, total) = crate::ssr::repo::accounts::list(
        &state.db,
        organisation,
        (&search, parse_role(&role)),
        (page, PAGE_SIZE),
        state.clock.now(),
    )
    .await
    .map_err(|e| internal("accounts", e))?;
    Ok(AccountsPage {
        rows: rows
            .into_iter()
            .map(|r| AccountRow {
                own: r.id == user.id.0,
                id: r.id,
                name: r.name,
                email: r.email,
                role: r.role,
                state: r.state,
                referent: r.referent,
            })
            .collect(),
        total,
        page,
        pages: total.div_ceil(PAGE_SIZE).max(1),
        referent: crate::ssr::repo::accommodations::is_referent(&state.db, user.id)
            .await
            .map_err(|e| internal("accounts", e))?,
    })
}

#[cfg(feature = "ssr")]
fn back_to_list(done: &str) {
    leptos_axum::redirect(&format!("/certificateur/comptes?fait={done}"));
}

/// Invites a co-administrator: an account without a password and an email with the
/// link to choose it.
#[server(prefix = "/api/certificateur", endpoint = "compte_inviter")]
pub async fn invite_administrator(name: String, email: String) -> Result<(), AppError> {
    use crate::domain::account::{Purpose, Welcome, welcome_email};
    use crate::domain::candidate::email_is_valid;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accounts;
    let (state, _, organisation) = certifier()?;
    let name = name.trim().to_owned();
    let email = email.trim().to_lowercase();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(crate::error::FieldError {
            field: "name".to_owned(),
            message: "Indiquez le nom de la personne invitée.".to_owned(),
        });
    }
    if !email_is_valid(&email) {
        problems.push(crate::error::FieldError {
            field: "email".to_owned(),
            message: format!("L'adresse électronique « {email} » n'est pas valide."),
        });
    }
    if !problems.is_empty() {
        return Err(with_status(AppError::Validation(problems)));
    }
    let now = state.clock.now();
    let taken = accounts::taken_emails(
        &state.db,
        organisation,
        crate::domain::role::Role::CertifierAdmin,
    )
    .await
    .map_err(|e| internal("accounts", e))?;
    if taken.contains(&email) {
        return Err(with_status(AppError::invalid(
            "email",
            format!("« {email} » administre déjà l'organisme."),
        )));
    }
    let txn = sea_orm::TransactionTrait::begin(&state.db)
        .await
        .map_err(|e| internal("accounts", e))?;
    let account = accounts::create_administrator(&txn, organisation, (&name, &email), now)
        .await
        .map_err(|e| internal("accounts", e))?;
    let link = accounts::issue_link(
        &txn,
        account,
        Purpose::Choose,
        (now, &state.settings.public_url),
    )
    .await
    .map_err(|e| internal("accounts", e))?;
    txn.commit().await.map_err(|e| internal("accounts", e))?;
    let org = accounts::organisation_name(&state.db, organisation)
        .await
        .map_err(|e| internal("accounts", e))?;
    crate::ssr::mail::deliver(
        &state,
        organisation,
        (KIND_ACCOUNT, None),
        &email,
        welcome_email(Welcome::Administrator, &name, &org, &link),
    )
    .await?;
    back_to_list("invite");
    Ok(())
}

/// Kind of email recorded for account links.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
const KIND_ACCOUNT: &str = "compte";

/// Sends an account of the organisation a new link to choose its password (the earlier
/// one stops working).
#[server(prefix = "/api/certificateur", endpoint = "compte_lien")]
pub async fn send_account_link(user_id: i32) -> Result<(), AppError> {
    use crate::domain::account::{Purpose, Welcome, welcome_email};
    use crate::domain::ids::UserId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accounts;
    let (state, _, organisation) = certifier()?;
    let (role, name, email, has_password, active) =
        accounts::of_organisation(&state.db, organisation, UserId(user_id))
            .await
            .map_err(|e| internal("accounts", e))?
            .ok_or_else(|| with_status(AppError::NotFound))?;
    if !active {
        return Err(with_status(AppError::Conflict(
            "Ce compte est désactivé : réactivez-le avant d'envoyer un lien.".to_owned(),
        )));
    }
    if has_password {
        return Err(with_status(AppError::Conflict(
            "Cette personne a déjà choisi son mot de passe ; en cas d'oubli, elle utilise « Mot de passe oublié ? » sur la page de connexion.".to_owned(),
        )));
    }
    let link = accounts::issue_link(
        &state.db,
        UserId(user_id),
        Purpose::Choose,
        (state.clock.now(), &state.settings.public_url),
    )
    .await
    .map_err(|e| internal("accounts", e))?;
    let org = accounts::organisation_name(&state.db, organisation)
        .await
        .map_err(|e| internal("accounts", e))?;
    let who = match role {
        Role::CertifierAdmin => Welcome::Administrator,
        Role::JuryMember => Welcome::Juror,
        Role::Candidate => Welcome::Candidate,
    };
    crate::ssr::mail::deliver(
        &state,
        organisation,
        (KIND_ACCOUNT, None),
        &email,
        welcome_email(who, &name, &org, &link),
    )
    .await?;
    back_to_list("lien");
    Ok(())
}

/// Deactivates (its sessions end at once, its history stays) or reactivates an account
/// of the organisation. The certifier cannot deactivate their own account, nor the last
/// active administrator.
#[server(prefix = "/api/certificateur", endpoint = "compte_activer")]
pub async fn set_account_active(user_id: i32, active: bool) -> Result<(), AppError> {
    use crate::domain::ids::UserId;
    use crate::ssr::auth::{internal, with_status};
    use crate::ssr::repo::accounts;
    let (state, user, organisation) = certifier()?;
    let (role, _, _, _, _) = accounts::of_organisation(&state.db, organisation, UserId(user_id))
        .await
        .map_err(|e| internal("accounts", e))?
        .ok_or_else(|| with_status(AppError::NotFound))?;
    if !active && user_id == user.id.0 {
        return Err(with_status(AppError::Conflict(
            "Vous ne pouvez pas désactiver votre propre compte.".to_owned(),
        )));
    }
    if !active && role == Role::CertifierAdmin {
        let admins = accounts::active_administrators(&state.db, organisation)
            .await
            .map_err(|e| internal("accounts", e))?;
        if admins <= 1 {
            return Err(with_status(AppError::Conflict(
                "L'organisation garde au moins un administrateur actif.".to_owned(),
            )));
        }
    }
    accounts::set_active(&state.db, UserId(user_id), active)
        .await
        .map_err(|e| internal("accounts", e))?;
    tracing::info!(account = user_id, active, by = %user.id, "account activation changed");
    back_to_list(if active { "reactive" } else { "desactive" });
    Ok(())
}

/// A referent designates an administrator as referent for accommodations (health
/// data), or withdraws it (`referent = "oui"` or `"non"`). Audited.
#[server(prefix = "/api/certificateur", endpoint = "compte_referent")]
pub async fn set_accommodation_referent(user_id: i32, referent: String) -> Result<(), AppError> {
    use crate::domain::ids::UserId;
    use crate::ssr::auth::{internal, with_status};
    let (state, user, organisation) = certifier()?;
    let referent = match referent.as_str() {
        "oui" => true,
        "non" => false,
        _ => {
            return Err(with_status(AppError::invalid(
                "referent",
                "Choisissez oui ou non.",
            )));
        }
    };
    if !crate::ssr::repo::accommodations::is_referent(&state.db, user.id)
        .await
        .map_err(|e| internal("accounts", e))?
    {
        return Err(with_status(AppError::Conflict(
            "Seul un référent handicap peut en désigner un autre ou retirer ce rôle.".to_owned(),
        )));
    }
    if !referent && user_id == user.id.0 {
        return Err(with_status(AppError::Conflict(
            "Un autre référent doit vous retirer ce rôle : l'organisation en garde toujours un."
                .to_owned(),
        )));
    }
    let changed = crate::ssr::repo::accounts::set_referent(
        &state.db,
        organisation,
        UserId(user_id),
        referent,
        (user.id, state.clock.now()),
    )
    .await
    .map_err(|e| internal("accounts", e))?;
    if !changed {
        return Err(with_status(AppError::NotFound));
    }
    back_to_list(if referent { "referent" } else { "non_referent" });
    Ok(())
}

/// What the page behind a password link shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordLinkPage {
    pub name: String,
    pub email: String,
    /// A first password (`true`) or a reset.
    pub first: bool,
}

/// Whose link this is; a clear refusal when it cannot be used.
#[server(prefix = "/api/compte", endpoint = "lien", input = GetUrl)]
pub async fn load_password_link(token: String) -> Result<PasswordLinkPage, AppError> {
    use crate::domain::account::Purpose;
    use crate::ssr::auth::{app_state, internal, with_status};
    let state = app_state()?;
    match crate::ssr::repo::accounts::link_holder(&state.db, &token, state.clock.now())
        .await
        .map_err(|e| internal("password link", e))?
    {
        Ok(holder) => Ok(PasswordLinkPage {
            name: holder.name,
            email: holder.email,
            first: holder.purpose == Purpose::Choose,
        }),
        Err(refusal) => Err(with_status(AppError::Conflict(
            refusal.message().to_owned(),
        ))),
    }
}

/// Sets the password through a link (spent at once; every open session of the account
/// ends), then back to the login page.
#[server(prefix = "/api/compte", endpoint = "mot_de_passe")]
pub async fn choose_password(
    token: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    use crate::ssr::auth::{app_state, hash_password, internal, with_status};
    let state = app_state()?;
    crate::domain::account::check_password(&password, &confirmation)
        .map_err(|message| with_status(AppError::invalid("password", message)))?;
    // Checked before hashing, so that a dead link answers at once.
    if let Err(refusal) =
        crate::ssr::repo::accounts::link_holder(&state.db, &token, state.clock.now())
            .await
            .map_err(|e| internal("password link", e))?
    {
        return Err(with_status(AppError::Conflict(
            refusal.message().to_owned(),
        )));
    }
    let hash = hash_password(&password)?;
    match crate::ssr::repo::accounts::redeem(&state.db, &token, hash, state.clock.now())
        .await
        .map_err(|e| internal("password link", e))?
    {
        Ok(email) => {
            let query = serde_urlencoded::to_string([("info", "mot-de-passe"), ("email", &email)])
                .unwrap_or_default();
            leptos_axum::redirect(&format!("/connexion?{query}"));
            Ok(())
        }
        Err(refusal) => Err(with_status(AppError::Conflict(
            refusal.message().to_owned(),
        ))),
    }
}

/// "Mot de passe oublié ?": emails a one-hour link when the address is an active
/// account's. The answer is the same whether it is or not; requests are rate-limited
/// per email (silently) and per address (said).
#[server(prefix = "/api/compte", endpoint = "oubli")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::domain::account::{Purpose, reset_email};
    use crate::domain::throttle::{RESET_ACCOUNT, RESET_ADDRESS, RESET_EMAIL, wait_fr};
    use crate::ssr::auth::{app_state, current_client_address, internal, with_status};
    use crate::ssr::repo::accounts;
    let state = app_state()?;
    let now = state.clock.now();
    let email = email.trim().to_lowercase();
    if !crate::domain::candidate::email_is_valid(&email) {
        return Err(with_status(AppError::invalid(
            "email",
            "Indiquez une adresse électronique valide.",
        )));
    }
    let address = current_client_address();
    if let Some(wait) = crate::ssr::throttle::reserve(
        &state.db,
        &format!("reinitialisation-adresse:{address}"),
        RESET_ADDRESS,
        now,
    )
    .await
    .map_err(|e| internal("throttle", e))?
    {
        return Err(with_status(AppError::Conflict(format!(
            "Trop de demandes depuis votre connexion. Réessayez dans {}.",
            wait_fr(wait)
        ))));
    }
    // Three links an hour for this email from this address (silently), ten from
    // anywhere (said, so that strangers' requests never make the owner's silent).
    let waiting = crate::ssr::throttle::reserve(
        &state.db,
        &format!("reinitialisation:{email}@{address}"),
        RESET_ACCOUNT,
        now,
    )
    .await
    .map_err(|e| internal("throttle", e))?
    .is_some();
    if !waiting
        && let Some(wait) = crate::ssr::throttle::reserve(
            &state.db,
            &format!("reinitialisation:{email}"),
            RESET_EMAIL,
            now,
        )
        .await
        .map_err(|e| internal("throttle", e))?
    {
        return Err(with_status(AppError::Conflict(format!(
            "Plusieurs liens ont été demandés pour cette adresse depuis une heure, d'ici ou d'ailleurs. Si un compte existe pour elle, le dernier lien envoyé reste valable une heure : consultez votre messagerie (courriers indésirables compris). Vous pourrez en demander un autre dans {}.",
            wait_fr(wait)
        ))));
    }
    let found = accounts::active_by_email(&state.db, &email)
        .await
        .map_err(|e| internal("accounts", e))?;
    if let (false, Some((account, name))) = (waiting, found) {
        let link = accounts::issue_link(
            &state.db,
            account,
            Purpose::Reset,
            (now, &state.settings.public_url),
        )
        .await
        .map_err(|e| internal("accounts", e))?;
        let organisation = accounts::organisation_of(&state.db, account)
            .await
            .map_err(|e| internal("accounts", e))?;
        let content = reset_email(&name, &link);
        match organisation {
            Some(organisation) => {
                crate::ssr::mail::deliver(
                    &state,
                    organisation,
                    ("reinitialisation", None),
                    &email,
                    content,
                )
                .await?;
            }
            None => {
                let (subject, text, html) = content;
                let sent = state
                    .mailer
                    .send(&crate::ssr::ports::OutgoingEmail {
                        to: email.clone(),
                        subject,
                        text,
                        html,
                        attachments: Vec::new(),
                    })
                    .await;
                if let Err(err) = sent {
                    tracing::error!(error = %err, "reset email not sent");
                }
            }
        }
    }
    leptos_axum::redirect("/mot-de-passe-oublie?envoye=1");
    Ok(())
}

/// The spaces of the person logged in: each organisation and role they have, the
/// current one marked.
#[server(prefix = "/api/compte", endpoint = "espaces", input = GetUrl)]
pub async fn my_spaces() -> Result<Vec<crate::domain::account::Space>, AppError> {
    use crate::ssr::auth::{app_state, current_user, internal, with_status};
    let state = app_state()?;
    let user = current_user().ok_or_else(|| with_status(AppError::Unauthenticated))?;
    crate::ssr::repo::users::spaces(&state.db, &user)
        .await
        .map_err(|e| internal("spaces", e))
}
