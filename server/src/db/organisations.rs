//! Organisations and the figures on an organisation's page (deployments, trajectory, measures).

use chrono::NaiveDate;
use sqlx::{FromRow, SqlitePool};

use super::periods::Period;
use super::provenance::{as_at, REVISION_HREF, REVISION_JOINS};
use ldr_app::analysis::best_benchmark;
use ldr_app::domain::{FinancialYear, FootprintId, OrgId, OrgKind, PeriodCode, PeriodId};
use ldr_app::model::{Deployment, MeasureRow, OrgSummary, TrajectoryRow};

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

#[derive(Debug, Clone)]
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
        summary: OrgSummary { code: r.code, name: r.name, short_name: r.short_name, kind, member_count: r.member_count },
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

#[derive(Debug, FromRow)]
struct DeploymentRow {
    capability: Option<String>,
    title: String,
    description: String,
    start_year: Option<i32>,
    target_year: i32,
    status: String,
    delivered_on: Option<String>,
    source: String,
    revision_href: Option<String>,
}

/// The organisation's deployments as at a quarter: each one's latest version up to it,
/// leaving out those withdrawn by then (a later quarter's change or addition never shows).
pub async fn deployments(pool: &SqlitePool, org: OrgId, period: PeriodCode) -> Result<Vec<Deployment>, sqlx::Error> {
    let latest = deployments_as_at(period);
    let sql = format!(
        "SELECT t.name AS capability, x.title, x.description, x.start_year, x.target_year, x.status,
                x.delivered_on, x.source, {REVISION_HREF} AS revision_href
         FROM {latest} x LEFT JOIN themes t ON t.id = x.theme_id
         {REVISION_JOINS}
         WHERE x.withdrawn = 0 ORDER BY x.target_year, t.position, x.title"
    );
    let rows: Vec<DeploymentRow> = sqlx::query_as(&sql).bind(org.0).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| Deployment {
            capability: r.capability,
            title: r.title,
            description: r.description,
            start_year: r.start_year.map(FinancialYear),
            target_year: FinancialYear(r.target_year),
            status: r.status,
            delivered_on: r.delivered_on.as_deref().and_then(parse_stored_date),
            source: r.source,
            revision_href: r.revision_href,
        })
        .collect())
}

/// An organisation's deployment versions as at a quarter (withdrawn ones included, so the
/// caller says what it wants); bind the organisation's id. Used by the pages, the return
/// template and a return's starting figures alike.
pub fn deployments_as_at(period: PeriodCode) -> String {
    as_at(
        "deployment_versions",
        "f.deployment_id",
        period,
        "f.deployment_id IN (SELECT d.id FROM deployments d WHERE d.organisation_id = ?)",
    )
}

/// A date as stored (`YYYY-MM-DD`).
pub fn parse_stored_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Each PF@PoC capability's trajectory: the DMA score in the baseline period, the planned
/// scores, and the latest score recorded in each later financial year.
pub async fn trajectory(pool: &SqlitePool, org: OrgId, baseline: PeriodId) -> Result<Vec<TrajectoryRow>, sqlx::Error> {
    let themes: Vec<(i64, String, Option<f64>)> = sqlx::query_as(
        "SELECT t.id, t.name, s.score FROM themes t
         JOIN framework_kinds fk ON fk.framework_id = t.framework_id
         JOIN organisations o ON o.id = ?1 AND o.kind = fk.kind
         LEFT JOIN dma_scores s ON s.theme_id = t.id AND s.organisation_id = o.id AND s.period_id = ?2
         WHERE t.pf_poc = 1 ORDER BY t.position",
    )
    .bind(org.0)
    .bind(baseline.0)
    .fetch_all(pool)
    .await?;
    let planned: Vec<(i64, i32, f64)> = sqlx::query_as(
        "SELECT theme_id, financial_year, planned_score FROM capability_trajectories
         WHERE organisation_id = ? ORDER BY financial_year",
    )
    .bind(org.0)
    .fetch_all(pool)
    .await?;
    // The last quarter's score of each financial year after the baseline's.
    let actual: Vec<(i64, i32, f64)> = sqlx::query_as(
        "SELECT s.theme_id, p.financial_year, s.score FROM dma_scores s
         JOIN reporting_periods p ON p.id = s.period_id
         WHERE s.organisation_id = ?1 AND s.score IS NOT NULL
           AND p.financial_year > (SELECT financial_year FROM reporting_periods WHERE id = ?2)
           AND p.quarter = (SELECT MAX(p2.quarter) FROM dma_scores s2 JOIN reporting_periods p2 ON p2.id = s2.period_id
                            WHERE s2.organisation_id = s.organisation_id AND s2.theme_id = s.theme_id
                              AND p2.financial_year = p.financial_year)
         ORDER BY p.financial_year",
    )
    .bind(org.0)
    .bind(baseline.0)
    .fetch_all(pool)
    .await?;
    let pick =
        |rows: &[(i64, i32, f64)], theme: i64| rows.iter().filter(|r| r.0 == theme).map(|r| (FinancialYear(r.1), r.2)).collect::<Vec<_>>();
    Ok(themes
        .into_iter()
        .map(|(id, name, baseline)| TrajectoryRow { capability: name, baseline, planned: pick(&planned, id), actual: pick(&actual, id) })
        .collect())
}

#[derive(Debug, FromRow)]
struct MeasureDbRow {
    measure_id: i64,
    name: String,
    qualifier: String,
    value: f64,
    unit: String,
    source: String,
    revision_href: Option<String>,
}

/// The organisation's other measures as at a period (the latest of each up to it), each with the benchmark of its own peer
/// group, chosen by the same rule as DMA benchmarks (`best_benchmark`).
pub async fn measures(pool: &SqlitePool, org: &Organisation, period: Period) -> Result<Vec<MeasureRow>, sqlx::Error> {
    let values = as_at("measure_values", "f.measure_id, f.qualifier", period.code, "f.organisation_id = ?");
    // National figures: a handful of rows, all read.
    let published = as_at("measure_benchmarks", "f.measure_id, f.peer_group_id", period.code, "1 = 1");
    let sql = format!(
        "SELECT x.measure_id, m.name, x.qualifier, x.value, m.unit, x.source, {REVISION_HREF} AS revision_href
         FROM {values} x JOIN measures m ON m.id = x.measure_id
         {REVISION_JOINS}
         ORDER BY m.id, x.qualifier"
    );
    let rows: Vec<MeasureDbRow> = sqlx::query_as(&sql).bind(org.id.0).fetch_all(pool).await?;
    let groups = super::dma::peer_groups(pool).await?;
    let sql = format!("SELECT measure_id, peer_group_id, value FROM {published} b");
    let benchmarks: Vec<(i64, i64, f64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let candidates = super::dma::candidates(&groups, benchmarks.iter().filter(|b| b.0 == r.measure_id).map(|b| (b.1, b.2)));
            let benchmark = best_benchmark(org.summary.kind, &candidates).map(|b| (b.peer_group.clone(), b.value));
            MeasureRow {
                name: r.name,
                qualifier: r.qualifier,
                value: r.value,
                unit: r.unit,
                benchmark,
                source: r.source,
                revision_href: r.revision_href,
            }
        })
        .collect())
}
