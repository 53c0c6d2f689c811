//! Candidates' personal data (RGPD): the organisation's privacy contacts and retention
//! policy; when each account was last used, whether it was anonymised, and which
//! administrators decide accommodations; the supporting document of an accommodation
//! request and when a request's or an attendance record's details were erased; the
//! daily retention job's runs (one per day whatever the number of servers); and the
//! candidates' rectification and erasure requests.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn columns() -> Vec<(&'static str, ColumnDef)> {
    vec![
        ("organisations", text_null("privacy_controller")),
        ("organisations", text_null("privacy_contact")),
        ("organisations", text_null("retention_json")),
        ("users", timestamp_with_time_zone_null("last_login_at")),
        ("users", timestamp_with_time_zone_null("anonymised_at")),
        (
            "users",
            boolean("accommodation_referent").default(false).to_owned(),
        ),
        ("accommodations", text_null("supporting_reference")),
        (
            "accommodations",
            timestamp_with_time_zone_null("details_erased_at"),
        ),
        (
            "attendance_events",
            timestamp_with_time_zone_null("details_erased_at"),
        ),
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
        // Every administrator decided accommodations until now: they keep doing so.
        manager
            .exec_stmt(
                Query::update()
                    .table("users")
                    .value("accommodation_referent", true)
                    .and_where(Expr::col("role").eq("certifier_admin"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("maintenance_runs")
                    .col(pk_auto("id"))
                    .col(string_len("job", 64))
                    .col(string_len("day", 10))
                    .col(timestamp_with_time_zone("started_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .col(text_null("report"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_maintenance_runs_day")
                    .table("maintenance_runs")
                    .col("job")
                    .col("day")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("identity_requests")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(integer("candidate_id"))
                    .col(integer_null("enrolment_id"))
                    .col(string_len("kind", 32))
                    .col(text("requested_json"))
                    .col(text_null("note"))
                    .col(string_len("status", 32))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(integer_null("decided_by"))
                    .col(text_null("decision_reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("identity_requests", "candidate_id")
                            .to("candidates", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_identity_requests_organisation")
                    .table("identity_requests")
                    .col("organisation_id")
                    .col("status")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("identity_requests").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("maintenance_runs").to_owned())
            .await?;
        for (table, column) in columns() {
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
