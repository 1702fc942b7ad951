//! `/trajectories`: each PF@PoC capability's planned and actual scores (issue 11).

use axum::Router;

use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
