//! Rate limits as one counter row per key (an account from an address, an account, an
//! address…), updated by compare-and-set so that parallel attempts cannot all pass;
//! replaces the log of failed logins.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("throttles")
                    .col(string_len("key", 400).primary_key())
                    .col(integer("failures"))
                    .col(timestamp_with_time_zone_null("last_failure_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("login_attempts").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_attempts")
                    .col(pk_auto("id"))
                    .col(string("key"))
                    .col(timestamp_with_time_zone("attempted_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("throttles").to_owned())
            .await
    }
}
