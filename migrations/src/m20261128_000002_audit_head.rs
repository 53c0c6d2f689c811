//! The audit chain's head — how many entries and the last one's hash, sealed with a key
//! the database does not hold (HMAC) — so that deleting the last entries or rewriting
//! the whole chain is detected; and the head as each PV signature saw it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_heads")
                    .col(integer("id").primary_key())
                    .col(big_integer("entries"))
                    .col(string_len("head_hash", 64))
                    .col(string_len("seal", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("pv_signatures")
                    .add_column(big_integer_null("audit_entries"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("pv_signatures")
                    .add_column(string_len_null("audit_head", 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["audit_head", "audit_entries"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("pv_signatures")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table("audit_heads").to_owned())
            .await
    }
}
