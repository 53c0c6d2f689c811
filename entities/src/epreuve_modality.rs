//! `epreuve_modalities`: How an épreuve is taken for one access route or candidate category.

use crate::enums::Modality;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "epreuve_modalities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub epreuve_id: i32,
    pub route: String,
    pub modality: Modality,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::epreuve::Entity",
        from = "Column::EpreuveId",
        to = "super::epreuve::Column::Id"
    )]
    Epreuve,
}

impl Related<super::epreuve::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Epreuve.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
