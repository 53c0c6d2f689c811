//! The organisation's own settings: its identity as documents state it.

use chrono::{DateTime, Utc};
use entities::organisation;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use crate::domain::ids::OrganisationId;
use crate::domain::organisation::Identity;

/// The organisation's identity (empty fields where not set yet).
pub async fn identity(
    db: &impl ConnectionTrait,
    organisation: OrganisationId,
) -> Result<Option<Identity>, DbErr> {
    Ok(organisation::Entity::find_by_id(organisation.0)
        .one(db)
        .await?
        .map(|o| Identity {
            name: o.name,
            siret: o.siret,
            address: o.address.unwrap_or_default(),
            signatory_name: o.signatory_name.unwrap_or_default(),
            signatory_quality: o.signatory_quality.unwrap_or_default(),
        }))
}

/// Why an identity was not saved.
#[derive(Debug)]
pub enum NotSaved {
    /// Another organisation has this SIRET.
    SiretTaken,
    Db(DbErr),
}

impl From<DbErr> for NotSaved {
    fn from(e: DbErr) -> Self {
        NotSaved::Db(e)
    }
}

/// Saves the identity (checked by the caller), audited with what it was.
pub async fn save_identity(
    db: &sea_orm::DatabaseConnection,
    organisation: OrganisationId,
    identity: &Identity,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<(), NotSaved> {
    let txn = db.begin().await?;
    let taken = organisation::Entity::find()
        .filter(organisation::Column::Siret.eq(identity.siret.as_str()))
        .filter(organisation::Column::Id.ne(organisation.0))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(NotSaved::SiretTaken);
    }
    let before = self::identity(&txn, organisation).await?;
    organisation::ActiveModel {
        id: Set(organisation.0),
        name: Set(identity.name.clone()),
        siret: Set(identity.siret.clone()),
        address: Set(Some(identity.address.clone())),
        signatory_name: Set(Some(identity.signatory_name.clone())),
        signatory_quality: Set(Some(identity.signatory_quality.clone())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    super::audit::append(
        &txn,
        crate::domain::audit::Record {
            at: now,
            actor,
            entity: "organisation".to_owned(),
            entity_id: organisation.0.to_string(),
            action: "identity".to_owned(),
            before: before.and_then(|b| serde_json::to_string(&b).ok()),
            after: serde_json::to_string(identity).ok(),
            reason: None,
            session: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
