//! LDR Assurance's server: the web application, its database, the seed and the command line.
//! `main.rs` only parses the command line and calls into here, so tests can drive it all.

pub mod api;
pub mod auth;
pub mod cli;
pub mod db;
pub mod exports;
pub mod generate;
pub mod import;
pub mod report_html;
pub mod routes;
pub mod seed;
pub mod steering;
pub mod web;
