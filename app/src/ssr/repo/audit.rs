//! The audit log: appended in the same transaction as the change it records, chained by
//! hash (`domain::audit`), read back to verify.

use entities::{audit_entry, audit_head};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::audit::{GENESIS, Head, Record, Stored, chain_of_head, hash, head_id, seal};

/// The key that seals the chain's head (`APP_AUDIT_KEY`), set once at start-up.
static SEAL_KEY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// Sets the key that seals the chain's head (the first call wins: one key per process).
pub fn set_seal_key(key: &[u8]) {
    let _ = SEAL_KEY.set(key.to_vec());
}

/// The key that seals the chain's head.
pub fn seal_key() -> &'static [u8] {
    SEAL_KEY.get().map_or(&[], Vec::as_slice)
}

/// The stored head of a chain (a session's, or `None`'s).
pub async fn head(db: &impl ConnectionTrait, chain: Option<i32>) -> Result<Option<Head>, DbErr> {
    Ok(audit_head::Entity::find_by_id(head_id(chain))
        .one(db)
        .await?
        .map(head_of))
}

fn head_of(h: audit_head::Model) -> Head {
    Head {
        entries: h.entries,
        hash: h.head_hash,
        seal: h.seal,
    }
}

/// Every chain's stored head.
pub async fn heads(
    db: &impl ConnectionTrait,
) -> Result<std::collections::BTreeMap<Option<i32>, Head>, DbErr> {
    Ok(audit_head::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|h| (chain_of_head(h.id), head_of(h)))
        .collect())
}

/// First key of the PostgreSQL advisory lock that orders appends to the chain of no
/// session (the second is the chain's head id).
const CHAIN_LOCK: i32 = 7_270_011;

/// The turn of one audited writer on SQLite, held until the transaction is over.
pub struct Turn(#[allow(dead_code)] Option<tokio::sync::OwnedMutexGuard<()>>);

/// Writers of this process queue here, first come first served, rather than in
/// SQLite's busy handler, which sleeps and retries in growing steps.
static SQLITE_WRITERS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Mutex<()>>> =
    std::sync::LazyLock::new(Default::default);

/// Starts a transaction that will write audited changes: on SQLite it waits for its
/// turn among the process's writers, then takes the write lock at once
/// (`BEGIN IMMEDIATE`), so that concurrent writers wait their turn instead of failing
/// on a stale snapshot. Keep the returned [`Turn`] until the transaction is committed.
pub async fn begin_write(
    db: &sea_orm::DatabaseConnection,
) -> Result<(sea_orm::DatabaseTransaction, Turn), DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let turn = if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        Some(SQLITE_WRITERS.clone().lock_owned().await)
    } else {
        None
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok((txn, Turn(turn)))
}

