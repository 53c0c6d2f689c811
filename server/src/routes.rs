//! Plain HTTP routes (no leptos): login and logout forms, health.

pub mod auth;
pub mod health;
