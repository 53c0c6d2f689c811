//! Accounts of invited people and their single-use password links. An account made by
//! the certifier has no password (an empty hash, which no password verifies) until its
//! owner chooses one through a link; only a digest of each link's token is stored.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entities::enums::UserRole;
use entities::{account_token, login_session, user};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::domain::account::{
    AccountState, LinkRefusal, PasswordLink, Purpose, account_state, check_link, link_url,
};
use crate::domain::ids::{CandidateId, JuryMemberId, OrganisationId, UserId};
use crate::domain::role::Role;
use crate::ssr::auth::{random_token, token_digest};

/// The stored hash of an account whose owner has not chosen a password yet.
pub const NO_PASSWORD: &str = "";

/// An account for a person the certifier brought in.
pub struct Invited<'a> {
    pub email: &'a str,
    pub name: String,
    pub role: Role,
    pub organisation: OrganisationId,
    pub candidate: Option<CandidateId>,
    pub jury_member: Option<JuryMemberId>,
}

fn new_account(invited: &Invited<'_>, now: DateTime<Utc>) -> user::ActiveModel {
    user::ActiveModel {
        organisation_id: Set(Some(invited.organisation.0)),
        email: Set(invited.email.trim().to_lowercase()),
        display_name: Set(invited.name.clone()),
        password_hash: Set(NO_PASSWORD.to_owned()),
        role: Set(super::users::role_to_db(invited.role)),
        candidate_id: Set(invited.candidate.map(|c| c.0)),
        jury_member_id: Set(invited.jury_member.map(|m| m.0)),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Creates the spaces of invited people (inside the caller's transaction). An email
/// may already be a person's elsewhere: this is one more space of theirs, opened
/// without a password like any other (the organisation sees the same either way); the
/// person's password opens it from their next login. Emails must be free in the
/// organisation for the role: callers refuse taken ones first ([`taken_emails`]).
pub async fn create_invited(
    db: &impl ConnectionTrait,
    invited: &[Invited<'_>],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for chunk in invited.chunks(super::chunked::CHUNK) {
        let rows: Vec<user::ActiveModel> = chunk.iter().map(|i| new_account(i, now)).collect();
        if !rows.is_empty() {
            user::Entity::insert_many(rows)
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(())
}

/// The emails (lower case) of the organisation's spaces of one role: a new candidate,
/// pool member or administrator cannot take one. Other organisations' are not looked
/// at: nothing tells an organisation whether an address is known elsewhere.
pub async fn taken_emails(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    role: Role,
) -> Result<HashSet<String>, DbErr> {
    let emails: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Role.eq(super::users::role_to_db(role)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(emails.into_iter().map(|e| e.to_lowercase()).collect())
}

/// Follows a person's new email and name on their space; `Err(())` when another space
/// of the organisation for the same role already has the email. A space that moves to
/// an email with other spaces joins that person (their password); to a new one, it
/// keeps its own.
pub async fn follow_person(
    db: &impl ConnectionTrait,
    account: Condition,
    email: &str,
    name: &str,
) -> Result<Result<(), ()>, DbErr> {
    let Some(found) = user::Entity::find().filter(account).one(db).await? else {
        return Ok(Ok(()));
    };
    let email = email.trim().to_lowercase();
    let moved = found.email != email;
    if moved
        && user::Entity::find()
            .filter(user::Column::Email.eq(email.clone()))
            .filter(user::Column::OrganisationId.eq(found.organisation_id))
            .filter(user::Column::Role.eq(found.role.clone()))
            .count(db)
            .await?
            > 0
    {
        return Ok(Err(()));
    }
    // One person, one password: a space joining an email that already opens spaces
    // takes their password; otherwise it keeps its own (the address was corrected).
    let joined = if moved {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.clone()))
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::PasswordHash.ne(NO_PASSWORD))
            .one(db)
            .await?
            .map(|u| u.password_hash)
    } else {
        None
    };
    let id = found.id;
    let mut model: user::ActiveModel = found.into();
    model.email = Set(email);
    model.display_name = Set(name.to_owned());
    if let Some(hash) = joined {
        model.password_hash = Set(hash);
        login_session::Entity::delete_many()
            .filter(login_session::Column::UserId.eq(id))
            .exec(db)
            .await?;
    }
    model.update(db).await?;
    Ok(Ok(()))
}

/// `JJ/MM/AAAA à HHhMM`, Paris time.
fn paris(at: DateTime<Utc>) -> String {
    super::schedule::to_local(at)
        .format("%d/%m/%Y à %Hh%M")
        .to_string()
}

/// Issues a new single-use link for an account; earlier unused links of the same
/// purpose stop working.
pub async fn issue_link(
    db: &impl ConnectionTrait,
    account: UserId,
    purpose: Purpose,
    (now, public_url): (DateTime<Utc>, &str),
) -> Result<PasswordLink, DbErr> {
    // Earlier unused links stop working; they are kept so that following one says it
    // was replaced by a later email (rather than "not a valid link").
    account_token::Entity::update_many()
        .col_expr(account_token::Column::ExpiresAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(account.0))
        .filter(account_token::Column::Purpose.eq(purpose.code()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    let token = random_token();
    let expires = now + purpose.lifetime();
    account_token::ActiveModel {
        user_id: Set(account.0),
        purpose: Set(purpose.code().to_owned()),
        token_hash: Set(token_digest(&token)),
        created_at: Set(now),
        expires_at: Set(expires),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let organisation = user::Entity::find_by_id(account.0)
        .one(db)
        .await?
        .and_then(|u| u.organisation_id);
    Ok(PasswordLink {
        url: link_url(public_url, &token),
        purpose,
        expires: paris(expires),
        privacy_url: crate::domain::account::privacy_url(public_url, organisation),
    })
}

/// For an email the organisation is about to send: a new link to choose a password
/// when the address is one of the organisation's active spaces that has none yet.
/// Only the organisation's own spaces are looked at: what it sends never depends on
/// (nor points to) another organisation.
pub async fn first_link_for(
    db: &impl ConnectionTrait,
    (organisation, email): (OrganisationId, &str),
    (now, public_url): (DateTime<Utc>, &str),
) -> Result<Option<PasswordLink>, DbErr> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::PasswordHash.eq(NO_PASSWORD))
        .one(db)
        .await?;
    match found {
        Some(account) => Ok(Some(
            issue_link(db, UserId(account.id), Purpose::Choose, (now, public_url)).await?,
        )),
        None => Ok(None),
    }
}

/// The account behind an email, for a reset: (id, display name), when active.
pub async fn active_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<(UserId, String)>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
        .map(|u| (UserId(u.id), u.display_name)))
}

/// What a link page shows before the password is typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkHolder {
    pub name: String,
    pub email: String,
    pub purpose: Purpose,
}

async fn find_link(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(account_token::Model, user::Model)>, DbErr> {
    Ok(account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(token_digest(token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .and_then(|(t, u)| u.map(|u| (t, u))))
}

/// Whether a later link was issued to the same account (a later email, or the one the
/// password was chosen with).
async fn replaced(db: &impl ConnectionTrait, link: &account_token::Model) -> Result<bool, DbErr> {
    Ok(account_token::Entity::find()
        .filter(account_token::Column::UserId.eq(link.user_id))
        .filter(account_token::Column::Id.gt(link.id))
        .count(db)
        .await?
        > 0)
}

/// Whose link this is, if it can still be used.
pub async fn link_holder(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<LinkHolder, LinkRefusal>, DbErr> {
    let Some((link, account)) = find_link(db, token).await? else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    let replaced = replaced(db, &link).await?;
    if let Err(refusal) = check_link(
        (link.used_at.is_some(), replaced),
        link.expires_at,
        account.active,
        now,
    ) {
        return Ok(Err(refusal));
    }
    Ok(Ok(LinkHolder {
        name: account.display_name,
        email: account.email,
        purpose: Purpose::parse(&link.purpose).unwrap_or(Purpose::Reset),
    }))
}

/// Sets the password through a link, in one transaction: the link is spent (once, even
/// under two simultaneous posts), every other unused link of the account stops
/// working, and every open login session of the account ends. Returns the email.
pub async fn redeem(
    db: &sea_orm::DatabaseConnection,
    token: &str,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<Result<String, LinkRefusal>, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let Some((link, account)) = find_link(&txn, token).await? else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    let replaced = replaced(&txn, &link).await?;
    if let Err(refusal) = check_link(
        (link.used_at.is_some(), replaced),
        link.expires_at,
        account.active,
        now,
    ) {
        return Ok(Err(refusal));
    }
    let spent = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(account_token::Column::Id.eq(link.id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Ok(Err(LinkRefusal::Used));
    }
    account_token::Entity::update_many()
        .col_expr(account_token::Column::ExpiresAt, Expr::value(now))
        .filter(account_token::Column::UserId.eq(account.id))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    // One person, one password: every active space of the email takes it, and every
    // open login of the person ends.
    let email = account.email.clone();
    let spaces: Vec<i32> = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Active.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .chain(std::iter::once(account.id))
        .collect();
    login_session::Entity::delete_many()
        .filter(login_session::Column::UserId.is_in(spaces.clone()))
        .exec(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .filter(user::Column::Id.is_in(spaces))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(email))
}

/// One account in the certifier's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub state: AccountState,
    /// An administrator who reads and decides accommodation requests.
    pub referent: bool,
}

/// A page of the organisation's accounts, searched by name or email and filtered by
/// role, by name; with the total found.
pub async fn list(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    (search, role): (&str, Option<Role>),
    (page, size): (u64, u64),
    now: DateTime<Utc>,
) -> Result<(Vec<AccountRow>, u64), DbErr> {
    let mut query = user::Entity::find().filter(user::Column::OrganisationId.eq(organisation.0));
    let search = search.trim().to_lowercase();
    if !search.is_empty() {
        let pattern = format!("%{}%", search.replace(['%', '_'], ""));
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::DisplayName))).like(&pattern))
                .add(user::Column::Email.like(&pattern)),
        );
    }
    if let Some(role) = role {
        query = query.filter(user::Column::Role.eq(super::users::role_to_db(role)));
    }
    let total = query.clone().count(db).await?;
    let accounts = query
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .offset(page * size)
        .limit(size)
        .all(db)
        .await?;
    let ids: Vec<i32> = accounts.iter().map(|a| a.id).collect();
    let links = super::chunked::all(ids, |chunk| {
        account_token::Entity::find()
            .filter(account_token::Column::UserId.is_in(chunk))
            .filter(account_token::Column::Purpose.eq(Purpose::Choose.code()))
            .all(db)
    })
    .await?;
    let mut latest: HashMap<i32, DateTime<Utc>> = HashMap::new();
    let mut any: HashSet<i32> = HashSet::new();
    for link in links {
        any.insert(link.user_id);
        if link.used_at.is_none() {
            let entry = latest.entry(link.user_id).or_insert(link.expires_at);
            *entry = std::cmp::max(*entry, link.expires_at);
        }
    }
    let rows = accounts
        .into_iter()
        .map(|a| AccountRow {
            state: account_state(
                a.password_hash != NO_PASSWORD,
                a.active,
                latest.get(&a.id).copied(),
                any.contains(&a.id),
                now,
                |at| super::schedule::to_local(at).format("%d/%m/%Y").to_string(),
            ),
            id: a.id,
            name: a.display_name,
            email: a.email,
            role: super::users::role_from_db(a.role),
            referent: a.accommodation_referent,
        })
        .collect();
    Ok((rows, total))
}

