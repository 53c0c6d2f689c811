//! The jury member's home: the juries they sit on.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::{GradingProgress, load_jury_dashboard};
use crate::domain::format::date_fr;
use crate::ui::components::loading::{ErrorNotice, page_data};
use crate::ui::components::session_summary::SessionSummary;

/// Mes jurys.
#[component]
pub fn JuryHome() -> impl IntoView {
    let data = page_data(|| (), |_| load_jury_dashboard());
    view! {
        <Title text="Mes jurys"/>
        <h1>"Mes jurys"</h1>
            {Suspend::new(async move {
                match data.await {
                    Ok(dashboard) if dashboard.seats.is_empty() => view! {
                        <p>"Vous ne siégez dans aucun jury pour le moment."</p>
                    }.into_any(),
                    Ok(dashboard) => dashboard.seats.into_iter().map(|seat| view! {
                        <article class="card">
                            <h2>{seat.session.label.clone()}</h2>
                            <p><a href=format!("/jury/sessions/{}", seat.session.id.0)>"Mes corrections"</a></p>
                            <p class="tag">{seat.role.label()}</p>
                            <Progress progress=seat.progress due_on=seat.due_on late=seat.late/>
                            <p>{seat.invitation.label()}</p>
                            <SessionSummary session=seat.session/>
                        </article>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
    }
}

/// The member's sheets in a session by status, and the date they are due.
#[component]
fn Progress(progress: GradingProgress, due_on: Option<chrono::NaiveDate>, late: bool) -> AnyView {
    let p = progress;
    if p.total() == 0 {
        return view! { <p>"Aucune fiche de correction ne vous est attribuée dans cette session."</p> }
            .into_any();
    }
    view! {
        <p class="progress-line">
            {format!(
                "À corriger : {} · Brouillons : {} · Soumises : {} · Verrouillées : {} (sur {})",
                p.to_grade, p.draft, p.submitted, p.locked, p.total()
            )}
        </p>
        <progress max=p.total() value=p.submitted + p.locked></progress>
        {match due_on {
            Some(day) if late => view! {
                <p class="notice notice-error">{format!("Date limite de correction dépassée ({}) : {} fiche(s) à soumettre.", date_fr(day), p.open())}</p>
            }.into_any(),
            Some(day) => view! { <p>{format!("Fiches à soumettre au plus tard le {}.", date_fr(day))}</p> }.into_any(),
            None => view! { <p>"Date limite de correction non fixée par le certificateur."</p> }.into_any(),
        }}
    }
    .into_any()
}
