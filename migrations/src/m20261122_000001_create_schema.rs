//! Creates the whole schema of the domain model (shared/SPEC.md), identical on SQLite and
//! PostgreSQL: enums as short strings, decimals as integer hundredths, JSON as text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables in creation order: every table after the tables it references.
const TABLES: &[&str] = &[
    "organisations",
    "candidates",
    "jury_members",
    "users",
    "login_sessions",
    "login_attempts",
    "certifications",
    "certification_versions",
    "blocs",
    "competences",
    "epreuves",
    "criteria",
    "epreuve_modalities",
    "exam_sessions",
    "schedule_slots",
    "enrolments",
    "capitalised_blocs",
    "accommodations",
    "juries",
    "jury_seats",
    "conflicts",
    "grading_allocations",
    "marks",
    "mark_versions",
    "attendance_events",
    "fraud_reports",
    "decisions",
    "bloc_results",
    "pv_signatures",
    "documents",
    "email_messages",
    "audit_log",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organisations")
                    .col(pk_auto("id"))
                    .col(string("name"))
                    .col(string_uniq("siret"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("candidates")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(string("first_name"))
                    .col(string("last_name"))
                    .col(date("birth_date"))
                    .col(string("email"))
                    .col(string_len("access_route", 32))
                    .col(string_null("category"))
                    .col(string_null("training_group"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_candidates_organisation_id")
                            .from("candidates", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_candidates_organisation_id_email")
                    .table("candidates")
                    .col("organisation_id")
                    .col("email")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("jury_members")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(string("first_name"))
                    .col(string("last_name"))
                    .col(string("email"))
                    .col(string_len("gender", 32))
                    .col(boolean("internal"))
                    .col(string("category"))
                    .col(string_len("employment_side", 32))
                    .col(string_len("teacher_kind", 32))
                    .col(integer("years_experience"))
                    .col(date_null("last_activity_on"))
                    .col(text("availability"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_jury_members_organisation_id")
                            .from("jury_members", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_jury_members_organisation_id_email")
                    .table("jury_members")
                    .col("organisation_id")
                    .col("email")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(pk_auto("id"))
                    .col(integer_null("organisation_id"))
                    .col(string_uniq("email"))
                    .col(string("display_name"))
                    .col(string("password_hash"))
                    .col(string_len("role", 32))
                    .col(integer_null("candidate_id"))
                    .col(integer_null("jury_member_id"))
                    .col(boolean("active"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_organisation_id")
                            .from("users", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_candidate_id")
                            .from("users", "candidate_id")
                            .to("candidates", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_jury_member_id")
                            .from("users", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_organisation_id")
                    .table("users")
                    .col("organisation_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_candidate_id")
                    .table("users")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_jury_member_id")
                    .table("users")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("login_sessions")
                    .col(pk_auto("id"))
                    .col(string_uniq("token_hash"))
                    .col(integer("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_login_sessions_user_id")
                            .from("login_sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_login_sessions_user_id")
                    .table("login_sessions")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("login_attempts")
                    .col(pk_auto("id"))
                    .col(string("key"))
                    .col(timestamp_with_time_zone("attempted_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("certifications")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(string("code"))
                    .col(string("title"))
                    .col(string_null("level"))
                    .col(string_len("kind", 32))
                    .col(string_null("template_key"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certifications_organisation_id")
                            .from("certifications", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_certifications_organisation_id_code")
                    .table("certifications")
                    .col("organisation_id")
                    .col("code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("certification_versions")
                    .col(pk_auto("id"))
                    .col(integer("certification_id"))
                    .col(integer("number"))
                    .col(string_len("status", 32))
                    .col(date_null("valid_from"))
                    .col(date_null("valid_until"))
                    .col(boolean("partial_validation"))
                    .col(integer_null("capitalisation_years"))
                    .col(integer_null("min_attendance_percent"))
                    .col(text("access_routes_json"))
                    .col(text("grid_json"))
                    .col(text("jury_rules_json"))
                    .col(text("notes"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_certification_versions_certification_id")
                            .from("certification_versions", "certification_id")
                            .to("certifications", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_certification_versions_certification_id_number")
                    .table("certification_versions")
                    .col("certification_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("blocs")
                    .col(pk_auto("id"))
                    .col(integer("version_id"))
                    .col(string("code"))
                    .col(string("title"))
                    .col(integer("position"))
                    .col(boolean("mandatory"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_blocs_version_id")
                            .from("blocs", "version_id")
                            .to("certification_versions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_blocs_version_id_code")
                    .table("blocs")
                    .col("version_id")
                    .col("code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("competences")
                    .col(pk_auto("id"))
                    .col(integer("bloc_id"))
                    .col(string("code"))
                    .col(text("title"))
                    .col(integer("position"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_competences_bloc_id")
                            .from("competences", "bloc_id")
                            .to("blocs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_competences_bloc_id")
                    .table("competences")
                    .col("bloc_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("epreuves")
                    .col(pk_auto("id"))
                    .col(integer("version_id"))
                    .col(integer_null("bloc_id"))
                    .col(string("code"))
                    .col(string("title"))
                    .col(string_len("kind", 32))
                    .col(integer_null("duration_minutes"))
                    .col(text("phases_json"))
                    .col(boolean("remote_allowed"))
                    .col(big_integer("max_points_hundredths"))
                    .col(big_integer("coefficient_hundredths"))
                    .col(boolean("double_marking"))
                    .col(big_integer_null("discrepancy_hundredths"))
                    .col(integer("position"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_epreuves_version_id")
                            .from("epreuves", "version_id")
                            .to("certification_versions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_epreuves_bloc_id")
                            .from("epreuves", "bloc_id")
                            .to("blocs", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_epreuves_version_id_code")
                    .table("epreuves")
                    .col("version_id")
                    .col("code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_epreuves_bloc_id")
                    .table("epreuves")
                    .col("bloc_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("criteria")
                    .col(pk_auto("id"))
                    .col(integer_null("competence_id"))
                    .col(integer_null("epreuve_id"))
                    .col(string("code"))
                    .col(text("label"))
                    .col(integer("position"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_criteria_competence_id")
                            .from("criteria", "competence_id")
                            .to("competences", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_criteria_epreuve_id")
                            .from("criteria", "epreuve_id")
                            .to("epreuves", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_criteria_competence_id")
                    .table("criteria")
                    .col("competence_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_criteria_epreuve_id")
                    .table("criteria")
                    .col("epreuve_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("epreuve_modalities")
                    .col(pk_auto("id"))
                    .col(integer("epreuve_id"))
                    .col(string("route"))
                    .col(string_len("modality", 32))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_epreuve_modalities_epreuve_id")
                            .from("epreuve_modalities", "epreuve_id")
                            .to("epreuves", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_epreuve_modalities_epreuve_id_route")
                    .table("epreuve_modalities")
                    .col("epreuve_id")
                    .col("route")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("exam_sessions")
                    .col(pk_auto("id"))
                    .col(integer("organisation_id"))
                    .col(integer("version_id"))
                    .col(string("label"))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    .col(string("place"))
                    .col(integer_null("capacity"))
                    .col(string_len("status", 32))
                    .col(date_null("publication_on"))
                    .col(timestamp_with_time_zone_null("published_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_exam_sessions_organisation_id")
                            .from("exam_sessions", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_exam_sessions_version_id")
                            .from("exam_sessions", "version_id")
                            .to("certification_versions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_exam_sessions_organisation_id")
                    .table("exam_sessions")
                    .col("organisation_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_exam_sessions_version_id")
                    .table("exam_sessions")
                    .col("version_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("schedule_slots")
                    .col(pk_auto("id"))
                    .col(integer("session_id"))
                    .col(integer("epreuve_id"))
                    .col(timestamp_with_time_zone("starts_at"))
                    .col(integer("duration_minutes"))
                    .col(string_null("room"))
                    .col(boolean("remote"))
                    .col(string_null("remote_link"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_schedule_slots_session_id")
                            .from("schedule_slots", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_schedule_slots_epreuve_id")
                            .from("schedule_slots", "epreuve_id")
                            .to("epreuves", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_schedule_slots_session_id")
                    .table("schedule_slots")
                    .col("session_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_schedule_slots_epreuve_id")
                    .table("schedule_slots")
                    .col("epreuve_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("enrolments")
                    .col(pk_auto("id"))
                    .col(integer("session_id"))
                    .col(integer("candidate_id"))
                    .col(string("candidate_number"))
                    .col(string_len("status", 32))
                    .col(big_integer_null("attendance_percent_hundredths"))
                    .col(big_integer_null("unjustified_absence_percent_hundredths"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_session_id")
                            .from("enrolments", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_candidate_id")
                            .from("enrolments", "candidate_id")
                            .to("candidates", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_enrolments_session_id_candidate_id")
                    .table("enrolments")
                    .col("session_id")
                    .col("candidate_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_enrolments_session_id_candidate_number")
                    .table("enrolments")
                    .col("session_id")
                    .col("candidate_number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_enrolments_candidate_id")
                    .table("enrolments")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("capitalised_blocs")
                    .col(pk_auto("id"))
                    .col(integer("candidate_id"))
                    .col(integer("certification_id"))
                    .col(string("bloc_code"))
                    .col(date("validated_on"))
                    .col(date_null("valid_until"))
                    .col(string("source"))
                    .col(integer_null("source_session_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capitalised_blocs_candidate_id")
                            .from("capitalised_blocs", "candidate_id")
                            .to("candidates", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capitalised_blocs_certification_id")
                            .from("capitalised_blocs", "certification_id")
                            .to("certifications", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capitalised_blocs_source_session_id")
                            .from("capitalised_blocs", "source_session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_capitalised_blocs_candidate_id")
                    .table("capitalised_blocs")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_capitalised_blocs_certification_id")
                    .table("capitalised_blocs")
                    .col("certification_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_capitalised_blocs_source_session_id")
                    .table("capitalised_blocs")
                    .col("source_session_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("accommodations")
                    .col(pk_auto("id"))
                    .col(integer("enrolment_id"))
                    .col(string_len("kind", 32))
                    .col(text("note"))
                    .col(string_len("status", 32))
                    .col(text_null("decision_reason"))
                    .col(timestamp_with_time_zone("requested_at"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(integer_null("decided_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_accommodations_enrolment_id")
                            .from("accommodations", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_accommodations_decided_by")
                            .from("accommodations", "decided_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_accommodations_enrolment_id")
                    .table("accommodations")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_accommodations_decided_by")
                    .table("accommodations")
                    .col("decided_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("juries")
                    .col(pk_auto("id"))
                    .col(integer_uniq("session_id"))
                    .col(timestamp_with_time_zone_null("validated_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_juries_session_id")
                            .from("juries", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("jury_seats")
                    .col(pk_auto("id"))
                    .col(integer("jury_id"))
                    .col(integer("jury_member_id"))
                    .col(string_len("role", 32))
                    .col(string_len("invitation", 32))
                    .col(timestamp_with_time_zone_null("responded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_jury_seats_jury_id")
                            .from("jury_seats", "jury_id")
                            .to("juries", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_jury_seats_jury_member_id")
                            .from("jury_seats", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_jury_seats_jury_id_jury_member_id")
                    .table("jury_seats")
                    .col("jury_id")
                    .col("jury_member_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_jury_seats_jury_member_id")
                    .table("jury_seats")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("conflicts")
                    .col(pk_auto("id"))
                    .col(integer("jury_member_id"))
                    .col(integer_null("candidate_id"))
                    .col(string_null("training_group"))
                    .col(string_len("kind", 32))
                    .col(string_len("source", 32))
                    .col(text("note"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conflicts_jury_member_id")
                            .from("conflicts", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_conflicts_candidate_id")
                            .from("conflicts", "candidate_id")
                            .to("candidates", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_conflicts_jury_member_id")
                    .table("conflicts")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_conflicts_candidate_id")
                    .table("conflicts")
                    .col("candidate_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("grading_allocations")
                    .col(pk_auto("id"))
                    .col(integer("enrolment_id"))
                    .col(integer("epreuve_id"))
                    .col(integer("jury_member_id"))
                    .col(integer("grader_rank"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grading_allocations_enrolment_id")
                            .from("grading_allocations", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grading_allocations_epreuve_id")
                            .from("grading_allocations", "epreuve_id")
                            .to("epreuves", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_grading_allocations_jury_member_id")
                            .from("grading_allocations", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_grading_allocations_enrolment_id_epreuve_id_jury_member_id")
                    .table("grading_allocations")
                    .col("enrolment_id")
                    .col("epreuve_id")
                    .col("jury_member_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_grading_allocations_epreuve_id")
                    .table("grading_allocations")
                    .col("epreuve_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_grading_allocations_jury_member_id")
                    .table("grading_allocations")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("marks")
                    .col(pk_auto("id"))
                    .col(integer("enrolment_id"))
                    .col(integer("epreuve_id"))
                    .col(integer_null("jury_member_id"))
                    .col(string("item_code"))
                    .col(big_integer_null("points_hundredths"))
                    .col(boolean_null("met"))
                    .col(text("comment"))
                    .col(string_len("status", 32))
                    .col(integer("version"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(integer_null("updated_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_marks_enrolment_id")
                            .from("marks", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_marks_epreuve_id")
                            .from("marks", "epreuve_id")
                            .to("epreuves", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_marks_jury_member_id")
                            .from("marks", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_marks_updated_by")
                            .from("marks", "updated_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_marks_enrolment_id_epreuve_id_jury_member_id_item_code")
                    .table("marks")
                    .col("enrolment_id")
                    .col("epreuve_id")
                    .col("jury_member_id")
                    .col("item_code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_marks_epreuve_id")
                    .table("marks")
                    .col("epreuve_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_marks_jury_member_id")
                    .table("marks")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_marks_updated_by")
                    .table("marks")
                    .col("updated_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("mark_versions")
                    .col(pk_auto("id"))
                    .col(integer("mark_id"))
                    .col(integer("version"))
                    .col(big_integer_null("points_hundredths"))
                    .col(boolean_null("met"))
                    .col(text("comment"))
                    .col(string_len("status", 32))
                    .col(integer_null("changed_by"))
                    .col(timestamp_with_time_zone("changed_at"))
                    .col(text_null("reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mark_versions_mark_id")
                            .from("mark_versions", "mark_id")
                            .to("marks", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mark_versions_changed_by")
                            .from("mark_versions", "changed_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_mark_versions_mark_id_version")
                    .table("mark_versions")
                    .col("mark_id")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_mark_versions_changed_by")
                    .table("mark_versions")
                    .col("changed_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("attendance_events")
                    .col(pk_auto("id"))
                    .col(integer("enrolment_id"))
                    .col(integer("slot_id"))
                    .col(string_len("kind", 32))
                    .col(text_null("reason"))
                    .col(string_null("document_ref"))
                    .col(boolean("identity_checked"))
                    .col(text_null("incident"))
                    .col(integer_null("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_events_enrolment_id")
                            .from("attendance_events", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_events_slot_id")
                            .from("attendance_events", "slot_id")
                            .to("schedule_slots", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_events_recorded_by")
                            .from("attendance_events", "recorded_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_attendance_events_enrolment_id")
                    .table("attendance_events")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_attendance_events_slot_id")
                    .table("attendance_events")
                    .col("slot_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_attendance_events_recorded_by")
                    .table("attendance_events")
                    .col("recorded_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("fraud_reports")
                    .col(pk_auto("id"))
                    .col(integer("enrolment_id"))
                    .col(integer_null("slot_id"))
                    .col(text("facts"))
                    .col(boolean("countersigned"))
                    .col(text_null("refusal_mention"))
                    .col(integer_null("recorded_by"))
                    .col(timestamp_with_time_zone("recorded_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fraud_reports_enrolment_id")
                            .from("fraud_reports", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fraud_reports_slot_id")
                            .from("fraud_reports", "slot_id")
                            .to("schedule_slots", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fraud_reports_recorded_by")
                            .from("fraud_reports", "recorded_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_fraud_reports_enrolment_id")
                    .table("fraud_reports")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_fraud_reports_slot_id")
                    .table("fraud_reports")
                    .col("slot_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_fraud_reports_recorded_by")
                    .table("fraud_reports")
                    .col("recorded_by")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("decisions")
                    .col(pk_auto("id"))
                    .col(integer_uniq("enrolment_id"))
                    .col(string_len("computed_outcome", 32))
                    .col(text("explanation_json"))
                    .col(string_len_null("jury_outcome", 32))
                    .col(text_null("jury_reason"))
                    .col(string_len("final_outcome", 32))
                    .col(timestamp_with_time_zone("decided_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_decisions_enrolment_id")
                            .from("decisions", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("bloc_results")
                    .col(pk_auto("id"))
                    .col(integer("decision_id"))
                    .col(string("bloc_code"))
                    .col(big_integer_null("mark_hundredths"))
                    .col(big_integer_null("points_hundredths"))
                    .col(boolean("validated"))
                    .col(boolean("eliminatory"))
                    .col(boolean("exempt"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_bloc_results_decision_id")
                            .from("bloc_results", "decision_id")
                            .to("decisions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_bloc_results_decision_id_bloc_code")
                    .table("bloc_results")
                    .col("decision_id")
                    .col("bloc_code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("pv_signatures")
                    .col(pk_auto("id"))
                    .col(integer("session_id"))
                    .col(integer("jury_member_id"))
                    .col(timestamp_with_time_zone("signed_at"))
                    .col(string("content_hash"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pv_signatures_session_id")
                            .from("pv_signatures", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pv_signatures_jury_member_id")
                            .from("pv_signatures", "jury_member_id")
                            .to("jury_members", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_pv_signatures_session_id_jury_member_id")
                    .table("pv_signatures")
                    .col("session_id")
                    .col("jury_member_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_pv_signatures_jury_member_id")
                    .table("pv_signatures")
                    .col("jury_member_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("documents")
                    .col(pk_auto("id"))
                    .col(string_len("kind", 32))
                    .col(integer("session_id"))
                    .col(integer_null("enrolment_id"))
                    .col(string_null("bloc_code"))
                    .col(string_uniq("verification_code"))
                    .col(string("title"))
                    .col(string("content_hash"))
                    .col(timestamp_with_time_zone("issued_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_session_id")
                            .from("documents", "session_id")
                            .to("exam_sessions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_enrolment_id")
                            .from("documents", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_documents_session_id")
                    .table("documents")
                    .col("session_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_documents_enrolment_id")
                    .table("documents")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("email_messages")
                    .col(pk_auto("id"))
                    .col(integer_null("organisation_id"))
                    .col(string("recipient"))
                    .col(string("subject"))
                    .col(string("kind"))
                    .col(string_len("status", 32))
                    .col(text_null("error"))
                    .col(integer_null("enrolment_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_messages_organisation_id")
                            .from("email_messages", "organisation_id")
                            .to("organisations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_messages_enrolment_id")
                            .from("email_messages", "enrolment_id")
                            .to("enrolments", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_messages_organisation_id")
                    .table("email_messages")
                    .col("organisation_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_messages_enrolment_id")
                    .table("email_messages")
                    .col("enrolment_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_log")
                    .col(pk_auto("id"))
                    .col(timestamp_with_time_zone("at"))
                    .col(integer_null("actor_user_id"))
                    .col(string("entity"))
                    .col(string("entity_id"))
                    .col(string("action"))
                    .col(text_null("before_json"))
                    .col(text_null("after_json"))
                    .col(text_null("reason"))
                    .col(string("prev_hash"))
                    .col(string_uniq("hash"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_actor_user_id")
                            .from("audit_log", "actor_user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_actor_user_id")
                    .table("audit_log")
                    .col("actor_user_id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).to_owned())
                .await?;
        }
        Ok(())
    }
}
