//! Each aim's status as at a quarter: the footprint's own figure (the PMO's Table 5 return)
//! beside what the organisations' own approved figures give, reconciled by stated rules; its
//! declared RAG beside the computed one; and the history the computed status was judged on.
//! Pure: the server hands in the aim rows, the approved figures and the rules in force.

use serde::Serialize;

use super::AimRow;
use crate::analysis::computed_rag::{
    difference, judge_aim, quarter_index, AimApplied, Computed, Difference, Goal, Projection, Reason, RuleSet,
};
use crate::domain::{Percent, PeriodCode, Rag};

/// How the organisations' figures are combined into one footprint figure, in words.
pub const ORGANISATIONS_METHOD: &str = "the mean of the organisations' latest approved figures for the aim \
     (an organisation that returned \"not assessed\" is left out, not counted as zero)";

/// A footprint figure and the organisations' figure this far apart (percentage points) or
/// more are flagged as a difference.
pub const DISAGREEMENT_POINTS: f64 = 10.0;

/// Which approved figures the computed status was judged on, and the rule that chose them.
pub const EVIDENCE_RULE: &str = "The computed status is judged on the footprint's own figures (its Table 5 return) \
     unless the organisations' figures are more recent, then on theirs.";

/// One approved figure of an aim in one quarter: the footprint's own (no organisation) or one
/// organisation's. None: that quarter's return said "not assessed".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AimFigure {
    pub organisation: Option<i64>,
    pub period: PeriodCode,
    pub completeness: Option<Percent>,
}

/// Whose figures judged an aim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    Footprint,
    Organisations,
}

/// What the organisations' figures give for an aim as at the quarter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OrganisationsGive {
    pub value: Percent,
    /// How many organisations' figures the mean is over.
    pub organisations: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AimStatus {
    pub capability: i64,
    pub code: String,
    pub text: String,
    pub as_at: PeriodCode,
    /// The footprint's own figure as at the quarter (Table 5).
    pub footprint_figure: Option<Percent>,
    pub organisations_figure: Option<OrganisationsGive>,
    /// Footprint minus organisations, when they differ by [`DISAGREEMENT_POINTS`] or more.
    pub disagreement: Option<f64>,
    pub judged_on: Evidence,
    pub declared: Option<Rag>,
    pub goal: Option<Goal>,
    pub computed: Computed,
    /// The series judged, one figure per approved quarter, oldest first (the sparkline).
    pub history: Vec<(PeriodCode, Option<Percent>)>,
    /// The judged figure now minus as at the quarter before (percentage points).
    pub change: Option<f64>,
}

impl AimStatus {
    /// Assesses one aim: `figures` are its approved figures (the footprint's own and the
    /// organisations') up to the quarter, in any order.
    pub fn assess(capability: i64, row: &AimRow, figures: &[AimFigure], rules: &RuleSet, as_at: PeriodCode) -> AimStatus {
        let figures: Vec<AimFigure> = figures.iter().copied().filter(|f| f.period <= as_at).collect();
        let own: Vec<(PeriodCode, Option<Percent>)> =
            figures.iter().filter(|f| f.organisation.is_none()).map(|f| (f.period, f.completeness)).collect();
        let own = sorted(own);
        let organisations = organisations_series(&figures);
        let organisations_now = organisations_now(&figures);
        let newest = |s: &[(PeriodCode, Option<Percent>)]| s.last().map(|(p, _)| *p);
        let judged_on = match (newest(&own), newest(&organisations)) {
            (Some(o), Some(g)) if g > o => Evidence::Organisations,
            (None, Some(_)) => Evidence::Organisations,
            _ => Evidence::Footprint,
        };
        let history = if judged_on == Evidence::Footprint { own } else { organisations };
        let goal = row.goal.map(Goal::for_year);
        let computed = judge_aim(rules, &history, goal, as_at);
        let footprint_figure = row.completeness;
        let disagreement = match (footprint_figure, organisations_now) {
            (Some(f), Some(g)) if (f.value() - g.value.value()).abs() >= DISAGREEMENT_POINTS => Some(f.value() - g.value.value()),
            _ => None,
        };
        let change = change_since_last_quarter(&history, as_at);
        AimStatus {
            capability,
            code: row.code.clone(),
            text: row.text.clone(),
            as_at,
            footprint_figure,
            organisations_figure: organisations_now,
            disagreement,
            judged_on,
            declared: row.rag,
            goal,
            computed,
            history,
            change,
        }
    }

    /// "declared green, computed amber", when they differ.
    pub fn difference(&self) -> Option<Difference> {
        difference(self.declared, self.computed.status)
    }

