//! Pages of the jury member.

pub mod home;
pub mod session;
