//! The computed-RAG rules as data: one versioned [`RuleSet`] per change the PMO makes, each in
//! force from a quarter, so a past quarter is judged by the rules of its time; and each rule
//! in plain words, with its values, for `/rules`.

use serde::{Deserialize, Serialize};

use super::in_words::{points, quarters};
use crate::domain::values::format_number;
use crate::domain::{PeriodCode, Scale};

/// Every rule's parameters, as the PMO set them in one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Counts up from 1; of two versions in force from the same quarter the higher wins.
    pub version: u32,
    /// The first quarter these rules judge.
    #[serde(with = "period_code")]
    pub effective_from: PeriodCode,
    pub aim: AimRule,
    pub trajectory: Bands,
    pub dma_theme: DmaThemeRule,
}

/// Which rules judged a status: enough to find the version again and to say so on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RulesUsed {
    pub version: u32,
    pub effective_from: PeriodCode,
}

/// An aim with a goal: projected from its rate of progress to its goal date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AimRule {
    /// How many of the latest approved quarters the rate of progress is fitted over.
    pub window: u8,
    /// How many quarters after its goal date the projection may reach the goal and be amber.
    pub margin_quarters: u8,
    /// A rise per quarter (percentage points) at or below this is no progress: red.
    pub min_progress: f64,
}

/// How far behind a target a score may be: green within `tolerance`, amber up to
/// `amber_behind`, red beyond. Both are percentages of the scale's range, so one rule
/// serves the 2016 DMA's 0 to 100 and What Good Looks Like's 1 to 5 alike.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bands {
    pub tolerance: f64,
    pub amber_behind: f64,
}

/// A DMA theme: against the organisation's own plan for the year, else its peer group's average.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DmaThemeRule {
    pub against_plan: Bands,
    pub against_peers: Bands,
}

impl Default for AimRule {
    fn default() -> Self {
        AimRule { window: 4, margin_quarters: 2, min_progress: 0.0 }
    }
}

impl Default for Bands {
    fn default() -> Self {
        Bands { tolerance: 5.0, amber_behind: 15.0 }
    }
}

impl Bands {
    /// The bands in the scale's own points: (tolerance, amber limit).
    pub fn on(&self, scale: Scale) -> (f64, f64) {
        let range = scale.max - scale.min;
        (self.tolerance / 100.0 * range, self.amber_behind / 100.0 * range)
    }

    fn in_words(&self, target: &str) -> String {
        let example = |pct: f64| {
            let on = |s: Scale| format_number(pct / 100.0 * (s.max - s.min));
            format!("{} % of the scale ({} on a 0 to 100 scale, {} on 1 to 5)", format_number(pct), on(HUNDRED), on(FIVE))
        };
        format!(
            "green when it is no more than {} below {target}, amber when it is up to {} below, red when it is further behind",
            example(self.tolerance),
            example(self.amber_behind)
        )
    }

    fn problems(&self, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        let ok = |v: f64| v.is_finite() && (0.0..=100.0).contains(&v);
        if !ok(self.tolerance) || !ok(self.amber_behind) {
            out.push(format!("{what}: the bands must be between 0 and 100 % of the scale"));
        } else if self.amber_behind < self.tolerance {
            out.push(format!("{what}: the amber band must be at least as wide as the tolerance"));
        }
        out
    }
}

const HUNDRED: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };
const FIVE: Scale = Scale { min: 1.0, max: 5.0, step: 1.0 };

impl RuleSet {
    /// The default rules, as version 1 in force from `effective_from`.
    pub fn defaults(effective_from: PeriodCode) -> RuleSet {
        RuleSet { version: 1, effective_from, aim: AimRule::default(), trajectory: Bands::default(), dma_theme: DmaThemeRule::default() }
    }

    pub fn used(&self) -> RulesUsed {
        RulesUsed { version: self.version, effective_from: self.effective_from }
    }

    /// What is wrong with these values, one message each, for the PMO's form (empty: none).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.aim.window < 2 {
            out.push("Aims: the rate of progress needs at least 2 quarters".to_string());
        }
        if !self.aim.min_progress.is_finite() || self.aim.min_progress < 0.0 {
            out.push("Aims: the least progress must be 0 or more points a quarter".to_string());
        }
        out.extend(self.trajectory.problems("Trajectories"));
        out.extend(self.dma_theme.against_plan.problems("DMA themes against plan"));
        out.extend(self.dma_theme.against_peers.problems("DMA themes against peers"));
        out
    }

    /// The rules in plain words, one sentence each, with their values: what `/rules` shows.
    pub fn describe(&self) -> Vec<String> {
        let a = &self.aim;
        let margin = quarters(i32::from(a.margin_quarters));
        vec![
            format!("These rules judge every quarter from {} (version {}).", self.effective_from.label(), self.version),
            "An aim with a goal is green when its latest approved figure has reached the goal.".to_string(),
            format!(
                "Otherwise its rate of progress is the least-squares line through its last {} approved quarters \
                 (a quarter returned as not assessed is skipped, not counted as zero), projected to the goal date.",
                a.window
            ),
            format!("The aim is amber when that projection reaches the goal by its goal date or up to {margin} after it."),
            format!(
                "It is red when the projection reaches the goal later than that, when the figures {}, or when the goal \
                 date has passed by more than {margin} without the goal being met.",
                no_progress(a.min_progress)
            ),
            "An aim has no computed status (no data) without a goal, or with fewer than two approved figures and the goal not met."
                .to_string(),
            format!(
                "A capability's trajectory is judged on its latest approved score against the organisation's plan for that \
                 financial year: {}; no data without a score or a plan for the year.",
                self.trajectory.in_words("the plan")
            ),
            format!(
                "A DMA theme is judged on the organisation's latest approved score against its own planned score for that \
                 financial year: {}.",
                self.dma_theme.against_plan.in_words("the plan")
            ),
            format!(
                "With no plan for the year, against the average of its own kind of organisation (its peer group): {}; \
                 no data without a score, or with neither a plan nor a peer average.",
                self.dma_theme.against_peers.in_words("the average")
            ),
        ]
    }
}

/// "do not rise" or "rise by no more than 0.5 points a quarter".
pub(super) fn no_progress(min_progress: f64) -> String {
    if min_progress == 0.0 {
        "do not rise".to_string()
    } else {
        format!("rise by no more than {} a quarter", points(min_progress))
    }
}

/// The rule set in force for a quarter, from every version there has been (any order): the one
/// that took effect most recently on or before it; None before the first.
pub fn in_force(versions: &[RuleSet], quarter: PeriodCode) -> Option<&RuleSet> {
    versions.iter().filter(|r| r.effective_from <= quarter).max_by_key(|r| (r.effective_from, r.version))
}

/// A quarter stored as its code (`2016-17-q1`), the way URLs and the database write it.
mod period_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::PeriodCode;

    pub fn serialize<S: Serializer>(p: &PeriodCode, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(p)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PeriodCode, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}
