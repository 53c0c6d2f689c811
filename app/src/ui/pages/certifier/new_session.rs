//! Creating a session of one of the certifier's certifications. Works without
//! JavaScript (the form posts to the server function, errors come back in the address).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::load_certifier_dashboard;
use crate::api::sessions::CreateSession;
use crate::ui::components::csrf::CsrfField;
use crate::ui::components::form_errors::{FormErrors, field_error};
use crate::ui::components::loading::{ErrorNotice, page_data};

/// Nouvelle session.
#[component]
pub fn NewSession() -> impl IntoView {
    let data = page_data(|| (), |_| load_certifier_dashboard());
    let action = ServerAction::<CreateSession>::new();
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <Title text="Nouvelle session"/>
        <p><a href="/certificateur">"← Tableau de bord"</a></p>
        <h1>"Nouvelle session"</h1>
        {move || error().map(|error| view! { <FormErrors error/> })}
            {Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(dashboard) => view! {
                        <ActionForm action attr:class="form narrow">
                            <CsrfField/>
                            <div class="field">
                                <label for="certification_id">"Certification"</label>
                                <select id="certification_id" name="certification_id" required>
                                    {dashboard.certifications.into_iter().map(|c| view! {
                                        <option value=c.id.0>{format!("{} — {} (version {})", c.code, c.title, c.version)}</option>
                                    }).collect_view()}
                                </select>
                                <p class="hint">"La session sera liée à la version en vigueur aujourd'hui ; les modifications ultérieures de la certification ne la changeront pas."</p>
                            </div>
                            <Field name="label" label="Libellé" kind="text" error=Signal::derive(move || field_error(&error(), "label"))/>
                            <Field name="starts_on" label="Premier jour (JJ/MM/AAAA)" kind="date" error=Signal::derive(move || field_error(&error(), "starts_on"))/>
                            <Field name="ends_on" label="Dernier jour (JJ/MM/AAAA)" kind="date" error=Signal::derive(move || field_error(&error(), "ends_on"))/>
                            <Field name="place" label="Lieu" kind="text" error=Signal::derive(move || field_error(&error(), "place"))/>
                            <Field name="capacity" label="Nombre de places (facultatif)" kind="number" error=Signal::derive(move || field_error(&error(), "capacity"))/>
                            <button type="submit" class="button">"Créer la session"</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
    }
}

/// A labelled input with its error message.
#[component]
fn Field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let message_id = format!("{name}-erreur");
    let required = name != "capacity";
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input id=name name=name type=kind required=required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=message_id.clone()/>
            <p class="field-error" id=message_id>{move || error.get()}</p>
        </div>
    }
}
