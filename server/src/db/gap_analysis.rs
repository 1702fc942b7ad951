//! The gap analysis reads: the organisations' trajectory plans as at a quarter (the "own plan"
//! a DMA theme is set against) and the gap register with its initiatives. Bounded by one
//! footprint; plans "as at" the quarter through `provenance::as_at`.

use sqlx::{FromRow, SqlitePool};

use super::provenance::{as_at, period_key, Scope, TRAJECTORIES};
use ldr_app::analysis::initiative_priority::{Criteria, Enabler};
use ldr_app::domain::{FinancialYear, FootprintId, OrgId, PeriodCode, ThemeId};
use ldr_app::facts::{AssessedScore, GapRegister, RegisterArea, RegisterGap, RegisterInitiative, ThemePlan};

/// Each organisation's planned score per theme for the quarter's financial year, as the
/// plans stood at the quarter.
pub async fn plans(pool: &SqlitePool, footprint: FootprintId, period: PeriodCode) -> Result<Vec<ThemePlan>, sqlx::Error> {
    let rows: Vec<(i64, i64, i32, f64)> = sqlx::query_as(&plans_sql(footprint, period)).bind(period.year.0).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(o, t, y, planned)| ThemePlan { organisation: OrgId(o), theme: ThemeId(t), year: FinancialYear(y), planned })
        .collect())
}

/// Each organisation's latest assessed score per theme up to the quarter (a later "not
/// assessed" is skipped, not a zero: the DMA theme rule judges this one). The same latest-row
/// seek as `provenance::as_at`, over the assessed rows only.
pub async fn latest_assessed(pool: &SqlitePool, footprint: FootprintId, period: PeriodCode) -> Result<Vec<AssessedScore>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, f64)> =
        sqlx::query_as(LATEST_ASSESSED_SQL).bind(footprint.0).bind(period_key(period)).bind(period_key(period)).fetch_all(pool).await?;
    rows.into_iter()
        .map(|(o, t, code, score)| {
            let period = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            Ok(AssessedScore { organisation: OrgId(o), theme: ThemeId(t), period, score })
        })
        .collect()
}

/// The statement of [`latest_assessed`] (binds: footprint, quarter key twice), public for its
/// query-plan test.
pub const LATEST_ASSESSED_SQL: &str =
    "SELECT f.organisation_id, f.theme_id, p.code, f.score FROM dma_scores f JOIN reporting_periods p ON p.id = f.period_id
         WHERE f.organisation_id IN (SELECT id FROM organisations WHERE footprint_id = ?) AND f.score IS NOT NULL AND f.period_key <= ?
           AND f.period_key = (SELECT MAX(g.period_key) FROM dma_scores g WHERE g.organisation_id = f.organisation_id
                               AND g.theme_id = f.theme_id AND g.score IS NOT NULL AND g.period_key <= ?)";

/// The statement of [`plans`] (one bind: the financial year), public for its query-plan test.
pub fn plans_sql(footprint: FootprintId, period: PeriodCode) -> String {
    let latest = as_at(TRAJECTORIES, Scope::FootprintOrganisations(footprint), period);
    format!(
        "SELECT x.organisation_id, x.theme_id, x.financial_year, x.planned_score FROM {latest} x
         WHERE x.financial_year = ? ORDER BY x.organisation_id, x.theme_id"
    )
}

#[derive(FromRow)]
struct AreaGapRow {
    area_id: i64,
    area: String,
    gap_id: Option<i64>,
    text: Option<String>,
    version: Option<i64>,
}

#[derive(FromRow)]
pub(super) struct InitiativeRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub universal_capability: bool,
    pub stp_objective: bool,
    pub whole_system: bool,
    pub pfpoc_enabler: String,
    pub version: i64,
}

impl InitiativeRow {
    pub(super) fn fact(self) -> Result<RegisterInitiative, sqlx::Error> {
        let enabler = Enabler::parse(&self.pfpoc_enabler)
            .ok_or_else(|| sqlx::Error::Decode(format!("'{}' is not a PF@PoC enabler", self.pfpoc_enabler).into()))?;
        let criteria = Criteria {
            universal_capability: self.universal_capability,
            stp_objective: self.stp_objective,
            whole_system: self.whole_system,
            enabler,
        };
        Ok(RegisterInitiative { id: self.id, title: self.title, description: self.description, criteria, version: self.version })
    }
}

pub(super) const INITIATIVE_COLUMNS: &str =
    "id, title, description, universal_capability, stp_objective, whole_system, pfpoc_enabler, version FROM initiatives";

/// The footprint's gap register: every area (even one left without gaps) with its gaps, and
/// the initiatives, each in the roadmap's order.
pub async fn register(pool: &SqlitePool, footprint: FootprintId) -> Result<GapRegister, sqlx::Error> {
    let rows: Vec<AreaGapRow> = sqlx::query_as(
        "SELECT a.id AS area_id, a.name AS area, g.id AS gap_id, g.text, g.version
         FROM gap_areas a LEFT JOIN gaps g ON g.area_id = a.id
         WHERE a.footprint_id = ? ORDER BY a.position, a.id, g.position, g.id",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let mut areas: Vec<RegisterArea> = Vec::new();
    for r in rows {
        if areas.last().is_none_or(|a| a.id != r.area_id) {
            areas.push(RegisterArea { id: r.area_id, name: r.area, gaps: Vec::new() });
        }
        if let (Some(id), Some(text), Some(version), Some(area)) = (r.gap_id, r.text, r.version, areas.last_mut()) {
            area.gaps.push(RegisterGap { id, text, version });
        }
    }
    let sql = format!("SELECT {INITIATIVE_COLUMNS} WHERE footprint_id = ? ORDER BY position, id");
    let rows: Vec<InitiativeRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    let initiatives = rows.into_iter().map(InitiativeRow::fact).collect::<Result<_, _>>()?;
    Ok(GapRegister { areas, initiatives })
}

/// The universal capabilities as (number, title), for the capability filter.
pub async fn capabilities(pool: &SqlitePool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT number, title FROM universal_capabilities ORDER BY number").fetch_all(pool).await
}
