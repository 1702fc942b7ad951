//! Integration tests: each spawns the real application on port 0 against a fresh SQLite
//! file, and talks to it over HTTP like a browser with JavaScript off.

mod access;
mod as_at;
mod audit_page;
mod auth;
mod cli;
mod crash;
mod deployments;
mod forms;
mod hostile_text;
mod framework_and_deadlines;
mod landing;
mod hardening;
mod pages;
mod races;
mod periods;
mod return_forms;
mod returns;
mod returns_access;
mod second_factor;
mod review;
mod security;
mod seed;
mod signin_hardening;
mod support;
