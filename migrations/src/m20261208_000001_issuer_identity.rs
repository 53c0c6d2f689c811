//! Issuer identity that cannot be borrowed: each organisation's name compared without
//! case, accents or spacing (`name_key`, unique on the platform). Existing names are
//! keyed here; where two already collide, the later organisation keeps no key until it
//! is renamed (its next save of its identity is refused until the name is its own).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The same fold as `app::domain::organisation::name_key`.
fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("organisations")
                    .add_column(ColumnDef::new("name_key").string().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, name FROM organisations ORDER BY id",
            ))
            .await?;
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let key = name_key(&name);
            if !seen.insert(key.clone()) {
                continue;
            }
            manager
                .exec_stmt(
                    Query::update()
                        .table("organisations")
                        .value("name_key", key)
                        .and_where(Expr::col("id").eq(id))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_name_key")
                    .table("organisations")
                    .col("name_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_organisations_name_key")
                    .table("organisations")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("organisations")
                    .drop_column("name_key")
                    .to_owned(),
            )
            .await
    }
}
