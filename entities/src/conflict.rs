//! `conflicts`: A conflict of interest between a juror and a candidate or a training group.

use crate::enums::{ConflictKind, ConflictSource};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "conflicts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub jury_member_id: i32,
    pub candidate_id: Option<i32>,
    pub training_group: Option<String>,
    pub kind: ConflictKind,
    pub source: ConflictSource,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::jury_member::Entity",
        from = "Column::JuryMemberId",
        to = "super::jury_member::Column::Id"
    )]
    JuryMember,
    #[sea_orm(
        belongs_to = "super::candidate::Entity",
        from = "Column::CandidateId",
        to = "super::candidate::Column::Id"
    )]
    Candidate,
}

impl Related<super::jury_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JuryMember.def()
    }
}

impl Related<super::candidate::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Candidate.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
