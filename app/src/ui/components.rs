//! Widgets shared by several pages.

pub mod csrf;
pub mod loading;
pub mod session_summary;
