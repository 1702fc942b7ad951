//! Each aim's status as at a quarter (`ldr_app::facts::AimStatus`): the footprint's aim rows,
//! the approved figures of the last three years (the footprint's own and its organisations'),
//! and the rules in force, assessed by the pure rules. The dashboard, the capability pages,
//! `/gaps` and an aim's explanation read these functions, so a status has one value everywhere.

use sqlx::SqlitePool;

use super::aims::capabilities_with_progress;
use super::periods::Period;
use super::provenance::{as_at, period_key, Scope, AIM_PROGRESS};
use super::rag_rules::RuleBook;
use ldr_app::analysis::computed_rag::{quarter_at, quarter_index, ComputedRag};
use ldr_app::domain::{FootprintId, Percent, PeriodCode};
use ldr_app::facts::{within_look_back, AimFigure, AimStatus, CapabilityAims, LOOK_BACK_QUARTERS};

/// Every aim of the footprint, in capability and aim order, assessed as at the period.
pub async fn for_footprint(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    rules: &RuleBook,
) -> Result<Vec<AimStatus>, sqlx::Error> {
    let capabilities = capabilities_with_progress(pool, footprint, Some(period)).await?;
    for_capabilities(pool, footprint, period, rules, &capabilities).await
}

/// The same, for aim rows the caller has already read as at the period (the dashboard).
pub async fn for_capabilities(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    rules: &RuleBook,
    capabilities: &[CapabilityAims],
) -> Result<Vec<AimStatus>, sqlx::Error> {
    let figures = figures(pool, footprint, period.code, period.code).await?;
    Ok(assess_all(capabilities, &figures, rules, period.code))
}

fn assess_all(capabilities: &[CapabilityAims], figures: &[(String, AimFigure)], rules: &RuleBook, quarter: PeriodCode) -> Vec<AimStatus> {
    let in_force = rules.for_quarter(quarter);
    let mut out = Vec::new();
    for c in capabilities {
        for aim in &c.aims {
            let mine: Vec<AimFigure> = figures.iter().filter(|(code, _)| *code == aim.code).map(|(_, f)| *f).collect();
            out.push(AimStatus::assess(c.number, aim, &within_look_back(&mine, quarter), in_force, quarter));
        }
    }
    out
}

type FigureRow = (String, Option<i64>, i32, Option<f64>);

/// The footprint's aim figures (its own and its organisations') approved from the look-back
/// window of `from` up to `to`, and each one's latest from before that window (so an
/// organisation that last reported earlier still counts in the organisations' mean), as
/// (aim code, figure).
async fn figures(
    pool: &SqlitePool,
    footprint: FootprintId,
    from: PeriodCode,
    to: PeriodCode,
) -> Result<Vec<(String, AimFigure)>, sqlx::Error> {
    let start = quarter_at(quarter_index(from) - LOOK_BACK_QUARTERS);
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
    let rows: Vec<FigureRow> = sqlx::query_as(&sql).bind(footprint.0).bind(period_key(start)).bind(period_key(to)).fetch_all(pool).await?;
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
/// when its status last changed. The figures are read once for every quarter shown; the aim
/// rows (whose goals are as they stood) once a quarter.
pub async fn history_of(
    pool: &SqlitePool,
    footprint: FootprintId,
    code: &str,
    period: Period,
    rules: &RuleBook,
) -> Result<Vec<(PeriodCode, ComputedRag, u32)>, sqlx::Error> {
    let start = quarter_index(period.code) - LOOK_BACK_QUARTERS;
    let quarters: Vec<Period> = super::periods::periods_with_figures(pool, footprint)
        .await?
        .into_iter()
        .filter(|p| p.code <= period.code && quarter_index(p.code) > start)
        .rev()
        .collect();
    let Some(first) = quarters.first() else { return Ok(Vec::new()) };
    let figures: Vec<(String, AimFigure)> =
        figures(pool, footprint, first.code, period.code).await?.into_iter().filter(|(c, _)| c == code).collect();
    let mut out = Vec::new();
    for q in quarters {
        let mut capabilities = capabilities_with_progress(pool, footprint, Some(q)).await?;
        capabilities.iter_mut().for_each(|c| c.aims.retain(|a| a.code == code));
        if let Some(s) = assess_all(&capabilities, &figures, rules, q.code).into_iter().next() {
            out.push((q.code, s.computed.status, s.computed.rules.version));
        }
    }
    Ok(out)
}
