//! A DMA theme's computed status for an organisation: its latest approved score against its
//! own planned score for the year, or, with no plan, against its peer group's average.

use serde::Serialize;

use super::bands::Band;
use super::in_words::with_skipped;
use super::rules::RuleSet;
use super::{Computed, ComputedRag, Reason};
use crate::analysis::{best_benchmark, BenchmarkCandidate};
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, OrgKind, PeriodCode, Scale, Score};

/// What the theme's status is worked out from.
#[derive(Debug, Clone, Copy)]
pub struct DmaThemeInputs<'a> {
    pub theme: &'a str,
    /// The organisation's approved scores for the theme (None: not assessed), any order.
    pub scores: &'a [(PeriodCode, Option<Score>)],
    /// Its planned score for each financial year, where it made one.
    pub planned: &'a [(FinancialYear, f64)],
    /// Its kind, which picks the fair peer group (`analysis::best_benchmark`).
    pub kind: OrgKind,
    pub benchmarks: &'a [BenchmarkCandidate],
    pub scale: Scale,
}

/// Which part of the DMA theme rule decided the status.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DmaThemeApplied {
    /// No data: never assessed up to the quarter.
    NoScore,
    /// No data: no plan for the year and no average for its peer group.
    NoComparator,
    AgainstPlan(Band),
    AgainstPeers(Band),
}

/// A peer group's average as the rule used it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerAverage {
    pub peer_group: String,
    pub value: f64,
}

/// The inputs a theme's status was worked out from, and the rule that applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmaThemeReason {
    pub theme: String,
    pub as_at: PeriodCode,
    /// The latest assessed score up to the quarter, with its quarter.
    pub score: Option<(PeriodCode, Score)>,
    /// The organisation's plan for the quarter's financial year.
    pub plan: Option<(FinancialYear, f64)>,
    /// Its peer group's average, when it has one (whether or not the plan came first).
    pub peers: Option<PeerAverage>,
    /// Quarters after the score's that returned not assessed: skipped, not zeros.
    pub not_assessed: Vec<PeriodCode>,
    pub applied: DmaThemeApplied,
}

/// A DMA theme's status for an organisation as at a quarter.
pub fn judge_dma_theme(rules: &RuleSet, inputs: DmaThemeInputs<'_>, as_at: PeriodCode) -> Computed {
    let mut scores: Vec<_> = inputs.scores.iter().filter(|(p, _)| *p <= as_at).collect();
    scores.sort_by_key(|(p, _)| *p);
    let score = scores.iter().rev().find_map(|(p, s)| s.map(|s| (*p, s)));
    let since = score.map(|(p, _)| p);
    let not_assessed = scores.iter().filter(|(p, s)| s.is_none() && since.is_none_or(|since| *p > since)).map(|(p, _)| *p).collect();
    let plan = inputs.planned.iter().find(|(y, _)| *y == as_at.year).copied();
    let peers = best_benchmark(inputs.kind, inputs.benchmarks).map(|b| PeerAverage { peer_group: b.peer_group.clone(), value: b.value });
    let rule = rules.dma_theme;
    let applied = match (score, plan, &peers) {
        (None, ..) => DmaThemeApplied::NoScore,
        (Some((_, s)), Some((_, target)), _) => {
            DmaThemeApplied::AgainstPlan(Band::judge(s.value(), target, rule.against_plan, inputs.scale))
        }
        (Some((_, s)), None, Some(p)) => DmaThemeApplied::AgainstPeers(Band::judge(s.value(), p.value, rule.against_peers, inputs.scale)),
        (Some(_), None, None) => DmaThemeApplied::NoComparator,
    };
    let status = match applied {
        DmaThemeApplied::AgainstPlan(band) | DmaThemeApplied::AgainstPeers(band) => band.status(),
        DmaThemeApplied::NoScore | DmaThemeApplied::NoComparator => ComputedRag::NoData,
    };
    let reason = DmaThemeReason { theme: inputs.theme.to_string(), as_at, score, plan, peers, not_assessed, applied };
    Computed { status, rules: rules.used(), reason: Reason::DmaTheme(reason) }
}

impl DmaThemeReason {
    /// The reason in words, after "Computed amber: ".
    pub fn in_words(&self) -> String {
        let year = self.as_at.year.label();
        let scored = |target: String, band: Band| match self.score {
            Some((p, s)) => format!("{} in {} is {}", format_number(s.value()), p.label(), band.in_words(&target)),
            None => String::new(),
        };
        let main = match (&self.applied, &self.peers) {
            (DmaThemeApplied::AgainstPlan(band), _) => {
                let plan = self.plan.map_or(0.0, |(_, v)| v);
                scored(format!("the organisation's own plan of {} for {year}", format_number(plan)), *band)
            }
            (DmaThemeApplied::AgainstPeers(band), Some(p)) => {
                let target = format!("the average of {} for {}", format_number(p.value), p.peer_group);
                format!("no plan for {year}, so against its peers: {}", scored(target, *band))
            }
            (DmaThemeApplied::NoComparator, _) => {
                format!("{} has no plan for {year} and no peer group average to judge it against", self.theme)
            }
            _ => format!("{} has no approved score up to {}", self.theme, self.as_at.label()),
        };
        with_skipped(main, &self.not_assessed)
    }
}
