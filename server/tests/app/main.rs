//! Integration tests: each spawns the real application on port 0 against a fresh SQLite
//! file, and talks to it over HTTP like a browser with JavaScript off.

mod access;
mod audit_page;
mod auth;
mod cli;
mod crash;
mod forms;
mod hardening;
mod pages;
mod periods;
mod returns;
mod returns_access;
mod security;
mod seed;
mod support;
