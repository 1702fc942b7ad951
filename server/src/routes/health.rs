//! `GET /healthz`: 200 when the database answers and takes writes; 503 with the reason when
//! it does not (file deleted or replaced under the running server, read-only, refusing
//! writes). No sign-in needed; the reason names no data.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use sqlx::Connection;

use crate::db;
use crate::web::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, String) {
    // The driver's own ping: a connection answers, with no SQL written here.
    let answered = match state.pool.acquire().await {
        Ok(mut conn) => conn.ping().await,
        Err(e) => Err(e),
    };
    if let Err(e) = answered {
        tracing::error!(error = %e, "health check failed");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable".into());
    }
    let fault = match &state.db_file {
        Some(opened) => db::write_fault(&state.pool, opened).await,
        None => Some("the database file could not be identified at start".into()),
    };
    match fault {
        None => (StatusCode::OK, "ok".into()),
        Some(reason) => {
            tracing::error!(reason, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, reason)
        }
    }
}
