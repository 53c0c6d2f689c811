//! The deliberation: the jury keeps the PV it closed (its content, the hash members
//! sign, when), each seat whether the member was present, and each issued document what
//! it certifies (rendered again identically, shown on the public verification page).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column) pairs added, one statement each (SQLite adds one column at a time).
fn columns() -> Vec<(&'static str, ColumnDef)> {
    vec![
        ("juries", timestamp_with_time_zone_null("closed_at")),
        ("juries", text_null("pv_json")),
        ("juries", string_null("pv_hash")),
        ("jury_seats", boolean_null("present")),
        ("documents", text_null("payload_json")),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, mut column) in columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in columns().into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(column.get_column_name())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
