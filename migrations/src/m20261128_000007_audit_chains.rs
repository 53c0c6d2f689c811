//! One audit chain per session, so that writes to different sessions never queue on
//! the same chain: each entry names its chain (the session's id; 0 for entries of no
//! session and for the log kept before this migration), each chain links its entries
//! from the genesis hash, and each chain's head is the `audit_heads` row of the same id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("audit_log")
                    .add_column(ColumnDef::new("chain").integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_audit_log_prev_hash")
                    .table("audit_log")
                    .to_owned(),
            )
            .await?;
        // Each entry follows exactly one previous entry of its own chain.
        manager
            .create_index(
                Index::create()
                    .name("ux_audit_log_chain_prev_hash")
                    .table("audit_log")
                    .col("chain")
                    .col("prev_hash")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The single head kept so far (id 1) is the head of chain 0.
        manager
            .get_connection()
            .execute_unprepared("UPDATE audit_heads SET id = 0 WHERE id = 1")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_audit_log_chain_prev_hash")
                    .table("audit_log")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_audit_log_prev_hash")
                    .table("audit_log")
                    .col("prev_hash")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("audit_log")
                    .drop_column("chain")
                    .to_owned(),
            )
            .await
    }
}
