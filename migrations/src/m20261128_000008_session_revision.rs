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

/// Each watched table, and the sessions a row of it (`{r}`: `NEW` or `OLD`) belongs to.
const WATCHED: [(&str, &str); 9] = [
    ("enrolments", "SELECT {r}.session_id"),
    (
        "candidates",
        "SELECT session_id FROM enrolments WHERE candidate_id = {r}.id",
    ),
    (
        "marks",
        "SELECT session_id FROM enrolments WHERE id = {r}.enrolment_id",
    ),
    (
        "attendance_events",
        "SELECT session_id FROM enrolments WHERE id = {r}.enrolment_id",
    ),
    (
        "fraud_reports",
        "SELECT session_id FROM enrolments WHERE id = {r}.enrolment_id",
    ),
    (
        "capitalised_blocs",
        "SELECT session_id FROM enrolments WHERE candidate_id = {r}.candidate_id",
    ),
    ("schedule_slots", "SELECT {r}.session_id"),
    (
        "epreuves",
        "SELECT id FROM exam_sessions WHERE version_id = {r}.version_id",
    ),
    (
        "certification_versions",
        "SELECT id FROM exam_sessions WHERE version_id = {r}.id",
    ),
];

fn bump(sessions: &str, row: &str) -> String {
    format!(
        "UPDATE exam_sessions SET revision = revision + 1 WHERE id IN ({})",
        sessions.replace("{r}", row)
    )
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
        for (table, sessions) in WATCHED {
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION revise_sessions_{table}() RETURNS trigger AS $$
                         BEGIN
                           IF TG_OP IN ('UPDATE', 'DELETE') THEN {old}; END IF;
                           IF TG_OP IN ('INSERT', 'UPDATE') THEN {new}; END IF;
                           RETURN NULL;
                         END $$ LANGUAGE plpgsql",
                        old = bump(sessions, "OLD"),
                        new = bump(sessions, "NEW"),
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER revise_sessions_{table}
                         AFTER INSERT OR UPDATE OR DELETE ON {table}
                         FOR EACH ROW EXECUTE FUNCTION revise_sessions_{table}()"
                    ))
                    .await?;
                }
                _ => {
                    for (event, body) in [
                        ("INSERT", bump(sessions, "NEW")),
                        (
                            "UPDATE",
                            format!("{}; {}", bump(sessions, "OLD"), bump(sessions, "NEW")),
                        ),
                        ("DELETE", bump(sessions, "OLD")),
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
        for (table, _) in WATCHED {
            match manager.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER revise_sessions_{table} ON {table}; \
                         DROP FUNCTION revise_sessions_{table}()"
                    ))
                    .await?;
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
