//! One person, several spaces: a `users` row is a person's space in one organisation
//! (candidate here, juror there), and the rows of one email are one person (one
//! password, kept the same on each). The email is no longer unique on the platform, only
//! per organisation and role, so that an organisation enrolling or inviting an address
//! learns nothing of other organisations.
//!
//! SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt from its own
//! definition without it, in one transaction on one connection, foreign keys off for the
//! swap (they would otherwise cascade the old table's rows away).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key",
                )
                .await?;
            }
            DbBackend::Sqlite => {
                let rows = db
                    .query_all_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'users' AND sql IS NOT NULL",
                    ))
                    .await?;
                let mut table = None;
                let mut indexes = Vec::new();
                for row in rows {
                    let kind: String = row.try_get("", "type")?;
                    let sql: String = row.try_get("", "sql")?;
                    if kind == "table" {
                        table = Some(sql);
                    } else {
                        indexes.push(sql);
                    }
                }
                let table = table.ok_or_else(|| DbErr::Custom("table users absente".into()))?;
                let rebuilt = without_email_uniqueness(&table)?;
                let mut script = String::from("PRAGMA foreign_keys = OFF;\nBEGIN IMMEDIATE;\n");
                script.push_str(&rebuilt);
                script.push_str(";\nINSERT INTO users_rebuilt SELECT * FROM users;\n");
                script.push_str("DROP TABLE users;\n");
                script.push_str("ALTER TABLE users_rebuilt RENAME TO users;\n");
                for index in indexes {
                    script.push_str(&index);
                    script.push_str(";\n");
                }
                script.push_str("COMMIT;\nPRAGMA foreign_keys = ON;\n");
                db.execute_unprepared(&script).await?;
            }
            _ => {}
        }
        manager
            .create_index(
                Index::create()
                    .name("ux_users_email_organisation_role")
                    .table("users")
                    .col("email")
                    .col("organisation_id")
                    .col("role")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_users_email_organisation_role")
                    .table("users")
                    .to_owned(),
            )
            .await
    }
}

/// The `CREATE TABLE` of `users` as `users_rebuilt`, its email column without UNIQUE.
fn without_email_uniqueness(sql: &str) -> Result<String, DbErr> {
    let start = sql
        .find("\"email\"")
        .ok_or_else(|| DbErr::Custom(format!("colonne email introuvable : {sql}")))?;
    let end = sql[start..]
        .find(',')
        .map(|i| start + i)
        .ok_or_else(|| DbErr::Custom(format!("définition de email illisible : {sql}")))?;
    let column = &sql[start..end];
    let cleaned = column.replace(" UNIQUE", "");
    let head = sql[..start].replacen("\"users\"", "\"users_rebuilt\"", 1);
    if head == sql[..start] {
        return Err(DbErr::Custom(format!("nom de table inattendu : {sql}")));
    }
    Ok(format!("{head}{cleaned}{}", &sql[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_email_loses_its_uniqueness() {
        let sql = r#"CREATE TABLE "users" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "organisation_id" integer NULL, "email" varchar NOT NULL UNIQUE, "display_name" varchar NOT NULL, FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE CASCADE )"#;
        assert_eq!(
            without_email_uniqueness(sql).expect("rebuilt"),
            r#"CREATE TABLE "users_rebuilt" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "organisation_id" integer NULL, "email" varchar NOT NULL, "display_name" varchar NOT NULL, FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE CASCADE )"#
        );
    }
}
