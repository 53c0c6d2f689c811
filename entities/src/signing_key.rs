//! `signing_keys`: An organisation's Ed25519 key pair signing its credentials. The
//! private key is sealed (AES-256-GCM) with the server's secret key; a retired key signs
//! nothing more but stays published so that what it signed still verifies.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "signing_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// 1, 2, … within the organisation: the key is `#key-<number>` of its DID.
    pub number: i32,
    #[sea_orm(column_type = "Blob")]
    pub public_key: Vec<u8>,
    /// Nonce (12 bytes) then the AES-256-GCM ciphertext of the 32-byte secret key.
    #[sea_orm(column_type = "Blob")]
    pub sealed_private_key: Vec<u8>,
    pub created_at: DateTimeUtc,
    pub retired_at: Option<DateTimeUtc>,
    /// Declared compromised from this instant: out of the DID document, verifies
    /// nothing; what it signed was signed again with a new key.
    pub compromised_since: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
