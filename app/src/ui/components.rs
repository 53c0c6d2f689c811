//! Widgets shared by several pages.

pub mod csrf;
pub mod current_user;
pub mod loading;
pub mod session_summary;
