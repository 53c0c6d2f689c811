//! The session's results as the engine computes them now, before the deliberation:
//! each candidate's outcome with its explanation, provisional while marks are missing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::grading::load_computed_results;
use crate::ui::components::loading::{ErrorNotice, Loading};

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
    let data = Resource::new(id, load_computed_results);
    view! {
        <Title text="Résultats calculés"/>
        <p><a href=move || format!("/certificateur/sessions/{}", id())>"← Session"</a></p>
        <h1>"Résultats calculés"</h1>
        <p>"Calculés à l'instant par le moteur à partir des notes soumises (ou harmonisées), des présences et des rapports de fraude. Ils préparent la délibération : le jury reste souverain."</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) => rows.into_iter().map(|r| view! {
                        <article class="card">
                            <h2>{r.candidate.clone()}</h2>
                            <p><strong>{r.decision.clone()}</strong>{r.incomplete.then_some(" — provisoire : des notes manquent, ou l'assiduité n'est pas renseignée")}</p>
                            <details>
                                <summary>"Explication"</summary>
                                <ul>{r.explanation.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                            </details>
                        </article>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
