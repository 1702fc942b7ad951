//! Computed RAG: a status worked out from the approved figures by stated rules (never typed),
//! with its reason as data (the inputs used, the projection, the rule that applied) and in
//! words, to sit beside the declared status. Pure: the server hands in figures and rules.

mod aims;
mod bands;
mod declared;
mod dma_theme;
pub mod form;
mod in_words;
mod projection;
mod rules;
mod trajectory;

#[cfg(test)]
mod aims_tests;
#[cfg(test)]
mod rules_tests;
#[cfg(test)]
mod scores_tests;

use std::str::FromStr;

use serde::Serialize;

use crate::domain::Rag;

pub use aims::{judge_aim, AimApplied, AimReason, Goal, Projection};
pub use bands::Band;
pub use declared::{difference, Difference};
pub use dma_theme::{judge_dma_theme, DmaThemeApplied, DmaThemeInputs, DmaThemeReason, PeerAverage};
pub use projection::{least_squares, quarter_at, quarter_index, Line};
pub use rules::{in_force, AimRule, Bands, DmaThemeRule, RuleSet, RulesUsed};
pub use trajectory::{judge_trajectory, TrajectoryApplied, TrajectoryReason};

/// A computed status: a RAG colour, or no data when the rule has too little to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComputedRag {
    Green,
    Amber,
    Red,
    NoData,
}

impl ComputedRag {
    pub const ALL: [ComputedRag; 4] = [ComputedRag::Green, ComputedRag::Amber, ComputedRag::Red, ComputedRag::NoData];

    /// The colour, when there is one.
    pub fn rag(self) -> Option<Rag> {
        match self {
            ComputedRag::Green => Some(Rag::Green),
            ComputedRag::Amber => Some(Rag::Amber),
            ComputedRag::Red => Some(Rag::Red),
            ComputedRag::NoData => None,
        }
    }

    /// As stored: `green`, `amber`, `red`, `no_data`.
    pub fn code(self) -> &'static str {
        self.rag().map_or("no_data", Rag::code)
    }

    /// As a sentence says it: "green", "no data".
    pub fn word(self) -> &'static str {
        self.rag().map_or("no data", Rag::code)
    }
}

impl FromStr for ComputedRag {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ComputedRag::ALL.into_iter().find(|c| c.code() == s).ok_or_else(|| format!("'{s}' is not a computed status"))
    }
}

/// Why a status is what it is, for each kind of thing judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "judged", rename_all = "snake_case")]
pub enum Reason {
    Aim(AimReason),
    Trajectory(TrajectoryReason),
    DmaTheme(DmaThemeReason),
}

impl Reason {
    fn in_words(&self) -> String {
        match self {
            Reason::Aim(r) => r.in_words(),
            Reason::Trajectory(r) => r.in_words(),
            Reason::DmaTheme(r) => r.in_words(),
        }
    }
}

/// A computed status with its reason and the rules that judged it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computed {
    pub status: ComputedRag,
    pub rules: RulesUsed,
    pub reason: Reason,
}

impl Computed {
    /// The explanation in one or two sentences: "Computed amber: at 0.5 points a quarter ...".
    pub fn in_words(&self) -> String {
        let lead = match self.status {
            ComputedRag::NoData => "No computed status".to_string(),
            s => format!("Computed {}", s.word()),
        };
        format!("{lead}: {}.", self.reason.in_words())
    }
}
