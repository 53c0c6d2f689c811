//! Integration tests through real HTTP, one fresh database per test.

mod access;
mod accommodations;
mod accounts;
mod auth;
mod candidates;
mod certifications;
mod chronology;
mod cli;
mod convocations;
mod deliberation;
mod demo;
mod exam_day;
mod grading;
mod import;
mod journeys;
mod jury;
mod migrations;
mod pages;
mod passages;
mod pool;
mod rates;
mod referentiel;
mod schedule;
mod security;
mod sessions;
mod smtp;
