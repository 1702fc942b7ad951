//! Ahead of plan, on plan or behind plan: a trajectory's variance (latest score minus the plan
//! for the year) against the tolerance of the trajectory rule in force, read from its computed
//! status so that the words and the tag never disagree.

use serde::Serialize;

use super::computed_rag::{Band, Computed, Reason, TrajectoryApplied};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStanding {
    /// Above the plan by more than the tolerance.
    Ahead,
    /// Within the tolerance of the plan, either side.
    OnPlan,
    /// Below the plan by more than the tolerance (amber or red).
    Behind,
}

impl PlanStanding {
    pub fn words(self) -> &'static str {
        match self {
            PlanStanding::Ahead => "Ahead of plan",
            PlanStanding::OnPlan => "On plan",
            PlanStanding::Behind => "Behind plan",
        }
    }
}

/// Where a judged trajectory stands against its plan; None without a score or a plan.
pub fn plan_standing(computed: &Computed) -> Option<PlanStanding> {
    let Reason::Trajectory(reason) = &computed.reason else { return None };
    match reason.applied {
        TrajectoryApplied::AgainstPlan(Band::Within { difference, tolerance }) if difference > tolerance + 1e-9 => {
            Some(PlanStanding::Ahead)
        }
        TrajectoryApplied::AgainstPlan(Band::Within { .. }) => Some(PlanStanding::OnPlan),
        TrajectoryApplied::AgainstPlan(_) => Some(PlanStanding::Behind),
        _ => None,
    }
}

/// "Ahead of plan", or what stands in for it without a score or a plan.
pub fn plan_standing_words(computed: &Computed) -> &'static str {
    plan_standing(computed).map_or("Not known (no score or no plan for the year)", PlanStanding::words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::computed_rag::{judge_trajectory, RuleSet};
    use crate::domain::{FinancialYear, PeriodCode, Scale};
    use crate::facts::{QuarterScore, TrajectoryRow};

    const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };

    fn judged(score: Option<f64>, plan: Option<f64>) -> Computed {
        let q = PeriodCode { year: FinancialYear(2016), quarter: 2 };
        let row = TrajectoryRow {
            capability: "Records".into(),
            scores: vec![QuarterScore { period: q, score }],
            planned: plan.map(|p| vec![(FinancialYear(2016), p)]).unwrap_or_default(),
            sources: Default::default(),
        };
        judge_trajectory(&RuleSet::defaults(q), &row, DMA, q)
    }

    #[test]
    fn beyond_the_tolerance_either_side_is_ahead_or_behind_and_within_it_on_plan() {
        // The default tolerance is 5 % of the scale: 5 points on the 2016 DMA.
        let cases = [
            (26.0, Some(PlanStanding::Ahead)),
            (25.0, Some(PlanStanding::OnPlan)),
            (15.0, Some(PlanStanding::OnPlan)),
            (14.0, Some(PlanStanding::Behind)),
            (1.0, Some(PlanStanding::Behind)),
        ];
        for (score, expected) in cases {
            assert_eq!(plan_standing(&judged(Some(score), Some(20.0))), expected, "{score} against 20");
        }
        assert_eq!(plan_standing(&judged(Some(20.0), None)), None, "no plan");
        assert_eq!(plan_standing_words(&judged(None, Some(20.0))), "Not known (no score or no plan for the year)");
    }
}
