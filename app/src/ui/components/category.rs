//! What a candidate chooses or is, where the certification depends on it (seed 003):
//! their category (a list of French labels, never a typed code) and their optional
//! units.

use leptos::prelude::*;

/// A select of the certification's categories; nothing when it has none.
#[component]
pub fn CategorySelect(
    /// (code, French label).
    categories: Vec<(String, String)>,
    /// The code chosen so far.
    current: Option<String>,
    /// The field's id.
    id: &'static str,
) -> impl IntoView {
    (!categories.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for=id>"Catégorie de candidat"</label>
                <select id=id name="category">
                    <option value="" selected=current.is_none()>"— à préciser"</option>
                    {categories.into_iter().map(|(code, label)| {
                        let selected = current.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <p class="hint">"La catégorie décide de la modalité de chaque épreuve (contrôle en cours de formation ou épreuve ponctuelle)."</p>
            </div>
        }
    })
}

/// Checkboxes of the certification's optional units; nothing when it has none.
#[component]
pub fn OptionsChoice(
    /// (code, title).
    optional_units: Vec<(String, String)>,
    /// Codes chosen so far.
    chosen: Vec<String>,
) -> impl IntoView {
    (!optional_units.is_empty()).then(|| {
        view! {
            <fieldset class="field">
                <legend>"Unités facultatives choisies"</legend>
                <p class="hint">"Le candidat n'est convoqué et évalué qu'aux unités facultatives qu'il a choisies."</p>
                {optional_units.into_iter().enumerate().map(|(i, (code, title))| {
                    let id = format!("option-{i}");
                    let checked = chosen.contains(&code);
                    view! {
                        <p>
                            <input type="checkbox" id=id.clone() name=format!("options[{i}]") value=code.clone() checked=checked/>
                            <label for=id>{crate::domain::format::code_title(&code, &title)}</label>
                        </p>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
}
