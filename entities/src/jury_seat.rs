//! `jury_seats`: A member's seat in a jury, with the role held.

use crate::enums::{InvitationStatus, JuryRole};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "jury_seats")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub jury_id: i32,
    pub jury_member_id: i32,
    pub role: JuryRole,
    pub invitation: InvitationStatus,
    pub responded_at: Option<DateTimeUtc>,
    /// Secret of the invitation link (unique).
    pub invitation_token: Option<String>,
    /// Present at the deliberation (set when the president closes it).
    pub present: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::jury::Entity",
        from = "Column::JuryId",
        to = "super::jury::Column::Id"
    )]
    Jury,
    #[sea_orm(
        belongs_to = "super::jury_member::Entity",
        from = "Column::JuryMemberId",
        to = "super::jury_member::Column::Id"
    )]
    JuryMember,
}

impl Related<super::jury::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Jury.def()
    }
}

impl Related<super::jury_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JuryMember.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
