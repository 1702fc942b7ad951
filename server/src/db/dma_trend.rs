//! Each DMA theme's footprint mean over the last two years of approved quarters, for the
//! dashboard's trend column: the scores of the footprint's organisations approved in the
//! window and each one's latest from before it (one bounded read on `dma_scores_as_at`).

use std::collections::BTreeMap;

use sqlx::SqlitePool;

use super::provenance::{as_at, period_key, Scope, DMA_SCORES};
use ldr_app::analysis::computed_rag::{quarter_at, quarter_index};
use ldr_app::analysis::series::{change_since_last_quarter, mean_series, MemberFigure};
use ldr_app::domain::{FootprintId, PeriodCode, ThemeId};
use ldr_app::facts::ThemeTrend;

/// How many quarters of history the trend shows.
pub const TREND_QUARTERS: i32 = 8;

pub async fn theme_trends(pool: &SqlitePool, footprint: FootprintId, quarter: PeriodCode) -> Result<Vec<ThemeTrend>, sqlx::Error> {
    let start = quarter_at(quarter_index(quarter) - TREND_QUARTERS);
    let before = as_at(DMA_SCORES, Scope::FootprintOrganisations(footprint), start);
    let sql = format!(
        "SELECT f.organisation_id, f.theme_id, f.period_key, f.score FROM dma_scores f
         WHERE f.organisation_id IN (SELECT id FROM organisations WHERE footprint_id = ?)
           AND f.period_key > ? AND f.period_key <= ?
         UNION ALL SELECT organisation_id, theme_id, period_key, score FROM {before}"
    );
    let rows: Vec<(i64, i64, i32, Option<f64>)> =
        sqlx::query_as(&sql).bind(footprint.0).bind(period_key(start)).bind(period_key(quarter)).fetch_all(pool).await?;
    let mut by_theme: BTreeMap<i64, Vec<MemberFigure>> = BTreeMap::new();
    for (member, theme, key, value) in rows {
        let period = PeriodCode::from_key(key).ok_or_else(|| sqlx::Error::Decode(format!("period key {key}").into()))?;
        by_theme.entry(theme).or_default().push(MemberFigure { member, period, value });
    }
    Ok(by_theme
        .into_iter()
        .map(|(theme, figures)| {
            // The scores carried in from before the window stand at its first quarter.
            let series = mean_series(&figures);
            let first = quarter_at(quarter_index(start) + 1);
            let carried = series.iter().rev().find(|(p, _)| *p <= start).map(|(_, v)| (first, *v));
            let carried = carried.filter(|_| !series.iter().any(|(p, _)| *p == first));
            let history: Vec<(PeriodCode, Option<f64>)> =
                carried.into_iter().chain(series.into_iter().filter(|(p, _)| *p > start)).collect();
            let change = change_since_last_quarter(&history, quarter);
            ThemeTrend { theme: ThemeId(theme), history, change }
        })
        .collect())
}
