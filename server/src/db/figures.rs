//! The one write path of every figure table: DMA scores, capability trajectories, aim
//! progress (and its goals), deployments (and their versions), measure values, and the
//! national benchmarks. Each function takes typed values and, where the table records it,
//! the figure's [`Provenance`], and inserts or updates the row of its natural key for its
//! quarter. Writing the same figure with the same provenance again changes nothing.
//!
//! Callers: the seed (`seed/figures.rs`, `seed/measures.rs`) and approval
//! (`db/return_apply.rs`), the DMA import (`import/`); `ldr generate` is to call these too.

use chrono::{NaiveDate, NaiveDateTime};
use ldr_app::domain::{
    AimId, DeploymentId, FinancialYear, FootprintId, MeasureId, OrgId, Percent, PeriodId, Rag, ReturnId, Score, ThemeId, UserId,
};
use ldr_app::returns::figures::DeploymentStatus;
use sqlx::SqliteConnection;

use super::dialect;
use super::upsert::{row, Table, Value};

/// Where a figure came from, as its row records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance<'a> {
    /// "DMA 2015/16 national data set", "Quarterly return 2016/17 Q2, revision 1".
    pub source: &'a str,
    /// When the figure was entered (a return section's last save), bound from Rust.
    pub recorded_at: NaiveDateTime,
    pub recorded_by: Option<UserId>,
    /// Set together by an approval; the seed and an unapproved import leave them empty.
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<UserId>,
    pub return_id: Option<ReturnId>,
}

impl<'a> Provenance<'a> {
    /// A figure from a published source, recorded now by no one (the seed, an import).
    pub fn published(source: &'a str) -> Self {
        Provenance { source, recorded_at: dialect::now(), recorded_by: None, approved_at: None, approved_by: None, return_id: None }
    }

    /// The provenance columns' values, in [`crate::db::upsert::PROVENANCE`] order.
    fn values(&self) -> [Value<'a>; 6] {
        let Provenance { source, recorded_at, recorded_by, approved_at, approved_by, return_id } = *self;
        [source.into(), recorded_at.into(), recorded_by.into(), approved_at.into(), approved_by.into(), return_id.into()]
    }
}

/// A figure row: its own values, its quarter's `period_key`, then its provenance's (see
/// [`Table::figure`]). Every figure table's columns end with `period_key`.
async fn write(
    conn: &mut SqliteConnection,
    table: &Table,
    mut figure: Vec<Value<'_>>,
    period: PeriodId,
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    figure.push(period_key(conn, period).await?.into());
    figure.extend(p.values());
    table.upsert(conn, figure).await
}

/// The quarter as an ordered key (2016/17 Q2 is 20162), which every figure row carries so
/// that "as at a quarter" is an index lookup (`db::provenance::as_at`, migration 0024).
pub async fn period_key(conn: &mut SqliteConnection, period: PeriodId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT financial_year * 10 + quarter FROM reporting_periods WHERE id = ?").bind(period.0).fetch_one(conn).await
}

const DMA_SCORES: Table = Table::figure(
    "dma_scores",
    &["organisation_id", "theme_id", "period_id"],
    &["organisation_id", "theme_id", "period_id", "score", "period_key"],
);

/// An organisation's score for a theme in a quarter; `None` is "not assessed", not 0.
pub async fn write_dma_score(
    conn: &mut SqliteConnection,
    org: OrgId,
    theme: ThemeId,
    period: PeriodId,
    score: Option<Score>,
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    write(conn, &DMA_SCORES, row![org, theme, period, score.map(Score::value)], period, p).await
}

/// [`write_dma_score`] for many scores of one quarter and one provenance, a few hundred rows
/// a statement (as [`write_measure_values_keyed`]): a national DMA import writes 12,500
/// scores, which one at a time is 25,000 statements. No two may share an organisation and
/// theme (the import's preview refuses duplicates).
pub async fn write_dma_scores(
    conn: &mut SqliteConnection,
    period: PeriodId,
    scores: &[(OrgId, ThemeId, Score)],
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    let key = period_key(conn, period).await?;
    let rows = scores
        .iter()
        .map(|&(org, theme, score)| {
            let mut figure = row![org, theme, period, Some(score.value()), key];
            figure.extend(p.values());
            figure
        })
        .collect();
    DMA_SCORES.upsert_many(conn, rows).await
}

const TRAJECTORIES: Table = Table::figure(
    "capability_trajectories",
    &["organisation_id", "theme_id", "financial_year", "period_id"],
    &["organisation_id", "theme_id", "financial_year", "period_id", "planned_score", "period_key"],
);

