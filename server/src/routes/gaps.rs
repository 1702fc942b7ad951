//! `/gaps`: the gap analysis and the gap register (issue 11). The page and its CSV
//! downloads read the same facts through [`load`] and word them through
//! `views::gap_tables`, so a download says what the page says. The PMO's edits of the
//! register are in `register`.

mod register;

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::home_footprint;
use super::periods::{selection, PeriodQuery};
use crate::auth::SignedIn;
use crate::db::footprints::Footprint;
use crate::db::periods::Period;
use crate::db::{aim_status, dma, gap_analysis, organisations, rag_rules};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::facts::{aims_worst_first, dma_gaps, AimStatus, DmaGapRow, GapFilters, GapRegister, OrgSummary};
use ldr_app::views::aims_table::explanation_href;
use ldr_app::views::gap_tables::{aims_table, dma_table, initiatives_table, register_table, WordedTable, AIM_HEADINGS, DMA_HEADINGS};
use ldr_app::views::gaps::{gaps_page, FilterChoices, GapsData};
use ldr_app::views::{Crumb, Nav};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/gaps", get(show))
        .route("/gaps/aims.csv", get(aims_csv))
        .route("/gaps/dma.csv", get(dma_csv))
        .route("/gaps/register.csv", get(register_csv))
        .route("/gaps/initiatives.csv", get(initiatives_csv))
}

/// The PMO's edits of the gap register and its initiatives: forms, never kept.
pub fn edit_routes() -> Router<AppState> {
    register::routes()
}

/// `/gaps?period=..&organisation=CODE&capability=N&theme_group=NAME`: blank means all.
#[derive(Debug, Default, Deserialize)]
struct GapQuery {
    period: Option<String>,
    organisation: Option<String>,
    capability: Option<String>,
    theme_group: Option<String>,
}

/// What the page and every download read: the quarter, the filters as they apply, the aims
/// worst first (None: no quarter with figures) and the DMA gaps (None: no scores as at it).
struct Loaded {
    footprint: Footprint,
    period: Option<Period>,
    periods: Vec<(String, String)>,
    filters: GapFilters,
    choices: FilterChoices,
    aims: Option<Vec<AimStatus>>,
    dma: Option<Vec<DmaGapRow>>,
}

