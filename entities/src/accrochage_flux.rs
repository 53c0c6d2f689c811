//! `accrochage_fluxes`: A declaration file sent to the Caisse des Dépôts, and its receipt.
use crate::enums::FluxStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "accrochage_fluxes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub certification_id: i32,
    /// 1, 2, … per organisation ("flux N").
    pub number: i32,
    #[sea_orm(unique)]
    pub id_flux: String,
    /// What was asked: a session, or a date range.
    pub scope: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub xml: String,
    pub passages: i32,
    pub status: FluxStatus,
    #[sea_orm(column_type = "Text")]
    pub receipt_xml: Option<String>,
    pub receipt_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub receipt_message: Option<String>,
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
