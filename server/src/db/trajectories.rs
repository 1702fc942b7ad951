//! The facts behind `/trajectories`: one footprint's PF@PoC capabilities as at a quarter, each
//! with its organisations' approved scores up to the quarter and their plans as they stood
//! then. Every read is bounded by the footprint (its organisations) and the capabilities, and
//! walks the figure tables' `_as_at` indexes (`tests/app/trajectories.rs` checks the plans).

use std::collections::HashMap;

use sqlx::{FromRow, SqlitePool};

use super::footprints::Footprint;
use super::organisations::{self, Organisation};
use super::periods::Period;
use super::provenance::{as_at, period_key, required, ProvenanceRow, Scope, PROVENANCE_COLUMNS, PROVENANCE_JOINS, TRAJECTORIES};
use super::{frameworks, rag_rules};
use ldr_app::domain::{framework_for_organisations, FinancialYear, OrgKind, PeriodCode, ThemeId};
use ldr_app::facts::{
    CapabilityTrajectories, OrgTrajectory, Provenance, QuarterScore, TrajectoryCapability, TrajectoryFacts, TrajectoryRow,
    TrajectorySources,
};

/// Which capabilities to read: all of them (`/trajectories`) or one by its code.
#[derive(Debug, Clone, Copy)]
pub enum Capabilities<'a> {
    All,
    Only(&'a str),
}

/// The approved DMA scores of the footprint's organisations (not its GP practices, which
/// return through their group) for the framework's PF@PoC themes, every quarter up to `key`.
/// Bounded by footprint x theme; one range of `dma_scores_as_at` per organisation and theme.
/// With each score's provenance columns, which `facts` names with `PROVENANCE_JOINS`.
pub const SCORES_SQL: &str = "SELECT s.organisation_id, s.theme_id, s.period_key, s.score, s.source, s.recorded_at, s.recorded_by,
            s.approved_at, s.approved_by, s.return_id
     FROM dma_scores s
     WHERE s.organisation_id IN (SELECT o.id FROM organisations o WHERE o.footprint_id = ? AND o.parent_id IS NULL)
       AND s.theme_id IN (SELECT t.id FROM themes t WHERE t.framework_id = ? AND t.pf_poc = TRUE AND (? IS NULL OR t.code = ?))
       AND s.period_key <= ?";

/// A `period_key` (financial year x 10 + quarter) back to its quarter.
fn quarter_of(key: i64) -> Result<PeriodCode, sqlx::Error> {
    let quarter = u8::try_from(key % 10).ok().filter(|q| (1..=4).contains(q));
    let year = i32::try_from(key / 10).ok();
    match (year, quarter) {
        (Some(y), Some(q)) => Ok(PeriodCode { year: FinancialYear(y), quarter: q }),
        _ => Err(sqlx::Error::Decode(format!("{key} is not a quarter key").into())),
    }
}

