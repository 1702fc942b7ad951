//! `/returns`: quarterly returns. Each handler is thin: load the return's context, ask the
//! policy, parse, call one write in one transaction, redirect. The rules live in
//! `ldr_app::returns` (parsing, completeness, comparison) and `ldr_app::access` (who).

mod actions;
mod context;
mod deployments;
mod pages;
mod sections;

use axum::routing::{get, post};
use axum::Router;

use crate::web::AppState;

/// The read-only pages: the chase list and a past revision, the same for every session of a
/// reader (kept by `web::page_cache`).
pub fn read_only_routes() -> Router<AppState> {
    Router::new()
        .route("/returns", get(pages::list))
        .route("/returns/chase.csv", get(pages::chase_csv))
        .route("/returns/queue.csv", get(pages::queue_csv))
        .route("/returns/{period}/{code}/revisions/{revision}", get(pages::revision))
}

/// A return and its forms, and every write.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returns/{period}/{code}", get(pages::show))
        .route("/returns/{period}/{code}/start", post(actions::start))
        .route("/returns/{period}/{code}/submit", post(actions::submit))
        .route("/returns/{period}/{code}/decision", post(actions::decide))
        .route("/returns/{period}/{code}/amend", post(actions::amend))
        .route("/returns/{period}/{code}/sections/{section}", get(sections::edit).post(sections::save))
        .route("/returns/{period}/{code}/sections/deployments/new", get(deployments::new_form).post(deployments::add))
        .route("/returns/{period}/{code}/sections/deployments/{n}", get(deployments::edit_form).post(deployments::change))
        .route("/returns/{period}/{code}/sections/deployments/{n}/remove", post(deployments::remove))
        .route("/returns/{period}/{code}/sections/deployments/{n}/restore", post(deployments::restore))
}
