//! A grade save touches one sheet; it should wait for nobody else's. Two changes to
//! the triggers on the marks:
//!
//! - A session's revision moves once per transaction that changes its marks, at
//!   commit: on PostgreSQL a deferred constraint trigger, which remembers in a
//!   transaction-local setting that it already moved the session. Before, the first
//!   mark written locked the session's row until the commit, so every save of the
//!   session queued behind the whole of the previous one; now a save only queues
//!   behind the few statements that append to the session's audit chain. On SQLite
//!   (one writer at a time anyway) a changed mark moves its session's revision once,
//!   not twice, unless it changed enrolment.
//! - A sheet's status is computed again only when a mark's status or its sheet
//!   changed, not on every draft saved.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::m20261128_000008_session_revision::{ENROLLED, bump_row, statement_triggers};
use crate::m20261128_000009_sheet_status::restate;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How to find a mark's sessions from a row of it (`enrolment_id`).
const MARK: (&str, &str, &str) = (ENROLLED, "id", "enrolment_id");

/// A mark row moved to another sheet or changed status (`WHEN` of a row trigger).
const RESTATED: &str = "OLD.status IS DISTINCT FROM NEW.status
    OR OLD.enrolment_id IS DISTINCT FROM NEW.enrolment_id
    OR OLD.epreuve_id IS DISTINCT FROM NEW.epreuve_id
    OR OLD.jury_member_id IS DISTINCT FROM NEW.jury_member_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for suffix in ["ins", "upd", "del"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER revise_sessions_marks_{suffix} ON marks; \
                         DROP FUNCTION revise_sessions_marks_{suffix}()"
                    ))
                    .await?;
                }
                db.execute_unprepared(
                    "CREATE FUNCTION revise_sessions_of_marks() RETURNS trigger AS $$
                     DECLARE moved integer;
                     BEGIN
                       FOR moved IN SELECT DISTINCT session_id FROM enrolments
                                    WHERE id IN (OLD.enrolment_id, NEW.enrolment_id) LOOP
                         IF current_setting('jury.revised_' || moved, true)
                            IS DISTINCT FROM 'y' THEN
                           UPDATE exam_sessions SET revision = revision + 1 WHERE id = moved;
                           PERFORM set_config('jury.revised_' || moved, 'y', true);
                         END IF;
                       END LOOP;
                       RETURN NULL;
                     END $$ LANGUAGE plpgsql",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE CONSTRAINT TRIGGER revise_sessions_of_marks
                     AFTER INSERT OR UPDATE OR DELETE ON marks
                     DEFERRABLE INITIALLY DEFERRED
                     FOR EACH ROW EXECUTE FUNCTION revise_sessions_of_marks()",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "DROP TRIGGER restate_sheet ON marks;
                     CREATE TRIGGER restate_sheet AFTER INSERT OR DELETE ON marks
                     FOR EACH ROW EXECUTE FUNCTION restate_sheet();
                     CREATE TRIGGER restate_sheet_upd AFTER UPDATE ON marks
                     FOR EACH ROW WHEN ({RESTATED}) EXECUTE FUNCTION restate_sheet()"
                ))
                .await?;
            }
            _ => {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER revise_sessions_marks_UPDATE;
                     CREATE TRIGGER revise_sessions_marks_UPDATE AFTER UPDATE ON marks
                     FOR EACH ROW BEGIN {new}; END;
                     CREATE TRIGGER revise_sessions_marks_MOVE AFTER UPDATE ON marks
                     FOR EACH ROW WHEN OLD.enrolment_id IS NOT NEW.enrolment_id
                     BEGIN {old}; END;",
                    new = bump_row(MARK, "NEW"),
                    old = bump_row(MARK, "OLD"),
                ))
                .await?;
                db.execute_unprepared(&format!(
                    "DROP TRIGGER restate_sheet_UPDATE;
                     CREATE TRIGGER restate_sheet_UPDATE AFTER UPDATE ON marks
                     FOR EACH ROW WHEN {restated}
                     BEGIN {old}; {new}; END;",
                    restated = RESTATED.replace("IS DISTINCT FROM", "IS NOT"),
                    old = restate("OLD"),
                    new = restate("NEW"),
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
                db.execute_unprepared(
                    "DROP TRIGGER revise_sessions_of_marks ON marks;
                     DROP FUNCTION revise_sessions_of_marks();
                     DROP TRIGGER restate_sheet_upd ON marks;
                     DROP TRIGGER restate_sheet ON marks;
                     CREATE TRIGGER restate_sheet AFTER INSERT OR UPDATE OR DELETE ON marks
                     FOR EACH ROW EXECUTE FUNCTION restate_sheet()",
                )
                .await?;
                for (suffix, event, tables, body) in statement_triggers(MARK) {
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION revise_sessions_marks_{suffix}() RETURNS trigger AS $$
                         BEGIN {body}; RETURN NULL; END $$ LANGUAGE plpgsql"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER revise_sessions_marks_{suffix}
                         AFTER {event} ON marks REFERENCING {tables}
                         FOR EACH STATEMENT EXECUTE FUNCTION revise_sessions_marks_{suffix}()"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER revise_sessions_marks_MOVE;
                     DROP TRIGGER revise_sessions_marks_UPDATE;
                     CREATE TRIGGER revise_sessions_marks_UPDATE AFTER UPDATE ON marks
                     FOR EACH ROW BEGIN {old}; {new}; END;
                     DROP TRIGGER restate_sheet_UPDATE;
                     CREATE TRIGGER restate_sheet_UPDATE AFTER UPDATE ON marks
                     FOR EACH ROW BEGIN {old_sheet}; {new_sheet}; END;",
                    old = bump_row(MARK, "OLD"),
                    new = bump_row(MARK, "NEW"),
                    old_sheet = restate("OLD"),
                    new_sheet = restate("NEW"),
                ))
                .await?;
            }
        }
        Ok(())
    }
}
