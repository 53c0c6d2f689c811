//! The outcome of a file import: every problem of a refused file (rendered by the
//! server with the page it was sent from), or the number imported (`?importes=N`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::table::RowProblem;

/// The problems of a refused import, provided by the server when it renders the page
/// in answer to the upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRefused(pub Vec<RowProblem>);

/// `refused`: what did not happen (`aucun candidat n'a été ajouté`); `done`: what the
/// number counts (`candidat(s) importé(s)`).
#[component]
pub fn ImportNotice(refused: &'static str, done: &'static str) -> impl IntoView {
    let problems = use_context::<ImportRefused>();
    let query = use_query_map();
    let imported = move || {
        query
            .read()
            .get("importes")
            .and_then(|n| n.parse::<usize>().ok())
    };
    view! {
        {problems.map(|ImportRefused(problems)| view! {
            <div class="notice notice-error" role="alert" id="erreurs-import">
                <p><strong>{format!("Import refusé : {} ligne(s) en erreur, {refused}.", problems.len())}</strong></p>
                <ul>
                    {problems.into_iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}
                </ul>
            </div>
        })}
        {move || imported().map(|n| view! {
            <div class="notice" role="status"><p>{format!("{n} {done}.")}</p></div>
        })}
    }
}