/// The score an organisation plans for a theme by a financial year, as the plan stood in
/// `period` (earlier quarters keep their own plans).
pub async fn write_trajectory(
    conn: &mut SqliteConnection,
    org: OrgId,
    theme: ThemeId,
    year: FinancialYear,
    period: PeriodId,
    planned: Score,
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    write(conn, &TRAJECTORIES, row![org, theme, year.0, period, planned.value()], period, p).await
}

/// Remove an organisation's plans of one quarter, before an approval writes its plans whole:
/// a plan the return leaves blank then falls back to an earlier quarter's, as every figure does.
pub async fn clear_trajectories(conn: &mut SqliteConnection, org: OrgId, period: PeriodId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM capability_trajectories WHERE organisation_id = ? AND period_id = ?")
        .bind(org.0)
        .bind(period.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// One aim's progress in a quarter: the footprint's own (`organisation` None) or one
/// organisation's.
#[derive(Debug, Clone, PartialEq)]
pub struct AimProgress<'a> {
    pub footprint: FootprintId,
    pub organisation: Option<OrgId>,
    pub aim: AimId,
    pub period: PeriodId,
    /// None is "no data", not 0.
    pub completeness: Option<Percent>,
    /// None is "not rated".
    pub rag: Option<Rag>,
    pub narrative: &'a str,
}

/// The unique index is on an expression (organisation NULL for the footprint's own row),
/// which the conflict target names in parentheses, as both SQLite and PostgreSQL accept.
const AIM_PROGRESS: Table = Table::figure(
    "aim_progress",
    &["footprint_id", "(COALESCE(organisation_id, 0))", "aim_id", "period_id"],
    &["footprint_id", "organisation_id", "aim_id", "period_id", "completeness", "rag", "narrative", "period_key"],
);

/// Write an aim's progress; returns the progress row's id, which its goals hang from.
pub async fn write_aim_progress(conn: &mut SqliteConnection, a: &AimProgress<'_>, p: &Provenance<'_>) -> Result<i64, sqlx::Error> {
    let figure = row![a.footprint, a.organisation, a.aim, a.period, a.completeness.map(Percent::value), a.rag.map(Rag::code), a.narrative];
    write(conn, &AIM_PROGRESS, figure, a.period, p).await?;
    sqlx::query_scalar(
        "SELECT id FROM aim_progress WHERE footprint_id = ? AND organisation_id IS NOT DISTINCT FROM ? AND aim_id = ? AND period_id = ?",
    )
    .bind(a.footprint.0)
    .bind(a.organisation.map(|o| o.0))
    .bind(a.aim.0)
    .bind(a.period.0)
    .fetch_one(conn)
    .await
}

const AIM_GOALS: Table = Table::plain("aim_goals", &["aim_progress_id", "financial_year"], &["aim_progress_id", "financial_year", "goal"]);

/// A goal stated in a progress record (the footprint's Table 5): the aim's goal for a year.
pub async fn write_aim_goal(conn: &mut SqliteConnection, progress: i64, year: FinancialYear, goal: Percent) -> Result<(), sqlx::Error> {
    AIM_GOALS.upsert(conn, row![progress, year.0, goal.value()]).await
}

/// A progress record's goals, replaced whole (an approved return states them all).
pub async fn replace_aim_goals(conn: &mut SqliteConnection, progress: i64, goals: &[(FinancialYear, Percent)]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM aim_goals WHERE aim_progress_id = ?").bind(progress).execute(&mut *conn).await?;
    for (year, goal) in goals {
        write_aim_goal(conn, progress, *year, *goal).await?;
    }
    Ok(())
}

/// Which deployment a version belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Deployment<'a> {
    /// An organisation's existing deployment; refused (RowNotFound) if it is another's.
    Existing(DeploymentId),
    /// A deployment added by a return: a new identity.
    New,
    /// The seed's: found again by its natural key (the roadmap's title) on a reload.
    SeedKey(&'a str),
}

/// A deployment as recorded in one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentVersion<'a> {
    pub period: PeriodId,
    /// The PF@PoC theme it delivers, if any.
    pub theme: Option<ThemeId>,
    pub title: &'a str,
    pub description: &'a str,
    pub start_year: Option<i32>,
    pub target_year: i32,
    pub status: DeploymentStatus,
    pub delivered_on: Option<NaiveDate>,
    /// Withdrawn from this quarter on; earlier quarters still show it.
    pub withdrawn: bool,
}

