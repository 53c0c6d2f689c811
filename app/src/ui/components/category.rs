//! The candidate category of certifications whose épreuves depend on it (seed 003): a
//! list of French labels, never a typed code.

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
