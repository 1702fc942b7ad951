//! Organisations and the figures on an organisation's page (deployments, trajectory, measures).

use chrono::NaiveDate;
use sqlx::{FromRow, SqlitePool};

use super::frameworks;
use super::periods::Period;
use super::provenance::{
    as_at, period_key, required, ProvenanceRow, Scope, DEPLOYMENT_VERSIONS, MEASURE_BENCHMARKS, MEASURE_VALUES, PROVENANCE_COLUMNS,
    PROVENANCE_JOINS, TRAJECTORIES,
};
use ldr_app::analysis::best_benchmark;
use ldr_app::domain::{FinancialYear, FootprintId, OrgId, OrgKind, PeriodCode};
use ldr_app::facts::{Deployment, DeploymentStatus, MeasureRow, OrgSummary, QuarterScore, TrajectoryRow};

#[derive(Debug, FromRow)]
struct OrgRow {
    id: i64,
    footprint_id: i64,
    code: String,
    name: String,
    short_name: String,
    kind: String,
    member_count: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Organisation {
    pub id: OrgId,
    pub footprint_id: FootprintId,
    pub summary: OrgSummary,
}

fn decode(r: OrgRow) -> Result<Organisation, sqlx::Error> {
    let kind: OrgKind = r.kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    Ok(Organisation {
        id: OrgId(r.id),
        footprint_id: FootprintId(r.footprint_id),
        summary: OrgSummary { id: OrgId(r.id), code: r.code, name: r.name, short_name: r.short_name, kind, member_count: r.member_count },
    })
}

const ORG_COLUMNS: &str = "id, footprint_id, code, name, short_name, kind, member_count FROM organisations";

pub async fn in_footprint(pool: &SqlitePool, footprint: FootprintId) -> Result<Vec<Organisation>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} WHERE footprint_id = ? AND parent_id IS NULL ORDER BY position, name");
    let rows: Vec<OrgRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    rows.into_iter().map(decode).collect()
}

pub async fn by_code(pool: &SqlitePool, code: &str) -> Result<Option<Organisation>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} WHERE code = ?");
    let row: Option<OrgRow> = sqlx::query_as(&sql).bind(code).fetch_optional(pool).await?;
    row.map(decode).transpose()
}

pub async fn by_id(pool: &SqlitePool, id: OrgId) -> Result<Option<Organisation>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} WHERE id = ?");
    let row: Option<OrgRow> = sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?;
    row.map(decode).transpose()
}

fn decode_err(e: String) -> sqlx::Error {
    sqlx::Error::Decode(e.into())
}

#[derive(Debug, FromRow)]
struct DeploymentRow {
    capability: Option<String>,
    title: String,
    description: String,
    start_year: Option<i32>,
    target_year: i32,
    status: String,
    delivered_on: Option<String>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The organisation's deployments as at a quarter: each one's latest version up to it,
/// leaving out those withdrawn by then (a later quarter's change or addition never shows).
pub async fn deployments(pool: &SqlitePool, org: OrgId, period: PeriodCode) -> Result<Vec<Deployment>, sqlx::Error> {
    let latest = as_at(DEPLOYMENT_VERSIONS, Scope::OrganisationDeployments(org), period);
    let sql = format!(
        "SELECT t.name AS capability, x.title, x.description, x.start_year, x.target_year, x.status,
                x.delivered_on, {PROVENANCE_COLUMNS}
         FROM {latest} x LEFT JOIN themes t ON t.id = x.theme_id
         {PROVENANCE_JOINS}
         WHERE x.withdrawn = FALSE ORDER BY x.target_year, t.position, x.title"
    );
    let rows: Vec<DeploymentRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| {
            let provenance = required(r.provenance)?;
            Ok(Deployment {
                capability: r.capability,
                title: r.title,
                description: r.description,
                start_year: r.start_year.map(FinancialYear),
                target_year: FinancialYear(r.target_year),
                status: r.status.parse::<DeploymentStatus>().map_err(decode_err)?,
                delivered_on: r.delivered_on.as_deref().and_then(parse_stored_date),
                source: provenance.source,
                revision: provenance.revision,
            })
        })
        .collect()
}

