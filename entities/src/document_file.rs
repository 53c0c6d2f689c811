//! `document_files`: the rendered PDF of an issued document, kept once generated (the
//! session's bulk generation), so that the archive is assembled without rendering again.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub document_id: i32,
    pub session_id: i32,
    #[sea_orm(column_type = "Blob")]
    pub pdf: Vec<u8>,
    /// SHA-256 of `pdf`, in hexadecimal (files kept before it was have none).
    pub sha256: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::document::Entity",
        from = "Column::DocumentId",
        to = "super::document::Column::Id"
    )]
    Document,
}

impl Related<super::document::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Document.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
