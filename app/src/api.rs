//! Server functions, one file per feature. Each is a thin adapter: authorise, parse,
//! call a repository or the domain, map the result. Reads use GET (no anti-forgery
//! token needed); writes use POST and carry the token.

pub mod accommodations;
pub mod accounts;
pub mod accrochage;
pub mod certifications;
pub mod convocations;
pub mod credentials;
pub mod dashboard;
pub mod deliberation;
pub mod exam_day;
pub mod grading;
pub mod juries;
pub mod privacy;
pub mod rates;
pub mod referentiel;
pub mod rights;
pub mod sessions;
pub mod statistics;
pub mod verification;
