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
    leptos::mount::hydrate_body(ui::app::App);
}
