//! The trajectory and DMA theme rules: a score against a plan, or a peer average, by bands.

use super::*;
use crate::analysis::BenchmarkCandidate;
use crate::domain::{FinancialYear, OrgKind, PeriodCode, Scale, Score};
use crate::facts::{QuarterScore, TrajectoryRow};

const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };
const WGLL: Scale = Scale { min: 1.0, max: 5.0, step: 1.0 };

fn q(code: &str) -> PeriodCode {
    code.parse().unwrap()
}

fn rules() -> RuleSet {
    RuleSet::defaults(q("2015-16-q1"))
}

/// A capability with the given approved scores and a plan for 2016/17.
fn capability(scores: &[(&str, Option<f64>)], plan_2016: f64) -> TrajectoryRow {
    TrajectoryRow {
        capability: "Transfers Of Care".into(),
        scores: scores.iter().map(|(p, s)| QuarterScore { period: q(p), score: *s }).collect(),
        planned: vec![(FinancialYear(2016), plan_2016), (FinancialYear(2017), 60.0)],
        sources: Default::default(),
    }
}

#[test]
fn a_trajectory_is_green_within_tolerance_amber_up_to_its_limit_and_red_beyond() {
    // Plan 20 on 0 to 100, default bands 5 % and 15 % of the scale: 5 and 15 points.
    // (score, expected, why)
    let cases = [
        (25.0, ComputedRag::Green, "ahead of plan"),
        (20.0, ComputedRag::Green, "on plan"),
        (15.0, ComputedRag::Green, "exactly the tolerance behind"),
        (14.0, ComputedRag::Amber, "just beyond the tolerance"),
        (5.0, ComputedRag::Amber, "exactly the amber limit behind"),
        (4.0, ComputedRag::Red, "beyond the amber limit"),
    ];
    for (score, expected, why) in cases {
        let row = capability(&[("2016-17-q2", Some(score))], 20.0);
        assert_eq!(judge_trajectory(&rules(), &row, DMA, q("2016-17-q2")).status, expected, "{score}: {why}");
    }
}

#[test]
fn trajectory_bands_scale_with_the_framework_and_survive_float_rounding() {
    // On 1 to 5 the bands are 0.2 and 0.6; 3.0 - 2.8 is 0.2000000000000002 in floating point.
    // (score, expected)
    let cases = [(2.8, ComputedRag::Green), (2.7, ComputedRag::Amber), (2.4, ComputedRag::Amber), (2.3, ComputedRag::Red)];
    for (score, expected) in cases {
        let row = capability(&[("2016-17-q2", Some(score))], 3.0);
        assert_eq!(judge_trajectory(&rules(), &row, WGLL, q("2016-17-q2")).status, expected, "{score} against 3");
    }
}

#[test]
fn a_trajectory_explains_itself_against_the_plan_for_the_year() {
    let row = capability(&[("2016-17-q1", Some(38.0)), ("2016-17-q2", Some(41.0))], 50.0);
    let c = judge_trajectory(&rules(), &row, DMA, q("2016-17-q2"));
    assert_eq!(
        c.in_words(),
        "Computed amber: 41 in 2016/17 Q2 is 9 points behind the plan of 50 for 2016/17 (amber up to 15 points behind)."
    );
    let c = judge_trajectory(&rules(), &row, DMA, q("2016-17-q1"));
    assert_eq!(
        c.in_words(),
        "Computed amber: 38 in 2016/17 Q1 is 12 points behind the plan of 50 for 2016/17 (amber up to 15 points behind)."
    );
    let ahead = capability(&[("2016-17-q2", Some(55.0))], 50.0);
    assert_eq!(
        judge_trajectory(&rules(), &ahead, DMA, q("2016-17-q2")).in_words(),
        "Computed green: 55 in 2016/17 Q2 is 5 points ahead of the plan of 50 for 2016/17 (green within 5 points behind it)."
    );
    let far = capability(&[("2016-17-q2", Some(12.0))], 50.0);
    assert_eq!(
        judge_trajectory(&rules(), &far, DMA, q("2016-17-q2")).in_words(),
        "Computed red: 12 in 2016/17 Q2 is 38 points behind the plan of 50 for 2016/17, more than the 15 points amber allows."
    );
}

