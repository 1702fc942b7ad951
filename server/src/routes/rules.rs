//! `/rules`: the computed RAG rules in plain words, and the PMO's new versions (issue 11).

use axum::Router;

use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The PMO's new rule version: a form, never kept.
pub fn edit_routes() -> Router<AppState> {
    Router::new()
}
