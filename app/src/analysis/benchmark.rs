//! Comparing a score with the benchmark of the organisation's own peer group.

use crate::domain::OrgKind;

/// Scores within this distance of the benchmark count as "at" it: figures are whole
/// percentages or two-decimal averages, so anything closer is the same number.
const AT_TOLERANCE: f64 = 0.005;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparison {
    Above,
    At,
    Below,
}

impl Comparison {
    pub fn word(self) -> &'static str {
        match self {
            Comparison::Above => "above",
            Comparison::At => "at",
            Comparison::Below => "below",
        }
    }

    /// A symbol as well as a word and a shade, so colour is never the only signal.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Above => "▲",
            Comparison::At => "=",
            Comparison::Below => "▼",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Comparison::Above => "ldr-cmp--above",
            Comparison::At => "ldr-cmp--at",
            Comparison::Below => "ldr-cmp--below",
        }
    }
}

pub fn compare(score: f64, benchmark: f64) -> Comparison {
    if (score - benchmark).abs() < AT_TOLERANCE {
        Comparison::At
    } else if score > benchmark {
        Comparison::Above
    } else {
        Comparison::Below
    }
}

/// A peer group's average for one theme, offered as a comparator.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BenchmarkCandidate {
    pub peer_group: String,
    pub kinds: Vec<OrgKind>,
    pub value: f64,
}

/// The fair comparator for an organisation: the most specific peer group (fewest kinds)
/// that contains its kind. A council is compared with councils, never with NHS trusts.
pub fn best_benchmark(kind: OrgKind, candidates: &[BenchmarkCandidate]) -> Option<&BenchmarkCandidate> {
    candidates.iter().filter(|c| c.kinds.contains(&kind)).min_by_key(|c| c.kinds.len())
}

/// One organisation's figure for one theme, as a dashboard cell shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "cell", rename_all = "snake_case")]
pub enum Cell {
    NotAssessed,
    /// Scored, but its peer group has no published average for this theme.
    NoComparator {
        score: f64,
    },
    Compared {
        score: f64,
        benchmark: f64,
        peer_group: String,
        comparison: Comparison,
    },
}

impl Cell {
    pub fn new(kind: OrgKind, score: Option<f64>, candidates: &[BenchmarkCandidate]) -> Cell {
        match (score, best_benchmark(kind, candidates)) {
            (None, _) => Cell::NotAssessed,
            (Some(score), None) => Cell::NoComparator { score },
            (Some(score), Some(b)) => {
                Cell::Compared { score, benchmark: b.value, peer_group: b.peer_group.clone(), comparison: compare(score, b.value) }
            }
        }
    }

    pub fn score(&self) -> Option<f64> {
        match self {
            Cell::NotAssessed => None,
            Cell::NoComparator { score } | Cell::Compared { score, .. } => Some(*score),
        }
    }

    pub fn comparison(&self) -> Option<Comparison> {
        match self {
            Cell::Compared { comparison, .. } => Some(*comparison),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusts(value: f64) -> BenchmarkCandidate {
        BenchmarkCandidate {
            peer_group: "NHS trusts".into(),
            kinds: vec![OrgKind::Acute, OrgKind::Community, OrgKind::MentalHealth, OrgKind::Ambulance],
            value,
        }
    }

    fn councils(value: f64) -> BenchmarkCandidate {
        BenchmarkCandidate { peer_group: "councils".into(), kinds: vec![OrgKind::LocalAuthority], value }
    }

    #[test]
    fn scores_compare_above_at_or_below() {
        assert_eq!(compare(80.0, 76.0), Comparison::Above);
        assert_eq!(compare(44.0, 44.0), Comparison::At);
        assert_eq!(compare(12.0, 44.0), Comparison::Below);
        assert_eq!(compare(78.52, 78.52), Comparison::At);
    }

    #[test]
    fn a_council_is_compared_with_councils_not_with_trusts() {
        let both = [trusts(77.0), councils(78.52)];
        let cell = Cell::new(OrgKind::LocalAuthority, Some(84.0), &both);
        assert_eq!(cell, Cell::Compared { score: 84.0, benchmark: 78.52, peer_group: "councils".into(), comparison: Comparison::Above });
        // No council average for this theme: the trusts' figure is not a fair comparator.
        let cell = Cell::new(OrgKind::LocalAuthority, Some(63.0), &[trusts(44.0)]);
        assert_eq!(cell, Cell::NoComparator { score: 63.0 });
    }

    #[test]
    fn the_most_specific_peer_group_wins() {
        let acute_only = BenchmarkCandidate { peer_group: "acute trusts".into(), kinds: vec![OrgKind::Acute], value: 50.0 };
        let all = [trusts(44.0), acute_only];
        assert_eq!(best_benchmark(OrgKind::Acute, &all).unwrap().peer_group, "acute trusts");
        assert_eq!(best_benchmark(OrgKind::Community, &all).unwrap().peer_group, "NHS trusts");
    }

    #[test]
    fn a_blank_is_not_assessed_and_zero_is_a_score() {
        assert_eq!(Cell::new(OrgKind::Acute, None, &[trusts(30.0)]), Cell::NotAssessed);
        assert_eq!(Cell::new(OrgKind::MentalHealth, Some(0.0), &[trusts(30.0)]).comparison(), Some(Comparison::Below));
    }
}
