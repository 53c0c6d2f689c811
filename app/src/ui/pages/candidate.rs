//! Pages of the candidate.

pub mod home;
