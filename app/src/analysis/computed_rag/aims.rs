//! An aim's computed status: green once its goal is met; otherwise its rate of progress (least
//! squares over its last approved quarters) projected to the goal date decides amber or red.

use serde::Serialize;

use super::in_words::{points, quarters, with_skipped};
use super::projection::{least_squares, quarter_at, quarter_index};
use super::rules::RuleSet;
use super::{Computed, ComputedRag, Reason};
use crate::domain::{FinancialYear, Percent, PeriodCode};

/// Fewer approved figures than this give no rate of progress.
const MIN_FIGURES: usize = 2;

/// The figure an aim should reach, and the quarter it should reach it by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Goal {
    pub value: Percent,
    pub by: PeriodCode,
}

impl Goal {
    /// A goal for a financial year (as `facts::goal_for` gives it) is due by the year's end,
    /// its fourth quarter.
    pub fn for_year((year, value): (FinancialYear, Percent)) -> Goal {
        Goal { value, by: PeriodCode { year, quarter: 4 } }
    }
}

/// The rate of progress and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projection {
    /// Percentage points a quarter, by least squares over the figures used.
    pub slope_per_quarter: f64,
    /// The line's figure at the goal date (a line knows no ceiling: it may pass 100).
    pub at_goal_date: f64,
    /// The first quarter the line reaches the goal, never before the quarter after the latest
    /// figure (which is below it); None when the line does not rise.
    pub reaches: Option<PeriodCode>,
}

/// Which part of the aim rule decided the status.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum AimApplied {
    /// No data: nothing to judge against.
    NoGoal,
    /// No data: the goal is not met and there are too few figures for a rate.
    TooFewFigures { needed: usize },
    /// Green.
    GoalMet,
    /// Red: the goal date and its margin are behind us and the goal is not met.
    GoalDatePassed { margin: u8 },
    /// Red: the figures do not rise by more than `min_progress` a quarter.
    NoProgress { projection: Projection, min_progress: f64 },
    /// Amber: projected to reach the goal by its date (green needs the goal met).
    OnCourse { projection: Projection },
    /// Amber: projected to reach it `late_by` quarters after its date, within the margin.
    LateWithinMargin { projection: Projection, late_by: i32, margin: u8 },
    /// Red: projected to reach it later than the margin allows.
    TooLate { projection: Projection, late_by: i32, margin: u8 },
}

/// The inputs an aim's status was worked out from, and the rule that applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AimReason {
    /// The quarter judged: nothing later counts.
    pub as_at: PeriodCode,
    pub goal: Option<Goal>,
    /// The approved figures used, oldest first: the latest `window` assessed ones.
    pub used: Vec<(PeriodCode, Percent)>,
    /// Quarters returned as not assessed since the first figure used: skipped, not zeros.
    pub not_assessed: Vec<PeriodCode>,
    pub applied: AimApplied,
}

/// An aim's status as at a quarter from its approved figures (one a quarter, any order; None:
/// that quarter's return said not assessed) and its goal, by the rules given (the caller
/// picks those in force for `as_at` with [`super::in_force`]).
pub fn judge_aim(rules: &RuleSet, figures: &[(PeriodCode, Option<Percent>)], goal: Option<Goal>, as_at: PeriodCode) -> Computed {
    let (used, not_assessed) = figures_up_to(figures, as_at, usize::from(rules.aim.window));
    let applied = apply(rules, &used, goal, as_at);
    let status = match applied {
        AimApplied::NoGoal | AimApplied::TooFewFigures { .. } => ComputedRag::NoData,
        AimApplied::GoalMet => ComputedRag::Green,
        AimApplied::OnCourse { .. } | AimApplied::LateWithinMargin { .. } => ComputedRag::Amber,
        AimApplied::GoalDatePassed { .. } | AimApplied::NoProgress { .. } | AimApplied::TooLate { .. } => ComputedRag::Red,
    };
    let reason = AimReason { as_at, goal, used, not_assessed, applied };
    Computed { status, rules: rules.used(), reason: Reason::Aim(reason) }
}

/// The latest `window` assessed figures up to `as_at`, oldest first, and the quarters since
/// the first of them (or all, with none) that were not assessed. Of two figures for one
/// quarter the last given wins.
fn figures_up_to(
    figures: &[(PeriodCode, Option<Percent>)],
    as_at: PeriodCode,
    window: usize,
) -> (Vec<(PeriodCode, Percent)>, Vec<PeriodCode>) {
    let mut by_quarter: Vec<(PeriodCode, Option<Percent>)> = Vec::new();
    let mut sorted: Vec<_> = figures.iter().copied().filter(|(p, _)| *p <= as_at).collect();
    sorted.sort_by_key(|(p, _)| *p);
    for (p, v) in sorted {
        match by_quarter.last_mut() {
            Some(last) if last.0 == p => last.1 = v,
            _ => by_quarter.push((p, v)),
        }
    }
    let assessed: Vec<(PeriodCode, Percent)> = by_quarter.iter().filter_map(|(p, v)| v.map(|v| (*p, v))).collect();
    let used = assessed[assessed.len().saturating_sub(window)..].to_vec();
    let since = used.first().map(|(p, _)| *p);
    let not_assessed = by_quarter.iter().filter(|(p, v)| v.is_none() && since.is_none_or(|s| *p > s)).map(|(p, _)| *p).collect();
    (used, not_assessed)
}

