//! The candidate's space: enrolments, accommodations, and where results will appear.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::{EnrolmentRow, load_candidate_dashboard};
use crate::ui::components::loading::{ErrorNotice, Loading};
use crate::ui::components::session_summary::SessionSummary;

/// Mon espace candidat.
#[component]
pub fn CandidateHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_candidate_dashboard());
    view! {
        <Title text="Mon espace"/>
        <h1>"Mon espace candidat"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) if dashboard.enrolments.is_empty() => view! {
                        <p>"Vous n'êtes inscrit(e) à aucune session."</p>
                    }.into_any(),
                    Ok(dashboard) => dashboard.enrolments.into_iter()
                        .map(|enrolment| view! { <Enrolment enrolment/> })
                        .collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Enrolment(enrolment: EnrolmentRow) -> impl IntoView {
    view! {
        <article class="card">
            <h2>{enrolment.session.label.clone()}</h2>
            <p>{format!("Numéro de candidat : {}", enrolment.candidate_number)}</p>
            <SessionSummary session=enrolment.session/>
            <h3>"Aménagements d'épreuve"</h3>
            {if enrolment.accommodations.is_empty() {
                view! { <p>"Aucun aménagement demandé."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {enrolment.accommodations.into_iter().map(|a| view! {
                            <li>
                                <strong>{a.kind.label()}</strong>" — "{a.status.label()}
                                {a.decision_reason.map(|reason| view! { <span>{format!(" ({reason})")}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>"Résultats"</h3>
            <p>"Vos résultats seront visibles ici après leur publication officielle par le certificateur."</p>
        </article>
    }
}
