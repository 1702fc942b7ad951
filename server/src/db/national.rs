//! The national view's facts: a handful of grouped queries over every footprint, each
//! reading figures "as at" the quarter (`provenance::as_at_everywhere`: the rows `as_at` gives
//! the footprint pages, found in one pass), so `/national` and a footprint's own pages agree
//! figure for figure.

use std::collections::HashMap;

use chrono::NaiveDate;
use ldr_app::analysis::{KindTotal, RagCounts};
use ldr_app::domain::{FootprintId, OrgKind, PeriodCode, Rag};
use ldr_app::facts::{NationalFootprint, OpenQuarter};
use ldr_app::returns::ReturnState;
use sqlx::SqlitePool;

use super::provenance::{as_at_everywhere, Scope, AIM_PROGRESS, DMA_SCORES};

/// Every footprint with its bodies by kind and its practices, in code order.
pub async fn footprints(pool: &SqlitePool) -> Result<Vec<(FootprintId, NationalFootprint)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<String>, bool)> =
        sqlx::query_as("SELECT id, code, name, region, synthetic FROM footprints ORDER BY code").fetch_all(pool).await?;
    let counts: Vec<(i64, String, bool, i64)> = sqlx::query_as(
        "SELECT footprint_id, kind, parent_id IS NULL, COUNT(*) FROM organisations GROUP BY footprint_id, kind, parent_id IS NULL",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, code, name, region, synthetic) in rows {
        let mut bodies: Vec<(OrgKind, u32)> = Vec::new();
        let mut practices = 0;
        for (_, kind, own_return, n) in counts.iter().filter(|c| c.0 == id) {
            let kind: OrgKind = kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            if *own_return {
                bodies.push((kind, *n as u32));
            } else {
                practices += *n as u32;
            }
        }
        bodies.sort_by_key(|(k, _)| OrgKind::ALL.iter().position(|x| x == k));
        let footprint = NationalFootprint {
            code,
            name,
            region,
            synthetic,
            bodies,
            practices,
            aims: RagCounts::default(),
            dma_by_group: vec![],
            kind_totals: vec![],
            like_for_like: None,
            open_quarter: None,
        };
        out.push((FootprintId(id), footprint));
    }
    Ok(out)
}

/// Each footprint's own aims (Table 5) by declared status as at the quarter; aims with no
/// row count as not rated.
pub async fn aim_statuses(pool: &SqlitePool, period: PeriodCode) -> Result<HashMap<FootprintId, RagCounts>, sqlx::Error> {
    let latest = as_at_everywhere(AIM_PROGRESS, Scope::National, period);
    let sql = format!("SELECT x.footprint_id, x.rag FROM {latest} x WHERE x.organisation_id IS NULL");
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let aims = aim_count(pool).await?;
    let mut by_footprint: HashMap<FootprintId, Vec<Option<Rag>>> = HashMap::new();
    for (fp, rag) in rows {
        let rag = rag.map(|r| r.parse::<Rag>().map_err(|e| sqlx::Error::Decode(e.into()))).transpose()?;
        by_footprint.entry(FootprintId(fp)).or_default().push(rag);
    }
    Ok(by_footprint
        .into_iter()
        .map(|(fp, mut rags)| {
            rags.resize(rags.len().max(aims as usize), None);
            (fp, RagCounts::count(rags))
        })
        .collect())
}

/// A footprint's DMA scores on one framework as at a quarter.
#[derive(Debug, Clone, Default)]
pub struct DmaTotals {
    /// The mean per theme group, in the groups' order (None: no score in the group).
    pub group_means: Vec<Option<f64>>,
    /// Count and sum per kind of organisation, for the like-for-like means.
    pub kinds: Vec<KindTotal>,
}

/// Sums per theme group (sum, count) and per kind, before the means are taken.
struct Running {
    groups: Vec<(f64, u32)>,
    kinds: Vec<KindTotal>,
}

