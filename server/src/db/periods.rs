//! Reporting periods.

use sqlx::SqlitePool;

use ldr_app::domain::{FootprintId, PeriodCode, PeriodId};

#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub id: PeriodId,
    pub code: PeriodCode,
}

/// The latest period for which the footprint has any figures (aim progress or DMA scores).
pub async fn latest_with_figures(pool: &SqlitePool, footprint: FootprintId) -> Result<Option<Period>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT p.id, p.code FROM reporting_periods p
         WHERE p.id IN (SELECT period_id FROM aim_progress WHERE footprint_id = ?1
                        UNION
                        SELECT s.period_id FROM dma_scores s
                        JOIN organisations o ON o.id = s.organisation_id WHERE o.footprint_id = ?1)
         ORDER BY p.financial_year DESC, p.quarter DESC LIMIT 1",
    )
    .bind(footprint.0)
    .fetch_optional(pool)
    .await?;
    row.map(|(id, code)| {
        let code = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
        Ok(Period { id: PeriodId(id), code })
    })
    .transpose()
}
