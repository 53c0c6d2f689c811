//! `marks`: One grid item of one épreuve for one candidate, by one grader (no grader: the agreed mark).

use crate::enums::MarkStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "marks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub epreuve_id: i32,
    pub jury_member_id: Option<i32>,
    pub item_code: String,
    pub points_hundredths: Option<i64>,
    pub met: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    pub status: MarkStatus,
    pub version: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i32>,
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
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UpdatedBy",
        to = "super::user::Column::Id"
    )]
    User,
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

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
