//! How many sheets of a session there are per épreuve, grader and status, kept by the
//! database (triggers on the allocations, whose status the marks' triggers keep): the
//! allocation page's summary and filter counts read a few hundred rows instead of
//! grouping every sheet of the session (280 000 in the scale benchmark) on each load.
//! On PostgreSQL the counts move once per statement (an allocation saves thousands of
//! rows in one statement; one count row updated per row would be walked again for
//! each); on SQLite once per row.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const KEY: &str = "session_id, epreuve_id, jury_member_id, sheet_status";

/// The counts of `rows` (allocations, possibly a transition table) with `sign`.
fn counted(rows: &str, sign: &str) -> String {
    format!(
        "SELECT e.session_id, r.epreuve_id, r.jury_member_id, r.sheet_status, {sign} AS d
         FROM {rows} r JOIN enrolments e ON e.id = r.enrolment_id"
    )
}

/// Adds `deltas` (rows of `KEY` and `d`) to the tally.
fn add(deltas: &str) -> String {
    format!(
        "INSERT INTO sheet_tally ({KEY}, sheets)
         SELECT session_id, epreuve_id, jury_member_id, sheet_status, SUM(d)
         FROM ({deltas}) deltas WHERE true
         GROUP BY session_id, epreuve_id, jury_member_id, sheet_status
         HAVING SUM(d) <> 0
         ON CONFLICT ({KEY}) DO UPDATE SET sheets = sheet_tally.sheets + excluded.sheets"
    )
}

/// SQLite: one row's count (`row`: `NEW` or `OLD`) moved by `sign`.
fn add_row(row: &str, sign: i32) -> String {
    format!(
        "INSERT INTO sheet_tally ({KEY}, sheets)
         SELECT e.session_id, {row}.epreuve_id, {row}.jury_member_id, {row}.sheet_status, {sign}
         FROM enrolments e WHERE e.id = {row}.enrolment_id
         ON CONFLICT ({KEY}) DO UPDATE SET sheets = sheets + excluded.sheets"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sheet_tally")
                    .col(ColumnDef::new("session_id").integer().not_null())
                    .col(ColumnDef::new("epreuve_id").integer().not_null())
                    .col(ColumnDef::new("jury_member_id").integer().not_null())
                    .col(ColumnDef::new("sheet_status").string_len(16).not_null())
                    .col(ColumnDef::new("sheets").big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col("session_id")
                            .col("epreuve_id")
                            .col("jury_member_id")
                            .col("sheet_status"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sheet_tally_session_id")
                            .from("sheet_tally", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&add(&counted("grading_allocations", "1")))
            .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for (suffix, event, tables, deltas) in [
                    (
                        "ins",
                        "INSERT",
                        "NEW TABLE AS new_rows",
                        counted("new_rows", "1"),
                    ),
                    (
                        "upd",
                        "UPDATE",
                        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                        format!(
                            "{} UNION ALL {}",
                            counted("old_rows", "-1"),
                            counted("new_rows", "1")
                        ),
                    ),
                    (
                        "del",
                        "DELETE",
                        "OLD TABLE AS old_rows",
                        counted("old_rows", "-1"),
                    ),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION tally_sheets_{suffix}() RETURNS trigger AS $$
                         BEGIN {}; RETURN NULL; END $$ LANGUAGE plpgsql",
                        add(&deltas)
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER tally_sheets_{suffix}
                         AFTER {event} ON grading_allocations REFERENCING {tables}
                         FOR EACH STATEMENT EXECUTE FUNCTION tally_sheets_{suffix}()"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER tally_sheets_INSERT AFTER INSERT ON grading_allocations
                     FOR EACH ROW BEGIN {new}; END;
                     CREATE TRIGGER tally_sheets_DELETE AFTER DELETE ON grading_allocations
                     FOR EACH ROW BEGIN {old}; END;
                     CREATE TRIGGER tally_sheets_UPDATE AFTER UPDATE ON grading_allocations
                     FOR EACH ROW WHEN OLD.sheet_status IS NOT NEW.sheet_status
                       OR OLD.enrolment_id IS NOT NEW.enrolment_id
                       OR OLD.epreuve_id IS NOT NEW.epreuve_id
                       OR OLD.jury_member_id IS NOT NEW.jury_member_id
                     BEGIN {old}; {new}; END;",
                    new = add_row("NEW", 1),
                    old = add_row("OLD", -1),
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for suffix in ["ins", "upd", "del"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER tally_sheets_{suffix} ON grading_allocations; \
                         DROP FUNCTION tally_sheets_{suffix}()"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "DROP TRIGGER tally_sheets_INSERT; DROP TRIGGER tally_sheets_DELETE;
                     DROP TRIGGER tally_sheets_UPDATE;",
                )
                .await?;
            }
        }
        manager
            .drop_table(Table::drop().table("sheet_tally").to_owned())
            .await
    }
}
