//! `audit_log`: Append-only log of every change that can alter a result, each entry chained to the previous by a hash.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<i32>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    #[sea_orm(column_type = "Text")]
    pub before_json: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub after_json: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    pub prev_hash: String,
    #[sea_orm(unique)]
    pub hash: String,
    /// The session whose chain the entry belongs to; 0 for entries of no session.
    pub chain: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ActorUserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