/// One of the organisation's accounts: (role, name, email, has a password, active).
pub async fn of_organisation(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    account: UserId,
) -> Result<Option<(Role, String, String, bool, bool)>, DbErr> {
    Ok(user::Entity::find_by_id(account.0)
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .one(db)
        .await?
        .map(|u| {
            (
                super::users::role_from_db(u.role),
                u.display_name,
                u.email,
                u.password_hash != NO_PASSWORD,
                u.active,
            )
        }))
}

/// Deactivates (every open session ends at once) or reactivates an account; its history
/// stays. One transaction.
pub async fn set_active(
    db: &sea_orm::DatabaseConnection,
    account: UserId,
    active: bool,
) -> Result<(), DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .filter(user::Column::Id.eq(account.0))
        .exec(&txn)
        .await?;
    if !active {
        login_session::Entity::delete_many()
            .filter(login_session::Column::UserId.eq(account.0))
            .exec(&txn)
            .await?;
        account_token::Entity::delete_many()
            .filter(account_token::Column::UserId.eq(account.0))
            .filter(account_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Makes an administrator of the organisation a referent for accommodations, or no
/// longer one; audited. False when the account is not one of its administrators.
pub async fn set_referent(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    account: UserId,
    referent: bool,
    (by, now): (UserId, DateTime<Utc>),
) -> Result<bool, DbErr> {
    let (txn, _turn) = crate::ssr::repo::audit::begin_write(db).await?;
    let changed = user::Entity::update_many()
        .col_expr(user::Column::AccommodationReferent, Expr::value(referent))
        .filter(user::Column::Id.eq(account.0))
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Role.eq(super::users::role_to_db(Role::CertifierAdmin)))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Ok(false);
    }
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor: Some(by.0),
            entity: "user".to_owned(),
            entity_id: account.0.to_string(),
            action: if referent {
                "referent_on"
            } else {
                "referent_off"
            }
            .to_owned(),
            before: None,
            after: None,
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Active administrators of the organisation: at least one must stay.
pub async fn active_administrators(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<u64, DbErr> {
    user::Entity::find()
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Role.eq(UserRole::CertifierAdmin))
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await
}

/// The organisation's name, for emails.
pub async fn organisation_name(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<String, DbErr> {
    Ok(entities::organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}

/// The organisation of an account, if any.
pub async fn organisation_of(
    db: &impl ConnectionTrait,
    account: UserId,
) -> Result<Option<OrganisationId>, DbErr> {
    Ok(user::Entity::find_by_id(account.0)
        .one(db)
        .await?
        .and_then(|u| u.organisation_id.map(OrganisationId)))
}

/// Creates a co-administrator's account (no password yet); its id.
pub async fn create_administrator(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
    (name, email): (&str, &str),
    now: DateTime<Utc>,
) -> Result<UserId, DbErr> {
    let invited = Invited {
        email,
        name: name.to_owned(),
        role: Role::CertifierAdmin,
        organisation,
        candidate: None,
        jury_member: None,
    };
    let model = new_account(&invited, now).insert(db).await?;
    Ok(UserId(model.id))
}

/// Emails of the organisation's active administrators (who are told of conflicts).
pub async fn administrator_emails(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Vec<String>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Role.eq(UserRole::CertifierAdmin))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect())
}
