//! Pages of the certifier.

pub mod accommodations;
pub mod accounts;
pub mod candidate;
pub mod certification;
pub mod declarations;
pub mod history;
pub mod home;
pub mod jury;
pub mod new_session;
pub mod pool;
pub mod privacy;
pub mod rates;
pub mod referentiel;
pub mod results;
pub mod session;
pub mod settings;
pub mod sitting;
pub mod statistics;
