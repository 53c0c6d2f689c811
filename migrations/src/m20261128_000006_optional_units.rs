//! The optional units each candidate chose (seed 003: a candidate is graded only on the
//! options they took), as a comma-separated list of unit codes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("enrolments")
                    .add_column(
                        ColumnDef::new("optional_units")
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("enrolments")
                    .drop_column("optional_units")
                    .to_owned(),
            )
            .await
    }
}
