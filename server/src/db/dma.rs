//! DMA scores, frameworks, themes and benchmarks, assembled into the matrices pages show.

use std::collections::HashMap;

use sqlx::{FromRow, SqlitePool};

use super::frameworks;
use super::organisations::Organisation;
use super::periods::Period;
use super::provenance::{as_at, REVISION_HREF, REVISION_JOINS};
use ldr_app::analysis::{BenchmarkCandidate, Cell};
use ldr_app::domain::{FootprintId, OrgKind, Scale, ThemeId};
use ldr_app::model::{AnswerScale, DmaMatrix, Provenance, Theme};

/// The rows of a footprint's organisations, as an `as_at` scope (binds the footprint id).
const IN_FOOTPRINT: &str = "f.organisation_id IN (SELECT id FROM organisations WHERE footprint_id = ?)";

/// Peer groups by id: their names and the kinds of organisation they average.
pub type PeerGroups = HashMap<i64, (String, Vec<OrgKind>)>;

pub async fn peer_groups(pool: &SqlitePool) -> Result<PeerGroups, sqlx::Error> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT g.id, g.name, k.kind FROM peer_groups g JOIN peer_group_kinds k ON k.peer_group_id = g.id ORDER BY g.id")
            .fetch_all(pool)
            .await?;
    let mut groups = PeerGroups::new();
    for (id, name, kind) in rows {
        let kind: OrgKind = kind.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        groups.entry(id).or_insert_with(|| (name, Vec::new())).1.push(kind);
    }
    Ok(groups)
}

