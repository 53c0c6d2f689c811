//! Services the application reaches through its ports.

pub mod archive;
pub mod bulk;
pub mod email;
pub mod pdf;
pub mod spreadsheet;
