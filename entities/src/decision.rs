//! `decisions`: The result of one enrolment: computed by the engine, possibly decided otherwise by the jury.

use crate::enums::Outcome;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub enrolment_id: i32,
    pub computed_outcome: Outcome,
    #[sea_orm(column_type = "Text")]
    pub explanation_json: String,
    pub jury_outcome: Option<Outcome>,
    #[sea_orm(column_type = "Text")]
    pub jury_reason: Option<String>,
    pub final_outcome: Outcome,
    pub decided_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::enrolment::Entity",
        from = "Column::EnrolmentId",
        to = "super::enrolment::Column::Id"
    )]
    Enrolment,
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
