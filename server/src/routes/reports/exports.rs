//! `/exports`: the quarter's data as it stands now (not frozen), as the reports' own tables:
//! the workbook and each table as CSV, for whoever reads the footprint, less the tables of
//! returns a CIO does not follow. The pages' "Download this table (CSV)" links come here.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::version::attachment;
use crate::auth::SignedIn;
use crate::db;
use crate::exports::{csv_table, workbook};
use crate::routes::home_footprint;
use crate::routes::periods::{selection, PeriodQuery};
use crate::steering::gather::{gather, Asked};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::report::{build, ReportDocument};

/// The data tables by id, in workbook order, with the words of their download links.
pub const TABLES: [(&str, &str); 8] = [
    ("dma-scores", "DMA scores with national and peer averages"),
    ("aims", "Aims with computed and declared RAG"),
    ("trajectories", "Capability trajectories"),
    ("deployments", "Deployments"),
    ("measures", "Measures"),
    ("gaps", "Gaps, biggest first"),
    ("returns", "Returns and where they stand"),
    ("provenance", "Who submitted and approved each return"),
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/exports/data.xlsx", get(xlsx)).route("/exports/csv/{file}", get(csv))
}

/// Today's document for the footprint and quarter asked for, with only the tables this
/// reader may read.
async fn current(state: &AppState, who: &SignedIn, query: &PeriodQuery) -> Result<ReportDocument, AppError> {
    let footprint = home_footprint(state, who).await?;
    let (period, _) = selection(state, footprint.id, query).await?;
    let period = period.ok_or(AppError::NotFound)?;
    let asked = Asked { by: who.user.principal.display_name.clone(), at: db::dialect::now() };
    let doc = build(&gather(&state.pool, &footprint, period, asked).await?);
    let data = super::readable_tables(who, &footprint, &doc).into_iter().cloned().collect();
    Ok(ReportDocument { data, ..doc })
}

async fn xlsx(State(state): State<AppState>, who: SignedIn, Query(query): Query<PeriodQuery>) -> Result<Response, AppError> {
    let doc = current(&state, &who, &query).await?;
    let bytes = workbook(&doc, None).map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string()).context("writing a workbook")))?;
    let name = format!("{}-{}-data.xlsx", doc.footprint_code, doc.period);
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    Ok(attachment(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &name))
}

async fn csv(
    State(state): State<AppState>,
    who: SignedIn,
    Path(file): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let id = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    if !TABLES.iter().any(|(t, _)| *t == id) {
        return Err(AppError::NotFound);
    }
    let doc = current(&state, &who, &query).await?;
    // A table left out for this reader is refused, not silently empty.
    let table = doc.data.iter().find(|t| t.id == id).ok_or(AppError::Forbidden)?;
    Ok(csv_table(table, format!("{}-{}-{}", doc.footprint_code, doc.period, table.id)).into_response())
}
