//! Jury — the application crate shared by the server (feature `ssr`) and the browser
//! bundle (feature `hydrate`).
//!
//! - `domain`: pure rules (no I/O, no leptos, no sea-orm), compiled for both targets;
//! - `api`: `#[server]` functions, thin adapters between the UI and `ssr`;
//! - `ssr`: server-only code (state, ports, repositories, authentication);
//! - `ui`: the leptos components and pages.

pub mod api;
#[cfg(feature = "hydrate")]
mod browser;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

/// Entry point of the browser bundle. Pages are plain server-rendered HTML; only the
/// islands (`#[island]` components: the grading sheet, the documents' progress) run in
/// the browser, hydrated by leptos's island script right after this returns.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let refused = align_form_error();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        browser::keep_refused_forms(&document, refused);
    }
    leptos::mount::hydrate_islands();
    // leptos's script hydrates the islands as soon as this returns, before any other
    // task: the next one finds the page interactive. Styles and the browser tests tell
    // it by `data-hydrated`, the benchmarks by the `jury-interactive` mark.
    leptos::prelude::set_timeout(
        || {
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some(root) = window.document().and_then(|d| d.document_element()) {
                let _ = root.set_attribute("data-hydrated", "true");
            }
            if let Some(performance) = window.performance() {
                let _ = performance.mark("jury-interactive");
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The server shows a form's error from its own cookie, never from the address; leptos
/// in the browser reads it from the address. Before hydrating, the address gets the
/// server's error, or none: whatever error text a link carried is dropped.
#[cfg(feature = "hydrate")]
fn align_form_error() -> Option<String> {
    use wasm_bindgen::JsValue;
    let window = web_sys::window()?;
    let document = window.document()?;
    let kept = document
        .query_selector(&format!("meta[name=\"{}\"]", ui::app::FORM_ERROR_META))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|k| web_sys::UrlSearchParams::new_with_str(&k).ok());
    // The server function whose refusal this page shows.
    let refused = kept.as_ref().and_then(|k| k.get("__path"));
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return refused;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return refused;
    };
    let carried = params.has("__err") || params.has("__path");
    if !carried && kept.is_none() {
        return refused;
    }
    params.delete("__err");
    params.delete("__path");
    if let Some(kept) = kept {
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
    refused
}
