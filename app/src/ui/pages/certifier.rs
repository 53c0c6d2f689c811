//! Pages of the certifier.

pub mod home;
pub mod session;
