//! DMA facts (a framework's themes, the scores standing as at a quarter and the published
//! benchmarks) and the pure rules that turn them into what pages show: the matrix of themes by
//! organisations, one organisation's rows, and the reference peer group.

use serde::Serialize;

use super::{OrgSummary, Provenance};
use crate::analysis::{BenchmarkCandidate, Cell};
use crate::domain::{OrgId, PeriodCode, Scale, Score, ThemeId};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    pub id: ThemeId,
    pub code: String,
    pub name: String,
    pub group: String,
    pub pf_poc: bool,
    pub org_dependency: String,
    pub system_dependency: String,
}

/// The framework the figures were scored on, with its scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkFact {
    pub name: String,
    pub scale: Scale,
}

/// One organisation's score for one theme as at a quarter (`score` None: its latest return
/// said "not assessed"), with the quarter it was approved for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmaScore {
    pub organisation: OrgId,
    pub theme: ThemeId,
    pub period: PeriodCode,
    pub score: Option<Score>,
    pub provenance: Provenance,
}

/// A peer group's published average for a theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeBenchmark {
    pub theme: ThemeId,
    #[serde(flatten)]
    pub candidate: BenchmarkCandidate,
}

/// One of a framework's answer scales: each answer and the score it gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerScale {
    pub name: String,
    pub answers: Vec<(String, f64)>,
}

/// Everything known about a footprint's DMA as at a quarter, flat, as the database gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmaFacts {
    pub framework: FrameworkFact,
    pub period: PeriodCode,
    /// In framework order (group, then position).
    pub themes: Vec<Theme>,
    /// The organisations asked about, in the footprint's order (some may have no scores).
    pub organisations: Vec<OrgSummary>,
    pub scores: Vec<DmaScore>,
    pub benchmarks: Vec<ThemeBenchmark>,
    pub answer_scales: Vec<AnswerScale>,
}

impl DmaFacts {
    fn score(&self, org: OrgId, theme: ThemeId) -> Option<&DmaScore> {
        self.scores.iter().find(|s| s.organisation == org && s.theme == theme)
    }

    fn candidates(&self, theme: ThemeId) -> Vec<BenchmarkCandidate> {
        self.benchmarks.iter().filter(|b| b.theme == theme).map(|b| b.candidate.clone()).collect()
    }

    /// One organisation's rows: each theme with its cell and provenance; empty when the
    /// organisation has no score on this framework as at the quarter.
    pub fn organisation_rows(&self, org: &OrgSummary) -> Vec<(Theme, Cell, Option<Provenance>)> {
        if !self.scores.iter().any(|s| s.organisation == org.id) {
            return Vec::new();
        }
        self.themes
            .iter()
            .map(|t| {
                let row = self.score(org.id, t.id);
                let cell = Cell::new(org.kind, row.and_then(|r| r.score).map(Score::value), &self.candidates(t.id));
                (t.clone(), cell, row.map(|r| r.provenance.clone()))
            })
            .collect()
    }
}

/// A framework's scores for a footprint in one period: themes down, organisations across.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DmaMatrix {
    pub framework: String,
    pub scale: Scale,
    pub period: PeriodCode,
    /// The peer group whose average is shown as the reference column ([`reference_group`]).
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

impl DmaMatrix {
    /// The matrix of the organisations that took the framework (those with at least one row,
    /// even "not assessed"), each cell compared with the organisation's own peer group; None
    /// when none took it.
    pub fn assemble(facts: &DmaFacts) -> Option<DmaMatrix> {
        let taken: Vec<&OrgSummary> = facts.organisations.iter().filter(|o| facts.scores.iter().any(|s| s.organisation == o.id)).collect();
        if taken.is_empty() {
            return None;
        }
        let benchmarks: Vec<Vec<BenchmarkCandidate>> = facts.themes.iter().map(|t| facts.candidates(t.id)).collect();
        let cells = facts
            .themes
            .iter()
            .zip(&benchmarks)
            .map(|(t, candidates)| {
                taken
                    .iter()
                    .map(|o| Cell::new(o.kind, facts.score(o.id, t.id).and_then(|s| s.score).map(Score::value), candidates))
                    .collect()
            })
            .collect();
        Some(DmaMatrix {
            framework: facts.framework.name.clone(),
            scale: facts.framework.scale,
            period: facts.period,
            reference_group: reference_group(&benchmarks),
            themes: facts.themes.clone(),
            organisations: taken.into_iter().cloned().collect(),
            cells,
            benchmarks,
            answer_scales: facts.answer_scales.clone(),
        })
    }

    /// The benchmark of a named peer group for a theme (e.g. the NHS trusts' national average).
    pub fn benchmark(&self, theme: usize, peer_group: &str) -> Option<f64> {
        self.benchmarks[theme].iter().find(|b| b.peer_group == peer_group).map(|b| b.value)
    }
}

/// The reference column of a matrix: the peer group with the most published averages across
/// the themes (in 2016, all NHS trusts); of equals, the first met in theme order; None when
/// nothing is published.
pub fn reference_group(benchmarks: &[Vec<BenchmarkCandidate>]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for b in benchmarks.iter().flatten() {
        match counts.iter_mut().find(|(name, _)| *name == b.peer_group) {
            Some((_, n)) => *n += 1,
            None => counts.push((&b.peer_group, 1)),
        }
    }
    // max_by_key keeps the last of equals; reversed, the first met wins a tie.
    counts.into_iter().rev().max_by_key(|(_, n)| *n).map(|(name, _)| name.to_string())
}

#[cfg(test)]
#[path = "dma_tests.rs"]
mod tests;

/// A theme's footprint mean over recent approved quarters, oldest first, and its change
/// since last quarter (`analysis::series`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeTrend {
    pub theme: ThemeId,
    pub history: Vec<(PeriodCode, Option<f64>)>,
    pub change: Option<f64>,
}
