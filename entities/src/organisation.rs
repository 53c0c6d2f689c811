//! `organisations`: A certifier (certificateur): the organisation that owns certifications and sessions.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// The name without case, accents or spacing (`domain::organisation::name_key`):
    /// unique, no organisation may pass for another.
    #[sea_orm(unique)]
    pub name_key: Option<String>,
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
    /// The data controller as the privacy notice names it (legal name, address).
    #[sea_orm(column_type = "Text")]
    pub privacy_controller: Option<String>,
    /// How to reach the data protection officer or contact (name, email, post).
    #[sea_orm(column_type = "Text")]
    pub privacy_contact: Option<String>,
    /// The retention policy, months per kind of data (`domain::retention::Policy`);
    /// none: the defaults.
    #[sea_orm(column_type = "Text")]
    pub retention_json: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
