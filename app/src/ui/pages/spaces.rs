//! The spaces of a person (`/espaces`): each organisation and role they have —
//! candidate of one certifier, juror of another — and a button to move to each.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::my_spaces;
use crate::domain::account::Space;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::loading::{ErrorNotice, page_data};

/// The page.
#[component]
pub fn SpacesPage() -> impl IntoView {
    let data = page_data(|| (), |()| my_spaces());
    view! {
        <Title text="Mes espaces"/>
        <h1>"Mes espaces"</h1>
        <p class="lead">"Votre adresse vous ouvre un espace par organisme et par rôle : chaque organisme ne voit que le sien."</p>
        {Suspend::new(async move {
            match data.await {
                Ok(spaces) => view! { <Spaces spaces/> }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            }
        })}
    }
}

#[component]
fn Spaces(spaces: Vec<Space>) -> impl IntoView {
    view! {
        <ul class="spaces">
            {spaces.into_iter().map(|space| {
                let label = format!("{} — {}", space.organisation, space.role.label());
                if space.current {
                    view! { <li><strong>{label}</strong>" (espace actuel)"</li> }.into_any()
                } else {
                    view! {
                        <li>
                            <form method="post" action="/espace" class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="espace" value=space.user_id.to_string()/>
                                <button type="submit" class="button secondary">{format!("Aller à : {label}")}</button>
                            </form>
                        </li>
                    }.into_any()
                }
            }).collect_view()}
        </ul>
    }
}