const DEPLOYMENTS: Table = Table::plain("deployments", &["organisation_id", "seed_key"], &["organisation_id", "seed_key"]);

const DEPLOYMENT_VERSIONS: Table = Table::figure(
    "deployment_versions",
    &["deployment_id", "period_id"],
    &[
        "deployment_id",
        "period_id",
        "theme_id",
        "title",
        "description",
        "start_year",
        "target_year",
        "status",
        "delivered_on",
        "withdrawn",
        "period_key",
    ],
);

/// Write a deployment's version for its quarter (a change, a confirmation or a withdrawal),
/// giving a new deployment its identity first. Returns the deployment's id.
pub async fn write_deployment(
    conn: &mut SqliteConnection,
    org: OrgId,
    deployment: Deployment<'_>,
    v: &DeploymentVersion<'_>,
    p: &Provenance<'_>,
) -> Result<DeploymentId, sqlx::Error> {
    let id = match deployment {
        Deployment::Existing(id) => sqlx::query_scalar("SELECT id FROM deployments WHERE id = ? AND organisation_id = ?")
            .bind(id.0)
            .bind(org.0)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?,
        Deployment::New => DEPLOYMENTS.upsert_returning_id(conn, row![org, None::<&str>]).await?,
        Deployment::SeedKey(key) => DEPLOYMENTS.upsert_returning_id(conn, row![org, key]).await?,
    };
    let figure =
        row![id, v.period, v.theme, v.title, v.description, v.start_year, v.target_year, v.status.code(), v.delivered_on, v.withdrawn];
    write(conn, &DEPLOYMENT_VERSIONS, figure, v.period, p).await?;
    Ok(DeploymentId(id))
}

const MEASURE_VALUES: Table = Table::figure(
    "measure_values",
    &["measure_id", "organisation_id", "period_id", "qualifier"],
    &["measure_id", "organisation_id", "period_id", "qualifier", "value", "period_key"],
);

/// An organisation's figure for a measure (and qualifier, "" for none) in a quarter. The
/// caller has checked it against the measure's unit (a [`Percent`], or a count of 0 or more).
pub async fn write_measure_value(
    conn: &mut SqliteConnection,
    measure: MeasureId,
    org: OrgId,
    period: PeriodId,
    qualifier: &str,
    value: f64,
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    write(conn, &MEASURE_VALUES, row![measure, org, period, qualifier, value], period, p).await
}

/// [`write_measure_value`] for many figures of one quarter and one provenance, with the
/// quarter's [`period_key`] read once by the caller and a few hundred rows a statement:
/// `ldr generate` writes millions of practice figures (nine in ten of England's rows).
pub async fn write_measure_values_keyed(
    conn: &mut SqliteConnection,
    (period, period_key): (PeriodId, i64),
    figures: &[(MeasureId, OrgId, f64)],
    p: &Provenance<'_>,
) -> Result<(), sqlx::Error> {
    let rows = figures
        .iter()
        .map(|&(measure, org, value)| {
            let mut figure = row![measure, org, period, "", value, period_key];
            figure.extend(p.values());
            figure
        })
        .collect();
    MEASURE_VALUES.upsert_many(conn, rows).await
}

/// A national benchmark: a peer group's average, for a theme or a measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Benchmarked {
    Theme(ThemeId),
    Measure(MeasureId),
}

const DMA_BENCHMARKS: Table = Table::plain(
    "dma_benchmarks",
    &["theme_id", "period_id", "peer_group_id"],
    &["theme_id", "period_id", "peer_group_id", "value", "source", "period_key"],
);

const MEASURE_BENCHMARKS: Table = Table::plain(
    "measure_benchmarks",
    &["measure_id", "period_id", "peer_group_id"],
    &["measure_id", "period_id", "peer_group_id", "value", "source", "period_key"],
);

/// A peer group's average for a quarter, with the source it was published in. The caller
/// has checked it lies within the scale ([`ldr_app::domain::Scale::within`]) or the unit.
pub async fn write_benchmark(
    conn: &mut SqliteConnection,
    of: Benchmarked,
    period: PeriodId,
    peer_group: i64,
    value: f64,
    source: &str,
) -> Result<(), sqlx::Error> {
    let (table, id) = match of {
        Benchmarked::Theme(t) => (&DMA_BENCHMARKS, t.0),
        Benchmarked::Measure(m) => (&MEASURE_BENCHMARKS, m.0),
    };
    let key = period_key(conn, period).await?;
    table.upsert(conn, row![id, period, peer_group, value, source, key]).await
}
