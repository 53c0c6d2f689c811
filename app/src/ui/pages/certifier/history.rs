//! A candidate's history: every audited change to their marks, attendance and fraud
//! reports (who, when, before, after, reason), and whether the audit chain verifies.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::grading::load_history;
use crate::domain::format::datetime_fr;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// History page.
#[component]
pub fn CertifierHistory() -> impl IntoView {
    let params = use_params_map();
    let number = move |key: &str| {
        params
            .read()
            .get(key)
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let ids = move || (number("id"), number("enrolment"));
    let data = page_data(ids, |(session, enrolment)| load_history(session, enrolment));
    view! {
        <Title text="Historique du candidat"/>
        <p><a href=move || format!("/certificateur/sessions/{}", ids().0)>"← Session"</a></p>
        <h1>"Historique du candidat"</h1>
            {Suspend::new(async move {
                match data.await {
                    Ok((email, entries, intact)) => view! {
                        <p class="lead">{email}</p>
                        <p role="status" class=if intact { "notice" } else { "notice notice-error" }>
                            {if intact { "Journal d'audit intègre : aucune entrée modifiée ni supprimée." } else { "Journal d'audit altéré : une entrée a été modifiée ou supprimée (server verify-audit la désigne)." }}
                        </p>
                        {if entries.is_empty() {
                            view! { <p>"Aucune modification enregistrée."</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table>
                                        <caption class="visually-hidden">"Modifications, de la plus ancienne à la plus récente"</caption>
                                        <thead><tr><th scope="col">"Quand"</th><th scope="col">"Qui"</th><th scope="col">"Quoi"</th><th scope="col">"Avant"</th><th scope="col">"Après"</th><th scope="col">"Motif"</th></tr></thead>
                                        <tbody>
                                            {entries.into_iter().map(|e| view! {
                                                <tr>
                                                    <td>{datetime_fr(e.at)}</td>
                                                    <td>{e.who.clone()}</td>
                                                    <td>{format!("{} — {}", e.what, e.action)}</td>
                                                    <td class="code">{e.before.clone().unwrap_or_default()}</td>
                                                    <td class="code">{e.after.clone().unwrap_or_default()}</td>
                                                    <td>{e.reason.clone().unwrap_or_default()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}