/// Appends a record after the last entry of its session's chain. On PostgreSQL,
/// appends to one chain wait for each other (the session's row lock; an advisory lock
/// for the chain of no session) so that each reads the link the previous one wrote;
/// appends to other sessions do not wait. The turn is taken as late as possible and
/// held for three statements (turn and head, link and head, commit), since every save
/// of a session queues behind it.
pub async fn append(db: &impl ConnectionTrait, record: Record) -> Result<(), DbErr> {
    let chain = record.session;
    let id = head_id(chain);
    let postgres = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let locked = match (postgres, chain) {
        (true, Some(session)) => session_turn(db, id, session).await?,
        _ => None,
    };
    let last = match locked {
        Some(last) => last,
        None => {
            if postgres {
                db.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK}, {id})"))
                    .await?;
            }
            head(db, chain).await?.map(|h| (h.hash, h.entries))
        }
    };
    let record = record.at_microseconds();
    let (previous, entries) = match last {
        Some((hash, entries)) => (hash, entries + 1),
        // The chain's first entry since heads exist (entries kept before count too).
        None => {
            let of_chain = audit_entry::Entity::find().filter(audit_entry::Column::Chain.eq(id));
            let previous = of_chain
                .clone()
                .order_by_desc(audit_entry::Column::Id)
                .one(db)
                .await?
                .map_or_else(|| GENESIS.to_owned(), |e| e.hash);
            let count = i64::try_from(of_chain.count(db).await?).unwrap_or(0);
            (previous, count + 1)
        }
    };
    let hash = hash(&previous, &record);
    let seal = seal(seal_key(), chain, entries, &hash);
    if postgres {
        // The link and the head in one statement.
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "WITH head AS (
               INSERT INTO audit_heads (id, entries, head_hash, seal) VALUES ($1, $2, $3, $4)
               ON CONFLICT (id) DO UPDATE SET entries = excluded.entries,
                 head_hash = excluded.head_hash, seal = excluded.seal)
             INSERT INTO audit_log (at, actor_user_id, entity, entity_id, action,
               before_json, after_json, reason, prev_hash, hash, chain)
             VALUES ($5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            [
                id.into(),
                entries.into(),
                hash.clone().into(),
                seal.into(),
                record.at.into(),
                record.actor.into(),
                record.entity.into(),
                record.entity_id.into(),
                record.action.into(),
                record.before.into(),
                record.after.into(),
                record.reason.into(),
                previous.into(),
                hash.into(),
                id.into(),
            ],
        ))
        .await?;
        return Ok(());
    }
    audit_head::Entity::insert(audit_head::ActiveModel {
        id: Set(id),
        entries: Set(entries),
        head_hash: Set(hash.clone()),
        seal: Set(seal),
    })
    .on_conflict(
        OnConflict::column(audit_head::Column::Id)
            .update_columns([
                audit_head::Column::Entries,
                audit_head::Column::HeadHash,
                audit_head::Column::Seal,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        at: Set(record.at),
        actor_user_id: Set(record.actor),
        entity: Set(record.entity),
        entity_id: Set(record.entity_id),
        action: Set(record.action),
        before_json: Set(record.before),
        after_json: Set(record.after),
        reason: Set(record.reason),
        prev_hash: Set(previous),
        hash: Set(hash),
        chain: Set(id),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// PostgreSQL: takes the turn of a session's chain — its row's lock, the one its
/// changes take anyway (the revision triggers): one lock, taken first, never two that
/// transactions could take in opposite orders — and reads the chain's head (hash,
/// entries) in the same statement: both rows are locked, so that after waiting for the
/// previous writer PostgreSQL returns the head it wrote, not the one seen before
/// waiting. `FOR NO KEY UPDATE`, the lock an `UPDATE` of the row takes: rows that
/// refer to the session may still be inserted meanwhile. `None` when there is no such
/// session.
#[allow(clippy::type_complexity)]
async fn session_turn(
    db: &impl ConnectionTrait,
    id: i32,
    session: i32,
) -> Result<Option<Option<(String, i64)>>, DbErr> {
    let locked = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT h.head_hash, h.entries FROM exam_sessions s
             JOIN audit_heads h ON h.id = $1
             WHERE s.id = $2 FOR NO KEY UPDATE",
            [id.into(), session.into()],
        ))
        .await?;
    if let Some(row) = locked {
        return Ok(Some(Some((
            row.try_get("", "head_hash")?,
            row.try_get("", "entries")?,
        ))));
    }
    // No head yet (the chain's first entry since heads exist): the session's row alone,
    // then the head, which a writer before us may have created meanwhile.
    let exists = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT id FROM exam_sessions WHERE id = $1 FOR NO KEY UPDATE",
            [session.into()],
        ))
        .await?
        .is_some();
    if !exists {
        return Ok(None);
    }
    Ok(Some(
        head(db, Some(session)).await?.map(|h| (h.hash, h.entries)),
    ))
}

fn stored(e: audit_entry::Model) -> Stored {
    Stored {
        id: e.id,
        record: Record {
            at: e.at,
            actor: e.actor_user_id,
            entity: e.entity,
            entity_id: e.entity_id,
            action: e.action,
            before: e.before_json,
            after: e.after_json,
            reason: e.reason,
            session: chain_of_head(e.chain),
        },
        prev_hash: e.prev_hash,
        hash: e.hash,
    }
}

/// The whole log (every chain), in order.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Stored>, DbErr> {
    Ok(audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect())
}

/// The entries of one chain, in order.
pub async fn chain(db: &impl ConnectionTrait, chain: Option<i32>) -> Result<Vec<Stored>, DbErr> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Chain.eq(head_id(chain)))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect())
}

/// The entries of one entity whose id starts with `prefix` (`mark`, `12:` for every
/// sheet of enrolment 12), in order.
pub async fn of_entity(
    db: &impl ConnectionTrait,
    entity: &str,
    prefix: &str,
) -> Result<Vec<Stored>, DbErr> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq(entity))
        .filter(audit_entry::Column::EntityId.starts_with(prefix))
        .order_by_asc(audit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(stored)
        .collect())
}
