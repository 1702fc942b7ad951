//! Like for like: a footprint's plain mean set against the mean its own mix of organisation
//! kinds would give at national averages.
//!
//! NHS England's system score is a plain mean over providers, which penalises a footprint
//! with more organisations of kinds that score low everywhere (ambulance trusts, say). So
//! beside the plain mean we show the expected mean: each organisation replaced by the national
//! average of its kind, then averaged the same way. The difference says how the footprint
//! does for its mix. Scores are compared within one framework (one scale) only.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::OrgKind;

/// The scores of one kind of organisation in a footprint (or anywhere): how many, and their
/// sum, as the footprint rollups keep them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KindTotal {
    pub kind: OrgKind,
    pub scores: u32,
    pub sum: f64,
}

/// The footprint's plain mean, the mean its mix would give at national averages, and the
/// difference (plain minus expected: above zero, better than its mix predicts).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LikeForLike {
    pub plain: f64,
    pub expected: f64,
    pub difference: f64,
    /// How many scores the means are over.
    pub scores: u32,
}

/// The method in words, for the page beside the figures.
pub const METHOD: &str = "The plain mean averages every theme score of the footprint's organisations. The \
expected mean replaces each score by the national average score of its kind of organisation (acute, community, \
mental health, ambulance, council, and so on) and averages those the same way. The difference is plain minus \
expected: above zero, the footprint does better than the national picture for its mix of organisations.";

/// The national average score of each kind: every score of that kind in England counting once.
pub fn national_by_kind(all: &[KindTotal]) -> HashMap<OrgKind, f64> {
    let mut sums: HashMap<OrgKind, (f64, u32)> = HashMap::new();
    for t in all {
        let e = sums.entry(t.kind).or_default();
        e.0 += t.sum;
        e.1 += t.scores;
    }
    sums.into_iter().filter(|(_, (_, n))| *n > 0).map(|(k, (sum, n))| (k, sum / f64::from(n))).collect()
}

/// The footprint's figures, or None when none of its organisations was assessed. A kind with
/// no national average is left out of both means alike.
pub fn like_for_like(footprint: &[KindTotal], national: &HashMap<OrgKind, f64>) -> Option<LikeForLike> {
    let (mut scores, mut plain_sum, mut expected_sum) = (0u32, 0.0, 0.0);
    for t in footprint {
        if let Some(&average) = national.get(&t.kind) {
            scores += t.scores;
            plain_sum += t.sum;
            expected_sum += average * f64::from(t.scores);
        }
    }
    if scores == 0 {
        return None;
    }
    let n = f64::from(scores);
    let (plain, expected) = (plain_sum / n, expected_sum / n);
    Some(LikeForLike { plain, expected, difference: plain - expected, scores })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(kind: OrgKind, scores: &[f64]) -> KindTotal {
        KindTotal { kind, scores: scores.len() as u32, sum: scores.iter().sum() }
    }

    #[test]
    fn a_footprint_heavy_in_a_low_scoring_kind_is_not_penalised_for_its_mix() {
        // Nationally acute trusts average 60 and ambulance trusts 30.
        let england = [total(OrgKind::Acute, &[50.0, 70.0]), total(OrgKind::Ambulance, &[20.0, 40.0])];
        let national = national_by_kind(&england);
        assert_eq!(national[&OrgKind::Acute], 60.0);
        assert_eq!(national[&OrgKind::Ambulance], 30.0);
        // Two ambulance scores at their national average and one acute at its: the plain mean
        // is low (40) but exactly what the mix predicts.
        let mixed = [total(OrgKind::Ambulance, &[30.0, 30.0]), total(OrgKind::Acute, &[60.0])];
        let f = like_for_like(&mixed, &national).unwrap();
        assert_eq!((f.plain, f.expected, f.difference, f.scores), (40.0, 40.0, 0.0, 3));
        // One acute score well above average: plain 70, expected 60, ten better than its mix.
        let f = like_for_like(&[total(OrgKind::Acute, &[70.0])], &national).unwrap();
        assert_eq!(f.difference, 10.0);
    }

    #[test]
    fn a_kind_with_no_national_average_counts_in_neither_mean_and_nothing_assessed_is_none() {
        let national = national_by_kind(&[total(OrgKind::Acute, &[60.0]), total(OrgKind::Community, &[])]);
        assert!(!national.contains_key(&OrgKind::Community), "no scores, no average");
        let f = like_for_like(&[total(OrgKind::Acute, &[80.0]), total(OrgKind::LocalAuthority, &[10.0])], &national).unwrap();
        assert_eq!((f.plain, f.expected, f.scores), (80.0, 60.0, 1));
        assert_eq!(like_for_like(&[], &national), None);
        assert_eq!(like_for_like(&[total(OrgKind::LocalAuthority, &[10.0])], &national), None);
    }
}
