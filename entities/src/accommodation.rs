//! `accommodations`: A disability accommodation requested for an enrolment, granted or refused.

use crate::enums::{AccommodationKind, AccommodationStatus};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "accommodations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub kind: AccommodationKind,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub status: AccommodationStatus,
    #[sea_orm(column_type = "Text")]
    pub decision_reason: Option<String>,
    pub requested_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i32>,
    /// Compensated pause minutes per sitting, for a granted pause accommodation.
    pub minutes: Option<i32>,
    /// The supporting document's reference (e.g. "avis du médecin CDAPH du 12/03/2026").
    #[sea_orm(column_type = "Text")]
    pub supporting_reference: Option<String>,
    /// When the note, the reference and the decision's reason were erased (retention).
    pub details_erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::enrolment::Entity",
        from = "Column::EnrolmentId",
        to = "super::enrolment::Column::Id"
    )]
    Enrolment,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::DecidedBy",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
