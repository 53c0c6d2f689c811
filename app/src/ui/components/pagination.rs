//! Previous and next page links under a long list, keeping its search and filters
//! (plain links: they work without JavaScript).

use leptos::prelude::*;

#[component]
pub fn Pagination(previous: Option<String>, next: Option<String>) -> impl IntoView {
    (previous.is_some() || next.is_some()).then(|| {
        view! {
            <nav aria-label="Pages" class="pagination">
                {previous.map(|href| view! { <a href=href rel="prev">"← Page précédente"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Page suivante →"</a> })}
            </nav>
        }
    })
}

/// The page asked for in the address (`?page=3`): from 1, and 1 when absent or not a
/// number.
pub fn page_in(query: &leptos_router::params::ParamsMap) -> u64 {
    query
        .get("page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}
