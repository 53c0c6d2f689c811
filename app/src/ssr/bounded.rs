//! Parsing of uploaded files off the async threads, within a time budget: a file that
//! would take long never holds a thread that serves pages (the parsers are bounded
//! too — depth, counts, lengths — so the budget is a second line, not the first).

use std::time::Duration;

/// How long parsing a small upload (a receipt, an image) may take before the request
/// is answered with a refusal.
pub const BUDGET: Duration = Duration::from_secs(3);

/// How long checking a table of candidates or jurors may take (100 000 lines at most).
pub const TABLE_BUDGET: Duration = Duration::from_secs(60);

/// Runs `parse` on a blocking thread; past `BUDGET`, a French refusal (the thread
/// finishes on its own, bounded by the parser's limits).
pub async fn off_thread<T, F>(parse: F) -> Result<T, String>
where
    F: FnOnce() -> Result<T, String> + Send + 'static,
    T: Send + 'static,
{
    off_thread_within(BUDGET, parse).await
}

/// [`off_thread`] with its own budget.
pub async fn off_thread_within<T, F>(budget: Duration, parse: F) -> Result<T, String>
where
    F: FnOnce() -> Result<T, String> + Send + 'static,
    T: Send + 'static,
{
    match tokio::time::timeout(budget, tokio::task::spawn_blocking(parse)).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err("la lecture du fichier a échoué".to_owned()),
        Err(_) => Err(format!(
            "la lecture du fichier a dépassé {} s : il n'est pas lu",
            budget.as_secs()
        )),
    }
}