/// Each footprint's DMA scores on one framework as at the quarter (`groups`: the framework's
/// theme groups, in order).
pub async fn dma_totals(
    pool: &SqlitePool,
    framework_id: i64,
    period: PeriodCode,
    groups: &[String],
) -> Result<HashMap<FootprintId, DmaTotals>, sqlx::Error> {
    let latest = as_at_everywhere(DMA_SCORES, Scope::Framework(framework_id), period);
    let sql = format!(
        "SELECT o.footprint_id, o.kind, g.name, COUNT(x.score), COALESCE(SUM(x.score), 0)
         FROM {latest} x
         JOIN organisations o ON o.id = x.organisation_id
         JOIN themes t ON t.id = x.theme_id
         JOIN theme_groups g ON g.id = t.group_id
         WHERE x.score IS NOT NULL
         GROUP BY o.footprint_id, o.kind, g.name"
    );
    let rows: Vec<(i64, String, String, i64, f64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let mut out: HashMap<FootprintId, Running> = HashMap::new();
    for (fp, kind, group, n, sum) in rows {
        let kind: OrgKind = kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        let entry = out.entry(FootprintId(fp)).or_insert_with(|| Running { groups: vec![(0.0, 0); groups.len()], kinds: vec![] });
        if let Some(i) = groups.iter().position(|g| *g == group) {
            entry.groups[i].0 += sum;
            entry.groups[i].1 += n as u32;
        }
        match entry.kinds.iter_mut().find(|t| t.kind == kind) {
            Some(t) => {
                t.scores += n as u32;
                t.sum += sum;
            }
            None => entry.kinds.push(KindTotal { kind, scores: n as u32, sum }),
        }
    }
    Ok(out
        .into_iter()
        .map(|(fp, r)| {
            let group_means = r.groups.into_iter().map(|(sum, n)| (n > 0).then(|| sum / f64::from(n))).collect();
            (fp, DmaTotals { group_means, kinds: r.kinds })
        })
        .collect())
}

/// A framework's theme groups, in order.
pub async fn theme_groups(pool: &SqlitePool, framework_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT g.name FROM theme_groups g WHERE g.framework_id = ? ORDER BY g.position")
        .bind(framework_id)
        .fetch_all(pool)
        .await
}

/// The newest revision of each return in each footprint's open quarter, counted by state.
/// From the open windows (a few) to their returns: joined the other way round, SQLite walked
/// every return of every quarter (83 ms at England's size, against 0.1 ms). CROSS JOIN fixes
/// that order in SQLite and is a plain join elsewhere.
pub const OPEN_RETURN_STATES_SQL: &str = "SELECT r.footprint_id, r.state, COUNT(*)
         FROM period_windows w CROSS JOIN returns r
         WHERE w.closed_at IS NULL AND r.footprint_id = w.footprint_id AND r.period_id = w.period_id
           AND r.revision = (SELECT MAX(r2.revision) FROM returns r2
                             WHERE r2.footprint_id = r.footprint_id AND r2.period_id = r.period_id
                               AND r2.organisation_id IS NOT DISTINCT FROM r.organisation_id)
         GROUP BY r.footprint_id, r.state";

/// The quarter open for returns in each footprint, with its returns by state: the newest
/// revision of each subject counts. `today` decides what is overdue.
pub async fn open_quarters(pool: &SqlitePool, today: NaiveDate) -> Result<HashMap<FootprintId, OpenQuarter>, sqlx::Error> {
    let windows: Vec<(i64, String, NaiveDate, i64)> = sqlx::query_as(
        "SELECT w.footprint_id, p.code, w.deadline,
                1 + (SELECT COUNT(*) FROM organisations o WHERE o.footprint_id = w.footprint_id AND o.parent_id IS NULL)
         FROM period_windows w JOIN reporting_periods p ON p.id = w.period_id
         WHERE w.closed_at IS NULL",
    )
    .fetch_all(pool)
    .await?;
    let states: Vec<(i64, String, i64)> = sqlx::query_as(OPEN_RETURN_STATES_SQL).fetch_all(pool).await?;
    let mut out = HashMap::new();
    for (fp, code, deadline, expected) in windows {
        let period: PeriodCode = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        let count = |state: ReturnState| states.iter().filter(|s| s.0 == fp && s.1 == state.code()).map(|s| s.2 as u32).sum::<u32>();
        let (submitted, approved) = (count(ReturnState::Submitted), count(ReturnState::Approved));
        // Every return not in, once the deadline has passed (the one rule: `domain::deadline`).
        let not_in = (expected as u32).saturating_sub(submitted + approved);
        let overdue = if ldr_app::domain::deadline::deadline_has_passed(deadline, today) { not_in } else { 0 };
        out.insert(FootprintId(fp), OpenQuarter { period, deadline, expected: expected as u32, submitted, approved, overdue });
    }
    Ok(out)
}

/// The latest quarter with any official figure in England: the national view's default.
pub async fn latest_quarter(pool: &SqlitePool) -> Result<Option<PeriodCode>, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT p.code FROM reporting_periods p
         WHERE EXISTS (SELECT 1 FROM dma_scores s WHERE s.period_id = p.id)
            OR EXISTS (SELECT 1 FROM aim_progress a WHERE a.period_id = p.id)
         ORDER BY p.financial_year DESC, p.quarter DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    code.map(|c| c.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))).transpose()
}

/// How many aims there are (a footprint with no aim figures has them all not rated).
pub async fn aim_count(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM aims").fetch_one(pool).await
}
