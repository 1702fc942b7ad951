//! Gap analysis facts: each organisation and DMA theme against the national average, the
//! average of its own kind and its own plan, with its computed status; the gap register with
//! its initiatives in priority order; and the filters every table of `/gaps` shares. Pure.

use serde::Serialize;

use super::{reference_group, AimStatus, DmaFacts, OrgSummary, Theme};
use crate::analysis::computed_rag::{judge_dma_theme, Computed, ComputedRag, DmaThemeInputs, DmaThemeReason, Reason, RuleSet};
use crate::analysis::initiative_priority::{self, Criteria};
use crate::analysis::{best_benchmark, BenchmarkCandidate};
use crate::domain::{FinancialYear, OrgId, PeriodCode, Score, ThemeId};

/// An organisation's planned score for a theme and financial year (its trajectory), as at the quarter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ThemePlan {
    pub organisation: OrgId,
    pub theme: ThemeId,
    pub year: FinancialYear,
    pub planned: f64,
}

/// An organisation's latest assessed score for a theme up to the quarter, which a later
/// "not assessed" does not hide.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AssessedScore {
    pub organisation: OrgId,
    pub theme: ThemeId,
    pub period: PeriodCode,
    pub score: f64,
}

/// A named average a score is set against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Average {
    pub peer_group: String,
    pub value: f64,
}

/// One organisation's gaps on one theme as at a quarter. A gap is the comparator minus the
/// score: above zero the organisation is behind it, below zero ahead of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmaGapRow {
    pub organisation: OrgSummary,
    pub theme: Theme,
    /// The score the status is judged on: the latest assessed up to the quarter, with its quarter.
    pub score: Option<(PeriodCode, Score)>,
    /// The footprint's reference column (the DMA page's national average).
    pub national: Option<Average>,
    /// The average of its own kind (`analysis::best_benchmark`).
    pub peers: Option<Average>,
    pub plan: Option<(FinancialYear, f64)>,
    pub computed: Computed,
}

impl DmaGapRow {
    fn gap(&self, to: Option<f64>) -> Option<f64> {
        Some(to? - self.score?.1.value())
    }

    pub fn to_national(&self) -> Option<f64> {
        self.gap(self.national.as_ref().map(|a| a.value))
    }

    pub fn to_peers(&self) -> Option<f64> {
        self.gap(self.peers.as_ref().map(|a| a.value))
    }

    pub fn to_plan(&self) -> Option<f64> {
        self.gap(self.plan.map(|(_, v)| v))
    }

    /// The largest of its three gaps: what "biggest first" sorts by.
    pub fn biggest(&self) -> Option<f64> {
        [self.to_national(), self.to_peers(), self.to_plan()].into_iter().flatten().reduce(f64::max)
    }
}

/// Every organisation (that took the framework) by every theme, judged by `rules` as at the
/// facts' quarter, biggest gap first (rows without a gap last; ties in the footprint's
/// organisation order, then the framework's theme order).
/// `assessed`: each figure's latest assessed score, for a theme whose latest return said "not
/// assessed" (the rule skips that quarter and judges the score before it).
pub fn dma_gaps(facts: &DmaFacts, plans: &[ThemePlan], assessed: &[AssessedScore], rules: &RuleSet) -> Vec<DmaGapRow> {
    let candidates: Vec<Vec<BenchmarkCandidate>> =
        facts.themes.iter().map(|t| facts.benchmarks.iter().filter(|b| b.theme == t.id).map(|b| b.candidate.clone()).collect()).collect();
    let national_group = reference_group(&candidates);
    let mut rows = Vec::new();
    for org in facts.organisations.iter().filter(|o| facts.scores.iter().any(|s| s.organisation == o.id)) {
        for (theme, candidates) in facts.themes.iter().zip(&candidates) {
            let mut scores: Vec<(PeriodCode, Option<Score>)> =
                facts.scores.iter().filter(|s| s.organisation == org.id && s.theme == theme.id).map(|s| (s.period, s.score)).collect();
            let earlier = assessed.iter().filter(|a| a.organisation == org.id && a.theme == theme.id);
            scores.extend(earlier.filter_map(|a| Some((a.period, Some(facts.framework.scale.score_of(a.score).ok()?)))));
            let planned: Vec<(FinancialYear, f64)> =
                plans.iter().filter(|p| p.organisation == org.id && p.theme == theme.id).map(|p| (p.year, p.planned)).collect();
            let inputs = DmaThemeInputs {
                theme: &theme.name,
                scores: &scores,
                planned: &planned,
                kind: org.kind,
                benchmarks: candidates,
                scale: facts.framework.scale,
            };
            let computed = judge_dma_theme(rules, inputs, facts.period);
            let Reason::DmaTheme(DmaThemeReason { score, plan, .. }) = &computed.reason else { continue };
            let national = national_group
                .as_ref()
                .and_then(|g| candidates.iter().find(|c| &c.peer_group == g))
                .map(|c| Average { peer_group: c.peer_group.clone(), value: c.value });
            let peers = best_benchmark(org.kind, candidates).map(|c| Average { peer_group: c.peer_group.clone(), value: c.value });
            let (score, plan) = (*score, *plan);
            rows.push(DmaGapRow { organisation: org.clone(), theme: theme.clone(), score, national, peers, plan, computed });
        }
    }
    sort_biggest_first(&mut rows);
    rows
}

