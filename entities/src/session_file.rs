//! `session_files`: a file issued for a session as a whole — the PV as closed (the bytes
//! its members sign), its anonymised copy, the attestation of its signatures, an
//! addendum — kept once with its SHA-256 and served as kept.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub session_id: i32,
    /// The file's name, unique in the session (`pv.pdf`, `pv-signatures.pdf`…).
    pub name: String,
    /// What it is, in French.
    pub title: String,
    /// SHA-256 of `bytes`, in hexadecimal.
    pub sha256: String,
    pub issued_at: DateTimeUtc,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
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
