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
