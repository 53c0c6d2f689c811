//! User accounts and login sessions.

use chrono::{DateTime, Utc};
use entities::enums::UserRole;
use entities::{login_session, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::domain::ids::{CandidateId, JuryMemberId, OrganisationId, UserId};
use crate::domain::role::{CurrentUser, Role};

/// Maps the stored role to the domain role.
pub fn role_from_db(role: UserRole) -> Role {
    match role {
        UserRole::CertifierAdmin => Role::CertifierAdmin,
        UserRole::JuryMember => Role::JuryMember,
        UserRole::Candidate => Role::Candidate,
    }
}

/// Maps the domain role to the stored role.
pub fn role_to_db(role: Role) -> UserRole {
    match role {
        Role::CertifierAdmin => UserRole::CertifierAdmin,
        Role::JuryMember => UserRole::JuryMember,
        Role::Candidate => UserRole::Candidate,
    }
}

fn to_current_user(model: user::Model) -> CurrentUser {
    CurrentUser {
        id: UserId(model.id),
        role: role_from_db(model.role),
        display_name: model.display_name,
        email: model.email,
        organisation_id: model.organisation_id.map(OrganisationId),
        candidate_id: model.candidate_id.map(CandidateId),
        jury_member_id: model.jury_member_id.map(JuryMemberId),
        other_spaces: 0,
    }
}

/// The active spaces of the person of an email (lower case), the one used last first.
pub async fn spaces_of(db: &impl ConnectionTrait, email: &str) -> Result<Vec<user::Model>, DbErr> {
    let mut rows = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    rows.sort_by(|a, b| b.last_login_at.cmp(&a.last_login_at).then(a.id.cmp(&b.id)));
    Ok(rows)
}

/// The password hash of a person (their active spaces, [`spaces_of`]) and the space to
/// open, when they have one. One person, one password: the hash is the one their spaces
/// share (a space an organisation opened since has none until they first log in).
pub fn credentials(spaces: Vec<user::Model>) -> Option<(String, CurrentUser)> {
    let hash = spaces
        .iter()
        .map(|s| s.password_hash.clone())
        .find(|h| h != super::accounts::NO_PASSWORD);
    let others = spaces.len().saturating_sub(1);
    spaces.into_iter().next().map(|first| {
        let mut user = to_current_user(first);
        user.other_spaces = others;
        (
            hash.unwrap_or_else(|| super::accounts::NO_PASSWORD.to_owned()),
            user,
        )
    })
}

/// After a login: the person's spaces opened since by an organisation take the
/// person's password (so that each organisation sees the password chosen).
pub async fn share_password(
    db: &impl ConnectionTrait,
    email: &str,
    hash: &str,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash.to_owned()),
        )
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::PasswordHash.eq(super::accounts::NO_PASSWORD))
        .exec(db)
        .await?;
    Ok(())
}

use crate::domain::account::Space;

