//! The rendered PDF of each issued document, once generated for the session's archive.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("document_files")
                    .col(integer("document_id").primary_key())
                    .col(integer("session_id"))
                    .col(blob("pdf"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_files_document")
                            .from("document_files", "document_id")
                            .to("documents", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_document_files_session")
                    .table("document_files")
                    .col("session_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("document_files").to_owned())
            .await
    }
}
