//! Figures: DMA scores and benchmarks, aim progress and goals, other measures,
//! deployments and trajectories. Each value is checked against its scale as it is read.

use serde::Deserialize;
use sqlx::SqliteConnection;

use super::keys::{lookup, AIM, FOOTPRINT, FRAMEWORK, ORGANISATION, PEER_GROUP, PERIOD};
use super::reader::{read, Row, SeedError};
use super::SeedSet;
use ldr_app::domain::{Percent, Rag, Scale};

pub async fn load(conn: &mut SqliteConnection, set: &SeedSet) -> Result<Vec<(&'static str, usize)>, SeedError> {
    Ok(vec![
        ("dma_scores.csv", dma_scores(conn, set).await?),
        ("dma_benchmarks.csv", dma_benchmarks(conn, set).await?),
        ("aim_progress.csv", aim_progress(conn, set).await?),
        ("aim_goals.csv", aim_goals(conn, set).await?),
        ("deployments.csv", deployments(conn, set).await?),
        ("trajectories.csv", trajectories(conn, set).await?),
    ])
}

/// A theme of a framework, with the framework's scale.
async fn theme<T>(conn: &mut SqliteConnection, row: &Row<T>, framework: &str, theme: &str) -> Result<(i64, Scale), SeedError> {
    let framework_id = lookup(conn, row, "framework", FRAMEWORK, framework).await?;
    let found: Option<(i64, f64, f64, f64)> = sqlx::query_as(
        "SELECT t.id, f.scale_min, f.scale_max, f.scale_step FROM themes t
         JOIN assessment_frameworks f ON f.id = t.framework_id WHERE f.id = ? AND t.code = ?",
    )
    .bind(framework_id)
    .bind(theme)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, min, max, step) = found.ok_or_else(|| row.fail("theme", format!("'{theme}' is not a theme of {framework}")))?;
    Ok((id, Scale { min, max, step }))
}

