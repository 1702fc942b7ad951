//! `/organisations` and `/organisations/{code}`.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::{dma, footprints, organisations, rag_rules};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::facts::OrganisationProfile;
use ldr_app::views::org_dma::dma_table;
use ldr_app::views::org_trajectory::trajectory_table;
use ldr_app::views::organisations::{deployments_table, measures_table, organisation_page, organisations_page, organisations_table};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organisations", get(list))
        .route("/organisations.csv", get(list_csv))
        .route("/organisations/{code}", get(show))
        .route("/organisations/{code}/{file}", get(csv))
}

async fn list(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let orgs = organisations::in_footprint(&state.pool, footprint.id).await?;
    let meta = who.meta_in(&footprint, "Organisations", Some(Nav::Organisations), vec![Crumb::new("Home", "/")]);
    Ok(Html(organisations_page(meta, footprint.summary, orgs.into_iter().map(|o| o.summary).collect())))
}

/// `/organisations.csv`: the list's table, worded by the same function.
async fn list_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let footprint = home_footprint(&state, &who).await?;
    let orgs: Vec<_> = organisations::in_footprint(&state.pool, footprint.id).await?.into_iter().map(|o| o.summary).collect();
    let words = organisations_table(&orgs);
    Ok(CsvTable { file_stem: format!("{}-organisations", footprint.summary.code), headings: words.headings, rows: words.rows })
}

/// The organisation, its footprint and its profile as at the quarter asked for: what the page
/// and each of its CSV downloads read.
struct Loaded {
    footprint: footprints::Footprint,
    periods: Vec<(String, String)>,
    profile: OrganisationProfile,
}

async fn load(state: &AppState, who: &SignedIn, code: &str, query: &PeriodQuery) -> Result<Loaded, AppError> {
    let org = organisations::by_code(&state.pool, code).await?.ok_or(AppError::NotFound)?;
    who.require(Need::ViewFootprint(org.footprint_id))?;
    let footprint = footprints::by_id(&state.pool, org.footprint_id).await?.ok_or(AppError::NotFound)?;
    super::footprint_choices(state, who).await?;
    let (period, periods) = selection(state, org.footprint_id, query).await?;
    let (framework, dma, trajectory, measures) = match period {
        Some(p) => {
            // The organisation alone: its framework is the one in force for its kind.
            let facts = dma::facts(&state.pool, org.footprint_id, p, std::slice::from_ref(&org.summary)).await?;
            let rows = facts.as_ref().map(|f| f.organisation_rows(&org.summary)).unwrap_or_default();
            let framework = facts.filter(|_| !rows.is_empty()).map(|f| f.framework);
            let trajectory = organisations::trajectory(&state.pool, &org, p).await?;
            let measures = organisations::measures(&state.pool, &org, p).await?;
            (framework, rows, trajectory, measures)
        }
        None => (None, vec![], vec![], vec![]),
    };
    let deployments = match period {
        Some(p) => organisations::deployments(&state.pool, org.id, p.code).await?,
        None => vec![],
    };
    // The rules that judge each capability's trajectory at the quarter (ahead, on or behind plan).
    let trajectory_rules = match period {
        Some(p) => Some(rag_rules::for_footprint(&state.pool, org.footprint_id).await?.for_quarter(p.code).clone()),
        None => None,
    };
    let profile = OrganisationProfile {
        org: org.summary,
        footprint: footprint.summary.clone(),
        period: period.map(|p| p.code),
        dma,
        framework: framework.as_ref().map(|f| f.name.clone()),
        scale: framework.map(|f| f.scale),
        deployments,
        trajectory,
        trajectory_rules,
        measures,
    };
    Ok(Loaded { footprint, periods, profile })
}

async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let Loaded { footprint, periods, profile } = load(&state, &who, &code, &query).await?;
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new("Organisations", "/organisations")];
    let meta = who.meta_in(&footprint, &profile.org.name, Some(Nav::Organisations), crumbs);
    Ok(Html(organisation_page(meta, profile, periods)))
}

/// `/organisations/{code}/{table}.csv`: one of the page's tables (`dma`, `trajectory`,
/// `deployments`, `measures`), worded by the function the page draws it with. A table the
/// page does not show (no framework, no quarter) is an empty file (with its headings, but for
/// the trajectory's, whose columns depend on its plans).
async fn csv(
    State(state): State<AppState>,
    who: SignedIn,
    Path((code, file)): Path<(String, String)>,
    Query(query): Query<PeriodQuery>,
) -> Result<CsvTable, AppError> {
    let table = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    if !["dma", "trajectory", "deployments", "measures"].contains(&table) {
        return Err(AppError::NotFound);
    }
    let Loaded { profile: p, .. } = load(&state, &who, &code, &query).await?;
    let words = match table {
        "dma" => dma_table(&p.dma),
        "trajectory" => trajectory_table(p.period, &p.trajectory, p.trajectory_rules.as_ref().zip(p.scale)).unwrap_or_default(),
        "deployments" => deployments_table(&p.deployments),
        _ => measures_table(&p.measures),
    };
    let period = p.period.map(|q| q.to_string()).unwrap_or_default();
    Ok(CsvTable { file_stem: format!("{}-{table}-{period}", p.org.code), headings: words.headings, rows: words.rows })
}
