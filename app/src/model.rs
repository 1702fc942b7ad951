//! Read models: the data each page needs, as the server's queries return it.
//! Views and charts take these and nothing else, so a page can be tested from plain values.

use crate::analysis::{BenchmarkCandidate, Cell};
use crate::domain::long_date_time;
use crate::domain::{FinancialYear, OrgKind, PeriodCode, Rag, Scale, ThemeId};

#[derive(Debug, Clone, PartialEq)]
pub struct FootprintSummary {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgSummary {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    pub member_count: i64,
}

/// Where a figure came from and who vouched for it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    pub source: String,
    pub recorded_at: String,
    pub recorded_by: Option<String>,
    pub approved_at: Option<String>,
    pub approved_by: Option<String>,
    /// The return revision the figure was approved from (None: loaded from the roadmap).
    pub revision_href: Option<String>,
}

impl Provenance {
    /// One line for a tooltip-free page: the source, then who entered and approved it.
    pub fn summary(&self) -> String {
        format!("{}; {}", self.source, self.who())
    }

    /// Who entered and approved the figure, and when.
    pub fn who(&self) -> String {
        let entered = match &self.recorded_by {
            Some(who) => format!("entered by {who} on {}", long_date_time(&self.recorded_at)),
            None => format!("loaded from the roadmap on {}", long_date_time(&self.recorded_at)),
        };
        let approved = match (&self.approved_by, &self.approved_at) {
            (Some(who), Some(at)) => format!("approved by {who} on {}", long_date_time(at)),
            _ => "not yet approved through a quarterly return".to_string(),
        };
        format!("{entered}; {approved}")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub id: ThemeId,
    pub code: String,
    pub name: String,
    pub group: String,
    pub pf_poc: bool,
    pub org_dependency: String,
    pub system_dependency: String,
}

/// A framework's scores for a footprint in one period: themes down, organisations across.
#[derive(Debug, Clone, PartialEq)]
pub struct DmaMatrix {
    pub framework: String,
    pub scale: Scale,
    pub period: PeriodCode,
    /// The peer group whose average is shown as the reference column (the one with the most
    /// published averages for this framework and period: in 2016, all NHS trusts).
    pub reference_group: Option<String>,
    pub themes: Vec<Theme>,
    pub organisations: Vec<OrgSummary>,
    /// cells[theme][organisation], in the order of `themes` and `organisations`.
    pub cells: Vec<Vec<Cell>>,
    /// Every published benchmark for each theme, in the order of `themes`.
    pub benchmarks: Vec<Vec<BenchmarkCandidate>>,
    /// How the framework turned answers into scores.
    pub answer_scales: Vec<AnswerScale>,
}

/// One of a framework's answer scales: each answer and the score it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerScale {
    pub name: String,
    pub answers: Vec<(String, f64)>,
}

impl DmaMatrix {
    /// The benchmark of a named peer group for a theme (e.g. the NHS trusts' national average).
    pub fn benchmark(&self, theme: usize, peer_group: &str) -> Option<f64> {
        self.benchmarks[theme].iter().find(|b| b.peer_group == peer_group).map(|b| b.value)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AimRow {
    pub code: String,
    pub text: String,
    pub completeness: Option<f64>,
    pub rag: Option<Rag>,
    /// The goal for a financial year, from the footprint's plan or the aim's own target.
    pub goal: Option<(FinancialYear, f64)>,
    pub narrative: String,
    pub provenance: Option<Provenance>,
}

/// One organisation's own approved figure for an aim, which the footprint's figure summarises.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgAimFigure {
    pub aim: String,
    pub organisation: String,
    pub completeness: Option<f64>,
    pub rag: Option<Rag>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityAims {
    pub number: i64,
    pub title: String,
    pub aims: Vec<AimRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RagDefinition {
    pub rag: Rag,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub capability: Option<String>,
    pub title: String,
    pub description: String,
    pub start_year: Option<FinancialYear>,
    pub target_year: FinancialYear,
    pub status: String,
    pub delivered_on: Option<chrono::NaiveDate>,
    pub source: String,
    /// The return revision it was last approved in (None: from the roadmap).
    pub revision_href: Option<String>,
}

/// A DMA score approved for a quarter (`score` None: not assessed that quarter).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuarterScore {
    pub period: PeriodCode,
    pub score: Option<f64>,
}

/// One PF@PoC capability's trajectory facts for an organisation as at a quarter: every score
/// approved up to that quarter, oldest first, and each financial year's plan as it stood then
/// (the latest approved up to the quarter), in year order. Which score is the baseline and
/// which the actual is decided in one place, `analysis::trajectory_line`.
#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryRow {
    pub capability: String,
    pub scores: Vec<QuarterScore>,
    pub planned: Vec<(FinancialYear, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    pub name: String,
    pub qualifier: String,
    pub value: f64,
    pub unit: String,
    pub benchmark: Option<(String, f64)>,
    pub source: String,
    /// The return revision it was approved in (None: from the roadmap).
    pub revision_href: Option<String>,
}

/// Everything the organisation page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationProfile {
    pub org: OrgSummary,
    pub footprint: FootprintSummary,
    pub period: Option<PeriodCode>,
    /// (theme, cell, provenance) in framework order; empty if no framework applies.
    pub dma: Vec<(Theme, Cell, Option<Provenance>)>,
    pub framework: Option<String>,
    /// The framework's scale, when one applies.
    pub scale: Option<Scale>,
    pub deployments: Vec<Deployment>,
    pub trajectory: Vec<TrajectoryRow>,
    pub measures: Vec<MeasureRow>,
}

/// The roadmap's registers: what stands between the footprint and its goals.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registers {
    pub gaps: Vec<GapArea>,
    pub initiatives: Vec<Initiative>,
    pub workstreams: Vec<Workstream>,
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapArea {
    pub name: String,
    pub gaps: Vec<String>,
}

/// An initiative with the four priority criteria of the roadmap's section H1.4.
#[derive(Debug, Clone, PartialEq)]
pub struct Initiative {
    pub title: String,
    pub description: String,
    pub universal_capability: bool,
    pub stp_objective: bool,
    pub whole_system: bool,
    /// "none", "single" (one organisation) or "multiple" (across several).
    pub pfpoc_enabler: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workstream {
    pub name: String,
    pub baseline: String,
    pub gap_2020: String,
    pub indicative_cost: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    pub title: String,
    pub description: String,
}
