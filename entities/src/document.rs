//! `documents`: An issued document (PV, certificate, transcript…) with its verification code.

use crate::enums::DocumentKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: DocumentKind,
    pub session_id: i32,
    pub enrolment_id: Option<i32>,
    pub bloc_code: Option<String>,
    #[sea_orm(unique)]
    pub verification_code: String,
    pub title: String,
    pub content_hash: String,
    pub issued_at: DateTimeUtc,
    /// What the document certifies (JSON), to render it again and verify it.
    #[sea_orm(column_type = "Text")]
    pub payload_json: Option<String>,
    /// The Open Badges 3.0 credential of a certificate or block certificate, signed on
    /// first request and kept as signed.
    #[sea_orm(column_type = "Text")]
    pub credential_json: Option<String>,
    /// When the certifier revoked the document, and why.
    pub revoked_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub revoked_reason: Option<String>,
    /// The document this one was issued to replace (revoked at the same time).
    pub replaces_id: Option<i32>,
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
        belongs_to = "super::enrolment::Entity",
        from = "Column::EnrolmentId",
        to = "super::enrolment::Column::Id"
    )]
    Enrolment,
}

impl Related<super::exam_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ExamSession.def()
    }
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
