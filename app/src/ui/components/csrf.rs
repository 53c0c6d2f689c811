//! The anti-forgery token every state-changing form carries.

use leptos::prelude::*;

/// The token of this page: from the request on the server, from the page's
/// `<meta name="csrf-token">` in the browser.
pub fn csrf_token() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::auth::current_csrf_token()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=csrf-token]").ok().flatten())
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        String::new()
    }
}

/// Hidden field with the anti-forgery token; put it in every `<form method="post">`.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=csrf_token()/> }
}
