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

/// One organisation's mean score over the themes it was assessed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrgMean {
    pub kind: OrgKind,
    pub mean: f64,
}

/// The footprint's plain mean, the mean its mix would give at national averages, and the
/// difference (plain minus expected: above zero, better than its mix predicts).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LikeForLike {
    pub plain: f64,
    pub expected: f64,
    pub difference: f64,
    pub organisations: usize,
}

/// The method in words, for the page beside the figures.
pub const METHOD: &str = "The plain mean averages each organisation's mean score. The expected mean replaces each \
organisation by the national average for its kind of organisation (acute, community, mental health, ambulance, \
council, and so on) and averages those the same way. The difference is plain minus expected: above zero, the \
footprint does better than the national picture for its mix of organisations.";

/// The national average of each kind: the mean of the organisations' means, every
/// organisation of that kind in England counting once.
pub fn national_by_kind(all: &[OrgMean]) -> HashMap<OrgKind, f64> {
    let mut sums: HashMap<OrgKind, (f64, usize)> = HashMap::new();
    for o in all {
        let e = sums.entry(o.kind).or_default();
        e.0 += o.mean;
        e.1 += 1;
    }
    sums.into_iter().map(|(k, (sum, n))| (k, sum / n as f64)).collect()
}

/// The footprint's figures, or None when none of its organisations was assessed. An
/// organisation whose kind has no national average is left out of both means alike.
pub fn like_for_like(footprint: &[OrgMean], national: &HashMap<OrgKind, f64>) -> Option<LikeForLike> {
    let pairs: Vec<(f64, f64)> = footprint.iter().filter_map(|o| national.get(&o.kind).map(|&n| (o.mean, n))).collect();
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let plain = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let expected = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    Some(LikeForLike { plain, expected, difference: plain - expected, organisations: pairs.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(kind: OrgKind, mean: f64) -> OrgMean {
        OrgMean { kind, mean }
    }

    #[test]
    fn a_footprint_heavy_in_a_low_scoring_kind_is_not_penalised_for_its_mix() {
        // Nationally acute trusts average 60 and ambulance trusts 30.
        let england = [org(OrgKind::Acute, 50.0), org(OrgKind::Acute, 70.0), org(OrgKind::Ambulance, 20.0), org(OrgKind::Ambulance, 40.0)];
        let national = national_by_kind(&england);
        assert_eq!(national[&OrgKind::Acute], 60.0);
        assert_eq!(national[&OrgKind::Ambulance], 30.0);
        // Two ambulance trusts at their national average and one acute trust at its: the
        // plain mean is low (40) but exactly what the mix predicts.
        let mixed = [org(OrgKind::Ambulance, 30.0), org(OrgKind::Ambulance, 30.0), org(OrgKind::Acute, 60.0)];
        let f = like_for_like(&mixed, &national).unwrap();
        assert_eq!((f.plain, f.expected, f.difference, f.organisations), (40.0, 40.0, 0.0, 3));
        // One acute trust well above average: plain 70, expected 60, ten better than its mix.
        let f = like_for_like(&[org(OrgKind::Acute, 70.0)], &national).unwrap();
        assert_eq!(f.difference, 10.0);
    }

    #[test]
    fn a_kind_with_no_national_average_counts_in_neither_mean_and_nothing_assessed_is_none() {
        let national = national_by_kind(&[org(OrgKind::Acute, 60.0)]);
        let f = like_for_like(&[org(OrgKind::Acute, 80.0), org(OrgKind::LocalAuthority, 10.0)], &national).unwrap();
        assert_eq!((f.plain, f.expected, f.organisations), (80.0, 60.0, 1));
        assert_eq!(like_for_like(&[], &national), None);
        assert_eq!(like_for_like(&[org(OrgKind::LocalAuthority, 10.0)], &national), None);
    }
}
