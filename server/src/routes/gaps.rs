//! `/gaps`: the gap analysis and the gap register (issue 11).

use axum::Router;

use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// The PMO's edits of the gap register and its initiatives: forms, never kept.
pub fn edit_routes() -> Router<AppState> {
    Router::new()
}
