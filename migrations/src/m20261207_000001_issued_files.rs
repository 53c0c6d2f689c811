//! Documents issued once: each unit's computed result beside the one the decision
//! stands on (a transcript says where the jury departed), the SHA-256 of every kept
//! candidate document's bytes, the link from a reissued document to the one it
//! replaces, and the session's own issued files (the PV as signed, its anonymised copy,
//! the signatures' attestation, addenda) kept as bytes with their SHA-256.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |table: &'static str, column: ColumnDef| {
            Table::alter().table(table).add_column(column).to_owned()
        };
        manager
            .alter_table(add(
                "bloc_results",
                ColumnDef::new("computed_validated")
                    .boolean()
                    .null()
                    .to_owned(),
            ))
            .await?;
        manager
            .alter_table(add(
                "document_files",
                ColumnDef::new("sha256").string().null().to_owned(),
            ))
            .await?;
        manager
            .alter_table(add(
                "documents",
                ColumnDef::new("replaces_id").integer().null().to_owned(),
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("session_files")
                    .col(pk_auto("id"))
                    .col(integer("session_id"))
                    .col(string("name"))
                    .col(string("title"))
                    .col(string("sha256"))
                    .col(timestamp_with_time_zone("issued_at"))
                    .col(blob("bytes"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("session_files", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_files_name")
                    .table("session_files")
                    .col("session_id")
                    .col("name")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("session_files").to_owned())
            .await?;
        for (table, column) in [
            ("documents", "replaces_id"),
            ("document_files", "sha256"),
            ("bloc_results", "computed_validated"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