fn blank_is_none(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A filter value that is not one of the choices is ignored (the form shows "All").
fn filters(query: &GapQuery, choices: &FilterChoices) -> GapFilters {
    let organisation = blank_is_none(&query.organisation).filter(|c| choices.organisations.iter().any(|(code, _)| code == c));
    let capability =
        blank_is_none(&query.capability).and_then(|n| n.parse::<i64>().ok()).filter(|n| choices.capabilities.iter().any(|(c, _)| c == n));
    let theme_group = blank_is_none(&query.theme_group).filter(|g| choices.theme_groups.iter().any(|c| c == g));
    GapFilters { organisation: organisation.map(str::to_string), capability, theme_group: theme_group.map(str::to_string) }
}

async fn load(state: &AppState, who: &SignedIn, query: &GapQuery) -> Result<Loaded, AppError> {
    let footprint = home_footprint(state, who).await?;
    let (period, periods) = selection(state, footprint.id, &PeriodQuery { period: query.period.clone() }).await?;
    let orgs: Vec<OrgSummary> = organisations::in_footprint(&state.pool, footprint.id).await?.into_iter().map(|o| o.summary).collect();
    let facts = match period {
        Some(p) => dma::facts(&state.pool, footprint.id, p, &orgs).await?,
        None => None,
    };
    let mut theme_groups: Vec<String> = Vec::new();
    for t in facts.iter().flat_map(|f| &f.themes) {
        if !theme_groups.contains(&t.group) {
            theme_groups.push(t.group.clone());
        }
    }
    let choices = FilterChoices {
        organisations: orgs.iter().map(|o| (o.code.clone(), o.name.clone())).collect(),
        capabilities: gap_analysis::capabilities(&state.pool).await?,
        theme_groups,
    };
    let filters = filters(query, &choices);
    let rules = rag_rules::for_footprint(&state.pool, footprint.id).await?;
    let aims = match period {
        // The statuses are the lead's one computation (`db::aim_status`), never worked out here.
        Some(p) => {
            let all = aim_status::for_footprint(&state.pool, footprint.id, p, &rules).await?;
            Some(aims_worst_first(all.into_iter().filter(|a| filters.keeps_capability(a.capability)).collect()))
        }
        None => None,
    };
    let dma = match (facts, period) {
        (Some(facts), Some(p)) => {
            let plans = gap_analysis::plans(&state.pool, footprint.id, p.code).await?;
            let assessed = gap_analysis::latest_assessed(&state.pool, footprint.id, p.code).await?;
            let rows = dma_gaps(&facts, &plans, &assessed, rules.for_quarter(p.code));
            Some(rows.into_iter().filter(|r| filters.keeps_dma(r)).collect())
        }
        _ => None,
    };
    Ok(Loaded { footprint, period, periods, filters, choices, aims, dma })
}

impl Loaded {
    fn aims_table(&self) -> Option<WordedTable> {
        Some(aims_table(self.aims.as_ref()?))
    }

    /// Each aim row's explanation (`/aims/{code}`), as at the quarter shown.
    fn aim_hrefs(&self, who: &SignedIn) -> Vec<String> {
        let (Some(aims), Some(p)) = (&self.aims, self.period) else { return vec![] };
        aims.iter().map(|a| explanation_href(&a.code, p.code, who.chosen_footprint.as_deref())).collect()
    }

    fn dma_table(&self) -> Option<WordedTable> {
        Some(dma_table(self.dma.as_ref()?, self.period?.code))
    }

    /// The filters as they apply, as a query string for the CSV links ("" for none).
    fn query(&self, who: &SignedIn) -> String {
        let f = &self.filters;
        let pairs: Vec<(&str, String)> = [
            ("period", self.period.map(|p| p.code.to_string())),
            ("organisation", f.organisation.clone()),
            ("capability", f.capability.map(|n| n.to_string())),
            ("theme_group", f.theme_group.clone()),
            ("footprint", who.chosen_footprint.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        match serde_urlencoded::to_string(&pairs) {
            Ok(q) if !q.is_empty() => format!("?{q}"),
            _ => String::new(),
        }
    }

    fn file_stem(&self, table: &str) -> String {
        let period = self.period.map(|p| p.code.to_string()).unwrap_or_default();
        format!("gaps-{table}-{}-{period}", self.footprint.summary.code)
    }
}

async fn show(State(state): State<AppState>, who: SignedIn, Query(query): Query<GapQuery>) -> Result<Html<String>, AppError> {
    let loaded = load(&state, &who, &query).await?;
    let register = gap_analysis::register(&state.pool, loaded.footprint.id).await?;
    let meta = who.meta_in(&loaded.footprint, "Gap analysis", Some(Nav::Gaps), vec![Crumb::new("Home", "/")]);
    let data = GapsData {
        footprint: loaded.footprint.summary.clone(),
        period: loaded.period.map(|p| p.code),
        periods: loaded.periods.clone(),
        filters: loaded.filters.clone(),
        choices: loaded.choices.clone(),
        aims: loaded.aims_table().map(|t| (t, loaded.aim_hrefs(&who))),
        dma: loaded.dma_table(),
        register,
        can_edit: who.user.principal.may(Need::RunProgramme(loaded.footprint.id)),
        query: loaded.query(&who),
    };
    Ok(Html(gaps_page(meta, data)))
}

fn csv(file_stem: String, table: WordedTable) -> CsvTable {
    CsvTable { file_stem, headings: table.headings, rows: table.rows }
}

async fn aims_csv(State(state): State<AppState>, who: SignedIn, Query(query): Query<GapQuery>) -> Result<CsvTable, AppError> {
    let loaded = load(&state, &who, &query).await?;
    let empty = || WordedTable { headings: AIM_HEADINGS.map(String::from).to_vec(), rows: vec![] };
    Ok(csv(loaded.file_stem("aims"), loaded.aims_table().unwrap_or_else(empty)))
}

async fn dma_csv(State(state): State<AppState>, who: SignedIn, Query(query): Query<GapQuery>) -> Result<CsvTable, AppError> {
    let loaded = load(&state, &who, &query).await?;
    Ok(csv(
        loaded.file_stem("dma"),
        loaded.dma_table().unwrap_or_else(|| WordedTable { headings: DMA_HEADINGS.map(String::from).to_vec(), rows: vec![] }),
    ))
}

async fn register_of(state: &AppState, who: &SignedIn) -> Result<(Footprint, GapRegister), AppError> {
    let footprint = home_footprint(state, who).await?;
    let register = gap_analysis::register(&state.pool, footprint.id).await?;
    Ok((footprint, register))
}

async fn register_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let (footprint, register) = register_of(&state, &who).await?;
    Ok(csv(format!("gaps-register-{}", footprint.summary.code), register_table(&register)))
}

async fn initiatives_csv(State(state): State<AppState>, who: SignedIn) -> Result<CsvTable, AppError> {
    let (footprint, register) = register_of(&state, &who).await?;
    Ok(csv(format!("gaps-initiatives-{}", footprint.summary.code), initiatives_table(&register)))
}
