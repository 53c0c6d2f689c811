//! Widgets shared by several pages.

pub mod category;
pub mod charts;
pub mod confirm;
pub mod csrf;
pub mod current_user;
pub mod form_errors;
pub mod import_notice;
pub mod loading;
pub mod moderation;
pub mod pagination;
pub mod session_summary;
