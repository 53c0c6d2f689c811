//! Pages of the candidate.

pub mod home;
pub mod my_data;
