//! `organisations`: A certifier (certificateur): the organisation that owns certifications and sessions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    #[sea_orm(unique)]
    pub siret: String,
    pub created_at: DateTimeUtc,
    /// Caisse des Dépôts identifiers: the emitter's and the certifier's `idClient`
    /// (8 characters) and the certifier's `idContrat`.
    pub cdc_emitter_id: Option<String>,
    pub cdc_certifier_id: Option<String>,
    pub cdc_contract_id: Option<String>,
    /// Postal address, as documents print it.
    #[sea_orm(column_type = "Text")]
    pub address: Option<String>,
    /// Who signs awards for the organisation, and in what quality.
    pub signatory_name: Option<String>,
    pub signatory_quality: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
