//! `/capabilities` and `/capabilities/{number}`.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::Period;
use crate::db::{aim_status, aims};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::facts::CapabilityAims;
use ldr_app::views::aims_table::{aims_words, AimsDetail};
use ldr_app::views::capabilities::{capabilities_page, capability_page, organisation_figures_table, CapabilityEvidence};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/capabilities", get(list))
        .route("/capabilities/{number}", get(show))
        .route("/capabilities/{number}/{file}", get(csv))
}

async fn list(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let (period, periods) = selection(&state, footprint.id, &query).await?;
    let capabilities = aims::capabilities_with_progress(&state.pool, footprint.id, period).await?;
    let statuses = aim_status::for_period(&state.pool, footprint.id, period).await?;
    let meta = who.meta_in(&footprint, "Universal capabilities", Some(Nav::Capabilities), vec![Crumb::new("Home", "/")]);
    Ok(Html(capabilities_page(meta, footprint.summary, period.map(|p| p.code), capabilities, periods, &statuses)))
}

/// One capability as at the quarter asked for, with what the organisations and the rules say
/// about its aims: what the page and its CSV downloads read.
struct Loaded {
    footprint: Footprint,
    period: Option<Period>,
    periods: Vec<(String, String)>,
    capability: CapabilityAims,
    evidence: CapabilityEvidence,
}

async fn load(state: &AppState, who: &SignedIn, number: &str, query: &PeriodQuery) -> Result<Loaded, AppError> {
    // A number that does not parse is an unknown page, not a bad request.
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let footprint = home_footprint(state, who).await?;
    let (period, periods) = selection(state, footprint.id, query).await?;
    let capability = aims::capabilities_with_progress(&state.pool, footprint.id, period)
        .await?
        .into_iter()
        .find(|c| c.number == number)
        .ok_or(AppError::NotFound)?;
    let org_figures = aims::organisation_figures(&state.pool, footprint.id, period, number).await?;
    let statuses: Vec<_> =
        aim_status::for_period(&state.pool, footprint.id, period).await?.into_iter().filter(|s| s.capability == number).collect();
    Ok(Loaded { footprint, period, periods, capability, evidence: CapabilityEvidence { org_figures, statuses } })
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(number): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let Loaded { footprint, period, periods, capability, evidence } = load(&state, &who, &number, &query).await?;
    let definitions = aims::rag_definitions(&state.pool).await?;
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new("Universal capabilities", "/capabilities")];
    let meta = who.meta_in(&footprint, &format!("Capability {}", capability.number), Some(Nav::Capabilities), crumbs);
    Ok(Html(capability_page(meta, footprint.summary, period.map(|p| p.code), capability, definitions, periods, evidence)))
}

/// `/capabilities/{number}/{table}.csv`: the page's aims (`aims`) or the organisations' own
/// figures (`organisations`), worded by the functions the page's tables are drawn with.
async fn csv(
    State(state): State<AppState>,
    who: SignedIn,
    Path((number, file)): Path<(String, String)>,
    Query(query): Query<PeriodQuery>,
) -> Result<CsvTable, AppError> {
    let table = file.strip_suffix(".csv").filter(|t| ["aims", "organisations"].contains(t)).ok_or(AppError::NotFound)?;
    let Loaded { footprint, period, capability, evidence, .. } = load(&state, &who, &number, &query).await?;
    let words = match table {
        "aims" => aims_words(&capability.aims, &evidence.statuses, AimsDetail::Full),
        _ => organisation_figures_table(&evidence.org_figures, &evidence.statuses),
    };
    let period = period.map(|p| p.code.to_string()).unwrap_or_default();
    let file_stem = format!("{}-capability-{}-{table}-{period}", footprint.summary.code, capability.number);
    Ok(CsvTable { file_stem, headings: words.headings, rows: words.rows })
}
