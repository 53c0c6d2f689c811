//! Each allocated sheet's status (to grade, draft, submitted, locked) kept on its
//! allocation by the database (triggers on the marks), so that lists and counts of
//! hundreds of thousands of sheets are one indexed query instead of reading every mark.
//! The rule is the one `repo::grading::status_of` applies to a sheet's marks: none →
//! to grade; any locked → locked; all submitted → submitted; otherwise draft.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The status of the sheet of allocation `{a}`'s enrolment, épreuve and grader.
pub(crate) const STATUS: &str = "(SELECT CASE
      WHEN COUNT(*) = 0 THEN 'to_grade'
      WHEN SUM(CASE WHEN m.status = 'locked' THEN 1 ELSE 0 END) > 0 THEN 'locked'
      WHEN SUM(CASE WHEN m.status = 'submitted' THEN 1 ELSE 0 END) = COUNT(*) THEN 'submitted'
      ELSE 'draft' END
    FROM marks m
    WHERE m.enrolment_id = {a}.enrolment_id AND m.epreuve_id = {a}.epreuve_id
      AND m.jury_member_id = {a}.jury_member_id)";

/// Recomputes the status of the allocation a mark row (`NEW` or `OLD`) belongs to.
pub(crate) fn restate(row: &str) -> String {
    format!(
        "UPDATE grading_allocations SET sheet_status = {}
         WHERE enrolment_id = {row}.enrolment_id AND epreuve_id = {row}.epreuve_id
           AND jury_member_id = {row}.jury_member_id",
        STATUS.replace("{a}", "grading_allocations")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("grading_allocations")
                    .add_column(
                        ColumnDef::new("sheet_status")
                            .string_len(16)
                            .not_null()
                            .default("to_grade"),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "UPDATE grading_allocations SET sheet_status = {}",
            STATUS.replace("{a}", "grading_allocations")
        ))
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_grading_allocations_member_status")
                    .table("grading_allocations")
                    .col("jury_member_id")
                    .col("sheet_status")
                    .to_owned(),
            )
            .await?;
        // Counting a session's sheets by épreuve, grader and status reads this index
        // only, never the allocations themselves.
        manager
            .create_index(
                Index::create()
                    .name("ix_grading_allocations_sheets")
                    .table("grading_allocations")
                    .col("enrolment_id")
                    .col("epreuve_id")
                    .col("jury_member_id")
                    .col("sheet_status")
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION restate_sheet() RETURNS trigger AS $$
                     BEGIN
                       IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.jury_member_id IS NOT NULL THEN {old}; END IF;
                       IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.jury_member_id IS NOT NULL THEN {new}; END IF;
                       RETURN NULL;
                     END $$ LANGUAGE plpgsql",
                    old = restate("OLD"),
                    new = restate("NEW"),
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER restate_sheet AFTER INSERT OR UPDATE OR DELETE ON marks
                     FOR EACH ROW EXECUTE FUNCTION restate_sheet()",
                )
                .await?;
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION state_allocation() RETURNS trigger AS $$
                     BEGIN
                       UPDATE grading_allocations SET sheet_status = {}
                       WHERE id = NEW.id;
                       RETURN NULL;
                     END $$ LANGUAGE plpgsql",
                    STATUS.replace("{a}", "NEW")
                ))
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER state_allocation AFTER INSERT ON grading_allocations
                     FOR EACH ROW EXECUTE FUNCTION state_allocation()",
                )
                .await?;
            }
            _ => {
                for (event, body) in [
                    ("INSERT", restate("NEW")),
                    ("UPDATE", format!("{}; {}", restate("OLD"), restate("NEW"))),
                    ("DELETE", restate("OLD")),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER restate_sheet_{event} AFTER {event} ON marks
                         FOR EACH ROW BEGIN {body}; END"
                    ))
                    .await?;
                }
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER state_allocation AFTER INSERT ON grading_allocations
                     FOR EACH ROW BEGIN
                       UPDATE grading_allocations SET sheet_status = {} WHERE id = NEW.id;
                     END",
                    STATUS.replace("{a}", "NEW")
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
                    "DROP TRIGGER restate_sheet ON marks; DROP FUNCTION restate_sheet();
                     DROP TRIGGER state_allocation ON grading_allocations;
                     DROP FUNCTION state_allocation()",
                )
                .await?;
            }
            _ => {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!("DROP TRIGGER restate_sheet_{event}"))
                        .await?;
                }
                db.execute_unprepared("DROP TRIGGER state_allocation")
                    .await?;
            }
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_grading_allocations_sheets")
                    .table("grading_allocations")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_grading_allocations_member_status")
                    .table("grading_allocations")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("grading_allocations")
                    .drop_column("sheet_status")
                    .to_owned(),
            )
            .await
    }
}
