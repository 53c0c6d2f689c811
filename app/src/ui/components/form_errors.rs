//! Errors of a form: a summary announced to screen readers, and each field's message.

use leptos::prelude::*;

use crate::error::AppError;

/// The summary of a failed submission: the fields to correct, or — for a refusal that
/// is not about a field — the reason itself, first.
#[component]
pub fn FormErrors(error: AppError) -> impl IntoView {
    let body = match &error {
        AppError::Validation(errors) => {
            let items: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            view! {
                <p><strong>"Le formulaire comporte des erreurs ; rien n'a été enregistré."</strong></p>
                <ul>{items.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            }
            .into_any()
        }
        other => view! {
            <p><strong>{other.to_string()}</strong></p>
            <p>"Rien n'a été enregistré."</p>
        }
        .into_any(),
    };
    view! {
        <div class="notice notice-error" role="alert" id="erreurs-formulaire">{body}</div>
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
