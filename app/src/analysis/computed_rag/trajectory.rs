//! A capability trajectory's computed status: the latest approved score against the
//! organisation's plan for that financial year, by the trajectory [`Bands`](super::Bands).

use serde::Serialize;

use super::bands::Band;
use super::in_words::with_skipped;
use super::rules::RuleSet;
use super::{Computed, ComputedRag, Reason};
use crate::analysis::trajectory_line;
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, PeriodCode, Scale};
use crate::facts::TrajectoryRow;

/// Which part of the trajectory rule decided the status.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum TrajectoryApplied {
    /// No data: never assessed up to the quarter.
    NoScore,
    /// No data: no plan for the quarter's financial year.
    NoPlan,
    /// Green, amber or red by how far behind plan.
    AgainstPlan(Band),
}

/// The inputs a trajectory's status was worked out from, and the rule that applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrajectoryReason {
    pub capability: String,
    pub as_at: PeriodCode,
    /// The latest assessed score up to the quarter, with its quarter.
    pub actual: Option<(PeriodCode, f64)>,
    /// The plan for the quarter's financial year.
    pub plan: Option<(FinancialYear, f64)>,
    /// Quarters after the actual's that returned not assessed: skipped, not zeros.
    pub not_assessed: Vec<PeriodCode>,
    pub applied: TrajectoryApplied,
}

/// A capability's trajectory status for an organisation as at a quarter, on its framework's scale.
pub fn judge_trajectory(rules: &RuleSet, row: &TrajectoryRow, scale: Scale, as_at: PeriodCode) -> Computed {
    // The plan for the year as the trajectory page states it, so both say the same.
    let line = trajectory_line(row, as_at);
    let plan = line.plan_for(as_at.year).map(|v| (as_at.year, v));
    let mut scores: Vec<_> = row.scores.iter().filter(|s| s.period <= as_at).collect();
    scores.sort_by_key(|s| s.period);
    let actual = scores.iter().rev().find_map(|s| s.score.map(|v| (s.period, v)));
    let since = actual.map(|(p, _)| p);
    let not_assessed = scores.iter().filter(|s| s.score.is_none() && since.is_none_or(|p| s.period > p)).map(|s| s.period).collect();
    let applied = match (actual, plan) {
        (None, _) => TrajectoryApplied::NoScore,
        (_, None) => TrajectoryApplied::NoPlan,
        (Some((_, score)), Some((_, target))) => TrajectoryApplied::AgainstPlan(Band::judge(score, target, rules.trajectory, scale)),
    };
    let status = match applied {
        TrajectoryApplied::AgainstPlan(band) => band.status(),
        _ => ComputedRag::NoData,
    };
    let reason = TrajectoryReason { capability: row.capability.clone(), as_at, actual, plan, not_assessed, applied };
    Computed { status, rules: rules.used(), reason: Reason::Trajectory(reason) }
}

impl TrajectoryReason {
    /// The reason in words, after "Computed amber: ".
    pub fn in_words(&self) -> String {
        let year = self.as_at.year.label();
        let main = match (self.applied, self.actual, self.plan) {
            (TrajectoryApplied::AgainstPlan(band), Some((p, score)), Some((_, plan))) => {
                let target = format!("the plan of {} for {year}", format_number(plan));
                format!("{} in {} is {}", format_number(score), p.label(), band.in_words(&target))
            }
            (TrajectoryApplied::NoPlan, ..) => format!("{} has no plan for {year} to judge it against", self.capability),
            _ => format!("{} has no approved score up to {}", self.capability, self.as_at.label()),
        };
        with_skipped(main, &self.not_assessed)
    }
}
