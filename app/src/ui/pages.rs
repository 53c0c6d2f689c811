//! One module per page, grouped by role.

pub mod candidate;
pub mod certifier;
pub mod deliberation;
pub mod home;
pub mod invitation;
pub mod jury;
pub mod login;
pub mod not_found;
pub mod password;
pub mod privacy;
pub mod spaces;
pub mod verification;
