//! Rate-limit counters in the database (shared by every app server), counted before the
//! check they limit: an attempt is recorded as a failure by compare-and-set first, and
//! forgiven if it succeeds. Parallel attempts therefore see each other — twenty wrong
//! passwords sent at once get five checks, not twenty. Policies: `domain::throttle`.

use chrono::{DateTime, Duration, Utc};
use entities::throttle;
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::domain::throttle::Policy;

/// Attempts of one compare-and-set before giving up (then the caller is asked to wait
/// a second, as if limited). Only attempts past the free failures get there.
const TRIES: usize = 64;

/// Records an attempt under `key` as a failure, unless the key must still wait: then
/// nothing is recorded and the wait is returned.
pub async fn reserve(
    db: &impl ConnectionTrait,
    key: &str,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Option<Duration>, DbErr> {
    // The usual case in one atomic statement: fewer failures than the free ones (or
    // forgotten ones) — counted, and let through.
    let forget = now - Duration::seconds(policy.forget_after_seconds);
    let counted = throttle::Entity::update_many()
        .col_expr(
            throttle::Column::Failures,
            Expr::case(Expr::col(throttle::Column::LastFailureAt).lt(forget), 1)
                .finally(Expr::col(throttle::Column::Failures).add(1))
                .into(),
        )
        .col_expr(throttle::Column::LastFailureAt, Expr::value(Some(now)))
        .filter(throttle::Column::Key.eq(key))
        .filter(
            Condition::any()
                .add(throttle::Column::Failures.lt(policy.free))
                .add(throttle::Column::LastFailureAt.lt(forget)),
        )
        .exec(db)
        .await?;
    if counted.rows_affected == 1 {
        return Ok(None);
    }
    for _ in 0..TRIES {
        let row = throttle::Entity::find_by_id(key.to_owned()).one(db).await?;
        let Some(row) = row else {
            let inserted = throttle::Entity::insert(throttle::ActiveModel {
                key: Set(key.to_owned()),
                failures: Set(1),
                last_failure_at: Set(Some(now)),
            })
            .on_conflict(
                OnConflict::column(throttle::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
            if inserted == 1 {
                return Ok(None);
            }
            continue;
        };
        if let Some(wait) = policy.wait(row.failures, row.last_failure_at, now) {
            return Ok(Some(wait));
        }
        let counted = policy.counted(row.failures, row.last_failure_at, now);
        let mut update = throttle::Entity::update_many()
            .col_expr(
                throttle::Column::Failures,
                Expr::value(counted.saturating_add(1)),
            )
            .col_expr(throttle::Column::LastFailureAt, Expr::value(Some(now)))
            .filter(throttle::Column::Key.eq(key))
            .filter(throttle::Column::Failures.eq(row.failures));
        update = match row.last_failure_at {
            Some(at) => update.filter(throttle::Column::LastFailureAt.eq(at)),
            None => update.filter(throttle::Column::LastFailureAt.is_null()),
        };
        if update.exec(db).await?.rows_affected == 1 {
            return Ok(None);
        }
    }
    Ok(Some(Duration::seconds(1)))
}

/// Takes one recorded attempt back (it succeeded, or another key refused it).
pub async fn release(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    throttle::Entity::update_many()
        .col_expr(
            throttle::Column::Failures,
            Expr::col(throttle::Column::Failures).sub(1),
        )
        .filter(throttle::Column::Key.eq(key))
        .filter(throttle::Column::Failures.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets every failure of a key (its owner proved who they are).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    throttle::Entity::delete_many()
        .filter(throttle::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Reserves an attempt under every key, or none: the first key that must wait takes
/// back the reservations already made and gives its wait.
pub async fn reserve_all(
    db: &impl ConnectionTrait,
    keys: &[(String, Policy)],
    now: DateTime<Utc>,
) -> Result<Option<Duration>, DbErr> {
    for (i, (key, policy)) in keys.iter().enumerate() {
        if let Some(wait) = reserve(db, key, *policy, now).await? {
            for (earlier, _) in &keys[..i] {
                release(db, earlier).await?;
            }
            return Ok(Some(wait));
        }
    }
    Ok(None)
}

/// A lookup by verification code (the public page, a credential): unknown codes count
/// against the client's address, so that guessing codes soon has to wait. `Err` with
/// the French message when it must wait; a found document is not counted.
pub async fn verification_lookup<T, F>(
    db: &impl ConnectionTrait,
    client: &str,
    now: DateTime<Utc>,
    lookup: F,
) -> Result<Result<Option<T>, String>, DbErr>
where
    F: std::future::Future<Output = Result<Option<T>, DbErr>>,
{
    use crate::domain::throttle::{VERIFICATION, wait_fr};
    let key = format!("verification:{client}");
    if let Some(wait) = reserve(db, &key, VERIFICATION, now).await? {
        return Ok(Err(format!(
            "Trop de codes inconnus vérifiés depuis votre adresse : réessayez dans {}.",
            wait_fr(wait)
        )));
    }
    let found = lookup.await?;
    if found.is_some() {
        release(db, &key).await?;
    }
    Ok(Ok(found))
}
