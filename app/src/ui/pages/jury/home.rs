//! The jury member's home: the juries they sit on.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::load_jury_dashboard;
use crate::ui::components::loading::{ErrorNotice, Loading};
use crate::ui::components::session_summary::SessionSummary;

/// Mes jurys.
#[component]
pub fn JuryHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_jury_dashboard());
    view! {
        <Title text="Mes jurys"/>
        <h1>"Mes jurys"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) if dashboard.seats.is_empty() => view! {
                        <p>"Vous ne siégez dans aucun jury pour le moment."</p>
                    }.into_any(),
                    Ok(dashboard) => dashboard.seats.into_iter().map(|seat| view! {
                        <article class="card">
                            <h2>{seat.session.label.clone()}</h2>
                            <p><a href=format!("/jury/sessions/{}", seat.session.id.0)>"Mes corrections"</a></p>
                            <p class="tag">{seat.role.label()}</p>
                            <p>{seat.invitation.label()}</p>
                            <SessionSummary session=seat.session/>
                        </article>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
