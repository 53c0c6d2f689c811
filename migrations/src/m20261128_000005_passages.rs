//! Individual passages at an oral or interview sitting: each candidate's order, start,
//! length (phases, lengthened by their accommodations) and room.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("passages")
                    .col(pk_auto("id"))
                    .col(integer("slot_id"))
                    .col(integer("enrolment_id"))
                    .col(integer("position"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(integer("duration_minutes"))
                    .col(string_null("room"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("passages", "slot_id")
                            .to("schedule_slots", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("passages", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passages_slot_enrolment")
                    .table("passages")
                    .col("slot_id")
                    .col("enrolment_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("passages").to_owned())
            .await
    }
}
