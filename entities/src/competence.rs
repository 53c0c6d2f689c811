//! `competences`: A competence of a bloc.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "competences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub bloc_id: i32,
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::bloc::Entity",
        from = "Column::BlocId",
        to = "super::bloc::Column::Id"
    )]
    Bloc,
}

impl Related<super::bloc::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bloc.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
