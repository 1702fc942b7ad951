//! Each aim's status as at a quarter: the footprint's own figure (the PMO's Table 5 return)
//! beside what the organisations' own approved figures give, reconciled by stated rules; its
//! declared RAG beside the computed one; and the history the computed status was judged on.
//! Pure: the server hands in the aim rows, the approved figures and the rules in force.

use serde::Serialize;

use super::AimRow;
use crate::analysis::computed_rag::{
    difference, judge_aim, quarter_index, AimApplied, Computed, Difference, Goal, Projection, Reason, RuleSet,
};
use crate::analysis::series::{change_since_last_quarter, mean_at, mean_series, MemberFigure};
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

/// How far back the figures an aim is judged on may go: the rule fits its last four approved
/// quarters, and a figure older than three years says nothing about today's rate. It bounds
/// the read to twelve quarters of one footprint, whatever its history.
pub const LOOK_BACK_QUARTERS: i32 = 12;

/// The figures that count as at a quarter: those approved in the [`LOOK_BACK_QUARTERS`] up to
/// it, and each figure's latest from before them (an organisation that last reported earlier
/// still counts in the organisations' mean). One rule for a quarter judged alone and for each
/// quarter of a history read at once.
pub fn within_look_back(figures: &[AimFigure], quarter: PeriodCode) -> Vec<AimFigure> {
    let start = crate::analysis::computed_rag::quarter_at(quarter_index(quarter) - LOOK_BACK_QUARTERS);
    let mut out: Vec<AimFigure> = figures.iter().copied().filter(|f| f.period > start && f.period <= quarter).collect();
    let mut carried: Vec<AimFigure> = Vec::new();
    for f in figures.iter().filter(|f| f.period <= start) {
        match carried.iter_mut().find(|c| c.organisation == f.organisation) {
            Some(c) if c.period < f.period => *c = *f,
            Some(_) => {}
            None => carried.push(*f),
        }
    }
    out.extend(carried);
    out
}

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
    /// Each organisation's own figures judged against the aim's goal by the same rule (by
    /// organisation id): the computed status beside each organisation's declared one.
    pub by_organisation: Vec<(i64, Computed)>,
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
        let plain: Vec<(PeriodCode, Option<f64>)> = history.iter().map(|(p, v)| (*p, v.map(Percent::value))).collect();
        let change = change_since_last_quarter(&plain, as_at);
        let mut members: Vec<i64> = figures.iter().filter_map(|f| f.organisation).collect();
        members.sort();
        members.dedup();
        let by_organisation = members
            .into_iter()
            .map(|m| {
                let series: Vec<(PeriodCode, Option<Percent>)> =
                    figures.iter().filter(|f| f.organisation == Some(m)).map(|f| (f.period, f.completeness)).collect();
                (m, judge_aim(rules, &sorted(series), goal, as_at))
            })
            .collect();
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
            by_organisation,
        }
    }

    /// One organisation's computed status for this aim.
    pub fn for_organisation(&self, organisation: i64) -> Option<&Computed> {
        self.by_organisation.iter().find(|(o, _)| *o == organisation).map(|(_, c)| c)
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

fn as_members(figures: &[AimFigure]) -> Vec<MemberFigure> {
    figures
        .iter()
        .filter_map(|f| f.organisation.map(|member| MemberFigure { member, period: f.period, value: f.completeness.map(Percent::value) }))
        .collect()
}

fn organisations_now(figures: &[AimFigure]) -> Option<OrganisationsGive> {
    let last = figures.iter().map(|f| f.period).max()?;
    let (mean, organisations) = mean_at(&as_members(figures), last)?;
    Some(OrganisationsGive { value: Percent::new(mean).ok()?, organisations })
}

/// The organisations' figure over time: for each quarter in which any organisation's figure
/// was approved, the mean of every organisation's latest figure up to it ([`ORGANISATIONS_METHOD`]).
pub fn organisations_series(figures: &[AimFigure]) -> Vec<(PeriodCode, Option<Percent>)> {
    mean_series(&as_members(figures)).into_iter().map(|(q, v)| (q, v.and_then(|v| Percent::new(v).ok()))).collect()
}
