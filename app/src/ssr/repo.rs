//! Repositories: the only code that sees `entities::*::Model`. Set-based queries, no
//! loops of queries; they return domain and API types.

pub mod accommodations;
pub mod accounts;
pub mod accrochage;
pub mod addenda;
pub mod audit;
pub mod capitalisation;
pub mod certifications;
pub mod chunked;
pub mod convocations;
pub mod credentials;
pub mod dashboard;
pub mod deliberation;
pub mod exam_day;
pub mod grading;
pub mod integrity;
pub mod juries;
pub mod mapping;
pub mod organisation;
pub mod passages;
pub mod personal_data;
pub mod privacy;
pub mod publication;
pub mod results;
pub mod retakes;
pub mod retention;
pub mod revised;
pub mod rights;
pub mod schedule;
pub mod session_admin;
pub mod session_files;
pub mod sessions;
pub mod sheets;
pub mod statistics;
pub mod users;
