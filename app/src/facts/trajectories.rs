//! Facts behind `/trajectories`: a footprint's PF@PoC capabilities, each with every
//! organisation's trajectory facts (approved scores up to the quarter, plans as they stood
//! then) and its size, with the framework's scale and the computed-RAG rules of the quarter.

use serde::Serialize;

use super::{FootprintSummary, OrgSummary, TrajectoryRow};
use crate::analysis::computed_rag::RuleSet;
use crate::domain::{PeriodCode, Scale, ThemeId};

/// A paper-free-at-the-point-of-care capability (a DMA theme), `code` being its address key
/// (`/trajectories/records`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryCapability {
    pub id: ThemeId,
    pub code: String,
    pub name: String,
}

/// One organisation's trajectory for one capability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgTrajectory {
    pub org: OrgSummary,
    /// Its size, the weight of a weighted whole-system figure (None: not known).
    pub staff_headcount: Option<i64>,
    pub row: TrajectoryRow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapabilityTrajectories {
    pub capability: TrajectoryCapability,
    /// The footprint's organisations scored on the framework, in the footprint's order.
    pub organisations: Vec<OrgTrajectory>,
}

/// Everything the trajectory pages show for a footprint as at a quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryFacts {
    pub footprint: FootprintSummary,
    pub period: PeriodCode,
    /// The framework the footprint's organisations were scored on then.
    pub framework: String,
    pub scale: Scale,
    /// The computed-RAG rules in force for the quarter.
    pub rules: RuleSet,
    pub capabilities: Vec<CapabilityTrajectories>,
}
