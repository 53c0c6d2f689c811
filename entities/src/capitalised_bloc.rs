//! `capitalised_blocs`: A bloc validated earlier (capitalisation), exempt within its validity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "capitalised_blocs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub candidate_id: i32,
    pub certification_id: i32,
    pub bloc_code: String,
    pub validated_on: Date,
    pub valid_until: Option<Date>,
    pub source: String,
    pub source_session_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::candidate::Entity",
        from = "Column::CandidateId",
        to = "super::candidate::Column::Id"
    )]
    Candidate,
    #[sea_orm(
        belongs_to = "super::certification::Entity",
        from = "Column::CertificationId",
        to = "super::certification::Column::Id"
    )]
    Certification,
    #[sea_orm(
        belongs_to = "super::exam_session::Entity",
        from = "Column::SourceSessionId",
        to = "super::exam_session::Column::Id"
    )]
    ExamSession,
}

impl Related<super::candidate::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Candidate.def()
    }
}

impl Related<super::certification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certification.def()
    }
}

impl Related<super::exam_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExamSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
