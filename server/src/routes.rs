//! Plain HTTP routes: login and logout forms, health, file imports, documents.

pub mod auth;
pub mod credentials;
pub mod declarations;
pub mod documents;
pub mod health;
pub mod images;
pub mod import;
pub mod personal_data;
pub mod statistics;
