//! `schedule_slots`: A scheduled sitting of an épreuve within a session.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "schedule_slots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_id: i32,
    pub epreuve_id: i32,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub room: Option<String>,
    pub remote: bool,
    pub remote_link: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::exam_session::Entity",
        from = "Column::SessionId",
        to = "super::exam_session::Column::Id"
    )]
    ExamSession,
    #[sea_orm(
        belongs_to = "super::epreuve::Entity",
        from = "Column::EpreuveId",
        to = "super::epreuve::Column::Id"
    )]
    Epreuve,
}

impl Related<super::exam_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExamSession.def()
    }
}

impl Related<super::epreuve::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Epreuve.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