/// Turn (peer group id, value) pairs into comparator candidates.
pub fn candidates(groups: &PeerGroups, values: impl Iterator<Item = (i64, f64)>) -> Vec<BenchmarkCandidate> {
    values
        .filter_map(|(group, value)| {
            groups.get(&group).map(|(name, kinds)| BenchmarkCandidate { peer_group: name.clone(), kinds: kinds.clone(), value })
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Framework {
    pub id: i64,
    pub name: String,
    pub scale: Scale,
}

#[derive(Debug, FromRow)]
struct ThemeRow {
    id: i64,
    code: String,
    name: String,
    group_name: String,
    pf_poc: bool,
    org_dependency: String,
    system_dependency: String,
}

pub async fn themes(pool: &SqlitePool, framework_id: i64) -> Result<Vec<Theme>, sqlx::Error> {
    let rows: Vec<ThemeRow> = sqlx::query_as(
        "SELECT t.id, t.code, t.name, g.name AS group_name, t.pf_poc, t.org_dependency, t.system_dependency
         FROM themes t JOIN theme_groups g ON g.id = t.group_id
         WHERE t.framework_id = ? ORDER BY g.position, t.position",
    )
    .bind(framework_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Theme {
            id: ThemeId(r.id),
            code: r.code,
            name: r.name,
            group: r.group_name,
            pf_poc: r.pf_poc,
            org_dependency: r.org_dependency,
            system_dependency: r.system_dependency,
        })
        .collect())
}

/// Every benchmark of a framework's themes as at a period (the latest published), as
/// candidates per theme id.
async fn benchmarks(pool: &SqlitePool, framework_id: i64, period: Period) -> Result<HashMap<i64, Vec<BenchmarkCandidate>>, sqlx::Error> {
    let groups = peer_groups(pool).await?;
    let scope = "f.theme_id IN (SELECT id FROM themes WHERE framework_id = ?)";
    let published = as_at("dma_benchmarks", "f.theme_id, f.peer_group_id", period.code, scope);
    let sql = format!("SELECT b.theme_id, b.peer_group_id, b.value FROM {published} b");
    let rows: Vec<(i64, i64, f64)> = sqlx::query_as(&sql).bind(framework_id).fetch_all(pool).await?;
    let mut by_theme: HashMap<i64, Vec<BenchmarkCandidate>> = HashMap::new();
    for (theme, group, value) in rows {
        by_theme.entry(theme).or_default().extend(candidates(&groups, std::iter::once((group, value))));
    }
    Ok(by_theme)
}

#[derive(Debug, FromRow)]
struct ScoreRow {
    organisation_id: i64,
    theme_id: i64,
    score: Option<f64>,
    source: String,
    recorded_at: String,
    recorded_by: Option<String>,
    approved_at: Option<String>,
    approved_by: Option<String>,
    revision_href: Option<String>,
}

impl ScoreRow {
    fn provenance(&self) -> Provenance {
        Provenance {
            source: self.source.clone(),
            recorded_at: self.recorded_at.clone(),
            recorded_by: self.recorded_by.clone(),
            approved_at: self.approved_at.clone(),
            approved_by: self.approved_by.clone(),
            revision_href: self.revision_href.clone(),
        }
    }
}

async fn scores(pool: &SqlitePool, footprint: FootprintId, framework_id: i64, period: Period) -> Result<Vec<ScoreRow>, sqlx::Error> {
    let latest = as_at("dma_scores", "f.organisation_id, f.theme_id", period.code, IN_FOOTPRINT);
    let sql = format!(
        "SELECT x.organisation_id, x.theme_id, x.score, x.source, x.recorded_at,
                ru.display_name AS recorded_by, x.approved_at, au.display_name AS approved_by,
                {REVISION_HREF} AS revision_href
         FROM {latest} x
         JOIN themes t ON t.id = x.theme_id
         LEFT JOIN users ru ON ru.id = x.recorded_by
         LEFT JOIN users au ON au.id = x.approved_by
         {REVISION_JOINS}
         WHERE t.framework_id = ?"
    );
    sqlx::query_as(&sql).bind(footprint.0).bind(framework_id).fetch_all(pool).await
}

/// The footprint's scores for a period: themes down, the organisations that took the
/// framework across, each cell compared with the organisation's own peer group.
pub async fn matrix(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    orgs: &[Organisation],
) -> Result<Option<DmaMatrix>, sqlx::Error> {
    // The framework in force then for most of the footprint's organisations: the rule a return
    // follows, so the page shows the framework its quarter's returns asked for.
    let kinds: Vec<OrgKind> = orgs.iter().map(|o| o.summary.kind).collect();
    let Some(framework) = frameworks::in_force_for_organisations(pool, &kinds, period.code).await? else { return Ok(None) };
    let scores = scores(pool, footprint, framework.id, period).await?;
    let taken: Vec<&Organisation> = orgs.iter().filter(|o| scores.iter().any(|s| s.organisation_id == o.id.0)).collect();
    if taken.is_empty() {
        return Ok(None);
    }
    let themes = themes(pool, framework.id).await?;
    let mut benchmarks = benchmarks(pool, framework.id, period).await?;
    let score_of = |org: i64, theme: i64| scores.iter().find(|s| s.organisation_id == org && s.theme_id == theme).and_then(|s| s.score);
    let cells = themes
        .iter()
        .map(|t| {
            let candidates = benchmarks.get(&t.id.0).map(Vec::as_slice).unwrap_or_default();
            taken.iter().map(|o| Cell::new(o.summary.kind, score_of(o.id.0, t.id.0), candidates)).collect()
        })
        .collect();
    let answer_scales = answer_scales(pool, framework.id).await?;
    let benchmarks: Vec<Vec<BenchmarkCandidate>> = themes.iter().map(|t| benchmarks.remove(&t.id.0).unwrap_or_default()).collect();
    Ok(Some(DmaMatrix {
        framework: framework.name,
        scale: framework.scale,
        reference_group: reference_group(&benchmarks),
        period: period.code,
        themes,
        organisations: taken.into_iter().map(|o| o.summary.clone()).collect(),
        cells,
        benchmarks,
        answer_scales,
    }))
}

/// A framework's answer scales, each with its answers in order.
pub async fn answer_scales(pool: &SqlitePool, framework_id: i64) -> Result<Vec<AnswerScale>, sqlx::Error> {
    let rows: Vec<(String, String, f64)> = sqlx::query_as(
        "SELECT scale, answer, score FROM answer_scores WHERE framework_id = ?
         ORDER BY (SELECT MIN(a2.position) FROM answer_scores a2 WHERE a2.framework_id = answer_scores.framework_id
                   AND a2.scale = answer_scores.scale), position",
    )
    .bind(framework_id)
    .fetch_all(pool)
    .await?;
    let mut scales: Vec<AnswerScale> = Vec::new();
    for (scale, answer, score) in rows {
        match scales.last_mut() {
            Some(s) if s.name == scale => s.answers.push((answer, score)),
            _ => scales.push(AnswerScale { name: scale, answers: vec![(answer, score)] }),
        }
    }
    Ok(scales)
}

/// The peer group with the most published averages: the reference column of a matrix.
fn reference_group(benchmarks: &[Vec<BenchmarkCandidate>]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for b in benchmarks.iter().flatten() {
        match counts.iter_mut().find(|(name, _)| *name == b.peer_group) {
            Some((_, n)) => *n += 1,
            None => counts.push((&b.peer_group, 1)),
        }
    }
    // max_by_key keeps the last of equals; reverse so the first-seen group wins a tie.
    counts.into_iter().rev().max_by_key(|(_, n)| *n).map(|(name, _)| name.to_string())
}

/// One organisation's scores in a period, each with its comparison and provenance.
pub async fn organisation_profile(
    pool: &SqlitePool,
    org: &Organisation,
    period: Period,
) -> Result<(Option<Framework>, Vec<(Theme, Cell, Option<Provenance>)>), sqlx::Error> {
    // The framework in force for its kind then, as its return for the quarter asks.
    let Some(framework) = frameworks::in_force(pool, org.summary.kind, period.code).await? else { return Ok((None, Vec::new())) };
    let scores: Vec<ScoreRow> =
        scores(pool, org.footprint_id, framework.id, period).await?.into_iter().filter(|s| s.organisation_id == org.id.0).collect();
    if scores.is_empty() {
        return Ok((None, Vec::new()));
    }
    let themes = themes(pool, framework.id).await?;
    let benchmarks = benchmarks(pool, framework.id, period).await?;
    let rows = themes
        .into_iter()
        .map(|t| {
            let row = scores.iter().find(|s| s.theme_id == t.id.0);
            let candidates = benchmarks.get(&t.id.0).map(Vec::as_slice).unwrap_or_default();
            let cell = Cell::new(org.summary.kind, row.and_then(|r| r.score), candidates);
            (t, cell, row.map(ScoreRow::provenance))
        })
        .collect();
    Ok((Some(framework), rows))
}
