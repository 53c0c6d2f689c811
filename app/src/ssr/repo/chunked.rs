//! Queries over a list of ids that may be long (a session of 50 000 candidates): the
//! list is sent in slices, so that no statement carries more bound values than the
//! database accepts (SQLite 32 766, PostgreSQL 65 535).

use std::future::Future;

use sea_orm::DbErr;

/// Ids per statement.
pub const CHUNK: usize = 1_000;

/// Runs `query` on each slice of `ids` (each id once, in the order first given) and
/// returns every row. The rows of one id stay in the order `query` gives them.
pub async fn all<T, F, Fut>(
    ids: impl IntoIterator<Item = i32>,
    mut query: F,
) -> Result<Vec<T>, DbErr>
where
    F: FnMut(Vec<i32>) -> Fut,
    Fut: Future<Output = Result<Vec<T>, DbErr>>,
{
    // Ids often repeat (the épreuve of each of 100 000 sheets): ask for each once.
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<i32> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(query(chunk.to_vec()).await?);
    }
    Ok(out)
}

/// Runs a write (a delete, an update) on each slice of `ids`; the rows it touched.
pub async fn each<F, Fut>(ids: impl IntoIterator<Item = i32>, mut write: F) -> Result<u64, DbErr>
where
    F: FnMut(Vec<i32>) -> Fut,
    Fut: Future<Output = Result<u64, DbErr>>,
{
    let ids: Vec<i32> = ids.into_iter().collect();
    let mut touched = 0;
    for chunk in ids.chunks(CHUNK) {
        touched += write(chunk.to_vec()).await?;
    }
    Ok(touched)
}
