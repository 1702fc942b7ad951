//! The read-only JSON API under `/api/v1`: the same facts the pages read, serialised, for
//! whoever the policy lets read them. GET only; errors are problem documents (`problem`).

pub mod caller;
pub mod docs;
pub mod figures;
pub mod kept;
pub mod openapi;
pub mod page;
pub mod params;
pub mod problem;
pub mod programme;
pub mod rate_limit;
pub mod schema;
pub mod scope;
pub mod tokens;

use axum::extract::{RawQuery, State};
use axum::http::Uri;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;

use crate::web::AppState;
use caller::{ApiCaller, Via};
use ldr_app::access::Principal;

pub const PREFIX: &str = "/api/v1";

/// A list's route: its answer kept per reader until the data changes (`kept`), drawn by the
/// list's function (which the OpenAPI document describes) otherwise.
macro_rules! kept_list {
    ($draw:path) => {
        |State(state): State<AppState>,
         caller: ApiCaller,
         Extension(kept): Extension<kept::KeptAnswers>,
         uri: Uri,
         RawQuery(raw): RawQuery| async move { kept::serve(&kept, &caller, &uri, $draw(&state, &caller, raw)).await }
    };
}

pub fn routes() -> Router<AppState> {
    let v1 = Router::new()
        .route("/me", get(me))
        .route("/openapi.json", get(openapi::serve))
        .route("/docs", get(docs::show))
        .route("/footprints", get(kept_list!(programme::list_footprints)))
        .route("/footprints/{code}", get(programme::one_footprint))
        .route("/organisations", get(kept_list!(programme::list_organisations)))
        .route("/periods", get(kept_list!(programme::list_periods)))
        .route("/dma-scores", get(kept_list!(figures::dma_scores)))
        .route("/aims", get(kept_list!(figures::aims)))
        .route("/trajectories", get(kept_list!(figures::trajectories)))
        .route("/deployments", get(kept_list!(figures::deployments)))
        .route("/measures", get(kept_list!(figures::measures)))
        .route("/returns", get(kept_list!(programme::list_returns)))
        .route("/reports", get(kept_list!(programme::list_reports)))
        .route("/reports/{id}", get(programme::one_report))
        .fallback(not_found)
        // Each app's own store of kept answers.
        .layer(Extension(kept::KeptAnswers::default()));
    Router::new().nest(PREFIX, v1)
}

async fn not_found() -> problem::ApiError {
    problem::ApiError::NotFound
}

/// Who the API takes the caller to be: a client's first check that its token works.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    #[schema(value_type = String)]
    pub role: &'static str,
    pub footprint_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// "session" or "token".
    #[schema(value_type = String)]
    pub authenticated_by: &'static str,
}

/// Who the caller is, and how they proved it.
#[utoipa::path(get, path = "/api/v1/me", tag = "programme",
    responses((status = 200, body = Me), (status = "4XX", body = problem::Problem, content_type = "application/problem+json")))]
pub async fn me(caller: ApiCaller) -> Json<Me> {
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
