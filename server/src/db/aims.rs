//! Universal capabilities, their aims and the footprint's progress on them.

use std::collections::HashMap;

use sqlx::{FromRow, SqlitePool};

use ldr_app::domain::{FinancialYear, FootprintId, Rag};
use ldr_app::model::{AimRow, CapabilityAims, OrgAimFigure, Provenance, RagDefinition};

use super::periods::Period;
use super::provenance::{as_at, REVISION_HREF, REVISION_JOINS};

#[derive(Debug, FromRow)]
struct AimDbRow {
    number: i64,
    title: String,
    code: String,
    text: String,
    target_value: Option<f64>,
    target_date: Option<String>,
    progress_id: Option<i64>,
    completeness: Option<f64>,
    rag: Option<String>,
    narrative: Option<String>,
    source: Option<String>,
    recorded_at: Option<String>,
    recorded_by: Option<String>,
    approved_at: Option<String>,
    approved_by: Option<String>,
    revision_href: Option<String>,
}

/// Every capability with its aims and the footprint's own figures as at the period (each
/// aim's latest approved figure up to it; organisation_id IS NULL: the footprint as a whole,
/// Table 5).
pub async fn capabilities_with_progress(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Option<Period>,
) -> Result<Vec<CapabilityAims>, sqlx::Error> {
    // No period (a footprint with no figures yet): aims without figures.
    let progress = match period {
        Some(p) => as_at("aim_progress", "f.aim_id", p.code, "f.footprint_id = ? AND f.organisation_id IS NULL"),
        None => "(SELECT * FROM aim_progress WHERE footprint_id = ? AND 0)".to_string(),
    };
    let sql = format!(
        "SELECT c.number, c.title, a.code, a.text, a.target_value, a.target_date,
                x.id AS progress_id, x.completeness, x.rag, x.narrative, x.source, x.recorded_at,
                ru.display_name AS recorded_by, x.approved_at, au.display_name AS approved_by,
                {REVISION_HREF} AS revision_href
         FROM universal_capabilities c
         JOIN aims a ON a.capability_id = c.id
         LEFT JOIN {progress} x ON x.aim_id = a.id
         LEFT JOIN users ru ON ru.id = x.recorded_by
         LEFT JOIN users au ON au.id = x.approved_by
         {REVISION_JOINS}
         ORDER BY c.number, a.position"
    );
    let rows: Vec<AimDbRow> = sqlx::query_as(&sql).bind(footprint.0).fetch_all(pool).await?;
    let goals = goals(pool, footprint).await?;
    let current_year = period.map(|p| p.code.year);

    let mut capabilities: Vec<CapabilityAims> = Vec::new();
    for r in rows {
        if capabilities.last().map(|c| c.number) != Some(r.number) {
            capabilities.push(CapabilityAims { number: r.number, title: r.title.clone(), aims: Vec::new() });
        }
        let rag = r.rag.as_deref().map(str::parse::<Rag>).transpose().map_err(|e| sqlx::Error::Decode(e.into()))?;
        let own_goals = r.progress_id.and_then(|id| goals.get(&id)).map(Vec::as_slice).unwrap_or_default();
        let goal = goal_for(own_goals, current_year).or_else(|| own_target(r.target_value, r.target_date.as_deref()));
        let provenance = r.source.map(|source| Provenance {
            source,
            recorded_at: r.recorded_at.unwrap_or_default(),
            recorded_by: r.recorded_by,
            approved_at: r.approved_at,
            approved_by: r.approved_by,
            revision_href: r.revision_href,
        });
        let aim = AimRow {
            code: r.code,
            text: r.text,
            completeness: r.completeness,
            rag,
            goal,
            narrative: r.narrative.unwrap_or_default(),
            provenance,
        };
        capabilities.last_mut().expect("pushed above").aims.push(aim);
    }
    Ok(capabilities)
}

