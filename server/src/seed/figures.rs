//! Figures: DMA scores and benchmarks, aim progress and goals, deployments and trajectories.
//! Each value is checked against its scale as it is read, and written through
//! `db::figures` with the row's source as its provenance.

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{framework_scale, lookup, AIM, FOOTPRINT, FRAMEWORK, ORGANISATION, PEER_GROUP, PERIOD};
use super::reader::{each, Row, SeedError};
use super::SeedSet;
use crate::db::figures::{self, AimProgress, Benchmarked, Deployment, DeploymentVersion, Provenance};
use ldr_app::domain::{AimId, FinancialYear, FootprintId, OrgId, Percent, PeriodId, Rag, Scale, ThemeId};
use ldr_app::returns::figures::DeploymentStatus;

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        each(conn, set, "dma_scores.csv", dma_score).await?,
        each(conn, set, "dma_benchmarks.csv", dma_benchmark).await?,
        each(conn, set, "aim_progress.csv", aim_progress).await?,
        each(conn, set, "aim_goals.csv", aim_goal).await?,
        each(conn, set, "deployments.csv", deployment).await?,
        each(conn, set, "trajectories.csv", trajectory).await?,
    ])
}

/// A theme of a framework, with the framework's scale.
async fn theme<T>(conn: &mut SqliteConnection, row: &Row<T>, framework: &str, theme: &str) -> Result<(ThemeId, Scale), SeedError> {
    let framework_id = lookup(conn, row, "framework", FRAMEWORK, framework).await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM themes WHERE framework_id = ? AND code = ?")
        .bind(framework_id)
        .bind(theme)
        .fetch_optional(&mut *conn)
        .await?;
    let id = id.ok_or_else(|| row.fail("theme", format!("'{theme}' is not a theme of {framework}")))?;
    Ok((ThemeId(id), framework_scale(conn, framework_id).await?))
}

/// A percentage field, checked by the one percentage rule.
pub(super) fn percent<T>(row: &Row<T>, field: &str, value: f64) -> Result<Percent, SeedError> {
    Percent::new(value).map_err(|e| row.fail(field, e.to_string()))
}

/// The organisation and the quarter a figure row names.
async fn org_period<T>(conn: &mut SqliteConnection, r: &Row<T>, org: &str, period: &str) -> Result<(OrgId, PeriodId), SeedError> {
    let org = lookup(conn, r, "organisation", ORGANISATION, org).await?;
    Ok((OrgId(org), PeriodId(lookup(conn, r, "period", PERIOD, period).await?)))
}

#[derive(Deserialize)]
struct ScoreRow {
    period: String,
    organisation: String,
    framework: String,
    theme: String,
    score: Option<String>,
    source: String,
}

async fn dma_score(conn: &mut SqliteConnection, r: &Row<ScoreRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
    let score = v.score.as_deref().map(|s| scale.score(s).map_err(|e| r.fail("score", e.to_string()))).transpose()?;
    let (org, period) = org_period(conn, r, &v.organisation, &v.period).await?;
    let applies: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM framework_kinds fk JOIN organisations o ON o.kind = fk.kind
         JOIN themes t ON t.framework_id = fk.framework_id WHERE o.id = ? AND t.id = ?",
    )
    .bind(org.0)
    .bind(theme.0)
    .fetch_one(&mut *conn)
    .await?;
    if applies == 0 {
        return Err(r.fail("organisation", format!("{} does not apply to {}'s kind of organisation", v.framework, v.organisation)));
    }
    Ok(figures::write_dma_score(conn, org, theme, period, score, &Provenance::published(&v.source)).await?)
}

#[derive(Deserialize)]
struct BenchmarkRow {
    period: String,
    framework: String,
    theme: String,
    peer_group: String,
    value: f64,
    source: String,
}

async fn dma_benchmark(conn: &mut SqliteConnection, r: &Row<BenchmarkRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
    // An average need not sit on the scale's steps (78.52), but it must lie within it.
    let value = scale.within(v.value).map_err(|e| r.fail("value", e.to_string()))?;
    let period = PeriodId(lookup(conn, r, "period", PERIOD, &v.period).await?);
    let group = lookup(conn, r, "peer_group", PEER_GROUP, &v.peer_group).await?;
    Ok(figures::write_benchmark(conn, Benchmarked::Theme(theme), period, group, value, &v.source).await?)
}

#[derive(Deserialize)]
struct ProgressRow {
    footprint: String,
    period: String,
    aim: String,
    completeness: Option<f64>,
    rag: Option<String>,
    narrative: String,
    source: String,
}