/// The spaces of the person logged in as `current`: each organisation and role.
pub async fn spaces(db: &impl ConnectionTrait, current: &CurrentUser) -> Result<Vec<Space>, DbErr> {
    let rows = spaces_of(db, &current.email).await?;
    let names: std::collections::HashMap<i32, String> = entities::organisation::Entity::find()
        .filter(
            entities::organisation::Column::Id.is_in(
                rows.iter()
                    .filter_map(|r| r.organisation_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut spaces: Vec<Space> = rows
        .into_iter()
        .map(|r| Space {
            user_id: r.id,
            organisation: r
                .organisation_id
                .and_then(|o| names.get(&o).cloned())
                .unwrap_or_default(),
            role: role_from_db(r.role),
            current: r.id == current.id.0,
        })
        .collect();
    spaces.sort_by(|a, b| {
        a.organisation
            .cmp(&b.organisation)
            .then(a.user_id.cmp(&b.user_id))
    });
    Ok(spaces)
}

/// Whether `target` is an active space of the same person as `current`.
pub async fn is_own_space(
    db: &impl ConnectionTrait,
    current: &CurrentUser,
    target: UserId,
) -> Result<bool, DbErr> {
    Ok(user::Entity::find_by_id(target.0)
        .filter(user::Column::Email.eq(current.email.as_str()))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// How long an address an account logged in from is remembered.
pub const KNOWN_ADDRESS_DAYS: i64 = 90;

/// The digest kept of an address an account logged in from (never the address).
fn address_digest(user: i32, address: &str) -> String {
    crate::ssr::auth::token_digest(&format!("jury-adresse-connue:{user}:{address}"))
}

/// Whether one of a person's spaces ([`spaces_of`]) logged in from this address in the
/// last 90 days.
pub async fn known_address(
    db: &impl ConnectionTrait,
    spaces: &[user::Model],
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    use entities::known_address;
    if spaces.is_empty() {
        return Ok(false);
    }
    Ok(known_address::Entity::find()
        .filter(
            known_address::Column::Digest.is_in(
                spaces
                    .iter()
                    .map(|s| address_digest(s.id, address))
                    .collect::<Vec<_>>(),
            ),
        )
        .filter(
            known_address::Column::LastSeenAt.gt(now - chrono::Duration::days(KNOWN_ADDRESS_DAYS)),
        )
        .count(db)
        .await?
        > 0)
}

/// Remembers the address of a successful login (and forgets the account's addresses
/// not seen for 90 days).
pub async fn remember_address(
    db: &impl ConnectionTrait,
    user: UserId,
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    use entities::known_address;
    use sea_orm::sea_query::OnConflict;
    known_address::Entity::delete_many()
        .filter(known_address::Column::UserId.eq(user.0))
        .filter(
            known_address::Column::LastSeenAt.lt(now - chrono::Duration::days(KNOWN_ADDRESS_DAYS)),
        )
        .exec(db)
        .await?;
    known_address::Entity::insert(known_address::ActiveModel {
        user_id: sea_orm::Set(user.0),
        digest: sea_orm::Set(address_digest(user.0, address)),
        last_seen_at: sea_orm::Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([known_address::Column::UserId, known_address::Column::Digest])
            .update_column(known_address::Column::LastSeenAt)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whether the organisation has a space of this role for this email.
pub async fn email_taken(
    db: &impl ConnectionTrait,
    email: &str,
    organisation: OrganisationId,
    role: Role,
) -> Result<bool, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::OrganisationId.eq(organisation.0))
        .filter(user::Column::Role.eq(role_to_db(role)))
        .count(db)
        .await?
        > 0)
}

/// A new account to create.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: String,
    pub role: Role,
    pub organisation_id: Option<OrganisationId>,
    pub candidate_id: Option<CandidateId>,
    pub jury_member_id: Option<JuryMemberId>,
}

/// Creates an account and returns its id.
pub async fn create_user(
    db: &impl ConnectionTrait,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<UserId, DbErr> {
    let model = user::ActiveModel {
        organisation_id: Set(new.organisation_id.map(|id| id.0)),
        email: Set(new.email.trim().to_lowercase()),
        display_name: Set(new.display_name.to_owned()),
        password_hash: Set(new.password_hash),
        role: Set(role_to_db(new.role)),
        candidate_id: Set(new.candidate_id.map(|id| id.0)),
        jury_member_id: Set(new.jury_member_id.map(|id| id.0)),
        active: Set(true),
        created_at: Set(now),
        // The first administrator decides accommodations; co-administrators are made
        // referents on the accounts page.
        accommodation_referent: Set(new.role == Role::CertifierAdmin),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(UserId(model.id))
}

/// Records a successful login: the retention policy measures inactivity from it.
pub async fn touch_login(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::LastLoginAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(user::Column::Id.eq(user_id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Opens a login session.
pub async fn create_login_session(
    db: &impl ConnectionTrait,
    user_id: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    login_session::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        user_id: Set(user_id.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The active user behind a session token digest, if the session has not expired.
pub async fn find_session_user(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<CurrentUser>, DbErr> {
    let found = login_session::Entity::find()
        .filter(login_session::Column::TokenHash.eq(token_hash))
        .filter(login_session::Column::ExpiresAt.gt(now))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    let Some(model) = found.and_then(|(_, user)| user).filter(|user| user.active) else {
        return Ok(None);
    };
    let others = user::Entity::find()
        .filter(user::Column::Email.eq(model.email.as_str()))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(model.id))
        .count(db)
        .await?;
    let mut user = to_current_user(model);
    user.other_spaces = usize::try_from(others).unwrap_or(0);
    Ok(Some(user))
}

/// Ends a login session.
pub async fn delete_login_session(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<(), DbErr> {
    login_session::Entity::delete_many()
        .filter(login_session::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Display names of accounts, by id.
pub async fn display_names(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(super::chunked::all(ids, |chunk| {
        user::Entity::find()
            .filter(user::Column::Id.is_in(chunk))
            .all(db)
    })
    .await?
    .into_iter()
    .map(|u| (u.id, u.display_name))
    .collect())
}

/// The stored password hash of a user (signatures re-enter the password).
pub async fn password_hash(
    db: &impl ConnectionTrait,
    user: crate::domain::ids::UserId,
) -> Result<Option<String>, DbErr> {
    Ok(entities::user::Entity::find_by_id(user.0)
        .one(db)
        .await?
        .map(|u| u.password_hash))
}
