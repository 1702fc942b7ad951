//! The dashboard's exceptions, worked out from the facts: what has fallen since last quarter
//! (aims and DMA scores, largest first on a common footing) and which returns are overdue or
//! sent back. Red aims and declared-versus-computed differences come from `AimStatus` itself.

use serde::Serialize;

use crate::facts::{AimStatus, DmaFacts, DmaScore};
use crate::returns::ReturnState;

/// How many falls the dashboard lists.
pub const FALLS_SHOWN: usize = 5;

/// A figure lower than it stood the quarter before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fall {
    pub what: FallOf,
    pub before: f64,
    pub now: f64,
    /// The fall as a share of its scale's range (0 to 1), so a 1-to-5 score and a percentage compare.
    pub share_of_scale: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FallOf {
    Aim { code: String, text: String },
    DmaScore { organisation_code: String, organisation: String, theme: String },
}

/// A return of the open quarter that needs chasing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnException {
    /// The organisation's code, or the footprint's for its own (Table 5) return.
    pub code: String,
    pub subject: String,
    pub state: Option<ReturnState>,
    pub overdue: bool,
}

/// The largest falls since last quarter: aims whose judged figure fell, and DMA scores that
/// a return approved this quarter lowered; largest share of the scale first, at most
/// [`FALLS_SHOWN`].
pub fn largest_falls(aims: &[AimStatus], now: Option<&DmaFacts>, before: &[DmaScore]) -> Vec<Fall> {
    let mut falls: Vec<Fall> = aims
        .iter()
        .filter_map(|a| {
            let change = a.change.filter(|c| *c < 0.0)?;
            let current = a.current()?.value();
            Some(Fall {
                what: FallOf::Aim { code: a.code.clone(), text: a.text.clone() },
                before: current - change,
                now: current,
                share_of_scale: -change / 100.0,
            })
        })
        .collect();
    if let Some(now) = now {
        let range = (now.framework.scale.max - now.framework.scale.min).max(f64::EPSILON);
        for s in now.scores.iter().filter(|s| s.period == now.period) {
            let previous = before.iter().find(|b| b.organisation == s.organisation && b.theme == s.theme);
            let (Some(score), Some(Some(was))) = (s.score, previous.map(|b| b.score)) else { continue };
            if score.value() >= was.value() {
                continue;
            }
            let (Some(org), Some(theme)) =
                (now.organisations.iter().find(|o| o.id == s.organisation), now.themes.iter().find(|t| t.id == s.theme))
            else {
                continue;
            };
            falls.push(Fall {
                what: FallOf::DmaScore {
                    organisation_code: org.code.clone(),
                    organisation: org.short_name.clone(),
                    theme: theme.name.clone(),
                },
                before: was.value(),
                now: score.value(),
                share_of_scale: (was.value() - score.value()) / range,
            });
        }
    }
    falls.sort_by(|a, b| b.share_of_scale.total_cmp(&a.share_of_scale));
    falls.truncate(FALLS_SHOWN);
    falls
}

/// A capability trajectory computed red: one organisation's, or the whole system's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedTrajectory {
    /// The capability's address key (`records`).
    pub capability_code: String,
    pub capability: String,
    /// None: the whole system.
    pub organisation: Option<String>,
    /// The computed status's reason in words.
    pub reason: String,
}

/// Every trajectory computed red, the whole system's first, in capability order.
pub fn red_trajectories(judged: &[crate::analysis::trajectory_by_capability::CapabilityJudged]) -> Vec<RedTrajectory> {
    use crate::analysis::computed_rag::ComputedRag;
    let mut out = Vec::new();
    for c in judged {
        let red = |organisation: Option<String>, computed: &crate::analysis::computed_rag::Computed| {
            (computed.status == ComputedRag::Red).then(|| RedTrajectory {
                capability_code: c.capability.code.clone(),
                capability: c.capability.name.clone(),
                organisation,
                reason: computed.in_words(),
            })
        };
        out.extend(red(None, &c.computed));
        out.extend(c.organisations.iter().filter_map(|o| red(Some(o.org.name.clone()), &o.computed)));
    }
    out
}
