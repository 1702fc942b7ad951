//! Each aim's status as at a quarter (`ldr_app::facts::AimStatus`): the footprint's aim rows,
//! the approved figures of the last three years (the footprint's own and its organisations'),
//! and the rules in force, assessed by the pure rules. The dashboard, `/gaps` and an aim's
//! explanation read this one function, so a status has one value everywhere.

use sqlx::SqlitePool;

use super::aims::capabilities_with_progress;
use super::periods::Period;
use super::provenance::{as_at, period_key, Scope, AIM_PROGRESS};
use super::rag_rules::RuleBook;
use ldr_app::analysis::computed_rag::{quarter_at, quarter_index};
use ldr_app::domain::{FootprintId, Percent, PeriodCode};
use ldr_app::facts::{AimFigure, AimStatus};

/// How far back the figures an aim is judged on may go: the rule fits its last four approved
/// quarters, and a figure older than three years says nothing about today's rate. It bounds
/// the read to twelve quarters of one footprint, whatever its history.
pub const LOOK_BACK_QUARTERS: i32 = 12;

/// Every aim of the footprint, in capability and aim order, assessed as at the period.
pub async fn for_footprint(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    rules: &RuleBook,
) -> Result<Vec<AimStatus>, sqlx::Error> {
    let capabilities = capabilities_with_progress(pool, footprint, Some(period)).await?;
    let figures = figures(pool, footprint, period.code).await?;
    let in_force = rules.for_quarter(period.code);
    let mut out = Vec::new();
    for c in &capabilities {
        for aim in &c.aims {
            let mine: Vec<AimFigure> = figures.iter().filter(|(code, _)| *code == aim.code).map(|(_, f)| *f).collect();
            out.push(AimStatus::assess(c.number, aim, &mine, in_force, period.code));
        }
    }
    Ok(out)
}

type FigureRow = (String, Option<i64>, i32, Option<f64>);

/// The footprint's aim figures (its own and its organisations') approved in the look-back
/// window, and each one's latest from before it (so an organisation that last reported
/// earlier still counts in the organisations' mean), as (aim code, figure).
async fn figures(pool: &SqlitePool, footprint: FootprintId, quarter: PeriodCode) -> Result<Vec<(String, AimFigure)>, sqlx::Error> {
    let start = quarter_at(quarter_index(quarter) - LOOK_BACK_QUARTERS);
    let before = as_at(AIM_PROGRESS, Scope::FootprintsOrganisationFigures(footprint), start);
    let own_before = as_at(AIM_PROGRESS, Scope::FootprintOwn(footprint), start);
    let sql = format!(
        "SELECT a.code, x.organisation_id, x.period_key, x.completeness
         FROM (SELECT f.aim_id, f.organisation_id, f.period_key, f.completeness FROM aim_progress f
               WHERE f.footprint_id = ? AND f.period_key > ? AND f.period_key <= ?
               UNION ALL SELECT aim_id, organisation_id, period_key, completeness FROM {before}
               UNION ALL SELECT aim_id, organisation_id, period_key, completeness FROM {own_before}) x
         JOIN aims a ON a.id = x.aim_id"
    );
    let rows: Vec<FigureRow> =
        sqlx::query_as(&sql).bind(footprint.0).bind(period_key(start)).bind(period_key(quarter)).fetch_all(pool).await?;
    let decode = |e: String| sqlx::Error::Decode(e.into());
    rows.into_iter()
        .map(|(code, organisation, key, completeness)| {
            let period = PeriodCode::from_key(key).ok_or_else(|| decode(format!("period key {key}")))?;
            let completeness = completeness.map(Percent::new).transpose().map_err(|e| decode(e.to_string()))?;
            Ok((code, AimFigure { organisation, period, completeness }))
        })
        .collect()
}

/// [`for_footprint`] with the footprint's rules; none before the footprint has figures.
pub async fn for_period(pool: &SqlitePool, footprint: FootprintId, period: Option<Period>) -> Result<Vec<AimStatus>, sqlx::Error> {
    let Some(period) = period else { return Ok(Vec::new()) };
    let rules = super::rag_rules::for_footprint(pool, footprint).await?;
    for_footprint(pool, footprint, period, &rules).await
}

/// One aim's computed status in each quarter with figures up to the period (at most
/// [`LOOK_BACK_QUARTERS`] of them), oldest first, each judged by the rules in force then:
/// when its status last changed. None when the footprint has no such aim.
pub async fn history_of(
    pool: &SqlitePool,
    footprint: FootprintId,
    code: &str,
    period: Period,
    rules: &RuleBook,
) -> Result<Vec<(PeriodCode, ldr_app::analysis::computed_rag::ComputedRag, u32)>, sqlx::Error> {
    let start = quarter_index(period.code) - LOOK_BACK_QUARTERS;
    let quarters: Vec<Period> = super::periods::periods_with_figures(pool, footprint)
        .await?
        .into_iter()
        .filter(|p| p.code <= period.code && quarter_index(p.code) > start)
        .collect();
    let mut out = Vec::new();
    for q in quarters.into_iter().rev() {
        let statuses = for_footprint(pool, footprint, q, rules).await?;
        if let Some(s) = statuses.into_iter().find(|s| s.code == code) {
            out.push((q.code, s.computed.status, s.computed.rules.version));
        }
    }
    Ok(out)
}
