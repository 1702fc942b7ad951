//! The read-only JSON API under `/api/v1`: the same facts the pages read, serialised, for
//! whoever the policy lets read them. GET only; errors are problem documents (`problem`).

pub mod caller;
pub mod problem;
pub mod rate_limit;
pub mod tokens;

use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::web::AppState;
use caller::{ApiCaller, Via};
use ldr_app::access::Principal;

pub const PREFIX: &str = "/api/v1";

pub fn routes() -> Router<AppState> {
    let v1 = Router::new().route("/me", get(me)).fallback(not_found);
    Router::new().nest(PREFIX, v1)
}

async fn not_found() -> problem::ApiError {
    problem::ApiError::NotFound
}

/// Who the API takes the caller to be: a client's first check that its token works.
#[derive(Debug, Serialize)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub footprint_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// "session" or "token".
    pub authenticated_by: &'static str,
}

async fn me(caller: ApiCaller) -> Json<Me> {
    let Principal { username, display_name, role, footprint, organisation, .. } = caller.principal;
    Json(Me {
        username,
        display_name,
        role: role.code(),
        footprint_id: footprint.map(|f| f.0),
        organisation_id: organisation.map(|o| o.0),
        authenticated_by: match caller.via {
            Via::Session => "session",
            Via::Token(_) => "token",
        },
    })
}