/// A score as read, with its provenance.
#[derive(Debug, FromRow)]
struct ScoreRow {
    organisation_id: i64,
    theme_id: i64,
    period_key: i64,
    score: Option<f64>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// A year's plan as it stood at the quarter, with its provenance.
#[derive(Debug, FromRow)]
struct PlanRow {
    organisation_id: i64,
    theme_id: i64,
    financial_year: i32,
    planned_score: f64,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The rows read for a footprint: scores (organisation, theme, quarter key, score), plans
/// (organisation, theme, financial year, planned score), each with its provenance, and staff
/// headcounts.
struct Read {
    scores: Vec<(i64, i64, i64, Option<f64>, Provenance)>,
    planned: Vec<(i64, i64, i32, f64, Provenance)>,
    sizes: HashMap<i64, Option<i64>>,
}

impl Read {
    /// One organisation's trajectory facts for one capability.
    fn trajectory(&self, o: &Organisation, theme: i64, name: &str) -> Result<OrgTrajectory, sqlx::Error> {
        let mut scores = Vec::new();
        let mut sources = TrajectorySources::default();
        for (_, _, key, score, provenance) in self.scores.iter().filter(|s| s.0 == o.id.0 && s.1 == theme) {
            let period = quarter_of(*key)?;
            scores.push(QuarterScore { period, score: *score });
            sources.scores.insert(period, provenance.clone());
        }
        scores.sort_by_key(|s| s.period);
        let mut planned = Vec::new();
        for (_, _, year, value, provenance) in self.planned.iter().filter(|p| p.0 == o.id.0 && p.1 == theme) {
            planned.push((FinancialYear(*year), *value));
            sources.planned.insert(FinancialYear(*year), provenance.clone());
        }
        planned.sort_by_key(|(y, _)| *y);
        let row = TrajectoryRow { capability: name.to_string(), scores, planned, sources };
        Ok(OrgTrajectory { org: o.summary.clone(), staff_headcount: self.sizes.get(&o.id.0).copied().flatten(), row })
    }
}

/// The trajectory facts of a footprint as at a quarter; None when no framework applies to its
/// organisations then. Asked for one capability whose code names none of the framework's,
/// the facts have no capabilities.
pub async fn facts(
    pool: &SqlitePool,
    footprint: &Footprint,
    period: Period,
    which: Capabilities<'_>,
) -> Result<Option<TrajectoryFacts>, sqlx::Error> {
    let orgs = organisations::in_footprint(pool, footprint.id).await?;
    let spans = frameworks::all(pool).await?;
    let kinds: Vec<OrgKind> = orgs.iter().map(|o| o.summary.kind).collect();
    let Some(span) = framework_for_organisations(&spans, &kinds, period.code) else { return Ok(None) };
    let framework = span.id.clone();
    // Only organisations that take the framework: the others were never asked, so they are
    // neither "not assessed" nor a zero in the system figure.
    let orgs: Vec<_> = orgs.into_iter().filter(|o| span.kinds.contains(&o.summary.kind)).collect();
    let only = match which {
        Capabilities::All => None,
        Capabilities::Only(code) => Some(code),
    };
    let themes: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT t.id, t.code, t.name FROM themes t
         WHERE t.framework_id = ? AND t.pf_poc = TRUE AND (? IS NULL OR t.code = ?) ORDER BY t.position",
    )
    .bind(framework.id)
    .bind(only)
    .bind(only)
    .fetch_all(pool)
    .await?;
    let key = period_key(period.code);
    let sql = format!(
        "SELECT x.organisation_id, x.theme_id, x.period_key, x.score, {PROVENANCE_COLUMNS} FROM ({SCORES_SQL}) x {PROVENANCE_JOINS}"
    );
    let scores: Vec<ScoreRow> =
        sqlx::query_as(&sql).bind(footprint.id.0).bind(framework.id).bind(only).bind(only).bind(key).fetch_all(pool).await?;
    let scores = scores
        .into_iter()
        .map(|r| Ok((r.organisation_id, r.theme_id, r.period_key, r.score, required(r.provenance)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let plans = as_at(TRAJECTORIES, Scope::FootprintOrganisations(footprint.id), period.code);
    let sql = format!(
        "SELECT x.organisation_id, x.theme_id, x.financial_year, x.planned_score, {PROVENANCE_COLUMNS} FROM {plans} x {PROVENANCE_JOINS}"
    );
    let planned: Vec<PlanRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let planned = planned
        .into_iter()
        .map(|r| Ok((r.organisation_id, r.theme_id, r.financial_year, r.planned_score, required(r.provenance)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    let sizes: HashMap<i64, Option<i64>> =
        sqlx::query_as("SELECT o.id, o.staff_headcount FROM organisations o WHERE o.footprint_id = ? AND o.parent_id IS NULL")
            .bind(footprint.id.0)
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let facts = Read { scores, planned, sizes };
    let capabilities = themes
        .into_iter()
        .map(|(theme, code, name)| {
            let organisations = orgs.iter().map(|o| facts.trajectory(o, theme, &name)).collect::<Result<_, _>>()?;
            Ok(CapabilityTrajectories { capability: TrajectoryCapability { id: ThemeId(theme), code, name }, organisations })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rules = rag_rules::for_footprint(pool, footprint.id).await?.for_quarter(period.code).clone();
    Ok(Some(TrajectoryFacts {
        footprint: footprint.summary.clone(),
        period: period.code,
        framework: framework.name,
        scale: framework.scale,
        rules,
        capabilities,
    }))
}

/// The name of the PF@PoC capability with this code in any framework, if there is one: a
/// capability of an earlier framework has a page saying so, an unknown code has none.
pub async fn capability_name(pool: &SqlitePool, code: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT t.name FROM themes t WHERE t.code = ? AND t.pf_poc = TRUE ORDER BY t.framework_id LIMIT 1")
        .bind(code)
        .fetch_optional(pool)
        .await
}
