//! Server-only code: application state, ports to the outside world, repositories and
//! authentication. Compiled with the `ssr` feature only.

pub mod auth;
pub mod bounded;
pub mod bulk;
pub mod credentials;
pub mod demo;
pub mod freeze;
pub mod mail;
pub mod ports;
pub mod publication;
pub mod repo;
pub mod state;
pub mod throttle;
