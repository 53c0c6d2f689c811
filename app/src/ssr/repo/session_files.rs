//! Files issued for a session as a whole — the PV as closed (the bytes its members
//! sign), its anonymised copy, the attestation of its signatures, addenda: kept once
//! with their SHA-256, each issue appended to the session's audit chain (`issue_file`,
//! the file's name and SHA-256), and served as kept. `server verify-audit` checks every
//! kept file against both.

use chrono::{DateTime, Utc};
use entities::session_file;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::domain::audit::{Record, digest_bytes};

/// The PV as closed: what every member signs.
pub const PV: &str = "pv.pdf";
/// The same, candidates named by their number only.
pub const PV_ANONYMOUS: &str = "pv-anonyme.pdf";
/// The attestation of the PV's signatures, issued at the last one.
pub const PV_SIGNATURES: &str = "pv-signatures.pdf";

/// What the audit chain records of an issued file.
pub const ISSUE: &str = "issue_file";

/// Keeps a file issued for the session and appends its issue to the session's chain;
/// returns its SHA-256. Inside the caller's transaction (the audit turn held).
pub async fn issue(
    db: &impl ConnectionTrait,
    session: i32,
    (name, title): (&str, &str),
    bytes: Vec<u8>,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<String, DbErr> {
    let sha256 = digest_bytes(&bytes);
    session_file::ActiveModel {
        session_id: Set(session),
        name: Set(name.to_owned()),
        title: Set(title.to_owned()),
        sha256: Set(sha256.clone()),
        issued_at: Set(now),
        bytes: Set(bytes),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::audit::append(
        db,
        Record {
            at: now,
            actor,
            entity: "session_file".to_owned(),
            entity_id: name.to_owned(),
            action: ISSUE.to_owned(),
            before: None,
            after: Some(sha256.clone()),
            reason: None,
            session: Some(session),
        },
    )
    .await?;
    Ok(sha256)
}

/// One kept file of the session.
pub async fn get(
    db: &impl ConnectionTrait,
    session: i32,
    name: &str,
) -> Result<Option<session_file::Model>, DbErr> {
    session_file::Entity::find()
        .filter(session_file::Column::SessionId.eq(session))
        .filter(session_file::Column::Name.eq(name))
        .one(db)
        .await
}

/// Every kept file of the session, in the order issued.
pub async fn all(
    db: &impl ConnectionTrait,
    session: i32,
) -> Result<Vec<session_file::Model>, DbErr> {
    session_file::Entity::find()
        .filter(session_file::Column::SessionId.eq(session))
        .order_by_asc(session_file::Column::Id)
        .all(db)
        .await
}

/// Removes the PV's files of a deliberation reopened before its last signature (never
/// signed by all: voided, their issue and their voiding stay in the chain).
pub async fn void_pv(db: &impl ConnectionTrait, session: i32) -> Result<u64, DbErr> {
    Ok(session_file::Entity::delete_many()
        .filter(session_file::Column::SessionId.eq(session))
        .filter(session_file::Column::Name.is_in([PV, PV_ANONYMOUS, PV_SIGNATURES]))
        .exec(db)
        .await?
        .rows_affected)
}

/// Keeps `bytes` as the session's file `name`, in place of an earlier one (a
/// convocation sent again), in its own transaction; returns its SHA-256. The chain
/// keeps every issue.
pub async fn keep(
    db: &sea_orm::DatabaseConnection,
    session: i32,
    (name, title): (&str, &str),
    bytes: Vec<u8>,
    (actor, now): (Option<i32>, DateTime<Utc>),
) -> Result<String, DbErr> {
    let (txn, _turn) = super::audit::begin_write(db).await?;
    session_file::Entity::delete_many()
        .filter(session_file::Column::SessionId.eq(session))
        .filter(session_file::Column::Name.eq(name))
        .exec(&txn)
        .await?;
    let sha256 = issue(&txn, session, (name, title), bytes, (actor, now)).await?;
    txn.commit().await?;
    Ok(sha256)
}

/// The name under which a candidate's convocation, as last sent, is kept.
pub fn convocation_name(candidate_number: &str) -> String {
    format!("convocation-{candidate_number}.pdf")
}

/// The name under which a sitting's attendance sheet is kept once the session is
/// archived.
pub fn attendance_sheet_name(slot: i32) -> String {
    format!("emargement-{slot}.pdf")
}
