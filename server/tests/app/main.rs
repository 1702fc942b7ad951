//! Integration tests: each spawns the real application on port 0 against a fresh SQLite
//! file, and talks to it over HTTP like a browser with JavaScript off.

mod access;
mod access_facts;
mod as_at;
mod audit_page;
mod auth;
mod cli;
mod crash;
mod deployments;
mod facts;
mod figure_writes;
mod forms;
mod framework_and_deadlines;
mod generate;
mod hardening;
mod hostile_text;
mod idle_expiry;
mod landing;
mod logging;
mod page_views;
mod pages;
mod periods;
mod races;
mod read_speed;
mod return_forms;
mod returns;
mod returns_access;
mod returns_flow;
mod review;
mod second_factor;
mod security;
mod seed;
mod sessions_page;
mod signin_hardening;
mod strict_forms;
mod support;
