//! `juries`: The jury of one session.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "juries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub session_id: i32,
    pub validated_at: Option<DateTimeUtc>,
    /// When the president closed the deliberation.
    pub closed_at: Option<DateTimeUtc>,
    /// The PV as closed (JSON of `domain::deliberation::Pv`).
    #[sea_orm(column_type = "Text")]
    pub pv_json: Option<String>,
    /// SHA-256 of `pv_json`: what members sign.
    pub pv_hash: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::exam_session::Entity",
        from = "Column::SessionId",
        to = "super::exam_session::Column::Id"
    )]
    ExamSession,
}

impl Related<super::exam_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExamSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
