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

/// The search of a long list (`?recherche=`): a plain GET form, keeping the list's
/// filter (`?filtre=`) when one is chosen.
#[component]
pub fn SearchForm(
    /// What can be searched: `Nom ou numéro`.
    label: &'static str,
    search: String,
    /// The filter code to keep (empty: none).
    #[prop(optional)]
    filter: &'static str,
) -> impl IntoView {
    view! {
        <form method="get" class="form inline" role="search">
            {(!filter.is_empty()).then(|| view! { <input type="hidden" name="filtre" value=filter/> })}
            <label for="recherche">{label}</label>
            <input id="recherche" name="recherche" type="search" value=search/>
            <button type="submit" class="button">"Rechercher"</button>
        </form>
    }
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

/// The address of page `page` of a list, keeping the list's other parameters (search,
/// filter; empty ones are left out): `?recherche=dupont&page=2`, or `?` for the first
/// page of the whole list.
pub fn page_href(params: &[(&str, &str)], page: u64) -> String {
    let page = page.to_string();
    let mut all: Vec<(&str, &str)> = params.to_vec();
    all.push(("page", if page == "1" { "" } else { page.as_str() }));
    format!("?{}", crate::domain::html::query_string(&all))
}
