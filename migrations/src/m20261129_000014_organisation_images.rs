//! The organisation's logo and scanned signature, as uploaded (checked PNG or JPEG).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organisation_images")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("mime", 32))
                    .col(blob("bytes"))
                    .col(integer("width"))
                    .col(integer("height"))
                    .col(timestamp_with_time_zone("uploaded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("organisation_images", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisation_images_kind")
                    .table("organisation_images")
                    .col("organisation_id")
                    .col("kind")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("organisation_images").to_owned())
            .await
    }
}
