//! `blocs`: A bloc de compétences of a certification version.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "blocs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub version_id: i32,
    pub code: String,
    pub title: String,
    pub position: i32,
    pub mandatory: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::certification_version::Entity",
        from = "Column::VersionId",
        to = "super::certification_version::Column::Id"
    )]
    CertificationVersion,
}

impl Related<super::certification_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CertificationVersion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
