//! The Jury server: configuration, start-up, plain HTTP routes, the security
//! middleware and the services (email). `startup` is public so that tests can spawn the
//! application on a free port with their own database, clock and mailer.

pub mod cli;
pub mod config;
pub mod routes;
pub mod security;
pub mod serve;
pub mod services;
pub mod startup;
pub mod statics;
pub mod telemetry;