pub(super) fn percent<T>(row: &Row<T>, field: &str, value: Option<f64>) -> Result<Option<f64>, SeedError> {
    value.map(|v| Percent::new(v).map(Percent::value).map_err(|e| row.fail(field, e.to_string()))).transpose()
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

async fn dma_scores(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<ScoreRow>("dma_scores.csv", set.get("dma_scores.csv"))?;
    for r in &rows {
        let v = &r.value;
        let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
        let score =
            v.score.as_deref().map(|s| scale.score(s).map(|s| s.value()).map_err(|e| r.fail("score", e.to_string()))).transpose()?;
        let org = lookup(conn, r, "organisation", ORGANISATION, &v.organisation).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        let applies: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM framework_kinds fk JOIN organisations o ON o.kind = fk.kind
             JOIN themes t ON t.framework_id = fk.framework_id WHERE o.id = ? AND t.id = ?",
        )
        .bind(org)
        .bind(theme)
        .fetch_one(&mut *conn)
        .await?;
        if applies == 0 {
            return Err(r.fail("organisation", format!("{} does not apply to {}'s kind of organisation", v.framework, v.organisation)));
        }
        sqlx::query(
            "INSERT INTO dma_scores (organisation_id, theme_id, period_id, score, source) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (organisation_id, theme_id, period_id) DO UPDATE SET score = excluded.score, source = excluded.source",
        )
        .bind(org)
        .bind(theme)
        .bind(period)
        .bind(score)
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn dma_benchmarks(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<BenchmarkRow>("dma_benchmarks.csv", set.get("dma_benchmarks.csv"))?;
    for r in &rows {
        let v = &r.value;
        let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
        // An average need not sit on the scale's steps (78.52), but it must lie within it.
        if v.value < scale.min || v.value > scale.max {
            return Err(r.fail("value", format!("{} is outside the scale {} to {}", v.value, scale.min, scale.max)));
        }
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        let group = lookup(conn, r, "peer_group", PEER_GROUP, &v.peer_group).await?;
        sqlx::query(
            "INSERT INTO dma_benchmarks (theme_id, period_id, peer_group_id, value, source) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (theme_id, period_id, peer_group_id) DO UPDATE SET value = excluded.value, source = excluded.source",
        )
        .bind(theme)
        .bind(period)
        .bind(group)
        .bind(v.value)
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

/// The footprint-level progress row's id, if there is one.
async fn progress_id(conn: &mut SqliteConnection, footprint: i64, aim: i64, period: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM aim_progress WHERE footprint_id = ? AND organisation_id IS NULL AND aim_id = ? AND period_id = ?")
        .bind(footprint)
        .bind(aim)
        .bind(period)
        .fetch_optional(conn)
        .await
}

async fn aim_progress(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<ProgressRow>("aim_progress.csv", set.get("aim_progress.csv"))?;
    for r in &rows {
        let v = &r.value;
        let completeness = percent(r, "completeness", v.completeness)?;
        let rag = v.rag.as_deref().map(str::parse::<Rag>).transpose().map_err(|e| r.fail("rag", e))?;
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        let aim = lookup(conn, r, "aim", AIM, &v.aim).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        // The unique index is on an expression (organisation NULL for the footprint), which
        // an ON CONFLICT target cannot name portably, so look the row up first.
        match progress_id(conn, footprint, aim, period).await? {
            Some(id) => sqlx::query("UPDATE aim_progress SET completeness = ?, rag = ?, narrative = ?, source = ? WHERE id = ?")
                .bind(completeness)
                .bind(rag.map(Rag::code))
                .bind(&v.narrative)
                .bind(&v.source)
                .bind(id),
            None => sqlx::query(
                "INSERT INTO aim_progress (footprint_id, aim_id, period_id, completeness, rag, narrative, source)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(footprint)
            .bind(aim)
            .bind(period)
            .bind(completeness)
            .bind(rag.map(Rag::code))
            .bind(&v.narrative)
            .bind(&v.source),
        }
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

#[derive(Deserialize)]
struct GoalRow {
    footprint: String,
    period: String,
    aim: String,
    financial_year: i32,
    goal: f64,
}

async fn aim_goals(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<GoalRow>("aim_goals.csv", set.get("aim_goals.csv"))?;
    for r in &rows {
        let v = &r.value;
        let goal = percent(r, "goal", Some(v.goal))?;
        if !(2000..=2100).contains(&v.financial_year) {
            return Err(r.fail("financial_year", "must be a year such as 2016 (for 2016/17)"));
        }
        let footprint = lookup(conn, r, "footprint", FOOTPRINT, &v.footprint).await?;
        let aim = lookup(conn, r, "aim", AIM, &v.aim).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        let progress = progress_id(conn, footprint, aim, period)
            .await?
            .ok_or_else(|| r.fail("aim", format!("aim_progress.csv has no row for {} in {}", v.aim, v.period)))?;
        sqlx::query(
            "INSERT INTO aim_goals (aim_progress_id, financial_year, goal) VALUES (?, ?, ?)
             ON CONFLICT (aim_progress_id, financial_year) DO UPDATE SET goal = excluded.goal",
        )
        .bind(progress)
        .bind(v.financial_year)
        .bind(goal)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn deployments(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<DeploymentRow>("deployments.csv", set.get("deployments.csv"))?;
    for r in &rows {
        let v = &r.value;
        if !["active", "committed", "aspirational"].contains(&v.status.as_str()) {
            return Err(r.fail("status", format!("'{}' must be active, committed or aspirational", v.status)));
        }
        if v.start_fy.is_some_and(|s| s > v.target_fy) {
            return Err(r.fail("start_fy", "must not be after target_fy"));
        }
        let (theme, _) = theme(conn, r, &v.framework, &v.theme).await?;
        let org = lookup(conn, r, "organisation", ORGANISATION, &v.organisation).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        // The roadmap's title is the deployment's natural key; its figures are the version
        // of the row's quarter.
        let deployment: i64 = sqlx::query_scalar(
            "INSERT INTO deployments (organisation_id, seed_key) VALUES (?, ?)
             ON CONFLICT (organisation_id, seed_key) DO UPDATE SET seed_key = excluded.seed_key RETURNING id",
        )
        .bind(org)
        .bind(&v.title)
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO deployment_versions (deployment_id, period_id, theme_id, title, description, start_year, target_year, status, source)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (deployment_id, period_id) DO UPDATE SET theme_id = excluded.theme_id, title = excluded.title,
                 description = excluded.description, start_year = excluded.start_year,
                 target_year = excluded.target_year, status = excluded.status, source = excluded.source",
        )
        .bind(deployment)
        .bind(period)
        .bind(theme)
        .bind(&v.title)
        .bind(&v.description)
        .bind(v.start_fy)
        .bind(v.target_fy)
        .bind(&v.status)
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
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

async fn trajectories(conn: &mut SqliteConnection, set: &SeedSet) -> Result<usize, SeedError> {
    let rows = read::<TrajectoryRow>("trajectories.csv", set.get("trajectories.csv"))?;
    for r in &rows {
        let v = &r.value;
        let (theme, scale) = theme(conn, r, &v.framework, &v.theme).await?;
        let planned = scale.score(&v.planned_score).map_err(|e| r.fail("planned_score", e.to_string()))?;
        let org = lookup(conn, r, "organisation", ORGANISATION, &v.organisation).await?;
        let period = lookup(conn, r, "period", PERIOD, &v.period).await?;
        sqlx::query(
            "INSERT INTO capability_trajectories (organisation_id, theme_id, financial_year, period_id, planned_score, source)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (organisation_id, theme_id, financial_year, period_id)
             DO UPDATE SET planned_score = excluded.planned_score, source = excluded.source",
        )
        .bind(org)
        .bind(theme)
        .bind(v.financial_year)
        .bind(period)
        .bind(planned.value())
        .bind(&v.source)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}