/// Biggest gap first; rows with no gap at all after every row with one. Stable, so equal
/// gaps keep the order they came in.
pub fn sort_biggest_first(rows: &mut [DmaGapRow]) {
    rows.sort_by(|a, b| match (a.biggest(), b.biggest()) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// How the aims are ordered, in words for the page.
pub const AIMS_ORDER: &str = "Worst first: red, then amber, then no data, then green; within each, the biggest gap to \
the goal first (aims without a goal or a figure last); then the roadmap's order of capabilities and aims.";

fn severity(status: ComputedRag) -> u8 {
    match status {
        ComputedRag::Red => 0,
        ComputedRag::Amber => 1,
        ComputedRag::NoData => 2,
        ComputedRag::Green => 3,
    }
}

/// The aims worst first ([`AIMS_ORDER`]); the statuses and gaps are `AimStatus`'s own.
pub fn aims_worst_first(mut aims: Vec<AimStatus>) -> Vec<AimStatus> {
    aims.sort_by(|a, b| {
        severity(a.computed.status).cmp(&severity(b.computed.status)).then_with(|| match (a.gap(), b.gap()) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
    });
    aims
}

/// One gap of the register, with what the PMO's edit form must send back to change it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterGap {
    pub id: i64,
    pub text: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterArea {
    pub id: i64,
    pub name: String,
    pub gaps: Vec<RegisterGap>,
}

/// One initiative of the register with its four criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterInitiative {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub criteria: Criteria,
    pub version: i64,
}

/// The gap register (the roadmap's Table 10): areas with their gaps in the roadmap's order,
/// and the initiatives in the roadmap's order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GapRegister {
    pub areas: Vec<RegisterArea>,
    pub initiatives: Vec<RegisterInitiative>,
}

impl GapRegister {
    /// The initiatives in priority order (`analysis::initiative_priority`), each with its score.
    pub fn prioritised(&self) -> Vec<(u8, &RegisterInitiative)> {
        let criteria: Vec<Criteria> = self.initiatives.iter().map(|i| i.criteria).collect();
        initiative_priority::priority_order(&criteria)
            .into_iter()
            .map(|i| (initiative_priority::score(criteria[i]), &self.initiatives[i]))
            .collect()
    }
}

/// The filters of `/gaps`, as typed in its GET form (blank: everything). The organisation
/// (code) and theme group (name) narrow the DMA table; the capability (number) narrows the aims.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GapFilters {
    pub organisation: Option<String>,
    pub capability: Option<i64>,
    pub theme_group: Option<String>,
}

impl GapFilters {
    pub fn keeps_dma(&self, row: &DmaGapRow) -> bool {
        self.organisation.as_ref().is_none_or(|code| &row.organisation.code == code)
            && self.theme_group.as_ref().is_none_or(|group| &row.theme.group == group)
    }

    pub fn keeps_capability(&self, number: i64) -> bool {
        self.capability.is_none_or(|c| c == number)
    }
}

#[cfg(test)]
#[path = "gaps_tests.rs"]
mod tests;