#[test]
fn a_trajectory_with_no_score_or_no_plan_for_the_year_has_no_data() {
    let never = capability(&[("2016-17-q1", None)], 20.0);
    let c = judge_trajectory(&rules(), &never, DMA, q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(
        c.in_words(),
        "No computed status: Transfers Of Care has no approved score up to 2016/17 Q2. Not assessed in 2016/17 Q1: skipped, \
         not counted as zero."
    );
    let unplanned = capability(&[("2018-19-q1", Some(40.0))], 20.0);
    let c = judge_trajectory(&rules(), &unplanned, DMA, q("2018-19-q1"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(c.in_words(), "No computed status: Transfers Of Care has no plan for 2018/19 to judge it against.");
}

#[test]
fn a_trajectory_whose_latest_return_said_not_assessed_is_judged_on_its_last_score_and_says_so() {
    let row = capability(&[("2016-17-q1", Some(18.0)), ("2016-17-q2", None), ("2016-17-q3", Some(90.0))], 20.0);
    let c = judge_trajectory(&rules(), &row, DMA, q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::Green, "18 against 20, not 0 against 20; the later 90 does not count yet");
    assert!(c.in_words().ends_with("Not assessed in 2016/17 Q2: skipped, not counted as zero."), "{}", c.in_words());
}

fn score(v: f64) -> Option<Score> {
    Some(DMA.score_of(v).unwrap())
}

fn benchmarks() -> Vec<BenchmarkCandidate> {
    let trusts = [OrgKind::Acute, OrgKind::Community, OrgKind::MentalHealth, OrgKind::Ambulance];
    vec![
        BenchmarkCandidate { peer_group: "NHS trusts".into(), kinds: trusts.to_vec(), value: 48.0 },
        BenchmarkCandidate { peer_group: "councils".into(), kinds: vec![OrgKind::LocalAuthority], value: 60.0 },
    ]
}

fn theme<'a>(scores: &'a [(PeriodCode, Option<Score>)], planned: &'a [(FinancialYear, f64)], kind: OrgKind) -> DmaThemeInputs<'a> {
    DmaThemeInputs { theme: "Transfers Of Care", scores, planned, kind, benchmarks: &[], scale: DMA }
}

#[test]
fn a_dma_theme_is_judged_against_the_organisations_own_plan_first() {
    let scores = [(q("2016-17-q2"), score(38.0))];
    let plan = [(FinancialYear(2016), 40.0)];
    let all = benchmarks();
    let c = judge_dma_theme(&rules(), DmaThemeInputs { benchmarks: &all, ..theme(&scores, &plan, OrgKind::Community) }, q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::Green, "2 behind its plan, though 10 behind the trusts' 48");
    assert_eq!(
        c.in_words(),
        "Computed green: 38 in 2016/17 Q2 is 2 points behind the organisation's own plan of 40 for 2016/17, within the tolerance of 5 points."
    );
}

#[test]
fn a_dma_theme_with_no_plan_falls_back_to_its_own_peer_groups_average() {
    let scores = [(q("2016-17-q2"), score(38.0))];
    let all = benchmarks();
    let trust = judge_dma_theme(&rules(), DmaThemeInputs { benchmarks: &all, ..theme(&scores, &[], OrgKind::Community) }, q("2016-17-q2"));
    assert_eq!(trust.status, ComputedRag::Amber);
    assert_eq!(
        trust.in_words(),
        "Computed amber: no plan for 2016/17, so against its peers: 38 in 2016/17 Q2 is 10 points behind the average of 48 for \
         NHS trusts (amber up to 15 points behind)."
    );
    // A council is set against councils (60), not trusts: 22 behind, red.
    let council =
        judge_dma_theme(&rules(), DmaThemeInputs { benchmarks: &all, ..theme(&scores, &[], OrgKind::LocalAuthority) }, q("2016-17-q2"));
    assert_eq!(council.status, ComputedRag::Red, "{}", council.in_words());
    // A plan for another year is no plan for this one.
    let other_year = [(FinancialYear(2017), 38.0)];
    let c =
        judge_dma_theme(&rules(), DmaThemeInputs { benchmarks: &all, ..theme(&scores, &other_year, OrgKind::Community) }, q("2016-17-q2"));
    assert!(matches!(c.reason, Reason::DmaTheme(DmaThemeReason { applied: DmaThemeApplied::AgainstPeers(_), .. })));
}

#[test]
fn a_dma_theme_with_no_score_or_nothing_to_compare_with_has_no_data() {
    let none = [(q("2016-17-q1"), None)];
    let c = judge_dma_theme(&rules(), theme(&none, &[(FinancialYear(2016), 40.0)], OrgKind::Acute), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(c.in_words(), "No computed status: Transfers Of Care has no approved score up to 2016/17 Q2. Not assessed in 2016/17 Q1: skipped, not counted as zero.");
    let scored = [(q("2016-17-q1"), score(50.0))];
    let c = judge_dma_theme(&rules(), theme(&scored, &[], OrgKind::PrimaryCare), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(
        c.in_words(),
        "No computed status: Transfers Of Care has no plan for 2016/17 and no peer group average to judge it against."
    );
}
