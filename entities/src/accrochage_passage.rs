//! `accrochage_passages`: One award declared in a flux, and what the CDC said of it.
use crate::enums::DeclarationStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "accrochage_passages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub flux_id: i32,
    pub enrolment_id: i32,
    /// Empty for the full certification, else the bloc's code.
    pub bloc_code: String,
    pub id_technique: String,
    pub status: DeclarationStatus,
    #[sea_orm(column_type = "Text")]
    pub message: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::accrochage_flux::Entity",
        from = "Column::FluxId",
        to = "super::accrochage_flux::Column::Id"
    )]
    Flux,
}

impl Related<super::accrochage_flux::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Flux.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
