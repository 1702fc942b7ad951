//! Facts about footprints and organisations: who they are, and the figures on an
//! organisation's page (deployments, capability trajectories, other measures).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Provenance, RevisionRef, Theme};
use crate::analysis::computed_rag::RuleSet;
use crate::analysis::Cell;
use crate::domain::{FinancialYear, OrgId, OrgKind, PeriodCode, Scale};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FootprintSummary {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgSummary {
    pub id: OrgId,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    pub member_count: i64,
}

/// How far a deployment has got: one type for the return's entries and the official facts.
pub use crate::returns::figures::DeploymentStatus;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deployment {
    pub capability: Option<String>,
    pub title: String,
    pub description: String,
    pub start_year: Option<FinancialYear>,
    pub target_year: FinancialYear,
    pub status: DeploymentStatus,
    pub delivered_on: Option<chrono::NaiveDate>,
    pub source: String,
    /// The return revision it was last approved in (None: from the roadmap).
    pub revision: Option<RevisionRef>,
}

/// A DMA score approved for a quarter (`score` None: not assessed that quarter).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QuarterScore {
    pub period: PeriodCode,
    pub score: Option<f64>,
}

/// One PF@PoC capability's trajectory facts for an organisation as at a quarter: every score
/// approved up to that quarter, oldest first, and each financial year's plan as it stood then
/// (the latest approved up to the quarter), in year order. Which score is the baseline and
/// which the actual is decided in one place, `analysis::trajectory_line`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryRow {
    pub capability: String,
    pub scores: Vec<QuarterScore>,
    pub planned: Vec<(FinancialYear, f64)>,
    /// Where each score and plan came from.
    pub sources: TrajectorySources,
}

/// Where a trajectory's figures came from: each approved score by its quarter, each plan (as
/// it stood then) by its year. Kept beside the figures, which the analysis reads alone; a
/// line made by the analysis (the whole system's) has none.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrajectorySources {
    pub scores: BTreeMap<PeriodCode, Provenance>,
    pub planned: BTreeMap<FinancialYear, Provenance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureRow {
    pub name: String,
    pub qualifier: String,
    pub value: f64,
    pub unit: String,
    pub benchmark: Option<(String, f64)>,
    pub source: String,
    /// The return revision it was approved in (None: from the roadmap).
    pub revision: Option<RevisionRef>,
}

/// Everything the organisation page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The computed-RAG rules in force for the quarter, which judge each trajectory.
    pub trajectory_rules: Option<RuleSet>,
    pub measures: Vec<MeasureRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_statuses_read_their_stored_codes_and_refuse_others() {
        for s in [DeploymentStatus::Active, DeploymentStatus::Committed, DeploymentStatus::Aspirational] {
            assert_eq!(s.code().parse::<DeploymentStatus>(), Ok(s));
        }
        assert!("Active".parse::<DeploymentStatus>().is_err(), "codes are lower case, as stored");
        assert!("".parse::<DeploymentStatus>().is_err());
    }
}
