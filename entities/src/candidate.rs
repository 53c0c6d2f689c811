//! `candidates`: A person who sits certifications.

use crate::enums::AccessRoute;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "candidates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub email: String,
    pub access_route: AccessRoute,
    pub category: Option<String>,
    pub training_group: Option<String>,
    pub created_at: DateTimeUtc,
    /// Nom de naissance, when it differs from `last_name` (the name in use).
    pub birth_name: Option<String>,
    /// Second and third first names, comma-separated.
    pub other_first_names: Option<String>,
    /// `M` or `F`, as the Caisse des Dépôts records it.
    pub sex: Option<String>,
    /// Born in France: the commune's INSEE code (2A/2B for Corsica)…
    pub birth_insee_code: Option<String>,
    /// …or its postal code.
    pub birth_postal_code: Option<String>,
    pub birth_commune: Option<String>,
    /// Born abroad: the country's INSEE code (3 digits, 99 omitted) and name.
    pub birth_country_code: Option<String>,
    pub birth_country: Option<String>,
    pub identity_updated_at: Option<DateTimeUtc>,
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
