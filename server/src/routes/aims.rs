//! `/aims/{code}`: why an aim's computed status is what it is, as at a quarter.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::{aim_status, aims, rag_rules};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::aim_explained::{aim_explained_page, history_table, organisations_table, projection_table, AimExplained};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new().route("/aims/{code}", get(show)).route("/aims/{code}/{file}", get(csv))
}

/// The aim's status as at the quarter asked for, and what explains it: what the page and its
/// CSV downloads read.
async fn load(state: &AppState, who: &SignedIn, code: &str, query: &PeriodQuery) -> Result<(Footprint, AimExplained), AppError> {
    let footprint = home_footprint(state, who).await?;
    let (period, periods) = selection(state, footprint.id, query).await?;
    let period = period.ok_or(AppError::NotFound)?;
    let rules = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let status = aim_status::for_footprint(&state.pool, footprint.id, period, &rules)
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .ok_or(AppError::NotFound)?;
    let footprint_provenance = aims::capabilities_with_progress(&state.pool, footprint.id, Some(period))
        .await?
        .into_iter()
        .flat_map(|c| c.aims)
        .find(|a| a.code == code)
        .and_then(|a| a.provenance);
    let organisations = aims::organisation_figures(&state.pool, footprint.id, Some(period), status.capability)
        .await?
        .into_iter()
        .filter(|f| f.aim == code)
        .collect();
    let history = aim_status::history_of(&state.pool, footprint.id, code, period, &rules).await?;
    Ok((footprint, AimExplained { status, footprint_provenance, organisations, history, periods }))
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let (footprint, explained) = load(&state, &who, &code, &query).await?;
    let crumbs = vec![Crumb::new("Home", "/")];
    let meta = who.meta_in(&footprint, &format!("Aim {code}"), Some(Nav::Capabilities), crumbs);
    Ok(Html(aim_explained_page(meta, explained)))
}

/// `/aims/{code}/{table}.csv`: the page's `projection`, `organisations` or `history` table,
/// worded by the functions the page draws them with.
async fn csv(
    State(state): State<AppState>,
    who: SignedIn,
    Path((code, file)): Path<(String, String)>,
    Query(query): Query<PeriodQuery>,
) -> Result<CsvTable, AppError> {
    let table = file.strip_suffix(".csv").filter(|t| ["projection", "organisations", "history"].contains(t)).ok_or(AppError::NotFound)?;
    let (footprint, e) = load(&state, &who, &code, &query).await?;
    let words = match table {
        "projection" => projection_table(&e.status).unwrap_or_default(),
        "organisations" => organisations_table(&e.organisations, &e.status),
        _ => history_table(&e.history),
    };
    let file_stem = format!("{}-aim-{code}-{table}-{}", footprint.summary.code, e.status.as_at);
    Ok(CsvTable { file_stem, headings: words.headings, rows: words.rows })
}