/// The footprint, aim and quarter a progress or goal row names.
async fn footprint_aim<T>(
    conn: &mut SqliteConnection,
    r: &Row<T>,
    footprint: &str,
    aim: &str,
    period: &str,
) -> Result<(FootprintId, AimId, PeriodId), SeedError> {
    let footprint = FootprintId(lookup(conn, r, "footprint", FOOTPRINT, footprint).await?);
    let aim = AimId(lookup(conn, r, "aim", AIM, aim).await?);
    Ok((footprint, aim, PeriodId(lookup(conn, r, "period", PERIOD, period).await?)))
}

async fn aim_progress(conn: &mut SqliteConnection, r: &Row<ProgressRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let completeness = v.completeness.map(|c| percent(r, "completeness", c)).transpose()?;
    let rag = v.rag.as_deref().map(str::parse::<Rag>).transpose().map_err(|e| r.fail("rag", e))?;
    let (footprint, aim, period) = footprint_aim(conn, r, &v.footprint, &v.aim, &v.period).await?;
    let progress = AimProgress { footprint, organisation: None, aim, period, completeness, rag, narrative: &v.narrative };
    figures::write_aim_progress(conn, &progress, &Provenance::published(&v.source)).await?;
    Ok(())
}

#[derive(Deserialize)]
struct GoalRow {
    footprint: String,
    period: String,
    aim: String,
    financial_year: i32,
    goal: f64,
}

async fn aim_goal(conn: &mut SqliteConnection, r: &Row<GoalRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let goal = percent(r, "goal", v.goal)?;
    if !(2000..=2100).contains(&v.financial_year) {
        return Err(r.fail("financial_year", "must be a year such as 2016 (for 2016/17)"));
    }
    let (footprint, aim, period) = footprint_aim(conn, r, &v.footprint, &v.aim, &v.period).await?;
    let progress: i64 = sqlx::query_scalar(
        "SELECT id FROM aim_progress WHERE footprint_id = ? AND organisation_id IS NULL AND aim_id = ? AND period_id = ?",
    )
    .bind(footprint.0)
    .bind(aim.0)
    .bind(period.0)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| r.fail("aim", format!("aim_progress.csv has no row for {} in {}", v.aim, v.period)))?;
    Ok(figures::write_aim_goal(conn, progress, FinancialYear(v.financial_year), goal).await?)
}

#[derive(Deserialize)]
struct DeploymentRow {
    period: String,
    organisation: String,
    framework: String,
    theme: String,
    title: String,
    description: String,
    start_fy: Option<i32>,
    target_fy: i32,
    status: String,
    source: String,
}

async fn deployment(conn: &mut SqliteConnection, r: &Row<DeploymentRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let status = DeploymentStatus::parse(&v.status)
        .ok_or_else(|| r.fail("status", format!("'{}' must be active, committed or aspirational", v.status)))?;
    if v.start_fy.is_some_and(|s| s > v.target_fy) {
        return Err(r.fail("start_fy", "must not be after target_fy"));
    }
    let (theme, _) = theme(conn, r, &v.framework, &v.theme).await?;
    let (org, period) = org_period(conn, r, &v.organisation, &v.period).await?;
    // The roadmap's title is the deployment's natural key; its figures are the version of
    // the row's quarter.
    let version = DeploymentVersion {
        period,
        theme: Some(theme),
        title: &v.title,
        description: &v.description,
        start_year: v.start_fy,
        target_year: v.target_fy,
        status,
        delivered_on: None,
        withdrawn: false,
    };
    figures::write_deployment(conn, org, Deployment::SeedKey(&v.title), &version, &Provenance::published(&v.source)).await?;
    Ok(())
}

#[derive(Deserialize)]
struct TrajectoryRow {
    /// The quarter whose figures made this the plan (the roadmap's: its baseline, 2016-17-q1).
    period: String,
    organisation: String,
    framework: String,
    theme: String,
    financial_year: i32,
    planned_score: String,
    source: String,
}

async fn trajectory(conn: &mut SqliteConnection, r: &Row<TrajectoryRow>) -> Result<(), SeedError> {
    let v = &r.value;
    let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
    let planned = scale.score(&v.planned_score).map_err(|e| r.fail("planned_score", e.to_string()))?;
    let (org, period) = org_period(conn, r, &v.organisation, &v.period).await?;
    let p = Provenance::published(&v.source);
    Ok(figures::write_trajectory(conn, org, theme, FinancialYear(v.financial_year), period, planned, &p).await?)
}
