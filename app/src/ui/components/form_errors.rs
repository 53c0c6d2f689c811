//! Errors of a form: a summary announced to screen readers, and each field's message.

use leptos::prelude::*;

use crate::error::AppError;

/// The summary of a failed submission.
#[component]
pub fn FormErrors(error: AppError) -> impl IntoView {
    let items = match &error {
        AppError::Validation(errors) => errors.iter().map(|e| e.message.clone()).collect(),
        other => vec![other.to_string()],
    };
    view! {
        <div class="notice notice-error" role="alert" id="erreurs-formulaire">
            <p><strong>"Le formulaire comporte des erreurs ; rien n'a été enregistré."</strong></p>
            <ul>{items.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

/// The message for one field, if any.
pub fn field_error(error: &Option<AppError>, field: &str) -> Option<String> {
    match error {
        Some(AppError::Validation(errors)) => errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone()),
        _ => None,
    }
}
