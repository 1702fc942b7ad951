//! `/national`: every footprint in England at a glance (`Need::ViewNational`: reviewers, and
//! a footprint's PMO and Steering Group, who see their own highlighted).

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::db::{footprints, frameworks, national, periods};
use crate::web::csv_download::CsvTable;
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::{OrgKind, PeriodCode};
use ldr_app::facts::{NationalView, SortKey};
use ldr_app::views::national::{national_page, national_table, NationalQuery};

pub fn routes() -> Router<AppState> {
    Router::new().route("/national", get(show)).route("/national.csv", get(csv))
}

#[derive(Debug, Default, Deserialize)]
struct RawQuery {
    period: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    region: Option<String>,
}

/// The footprints in the region and order asked for, the regions for the filter, the choices
/// as they apply, and the reader's own footprint: what the page and its CSV read.
async fn load(
    state: &AppState,
    who: &SignedIn,
    raw: RawQuery,
) -> Result<(NationalView, Vec<String>, NationalQuery, Option<String>), AppError> {
    who.require(Need::ViewNational)?;
    // An unknown quarter, sort or region is ignored, not an error: the page shows its default.
    let asked: Option<PeriodCode> = raw.period.as_deref().and_then(|p| p.parse().ok());
    let period = match asked {
        Some(p) if periods::by_code(&state.pool, &p).await?.is_some() => Some(p),
        _ => national::latest_quarter(&state.pool).await?,
    };
    let query = NationalQuery {
        sort: raw.sort.as_deref().and_then(SortKey::parse).unwrap_or(SortKey::Name),
        descending: raw.dir.as_deref() == Some("desc"),
        region: raw.region.filter(|r| !r.is_empty()),
        period: asked.map(|p| p.to_string()),
    };
    let view = national_view(state, period).await?;
    let regions = view.regions();
    let region = query.region.as_deref().filter(|r| regions.iter().any(|x| x == r));
    let view = view.in_region(region).sorted(query.sort, query.descending);
    let home = match who.user.principal.footprint {
        Some(id) => footprints::by_id(&state.pool, id).await?.map(|f| f.summary.code),
        None => None,
    };
    Ok((view, regions, query, home))
}

async fn show(State(state): State<AppState>, who: SignedIn, Query(raw): Query<RawQuery>) -> Result<Html<String>, AppError> {
    let (view, regions, query, home) = load(&state, &who, raw).await?;
    let meta = who.meta("England", None, vec![]);
    Ok(Html(national_page(meta, view, regions, query, home)))
}

/// `/national.csv`, with the page's own choices: its table as the page shows it.
async fn csv(State(state): State<AppState>, who: SignedIn, Query(raw): Query<RawQuery>) -> Result<CsvTable, AppError> {
    let (view, _, _, home) = load(&state, &who, raw).await?;
    let period = view.period.map(|p| p.to_string()).unwrap_or_default();
    let words = national_table(&view, home.as_deref());
    Ok(CsvTable { file_stem: format!("england-{period}"), headings: words.headings, rows: words.rows })
}

/// Every footprint's facts as at the quarter, like for like worked out.
async fn national_view(state: &AppState, period: Option<PeriodCode>) -> Result<NationalView, AppError> {
    let pool = &state.pool;
    let mut rows = national::footprints(pool).await?;
    let today = chrono::Local::now().date_naive();
    let open = national::open_quarters(pool, today).await?;
    let (mut framework, mut groups) = (None, vec![]);
    if let Some(period) = period {
        let aims = national::aim_statuses(pool, period).await?;
        // The trusts' framework in force: the one the national DMA figures are on.
        let trusts = [OrgKind::Acute, OrgKind::Community, OrgKind::MentalHealth, OrgKind::Ambulance];
        let scored = frameworks::scored_on(pool, &trusts, period).await?;
        let dma = match &scored {
            Some(f) => {
                groups = national::theme_groups(pool, f.id).await?;
                national::dma_totals(pool, f.id, period, &groups).await?
            }
            None => Default::default(),
        };
        framework = scored.map(|f| f.name);
        let all_aims = national::aim_count(pool).await? as usize;
        for (id, f) in &mut rows {
            match aims.get(id) {
                Some(a) => f.aims = *a,
                // No aim figures at all: every aim is not rated.
                None => f.aims.not_rated = all_aims,
            }
            match dma.get(id) {
                Some(totals) => {
                    f.dma_by_group = totals.group_means.clone();
                    f.kind_totals = totals.kinds.clone();
                }
                None => f.dma_by_group = vec![None; groups.len()],
            }
        }
    }
    for (id, f) in &mut rows {
        f.open_quarter = open.get(id).copied();
    }
    let footprints = rows.into_iter().map(|(_, f)| f).collect();
    Ok(NationalView { period, framework, groups, footprints }.finish())
}
