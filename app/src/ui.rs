//! The leptos interface: `app` (shell, router, navigation), `pages` (one file per page)
//! and `components` (shared widgets). Components render; rules live in `domain`.

pub mod app;
pub mod components;
pub mod pages;
