//! `identity_requests`: a candidate's request to correct their identity
//! (`rectification`) or to erase an enrolment's data (`erasure`), and the certifier's
//! answer.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "identity_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub candidate_id: i32,
    /// The enrolment an erasure request is about.
    pub enrolment_id: Option<i32>,
    /// `rectification` or `erasure`.
    pub kind: String,
    /// The identity asked for (rectification), in JSON; `{}` for an erasure.
    #[sea_orm(column_type = "Text")]
    pub requested_json: String,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    /// `pending`, `accepted` or `refused`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::candidate::Entity",
        from = "Column::CandidateId",
        to = "super::candidate::Column::Id"
    )]
    Candidate,
}

impl Related<super::candidate::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Candidate.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
