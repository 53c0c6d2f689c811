//! Plain HTTP routes: login and logout forms, health, candidates import.

pub mod auth;
pub mod documents;
pub mod health;
pub mod import;
