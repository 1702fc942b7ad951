//! Universal capabilities, their aims and the footprint's progress on them, as facts.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{FromRow, SqlitePool};

use ldr_app::domain::{FinancialYear, FootprintId, OrgId, Percent, Rag};
use ldr_app::facts::{goal_for, AimRow, CapabilityAims, OrgAimFigure, RagDefinition};

use super::periods::Period;
use super::provenance::{as_at, required, ProvenanceRow, Scope, AIM_PROGRESS, PROVENANCE_COLUMNS, PROVENANCE_JOINS};

fn decode_err(e: impl ToString) -> sqlx::Error {
    sqlx::Error::Decode(e.to_string().into())
}

fn percent(v: Option<f64>) -> Result<Option<Percent>, sqlx::Error> {
    v.map(Percent::new).transpose().map_err(decode_err)
}

fn rag(code: Option<&str>) -> Result<Option<Rag>, sqlx::Error> {
    code.map(str::parse::<Rag>).transpose().map_err(decode_err)
}

#[derive(Debug, FromRow)]
struct AimDbRow {
    number: i64,
    title: String,
    code: String,
    text: String,
    target_value: Option<f64>,
    target_date: Option<NaiveDate>,
    progress_id: Option<i64>,
    completeness: Option<f64>,
    rag: Option<String>,
    narrative: Option<String>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
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
        Some(p) => as_at(AIM_PROGRESS, Scope::FootprintOwn(footprint), p.code),
        None => "(SELECT * FROM aim_progress WHERE FALSE)".to_string(),
    };
    let sql = format!(
        "SELECT c.number, c.title, a.code, a.text, a.target_value, a.target_date,
                x.id AS progress_id, x.completeness, x.rag, x.narrative, {PROVENANCE_COLUMNS}
         FROM universal_capabilities c
         JOIN aims a ON a.capability_id = c.id
         LEFT JOIN {progress} x ON x.aim_id = a.id
         {PROVENANCE_JOINS}
         ORDER BY c.number, a.position"
    );
    let rows: Vec<AimDbRow> = sqlx::query_as(&sql).fetch_all(pool).await?;
    let shown: Vec<i64> = rows.iter().filter_map(|r| r.progress_id).collect();
    let goals = goals(pool, &shown).await?;
    let current_year = period.map(|p| p.code.year);

    let mut capabilities: Vec<CapabilityAims> = Vec::new();
    for r in rows {
        if capabilities.last().map(|c| c.number) != Some(r.number) {
            capabilities.push(CapabilityAims { number: r.number, title: r.title.clone(), aims: Vec::new() });
        }
        let plan = r.progress_id.and_then(|id| goals.get(&id)).map(Vec::as_slice).unwrap_or_default();
        let own_target = r.target_date.zip(percent(r.target_value)?);
        let aim = AimRow {
            code: r.code,
            text: r.text,
            completeness: percent(r.completeness)?,
            rag: rag(r.rag.as_deref())?,
            goal: goal_for(plan, own_target, current_year),
            narrative: r.narrative.unwrap_or_default(),
            provenance: r.provenance.fact()?,
        };
        capabilities.last_mut().expect("pushed above").aims.push(aim);
    }
    Ok(capabilities)
}

/// The goals of the progress records shown, by record id: one seek per record on the goals'
/// key, not every goal of the footprint's history (4,000 of them on forty quarters, to
/// show 25).
async fn goals(pool: &SqlitePool, shown: &[i64]) -> Result<HashMap<i64, Vec<(FinancialYear, Percent)>>, sqlx::Error> {
    if shown.is_empty() {
        return Ok(HashMap::new());
    }
    let marks = vec!["?"; shown.len()].join(", ");
    let sql = format!(
        "SELECT g.aim_progress_id, g.financial_year, g.goal FROM aim_goals g WHERE g.aim_progress_id IN ({marks}) ORDER BY g.financial_year"
    );
    let mut query = sqlx::query_as::<_, (i64, i32, f64)>(&sql);
    for id in shown {
        query = query.bind(id);
    }
    let rows = query.fetch_all(pool).await?;
    let mut by_progress: HashMap<i64, Vec<(FinancialYear, Percent)>> = HashMap::new();
    for (id, year, goal) in rows {
        by_progress.entry(id).or_default().push((FinancialYear(year), Percent::new(goal).map_err(decode_err)?));
    }
    Ok(by_progress)
}

pub async fn rag_definitions(pool: &SqlitePool) -> Result<Vec<RagDefinition>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT code, definition FROM rag_statuses ORDER BY position").fetch_all(pool).await?;
    rows.into_iter().map(|(code, definition)| Ok(RagDefinition { rag: code.parse().map_err(decode_err)?, definition })).collect()
}

#[derive(Debug, FromRow)]
struct OrgFigureRow {
    aim: String,
    organisation_id: i64,
    organisation: String,
    completeness: Option<f64>,
    rag: Option<String>,
    #[sqlx(flatten)]
    provenance: ProvenanceRow,
}

/// The organisations' own approved figures for a capability's aims as at a period: what the
/// footprint's figure for each aim summarises.
pub async fn organisation_figures(
    pool: &SqlitePool,
    footprint: FootprintId,
    period: Option<Period>,
    capability: i64,
) -> Result<Vec<OrgAimFigure>, sqlx::Error> {
    let Some(period) = period else { return Ok(vec![]) };
    let progress = as_at(AIM_PROGRESS, Scope::FootprintsOrganisationFigures(footprint), period.code);
    let sql = format!(
        "SELECT a.code AS aim, o.id AS organisation_id, o.short_name AS organisation, x.completeness, x.rag, {PROVENANCE_COLUMNS}
         FROM {progress} x
         JOIN aims a ON a.id = x.aim_id JOIN universal_capabilities c ON c.id = a.capability_id
         JOIN organisations o ON o.id = x.organisation_id
         {PROVENANCE_JOINS}
         WHERE c.number = ?
         ORDER BY a.position, o.position"
    );
    let rows: Vec<OrgFigureRow> = sqlx::query_as(&sql).bind(capability).fetch_all(pool).await?;
    rows.into_iter()
        .map(|r| {
            Ok(OrgAimFigure {
                aim: r.aim,
                organisation_id: OrgId(r.organisation_id),
                organisation: r.organisation,
                completeness: percent(r.completeness)?,
                rag: rag(r.rag.as_deref())?,
                provenance: required(r.provenance)?,
            })
        })
        .collect()
}
