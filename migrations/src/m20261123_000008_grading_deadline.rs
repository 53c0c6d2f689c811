//! The date by which a session's sheets are to be submitted, set by the certifier and
//! shown to each jury member with their progress.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("exam_sessions")
                    .add_column(date_null("grading_due_on"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("exam_sessions")
                    .drop_column("grading_due_on")
                    .to_owned(),
            )
            .await
    }
}
