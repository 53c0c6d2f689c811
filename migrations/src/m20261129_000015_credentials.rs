//! Verifiable credentials: each organisation's Ed25519 signing keys (the private half
//! sealed with the server's secret key; retired keys kept to verify what they signed),
//! and per issued document its signed credential and its revocation.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("signing_keys")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(integer("number"))
                    .col(blob("public_key"))
                    .col(blob("sealed_private_key"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("retired_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("signing_keys", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_signing_keys_number")
                    .table("signing_keys")
                    .col("organisation_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new("credential_json").text().null().to_owned(),
            ColumnDef::new("revoked_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new("revoked_reason").text().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("documents")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["credential_json", "revoked_at", "revoked_reason"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("documents")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table("signing_keys").to_owned())
            .await
    }
}
