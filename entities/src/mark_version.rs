//! `mark_versions`: Every past state of a mark: marks are never overwritten without a trace.

use crate::enums::MarkStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "mark_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub mark_id: i32,
    pub version: i32,
    pub points_hundredths: Option<i64>,
    pub met: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    pub status: MarkStatus,
    pub changed_by: Option<i32>,
    pub changed_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::mark::Entity",
        from = "Column::MarkId",
        to = "super::mark::Column::Id"
    )]
    Mark,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ChangedBy",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::mark::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Mark.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
