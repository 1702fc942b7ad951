//! Builds the report document from the facts the pages read, for one footprint and quarter.
//! Pure: the server gathers `ReportFacts` with the pages' own queries (`server/src/report/
//! gather.rs`), and this turns them into typed tables, words and charts once. The data
//! tables are the exports; the sections show them, or their first rows, with the words.

mod charts;
mod data;
mod sections;

use chrono::NaiveDateTime;

use super::document::{ReportDocument, SCHEMA};
use crate::analysis::exceptions::{Fall, ReturnException};
use crate::domain::PeriodCode;
use crate::facts::{AimStatus, CapabilityAims, DeploymentTimeline, DmaGapRow, DmaMatrix, FootprintSummary, MeasureRow, OrgSummary};
use crate::facts::{Risk, TrajectoryFacts};
use crate::returns::ReturnState;

/// Everything a report is made from, as the pages' queries return it.
#[derive(Debug, Clone)]
pub struct ReportFacts {
    pub footprint: FootprintSummary,
    pub period: PeriodCode,
    pub generated_at: NaiveDateTime,
    pub generated_by: String,
    pub rules_version: u32,
    /// The ten capabilities and their aims as at the quarter (declared RAG and figures).
    pub capabilities: Vec<CapabilityAims>,
    /// Every aim's computed status as at the quarter, and as at the quarter before.
    pub statuses: Vec<AimStatus>,
    pub previous_statuses: Vec<AimStatus>,
    pub falls: Vec<Fall>,
    pub dma: Option<DmaMatrix>,
    /// The DMA gaps, biggest first (the gap analysis page's order).
    pub dma_gaps: Vec<DmaGapRow>,
    pub trajectories: Option<TrajectoryFacts>,
    pub deployments: DeploymentTimeline,
    pub measures: Vec<(OrgSummary, Vec<MeasureRow>)>,
    pub risks: Vec<Risk>,
    /// Every subject's latest return of the quarter (organisations, then the footprint's own).
    pub returns: Vec<ReturnLine>,
}

/// One subject's return for the quarter and who handled it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnLine {
    pub code: String,
    pub subject: String,
    /// None: no return started.
    pub state: Option<ReturnState>,
    pub revision: Option<i64>,
    pub overdue: bool,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

impl ReturnLine {
    pub fn exception(&self) -> Option<ReturnException> {
        crate::domain::deadline::is_chased(self.overdue, self.state).then(|| ReturnException {
            code: self.code.clone(),
            subject: self.subject.clone(),
            state: self.state,
            overdue: self.overdue,
        })
    }
}

/// The document: data tables first (the sections take rows from them), then the charts and
/// the sections that show them.
pub fn build(facts: &ReportFacts) -> ReportDocument {
    let data = data::tables(facts);
    let charts = charts::charts(facts);
    let sections = sections::sections(facts, &data, &charts);
    ReportDocument {
        schema: SCHEMA,
        footprint_code: facts.footprint.code.clone(),
        footprint_name: facts.footprint.name.clone(),
        period: facts.period,
        period_label: facts.period.label(),
        generated_at: facts.generated_at,
        generated_by: facts.generated_by.clone(),
        rules_version: facts.rules_version,
        sections,
        data,
        charts,
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
