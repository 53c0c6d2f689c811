//! Postponed deliberations (seed 000: a missing member postpones the jury): when it was
//! decided, by whom, who was absent, why, and the new meeting's date and time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("postponements")
                    .col(pk_auto("id"))
                    .col(integer("jury_id"))
                    .col(timestamp_with_time_zone("decided_at"))
                    .col(integer_null("decided_by"))
                    .col(text("absent"))
                    .col(text("reason"))
                    .col(timestamp_with_time_zone("meeting_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("postponements", "jury_id")
                            .to("juries", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_postponements_jury")
                    .table("postponements")
                    .col("jury_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("postponements").to_owned())
            .await
    }
}
