//! How a page loads its data, and what it shows when loading failed.

use leptos::prelude::*;

use crate::error::AppError;

/// A page's data, loaded once while the server renders it: the arguments read from the
/// address, then the call. Pages are server-rendered only (islands hold what runs in the
/// browser), so nothing is refetched or serialised for hydration: the page awaits this
/// future in one top-level `Suspend`, with no `Resource` and no `<Suspense>` (whose
/// task tracking loses wake-ups, leptos issues #4851 and #4578).
pub fn page_data<S, Fut>(source: impl FnOnce() -> S, fetch: impl FnOnce(S) -> Fut) -> Fut
where
    Fut: Future + Send + 'static,
{
    fetch(leptos::prelude::untrack(source))
}

/// A failure to load, in French, announced to screen readers.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.to_string()}</p>
        </div>
    }
}
