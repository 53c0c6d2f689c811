//! Each audit entry follows exactly one previous entry: two concurrent writers cannot
//! both chain to the same entry (the second transaction fails and is retried).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ux_audit_log_prev_hash")
                    .table("audit_log")
                    .col("prev_hash")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_audit_log_prev_hash")
                    .table("audit_log")
                    .to_owned(),
            )
            .await
    }
}
