//! Jury — the application crate shared by the server (feature `ssr`) and the browser
//! bundle (feature `hydrate`).
//!
//! - `domain`: pure rules (no I/O, no leptos, no sea-orm), compiled for both targets;
//! - `api`: `#[server]` functions, thin adapters between the UI and `ssr`;
//! - `ssr`: server-only code (state, ports, repositories, authentication);
//! - `ui`: the leptos components and pages.

pub mod api;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

/// Entry point of the browser bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    align_form_error();
    leptos::mount::hydrate_body(ui::app::App);
}

/// The server shows a form's error from its own cookie, never from the address; leptos
/// in the browser reads it from the address. Before hydrating, the address gets the
/// server's error, or none: whatever error text a link carried is dropped.
#[cfg(feature = "hydrate")]
fn align_form_error() {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let kept = document
        .query_selector(&format!("meta[name=\"{}\"]", ui::app::FORM_ERROR_META))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"));
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    let carried = params.has("__err") || params.has("__path");
    if !carried && kept.is_none() {
        return;
    }
    params.delete("__err");
    params.delete("__path");
    if let Some(kept) = kept.and_then(|k| web_sys::UrlSearchParams::new_with_str(&k).ok()) {
        for name in ["__path", "__err"] {
            if let Some(value) = kept.get(name) {
                params.append(name, &value);
            }
        }
    }
    let query = String::from(params.to_string());
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}
