//! A session's revision: a counter the database itself increments, by trigger, on any
//! change to what the scoring engine reads for the session (its candidates, their
//! enrolments, marks, attendance, fraud reports and capitalised blocs, its sittings,
//! its certification version's grid and épreuves). A page can keep the session's
//! evaluation for as long as the revision has not moved, on every app server, and no
//! write path can forget to say that it changed something.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each watched table, and how to find the sessions its rows belong to: in
/// `{select} {column} = <row>.{key}`, or for a set of rows `{select} {column} IN
/// (SELECT {key} FROM <rows>)`.
const WATCHED: [(&str, &str, &str, &str); 9] = [
    ("enrolments", SESSIONS, "id", "session_id"),
    ("candidates", ENROLLED, "candidate_id", "id"),
    ("marks", ENROLLED, "id", "enrolment_id"),
    ("attendance_events", ENROLLED, "id", "enrolment_id"),
    ("fraud_reports", ENROLLED, "id", "enrolment_id"),
    (
        "capitalised_blocs",
        ENROLLED,
        "candidate_id",
        "candidate_id",
    ),
    ("schedule_slots", SESSIONS, "id", "session_id"),
    ("epreuves", SESSIONS, "version_id", "version_id"),
    ("certification_versions", SESSIONS, "version_id", "id"),
];
const SESSIONS: &str = "SELECT id FROM exam_sessions WHERE";
pub(crate) const ENROLLED: &str = "SELECT session_id FROM enrolments WHERE";

const BUMP: &str = "UPDATE exam_sessions SET revision = revision + 1 WHERE id IN";

/// SQLite: one row's sessions (`row`: `NEW` or `OLD`).
pub(crate) fn bump_row((select, column, key): (&str, &str, &str), row: &str) -> String {
    format!("{BUMP} ({select} {column} = {row}.{key})")
}

/// PostgreSQL: the sessions of a statement's rows (`rows`: a transition table), moved
/// once per statement — moving one row thousands of times in one transaction (an
/// import) costs PostgreSQL a walk along every version written before.
fn bump_rows((select, column, key): (&str, &str, &str), rows: &str) -> String {
    format!("{BUMP} ({select} {column} IN (SELECT {key} FROM {rows}))")
}

/// PostgreSQL's statement triggers: (name suffix, event, transition tables, bodies).
pub(crate) fn statement_triggers(
    finder: (&str, &str, &str),
) -> [(&'static str, &'static str, &'static str, String); 3] {
    [
        (
            "ins",
            "INSERT",
            "NEW TABLE AS new_rows",
            bump_rows(finder, "new_rows"),
        ),
        (
            "upd",
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            format!(
                "{}; {}",
                bump_rows(finder, "old_rows"),
                bump_rows(finder, "new_rows")
            ),
        ),
        (
            "del",
            "DELETE",
            "OLD TABLE AS old_rows",
            bump_rows(finder, "old_rows"),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("exam_sessions")
                    .add_column(
                        ColumnDef::new("revision")
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // A new session starts at a random revision: what an app server keeps for
        // session N at revision R can never be taken for another database's session N
        // (tests run many databases in one process).
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE exam_sessions ALTER COLUMN revision
                     SET DEFAULT floor(random() * 1000000000000)::bigint",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER revise_sessions_new AFTER INSERT ON exam_sessions
                     FOR EACH ROW BEGIN
                       UPDATE exam_sessions SET revision = abs(random() % 1000000000000)
                       WHERE id = NEW.id;
                     END",
                )
                .await?;
            }
        }
        for (table, select, column, key) in WATCHED {
            let finder = (select, column, key);
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    for (suffix, event, tables, body) in statement_triggers(finder) {
                        db.execute_unprepared(&format!(
                            "CREATE FUNCTION revise_sessions_{table}_{suffix}() RETURNS trigger AS $$
                             BEGIN {body}; RETURN NULL; END $$ LANGUAGE plpgsql"
                        ))
                        .await?;
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER revise_sessions_{table}_{suffix}
                             AFTER {event} ON {table} REFERENCING {tables}
                             FOR EACH STATEMENT EXECUTE FUNCTION revise_sessions_{table}_{suffix}()"
                        ))
                        .await?;
                    }
                }
                _ => {
                    for (event, body) in [
                        ("INSERT", bump_row(finder, "NEW")),
                        (
                            "UPDATE",
                            format!("{}; {}", bump_row(finder, "OLD"), bump_row(finder, "NEW")),
                        ),
                        ("DELETE", bump_row(finder, "OLD")),
                    ] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER revise_sessions_{table}_{event}
                             AFTER {event} ON {table}
                             FOR EACH ROW BEGIN {body}; END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER revise_sessions_new")
                .await?;
        }
        for (table, ..) in WATCHED {
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    for suffix in ["ins", "upd", "del"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER revise_sessions_{table}_{suffix} ON {table}; \
                             DROP FUNCTION revise_sessions_{table}_{suffix}()"
                        ))
                        .await?;
                    }
                }
                _ => {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER revise_sessions_{table}_{event}"
                        ))
                        .await?;
                    }
                }
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table("exam_sessions")
                    .drop_column("revision")
                    .to_owned(),
            )
            .await
    }
}
