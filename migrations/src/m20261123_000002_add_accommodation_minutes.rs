//! A granted pause accommodation keeps its compensated minutes per sitting (seed 004:
//! "temps de pause pendant les épreuves avec temps compensatoire").

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("accommodations")
                    .add_column(integer_null("minutes"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("accommodations")
                    .drop_column("minutes")
                    .to_owned(),
            )
            .await
    }
}
