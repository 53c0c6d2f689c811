//! No lock-out by others, keys that answer a compromise: the addresses each account
//! logged in from (a digest, forgotten after 90 days) so that failures spread over
//! strangers' addresses never slow the owner at their usual one; and the day from which
//! a signing key is known to be compromised (it leaves the DID document).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("known_addresses")
                    .col(pk_auto("id"))
                    .col(integer("user_id"))
                    .col(string_len("digest", 64))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("known_addresses", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_known_addresses_user_digest")
                    .table("known_addresses")
                    .col("user_id")
                    .col("digest")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("signing_keys")
                    .add_column(timestamp_with_time_zone_null("compromised_since"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("signing_keys")
                    .drop_column("compromised_since")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("known_addresses").to_owned())
            .await
    }
}
