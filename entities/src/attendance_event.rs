//! `attendance_events`: Attendance of a candidate at a scheduled épreuve.

use crate::enums::AttendanceKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "attendance_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub enrolment_id: i32,
    pub slot_id: i32,
    pub kind: AttendanceKind,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    pub document_ref: Option<String>,
    pub identity_checked: bool,
    #[sea_orm(column_type = "Text")]
    pub incident: Option<String>,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
    /// When the reason, the supporting document and the incident were erased (retention).
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
        belongs_to = "super::schedule_slot::Entity",
        from = "Column::SlotId",
        to = "super::schedule_slot::Column::Id"
    )]
    ScheduleSlot,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::RecordedBy",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl Related<super::schedule_slot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ScheduleSlot.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
