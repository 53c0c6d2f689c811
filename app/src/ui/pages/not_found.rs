//! The page shown for an unknown address (HTTP 404).

use leptos::prelude::*;
use leptos_meta::Title;

/// Page introuvable.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page introuvable"/>
        <h1>"Page introuvable"</h1>
        <p>"L'adresse demandée n'existe pas ou n'existe plus."</p>
        <p><a href="/">"Retour à l'accueil"</a></p>
    }
}
