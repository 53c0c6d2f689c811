//! Schema migrations, run by the server at start and by the test harness on every fresh
//! database. One file per change, each with its `down`. Depends on sea-orm-migration only.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_schema;
mod m20261123_000001_add_email_note;
mod m20261123_000002_add_accommodation_minutes;
mod m20261123_000003_add_seat_invitation_token;
mod m20261123_000004_audit_chain_unique_link;
mod m20261123_000005_deliberation;
mod m20261123_000006_retake_policy;
mod m20261123_000007_document_files;
mod m20261123_000008_grading_deadline;
mod m20261128_000001_throttles;
mod m20261128_000002_audit_head;
mod m20261128_000003_account_tokens;
mod m20261128_000004_postponements;
mod m20261128_000005_passages;
mod m20261128_000006_optional_units;
mod m20261128_000007_audit_chains;
mod m20261128_000008_session_revision;
mod m20261128_000009_sheet_status;
mod m20261129_000010_marks_once_per_transaction;
mod m20261129_000011_sheet_tally;
mod m20261129_000012_accrochage;
mod m20261129_000013_organisation_identity;
mod m20261129_000014_organisation_images;
mod m20261129_000015_credentials;
mod m20261129_000016_privacy;
mod m20261207_000001_issued_files;
mod m20261208_000001_issuer_identity;
mod m20261208_000002_no_lockout_keys;
mod m20261208_000003_person_spaces;

/// Every migration of the product, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_schema::Migration),
            Box::new(m20261123_000001_add_email_note::Migration),
            Box::new(m20261123_000002_add_accommodation_minutes::Migration),
            Box::new(m20261123_000003_add_seat_invitation_token::Migration),
            Box::new(m20261123_000004_audit_chain_unique_link::Migration),
            Box::new(m20261123_000005_deliberation::Migration),
            Box::new(m20261123_000006_retake_policy::Migration),
            Box::new(m20261123_000007_document_files::Migration),
            Box::new(m20261123_000008_grading_deadline::Migration),
            Box::new(m20261128_000001_throttles::Migration),
            Box::new(m20261128_000002_audit_head::Migration),
            Box::new(m20261128_000003_account_tokens::Migration),
            Box::new(m20261128_000004_postponements::Migration),
            Box::new(m20261128_000005_passages::Migration),
            Box::new(m20261128_000006_optional_units::Migration),
            Box::new(m20261128_000007_audit_chains::Migration),
            Box::new(m20261128_000008_session_revision::Migration),
            Box::new(m20261128_000009_sheet_status::Migration),
            Box::new(m20261129_000010_marks_once_per_transaction::Migration),
            Box::new(m20261129_000011_sheet_tally::Migration),
            Box::new(m20261129_000012_accrochage::Migration),
            Box::new(m20261129_000013_organisation_identity::Migration),
            Box::new(m20261129_000014_organisation_images::Migration),
            Box::new(m20261129_000015_credentials::Migration),
            Box::new(m20261129_000016_privacy::Migration),
            Box::new(m20261207_000001_issued_files::Migration),
            Box::new(m20261208_000001_issuer_identity::Migration),
            Box::new(m20261208_000002_no_lockout_keys::Migration),
            Box::new(m20261208_000003_person_spaces::Migration),
        ]
    }
}
