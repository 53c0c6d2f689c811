//! `grading_allocations`: A grader allocated to a candidate for an épreuve (rank 2 for the second marker).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "grading_allocations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub epreuve_id: i32,
    pub jury_member_id: i32,
    pub grader_rank: i32,
    pub created_at: DateTimeUtc,
    /// Kept by the database (triggers on the marks); never written by the application.
    pub sheet_status: crate::enums::SheetState,
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
        belongs_to = "super::epreuve::Entity",
        from = "Column::EpreuveId",
        to = "super::epreuve::Column::Id"
    )]
    Epreuve,
    #[sea_orm(
        belongs_to = "super::jury_member::Entity",
        from = "Column::JuryMemberId",
        to = "super::jury_member::Column::Id"
    )]
    JuryMember,
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl Related<super::epreuve::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Epreuve.def()
    }
}

impl Related<super::jury_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JuryMember.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
