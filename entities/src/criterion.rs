//! `criteria`: An observable evaluation criterion of a competence or an épreuve.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "criteria")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub competence_id: Option<i32>,
    pub epreuve_id: Option<i32>,
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub label: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::competence::Entity",
        from = "Column::CompetenceId",
        to = "super::competence::Column::Id"
    )]
    Competence,
    #[sea_orm(
        belongs_to = "super::epreuve::Entity",
        from = "Column::EpreuveId",
        to = "super::epreuve::Column::Id"
    )]
    Epreuve,
}

impl Related<super::competence::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Competence.def()
    }
}

impl Related<super::epreuve::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Epreuve.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
