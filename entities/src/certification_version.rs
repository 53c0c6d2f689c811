//! `certification_versions`: One version of a certification's référentiel, grid and jury rules; sessions bind to one version.

use crate::enums::VersionStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "certification_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub certification_id: i32,
    pub number: i32,
    pub status: VersionStatus,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub partial_validation: bool,
    pub capitalisation_years: Option<i32>,
    /// Retakes allowed per non-validated bloc, and within how many years.
    pub retakes_per_bloc: Option<i32>,
    pub retake_years: Option<i32>,
    pub min_attendance_percent: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub access_routes_json: String,
    #[sea_orm(column_type = "Text")]
    pub grid_json: String,
    #[sea_orm(column_type = "Text")]
    pub jury_rules_json: String,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::certification::Entity",
        from = "Column::CertificationId",
        to = "super::certification::Column::Id"
    )]
    Certification,
}

impl Related<super::certification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certification.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
