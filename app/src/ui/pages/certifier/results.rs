//! The session's results as the engine computes them now, before the deliberation:
//! each candidate's outcome with its explanation, provisional while marks are missing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::grading::{ComputedResults, load_computed_results};
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::pagination::{Pagination, SearchForm, page_href};

/// Computed results page.
#[component]
pub fn CertifierResults() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let query = use_query_map();
    let search = move || query.read().get("recherche").unwrap_or_default();
    let page = move || crate::ui::components::pagination::page_in(&query.read());
    let data = page_data(
        move || (id(), search(), page()),
        |(id, search, page)| load_computed_results(id, search, page),
    );
    view! {
        <Title text="Résultats calculés"/>
        <p><a href=move || format!("/certificateur/sessions/{}", id())>"← Session"</a></p>
        <h1>"Résultats calculés"</h1>
        <p>"Calculés à l'instant par le moteur à partir des notes soumises (ou harmonisées), des présences et des rapports de fraude. Ils préparent la délibération : le jury reste souverain."</p>
            {Suspend::new(async move {
                match data.await {
                    Ok(results) => view! { <Results results search=search()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

#[component]
fn Results(results: ComputedResults, search: String) -> impl IntoView {
    let paging = results.paging;
    let link = {
        let search = search.clone();
        move |page: u64| page_href(&[("recherche", search.as_str())], page)
    };
    view! {
        <SearchForm label="Nom ou numéro" search=search.clone()/>
        <p role="status">{format!(
            "{} candidat(s) trouvé(s) sur {} — page {} sur {}",
            paging.total, results.all, paging.page, paging.pages
        )}</p>
        {results.rows.is_empty().then(|| view! { <p>"Aucun candidat ne correspond."</p> })}
        {results.rows.into_iter().map(|r| view! {
            <article class="card">
                <h2>{r.candidate.clone()}</h2>
                <p><strong>{r.decision.clone()}</strong>{r.incomplete.then_some(" — provisoire : des notes manquent, ou l'assiduité n'est pas renseignée")}</p>
                <details>
                    <summary>"Explication"</summary>
                    <ul>{r.explanation.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                </details>
            </article>
        }).collect_view()}
        <Pagination
            previous=(paging.page > 1).then(|| link(paging.page - 1))
            next=(paging.page < paging.pages).then(|| link(paging.page + 1))/>
    }
}