fn apply(rules: &RuleSet, used: &[(PeriodCode, Percent)], goal: Option<Goal>, as_at: PeriodCode) -> AimApplied {
    let rule = &rules.aim;
    let (Some(goal), Some(&(latest, current))) = (goal, used.last()) else {
        return if goal.is_none() { AimApplied::NoGoal } else { AimApplied::TooFewFigures { needed: MIN_FIGURES } };
    };
    if current.value() >= goal.value.value() {
        return AimApplied::GoalMet;
    }
    let goal_index = quarter_index(goal.by);
    if quarter_index(as_at) > goal_index + i32::from(rule.margin_quarters) {
        return AimApplied::GoalDatePassed { margin: rule.margin_quarters };
    }
    let line = match least_squares(&used.iter().map(|(p, v)| (*p, v.value())).collect::<Vec<_>>()) {
        Some(line) if used.len() >= MIN_FIGURES => line,
        _ => return AimApplied::TooFewFigures { needed: MIN_FIGURES },
    };
    let after_latest = quarter_at(quarter_index(latest) + 1);
    let reaches = line.reaches(goal.value.value()).map(|r| r.max(after_latest));
    let projection = Projection { slope_per_quarter: line.slope, at_goal_date: line.at(goal.by), reaches };
    let (margin, min_progress) = (rule.margin_quarters, rule.min_progress);
    match reaches {
        Some(r) if line.slope > min_progress => {
            let late_by = quarter_index(r) - goal_index;
            if late_by <= 0 {
                AimApplied::OnCourse { projection }
            } else if late_by <= i32::from(margin) {
                AimApplied::LateWithinMargin { projection, late_by, margin }
            } else {
                AimApplied::TooLate { projection, late_by, margin }
            }
        }
        _ => AimApplied::NoProgress { projection, min_progress },
    }
}

impl AimReason {
    /// The reason in words, after "Computed amber: ".
    pub fn in_words(&self) -> String {
        with_skipped(self.main_words(), &self.not_assessed)
    }

    fn main_words(&self) -> String {
        let Some(goal) = self.goal else { return "the aim has no goal to judge it against".to_string() };
        let (g, by) = (goal.value.to_string(), goal.by.label());
        let latest = self.used.last().map_or_else(|| "none".to_string(), |(p, v)| format!("{v} in {}", p.label()));
        let reach = |p: &Projection| {
            let when = p.reaches.map_or_else(String::new, |r| r.label());
            format!("at {} a quarter the aim reaches {g} in {when}", points(p.slope_per_quarter))
        };
        match &self.applied {
            AimApplied::NoGoal => "the aim has no goal to judge it against".to_string(),
            AimApplied::TooFewFigures { needed } if self.used.is_empty() => {
                format!("no approved figure up to {}; a rate of progress needs at least {needed}", self.as_at.label())
            }
            AimApplied::TooFewFigures { needed } => {
                format!("only one approved figure ({latest}), below the goal of {g}; a rate of progress needs at least {needed}")
            }
            AimApplied::GoalMet => format!("{latest} has reached the goal of {g} (due by {by})"),
            AimApplied::GoalDatePassed { margin } => format!(
                "the goal of {g} was due by {by}, more than {} before {}, and the latest figure is {latest}",
                quarters(i32::from(*margin)),
                self.as_at.label()
            ),
            AimApplied::NoProgress { projection, min_progress } => {
                let n = self.used.len();
                let trend = match projection.slope_per_quarter {
                    s if s < 0.0 => format!("fell by {} a quarter", points(-s)),
                    0.0 => "stayed level".to_string(),
                    s => format!("rose by only {} a quarter, no more than the {} progress needs", points(s), points(*min_progress)),
                };
                format!(
                    "no progress: over the last {n} approved quarters the figure {trend}, so it does not reach the goal of {g} due by {by}"
                )
            }
            AimApplied::OnCourse { projection } => {
                format!("{}, by its goal date {by}; it turns green when the goal is met", reach(projection))
            }
            AimApplied::LateWithinMargin { projection, late_by, margin } => {
                format!("{}, {} after its goal date {by} (within the {margin}-quarter margin)", reach(projection), quarters(*late_by))
            }
            AimApplied::TooLate { projection, late_by, margin } => {
                format!("{}, {} after its goal date {by} (beyond the {margin}-quarter margin)", reach(projection), quarters(*late_by))
            }
        }
    }
}
