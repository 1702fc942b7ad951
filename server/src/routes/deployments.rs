//! `/deployments`: the deployment timeline (issue 11).

use axum::Router;

use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
