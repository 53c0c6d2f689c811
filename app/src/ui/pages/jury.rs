//! Pages of the jury member.

pub mod grading;
pub mod home;
pub mod session;
