//! Pages of the certifier.

pub mod home;