/// Goals by progress record id, in year order.
async fn goals(pool: &SqlitePool, footprint: FootprintId) -> Result<HashMap<i64, Vec<(FinancialYear, f64)>>, sqlx::Error> {
    let rows: Vec<(i64, i32, f64)> = sqlx::query_as(
        "SELECT g.aim_progress_id, g.financial_year, g.goal FROM aim_goals g
         JOIN aim_progress ap ON ap.id = g.aim_progress_id
         WHERE ap.footprint_id = ? AND ap.organisation_id IS NULL ORDER BY g.financial_year",
    )
    .bind(footprint.0)
    .fetch_all(pool)
    .await?;
    let mut by_progress: HashMap<i64, Vec<(FinancialYear, f64)>> = HashMap::new();
    for (id, year, goal) in rows {
        by_progress.entry(id).or_default().push((FinancialYear(year), goal));
    }
    Ok(by_progress)
}

/// The goal that matters now: this financial year's, else the next one set.
fn goal_for(goals: &[(FinancialYear, f64)], current: Option<FinancialYear>) -> Option<(FinancialYear, f64)> {
    match current {
        Some(now) => goals.iter().copied().find(|(y, _)| *y >= now).or_else(|| goals.last().copied()),
        None => goals.first().copied(),
    }
}

/// An aim that names its own target ("by end 16/17, 80 %") has that as its goal.
fn own_target(value: Option<f64>, date: Option<&str>) -> Option<(FinancialYear, f64)> {
    let date = chrono::NaiveDate::parse_from_str(date?, "%Y-%m-%d").ok()?;
    Some((FinancialYear::containing(date), value?))
}

pub async fn rag_definitions(pool: &SqlitePool) -> Result<Vec<RagDefinition>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, definition FROM rag_statuses ORDER BY position").fetch_all(pool).await?;
    rows.into_iter()
        .map(|(code, definition)| {
            let rag = code.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
            Ok(RagDefinition { rag, definition })
        })
        .collect()
}

/// The organisations' own approved figures for a capability's aims as at a period: what the
/// footprint's figure for each aim summarises.
pub async fn organisation_figures(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Option<Period>,
    capability: i64,
) -> Result<Vec<OrgAimFigure>, sqlx::Error> {
    type Row =
        (String, String, Option<f64>, Option<String>, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let Some(period) = period else { return Ok(vec![]) };
    let progress =
        as_at("aim_progress", "f.organisation_id, f.aim_id", period.code, "f.footprint_id = ? AND f.organisation_id IS NOT NULL");
    let sql = format!(
        "SELECT a.code, o.short_name, x.completeness, x.rag, x.source, x.recorded_at, ru.display_name, x.approved_at,
                au.display_name, {REVISION_HREF}
         FROM {progress} x
         JOIN aims a ON a.id = x.aim_id JOIN universal_capabilities c ON c.id = a.capability_id
         JOIN organisations o ON o.id = x.organisation_id
         LEFT JOIN users ru ON ru.id = x.recorded_by LEFT JOIN users au ON au.id = x.approved_by
         {REVISION_JOINS}
         WHERE c.number = ?
         ORDER BY a.position, o.position"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(footprint.0).bind(capability).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(aim, organisation, completeness, rag, source, recorded_at, recorded_by, approved_at, approved_by, revision_href)| {
            OrgAimFigure {
                aim,
                organisation,
                completeness,
                rag: rag.and_then(|r| r.parse().ok()),
                provenance: Provenance { source, recorded_at, recorded_by, approved_at, approved_by, revision_href },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_goal_shown_is_this_years_or_the_next_one_set() {
        let goals = [(FinancialYear(2016), 50.0), (FinancialYear(2017), 80.0)];
        assert_eq!(goal_for(&goals, Some(FinancialYear(2016))), Some((FinancialYear(2016), 50.0)));
        assert_eq!(goal_for(&goals[1..], Some(FinancialYear(2016))), Some((FinancialYear(2017), 80.0)));
        assert_eq!(goal_for(&goals, Some(FinancialYear(2019))), Some((FinancialYear(2017), 80.0)));
        assert_eq!(goal_for(&[], Some(FinancialYear(2016))), None);
        assert_eq!(own_target(Some(80.0), Some("2017-09-30")), Some((FinancialYear(2017), 80.0)));
        assert_eq!(own_target(None, Some("2017-09-30")), None);
    }
}