    fn reason(&self) -> Option<&crate::analysis::computed_rag::AimReason> {
        match &self.computed.reason {
            Reason::Aim(r) => Some(r),
            _ => None,
        }
    }

    /// The latest figure judged (of the series the status was judged on).
    pub fn current(&self) -> Option<Percent> {
        self.reason().and_then(|r| r.used.last()).map(|(_, v)| *v)
    }

    /// Goal minus current, in points (0 or less: met).
    pub fn gap(&self) -> Option<f64> {
        Some(self.goal?.value.value() - self.current()?.value())
    }

    /// Quarters from the quarter judged to the goal date (negative: passed).
    pub fn quarters_left(&self) -> Option<i32> {
        Some(quarter_index(self.goal?.by) - quarter_index(self.as_at))
    }

    /// The rise a quarter needed to reach the goal by its date, when there is time left and a gap.
    pub fn rate_needed(&self) -> Option<f64> {
        let (gap, left) = (self.gap()?, self.quarters_left()?);
        (gap > 0.0 && left > 0).then(|| gap / f64::from(left))
    }

    fn projection(&self) -> Option<Projection> {
        match self.reason()?.applied {
            AimApplied::NoProgress { projection, .. }
            | AimApplied::OnCourse { projection }
            | AimApplied::LateWithinMargin { projection, .. }
            | AimApplied::TooLate { projection, .. } => Some(projection),
            _ => None,
        }
    }

    /// The rise a quarter achieved: the least-squares slope the status was judged on.
    pub fn rate_achieved(&self) -> Option<f64> {
        self.projection().map(|p| p.slope_per_quarter)
    }

    /// The quarter the line reaches the goal, when it rises.
    pub fn projected(&self) -> Option<PeriodCode> {
        self.projection().and_then(|p| p.reaches)
    }
}

fn sorted(mut series: Vec<(PeriodCode, Option<Percent>)>) -> Vec<(PeriodCode, Option<Percent>)> {
    series.sort_by_key(|(p, _)| *p);
    series.dedup_by_key(|(p, _)| *p);
    series
}

/// Each organisation's latest figure up to a quarter, as (organisation, figure).
fn latest_by_organisation(figures: &[AimFigure], up_to: PeriodCode) -> Vec<(i64, Option<Percent>)> {
    let mut latest: Vec<(i64, PeriodCode, Option<Percent>)> = Vec::new();
    for f in figures.iter().filter(|f| f.period <= up_to) {
        let Some(org) = f.organisation else { continue };
        match latest.iter_mut().find(|(o, _, _)| *o == org) {
            Some(entry) if entry.1 < f.period => *entry = (org, f.period, f.completeness),
            Some(_) => {}
            None => latest.push((org, f.period, f.completeness)),
        }
    }
    latest.into_iter().map(|(o, _, v)| (o, v)).collect()
}

fn mean_of(values: &[(i64, Option<Percent>)]) -> Option<OrganisationsGive> {
    let assessed: Vec<f64> = values.iter().filter_map(|(_, v)| v.map(Percent::value)).collect();
    if assessed.is_empty() {
        return None;
    }
    let mean = assessed.iter().sum::<f64>() / assessed.len() as f64;
    Some(OrganisationsGive { value: Percent::new(mean).ok()?, organisations: assessed.len() })
}

fn organisations_now(figures: &[AimFigure]) -> Option<OrganisationsGive> {
    let last = figures.iter().map(|f| f.period).max()?;
    mean_of(&latest_by_organisation(figures, last))
}

/// The organisations' figure over time: for each quarter in which any organisation's figure
/// was approved, the mean of every organisation's latest figure up to it ([`ORGANISATIONS_METHOD`]).
pub fn organisations_series(figures: &[AimFigure]) -> Vec<(PeriodCode, Option<Percent>)> {
    let mut quarters: Vec<PeriodCode> = figures.iter().filter(|f| f.organisation.is_some()).map(|f| f.period).collect();
    quarters.sort();
    quarters.dedup();
    quarters.into_iter().map(|q| (q, mean_of(&latest_by_organisation(figures, q)).map(|g| g.value))).collect()
}

/// The figure as at the quarter minus the figure as at the quarter before (each the latest
/// approved up to it); None when either is missing or not assessed.
fn change_since_last_quarter(history: &[(PeriodCode, Option<Percent>)], as_at: PeriodCode) -> Option<f64> {
    let previous = crate::analysis::computed_rag::quarter_at(quarter_index(as_at) - 1);
    let at = |q: PeriodCode| history.iter().rev().find(|(p, _)| *p <= q).and_then(|(_, v)| *v);
    Some(at(as_at)?.value() - at(previous)?.value())
}
