//! `epreuves`: An assessment (épreuve) of a bloc or of the whole certification.

use crate::enums::EpreuveKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "epreuves")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub bloc_id: Option<i32>,
    pub code: String,
    pub title: String,
    pub kind: EpreuveKind,
    pub duration_minutes: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub phases_json: String,
    pub remote_allowed: bool,
    pub max_points_hundredths: i64,
    pub coefficient_hundredths: i64,
    pub double_marking: bool,
    pub discrepancy_hundredths: Option<i64>,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::certification_version::Entity",
        from = "Column::VersionId",
        to = "super::certification_version::Column::Id"
    )]
    CertificationVersion,
    #[sea_orm(
        belongs_to = "super::bloc::Entity",
        from = "Column::BlocId",
        to = "super::bloc::Column::Id"
    )]
    Bloc,
}

impl Related<super::certification_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CertificationVersion.def()
    }
}

impl Related<super::bloc::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bloc.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
