//! Pages of the certifier.

pub mod home;
pub mod new_session;
pub mod session;
