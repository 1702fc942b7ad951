//! A score against a target (a plan or a peer average) by [`Bands`]: the one judgement behind
//! a trajectory's status and a DMA theme's.

use serde::Serialize;

use super::in_words::points;
use super::rules::Bands;
use super::ComputedRag;
use crate::domain::Scale;

/// Differences this small are equal: scores are typed to a few decimals, and without this
/// 3.0 - 2.8 (0.2000000000000002) would fall outside a tolerance of 0.2.
const SAME: f64 = 1e-9;

/// Where a score stands against its target, with the band's limit in the scale's points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "band", rename_all = "snake_case")]
pub enum Band {
    /// At or ahead of the target, or behind it by no more than the tolerance: green.
    /// `difference` is score minus target (below zero: behind).
    Within { difference: f64, tolerance: f64 },
    /// Behind by more than the tolerance and up to `limit`: amber.
    Behind { by: f64, limit: f64 },
    /// Behind by more than `limit`: red.
    FarBehind { by: f64, limit: f64 },
}

impl Band {
    pub fn judge(score: f64, target: f64, bands: Bands, scale: Scale) -> Band {
        let (tolerance, limit) = bands.on(scale);
        let behind = target - score;
        if behind <= tolerance + SAME {
            Band::Within { difference: score - target, tolerance }
        } else if behind <= limit + SAME {
            Band::Behind { by: behind, limit }
        } else {
            Band::FarBehind { by: behind, limit }
        }
    }

    pub fn status(self) -> ComputedRag {
        match self {
            Band::Within { .. } => ComputedRag::Green,
            Band::Behind { .. } => ComputedRag::Amber,
            Band::FarBehind { .. } => ComputedRag::Red,
        }
    }

    /// "5 points ahead of the plan of 20 (green within 5 points behind it)", `target` naming
    /// what the score is set against ("the plan of 20 for 2016/17").
    pub fn in_words(self, target: &str) -> String {
        match self {
            Band::Within { difference, tolerance } if difference.abs() <= SAME => {
                format!("on {target} (green within {} behind it)", points(tolerance))
            }
            Band::Within { difference, tolerance } if difference > 0.0 => {
                format!("{} ahead of {target} (green within {} behind it)", points(difference), points(tolerance))
            }
            Band::Within { difference, tolerance } => {
                format!("{} behind {target}, within the tolerance of {}", points(-difference), points(tolerance))
            }
            Band::Behind { by, limit } => format!("{} behind {target} (amber up to {} behind)", points(by), points(limit)),
            Band::FarBehind { by, limit } => {
                format!("{} behind {target}, more than the {} amber allows", points(by), points(limit))
            }
        }
    }
}