/// A date as stored (`YYYY-MM-DD`).
pub fn parse_stored_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Each PF@PoC capability's trajectory facts as at a quarter, for the capabilities of the
/// framework the organisation was scored on then (the one rule, as its DMA table): the
/// organisation's approved scores up to the quarter (a handful: one per quarter it returned)
/// and each financial year's plan as it stood then, each with its provenance.
/// `ldr_app::analysis::trajectory_line` picks baseline and actual.
pub async fn trajectory(pool: &SqlitePool, org: &Organisation, period: Period) -> Result<Vec<TrajectoryRow>, sqlx::Error> {
    let Some(framework) = frameworks::scored_on(pool, &[org.summary.kind], period.code).await? else { return Ok(Vec::new()) };
    let themes: Vec<(i64, String)> =
        sqlx::query_as("SELECT t.id, t.name FROM themes t WHERE t.framework_id = ? AND t.pf_poc = TRUE ORDER BY t.position")
            .bind(framework.id)
            .fetch_all(pool)
            .await?;
    let sql = format!(
        "SELECT x.theme_id, p.code AS period, x.score, {PROVENANCE_COLUMNS} FROM dma_scores x
         JOIN reporting_periods p ON p.id = x.period_id
         JOIN themes t ON t.id = x.theme_id
         {PROVENANCE_JOINS}
         WHERE x.organisation_id = ? AND t.framework_id = ? AND t.pf_poc = TRUE AND p.financial_year * 10 + p.quarter <= ?
         ORDER BY p.financial_year, p.quarter"
    );
    let scores: Vec<TrajectoryScoreRow> =
        sqlx::query_as(&sql).bind(org.id.0).bind(framework.id).bind(period_key(period.code)).fetch_all(pool).await?;
    let plans = as_at(TRAJECTORIES, Scope::Organisation(org.id), period.code);
    let sql = format!(
        "SELECT x.theme_id, x.financial_year, x.planned_score, {PROVENANCE_COLUMNS} FROM {plans} x {PROVENANCE_JOINS}
         ORDER BY x.financial_year"
    );
    let planned: Vec<TrajectoryPlanRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let mut rows: Vec<TrajectoryRow> = themes
        .iter()
        .map(|(_, capability)| TrajectoryRow {
            capability: capability.clone(),
            scores: vec![],
            planned: vec![],
            sources: Default::default(),
        })
        .collect();
    let of_theme = |id: i64| themes.iter().position(|t| t.0 == id);
    for s in scores {
        let Some(i) = of_theme(s.theme_id) else { continue };
        let period: PeriodCode = s.period.parse().map_err(decode_err)?;
        rows[i].scores.push(QuarterScore { period, score: s.score });
        rows[i].sources.scores.insert(period, required(s.provenance)?);
    }
    for p in planned {
        let Some(i) = of_theme(p.theme_id) else { continue };
        let year = FinancialYear(p.financial_year);
        rows[i].planned.push((year, p.planned_score));
        rows[i].sources.planned.insert(year, required(p.provenance)?);
    }
    Ok(rows)
}

#[derive(Debug, FromRow)]
struct TrajectoryScoreRow {
    theme_id: i64,
    period: String,
    score: Option<f64>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

#[derive(Debug, FromRow)]
struct TrajectoryPlanRow {
    theme_id: i64,
    financial_year: i32,
    planned_score: f64,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

#[derive(Debug, FromRow)]
struct MeasureDbRow {
    measure_id: i64,
    name: String,
    qualifier: String,
    value: f64,
    unit: String,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The organisation's other measures as at a period (the latest of each up to it), each with
/// the benchmark of its own peer group, chosen by the same rule as DMA benchmarks
/// (`best_benchmark`).
pub async fn measures(pool: &SqlitePool, org: &Organisation, period: Period) -> Result<Vec<MeasureRow>, sqlx::Error> {
    let values = as_at(MEASURE_VALUES, Scope::Organisation(org.id), period.code);
    // National figures: a handful of rows, all read.
    let published = as_at(MEASURE_BENCHMARKS, Scope::National, period.code);
    let sql = format!(
        "SELECT x.measure_id, m.name, x.qualifier, x.value, m.unit, {PROVENANCE_COLUMNS}
         FROM {values} x JOIN measures m ON m.id = x.measure_id
         {PROVENANCE_JOINS}
         ORDER BY m.id, x.qualifier"
    );
    let rows: Vec<MeasureDbRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let groups = super::dma::peer_groups(pool).await?;
    let sql = format!("SELECT measure_id, peer_group_id, value FROM {published} b");
    let benchmarks: Vec<(i64, i64, f64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| {
            let candidates = super::dma::candidates(&groups, benchmarks.iter().filter(|b| b.0 == r.measure_id).map(|b| (b.1, b.2)));
            let benchmark = best_benchmark(org.summary.kind, &candidates).map(|b| (b.peer_group.clone(), b.value));
            let provenance = required(r.provenance)?;
            Ok(MeasureRow {
                name: r.name,
                qualifier: r.qualifier,
                value: r.value,
                unit: r.unit,
                benchmark,
                source: provenance.source,
                revision: provenance.revision,
            })
        })
        .collect()
}
