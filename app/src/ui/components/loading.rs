//! What a page shows while its data loads or when loading failed.

use leptos::prelude::*;

use crate::error::AppError;

/// Shown while data loads (only with JavaScript: without it the page arrives complete).
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Chargement…"</p> }
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
