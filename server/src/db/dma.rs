//! DMA facts: a framework's themes, the scores standing as at a quarter and the published
//! benchmarks, flat. `ldr_app::facts::DmaMatrix::assemble` and `DmaFacts::organisation_rows`
//! turn them into what pages show.

use std::collections::HashMap;

use sqlx::{FromRow, SqlitePool};

use super::frameworks;
use super::periods::Period;
use super::provenance::{as_at, required, ProvenanceRow, Scope, DMA_BENCHMARKS, DMA_SCORES, PROVENANCE_COLUMNS, PROVENANCE_JOINS};
use ldr_app::analysis::BenchmarkCandidate;
use ldr_app::domain::{FootprintId, OrgId, OrgKind, PeriodCode, Scale, ThemeId};
use ldr_app::facts::{AnswerScale, DmaFacts, DmaScore, FrameworkFact, OrgSummary, Theme, ThemeBenchmark};

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

#[derive(Debug, Clone, serde::Serialize)]
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

/// Every benchmark of a framework's themes as at a period (the latest published of each).
async fn benchmarks(pool: &SqlitePool, framework_id: i64, period: PeriodCode) -> Result<Vec<ThemeBenchmark>, sqlx::Error> {
    let groups = peer_groups(pool).await?;
    let published = as_at(DMA_BENCHMARKS, Scope::Framework(framework_id), period);
    let sql = format!("SELECT b.theme_id, b.peer_group_id, b.value FROM {published} b ORDER BY b.theme_id, b.peer_group_id");
    let rows: Vec<(i64, i64, f64)> = sqlx::query_as(&sql).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .flat_map(|(theme, group, value)| {
            candidates(&groups, std::iter::once((group, value)))
                .into_iter()
                .map(move |candidate| ThemeBenchmark { theme: ThemeId(theme), candidate })
        })
        .collect())
}

#[derive(Debug, FromRow)]
struct ScoreRow {
    organisation_id: i64,
    theme_id: i64,
    period_code: String,
    score: Option<f64>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The scores of a footprint's organisations on a framework as at a period.
async fn scores(
    pool: &SqlitePool,
    footprint: FootprintId,
    framework: &Framework,
    period: PeriodCode,
) -> Result<Vec<DmaScore>, sqlx::Error> {
    let latest = as_at(DMA_SCORES, Scope::FootprintOrganisations(footprint), period);
    let sql = format!(
        "SELECT x.organisation_id, x.theme_id, p.code AS period_code, x.score, {PROVENANCE_COLUMNS}
         FROM {latest} x
         JOIN themes t ON t.id = x.theme_id
         JOIN reporting_periods p ON p.id = x.period_id
         {PROVENANCE_JOINS}
         WHERE t.framework_id = ?
         ORDER BY x.organisation_id, x.theme_id"
    );
    let rows: Vec<ScoreRow> = sqlx::query_as(&sql).bind(framework.id).fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| {
            let decode = |e: String| sqlx::Error::Decode(e.into());
            Ok(DmaScore {
                organisation: OrgId(r.organisation_id),
                theme: ThemeId(r.theme_id),
                period: r.period_code.parse().map_err(decode)?,
                score: r.score.map(|v| framework.scale.score_of(v)).transpose().map_err(|e| decode(e.to_string()))?,
                provenance: required(r.provenance)?,
            })
        })
        .collect()
}

/// The DMA facts of a footprint's organisations as at a period, on the framework they were
/// scored on then (`ldr_app::domain::framework_for_organisations`: for one organisation, the
/// one in force for its kind, as its return asks). None when no framework was in force for them.
pub async fn facts(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    organisations: &[OrgSummary],
) -> Result<Option<DmaFacts>, sqlx::Error> {
    let kinds: Vec<OrgKind> = organisations.iter().map(|o| o.kind).collect();
    let Some(framework) = frameworks::scored_on(pool, &kinds, period.code).await? else { return Ok(None) };
    let scores = scores(pool, footprint, &framework, period.code).await?;
    let scores = scores.into_iter().filter(|s| organisations.iter().any(|o| o.id == s.organisation)).collect();
    Ok(Some(DmaFacts {
        themes: themes(pool, framework.id).await?,
        benchmarks: benchmarks(pool, framework.id, period.code).await?,
        answer_scales: answer_scales(pool, framework.id).await?,
        framework: FrameworkFact { name: framework.name, scale: framework.scale },
        period: period.code,
        organisations: organisations.to_vec(),
        scores,
    }))
}

/// Only the scores of [`facts`] (what the dashboard compares with the quarter before).
pub async fn scores_as_at(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Period,
    organisations: &[OrgSummary],
) -> Result<Vec<DmaScore>, sqlx::Error> {
    let kinds: Vec<OrgKind> = organisations.iter().map(|o| o.kind).collect();
    let Some(framework) = frameworks::scored_on(pool, &kinds, period.code).await? else { return Ok(Vec::new()) };
    let scores = scores(pool, footprint, &framework, period.code).await?;
    Ok(scores.into_iter().filter(|s| organisations.iter().any(|o| o.id == s.organisation)).collect())
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
