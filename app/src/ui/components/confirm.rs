//! Asking before an action that cannot be undone, without JavaScript too: the submit
//! button of the form sits in a disclosure the person opens first, next to what the
//! action will do.

use leptos::prelude::*;

/// Put in a form in place of its submit button.
#[component]
pub fn ConfirmSubmit(
    /// What opens the disclosure: `Supprimer le bloc B1…`.
    summary: String,
    /// What the action does, read before confirming.
    warning: String,
    /// The submit button: `Confirmer la suppression`.
    confirm: String,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary>{summary}</summary>
            <p>{warning}</p>
            <button type="submit" class="button danger">{confirm}</button>
        </details>
    }
}
