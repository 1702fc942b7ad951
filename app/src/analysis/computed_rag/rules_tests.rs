//! The rule sets: which version judges a quarter, their words, their checks, their storage.

use super::*;
use crate::domain::{Percent, PeriodCode};

fn q(code: &str) -> PeriodCode {
    code.parse().unwrap()
}

/// Version 1 from 2016/17 Q1 with the default 2-quarter margin; version 2 from 2017/18 Q1
/// allowing no lateness at all.
fn two_versions() -> Vec<RuleSet> {
    let first = RuleSet::defaults(q("2016-17-q1"));
    let mut second = RuleSet { version: 2, effective_from: q("2017-18-q1"), ..first.clone() };
    second.aim.margin_quarters = 0;
    // Listed newest first: the picker must not depend on the order given.
    vec![second, first]
}

#[test]
fn each_quarter_is_judged_by_the_rule_set_in_force_then() {
    let versions = two_versions();
    let version = |code: &str| in_force(&versions, q(code)).map(|r| r.version);
    assert_eq!(version("2015-16-q4"), None, "before the first version there is no rule");
    assert_eq!(version("2016-17-q1"), Some(1), "a version judges the quarter it takes effect in");
    assert_eq!(version("2016-17-q4"), Some(1));
    assert_eq!(version("2017-18-q1"), Some(2));
    assert_eq!(version("2030-31-q4"), Some(2));
}

#[test]
fn of_two_versions_from_the_same_quarter_the_later_version_wins() {
    let mut versions = two_versions();
    versions.push(RuleSet { version: 3, effective_from: q("2017-18-q1"), ..RuleSet::defaults(q("2017-18-q1")) });
    assert_eq!(in_force(&versions, q("2017-18-q2")).map(|r| r.version), Some(3));
}

#[test]
fn a_rule_changed_between_two_quarters_judges_each_by_its_own_rules() {
    // The same aim, two quarters late on its projection, in the quarter before the change and
    // the quarter after: amber by version 1's 2-quarter margin, red by version 2's none.
    let versions = two_versions();
    let p = |v: f64| Some(Percent::new(v).unwrap());
    let goal = Some(Goal { value: Percent::new(90.0).unwrap(), by: q("2017-18-q2") });
    let before = [(q("2016-17-q1"), p(83.0)), (q("2016-17-q2"), p(84.0)), (q("2016-17-q3"), p(85.0)), (q("2016-17-q4"), p(86.0))];
    let old = judge_aim(in_force(&versions, q("2016-17-q4")).unwrap(), &before, goal, q("2016-17-q4"));
    assert_eq!(old.status, ComputedRag::Amber, "{}", old.in_words());
    assert_eq!(old.rules, RulesUsed { version: 1, effective_from: q("2016-17-q1") });

    let mut after = before.to_vec();
    after.push((q("2017-18-q1"), p(87.0)));
    let new = judge_aim(in_force(&versions, q("2017-18-q1")).unwrap(), &after, goal, q("2017-18-q1"));
    assert_eq!(new.status, ComputedRag::Red, "{}", new.in_words());
    assert!(new.in_words().contains("(beyond the 0-quarter margin)"), "{}", new.in_words());
    assert_eq!(new.rules.version, 2);
}

#[test]
fn every_rule_is_described_in_plain_words_with_its_values() {
    let words = RuleSet::defaults(q("2016-17-q1")).describe().join("\n");
    for expected in [
        "These rules judge every quarter from 2016/17 Q1 (version 1).",
        "least-squares line through its last 4 approved quarters",
        "skipped, not counted as zero",
        "by its goal date or up to 2 quarters after it",
        "when the figures do not rise",
        "fewer than two approved figures",
        "no more than 5 % of the scale (5 on a 0 to 100 scale, 0.2 on 1 to 5) below the plan",
        "up to 15 % of the scale (15 on a 0 to 100 scale, 0.6 on 1 to 5) below",
        "against its own planned score",
        "the average of its own kind of organisation",
    ] {
        assert!(words.contains(expected), "missing '{expected}' in:\n{words}");
    }
    let mut changed = RuleSet::defaults(q("2016-17-q1"));
    changed.aim.window = 6;
    changed.aim.margin_quarters = 1;
    changed.aim.min_progress = 0.5;
    let words = changed.describe().join("\n");
    for expected in ["last 6 approved quarters", "up to one quarter after it", "rise by no more than 0.5 points a quarter"] {
        assert!(words.contains(expected), "missing '{expected}' in:\n{words}");
    }
}

#[test]
fn impossible_rule_values_are_refused_each_with_its_message() {
    assert_eq!(RuleSet::defaults(q("2016-17-q1")).problems(), Vec::<String>::new());
    let mut bad = RuleSet::defaults(q("2016-17-q1"));
    bad.aim.window = 1;
    bad.aim.min_progress = -1.0;
    bad.trajectory = Bands { tolerance: 10.0, amber_behind: 5.0 };
    bad.dma_theme.against_plan.tolerance = f64::NAN;
    bad.dma_theme.against_peers.amber_behind = 101.0;
    assert_eq!(
        bad.problems(),
        [
            "Aims: the rate of progress needs at least 2 quarters",
            "Aims: the least progress must be 0 or more points a quarter",
            "Trajectories: the amber band must be at least as wide as the tolerance",
            "DMA themes against plan: the bands must be between 0 and 100 % of the scale",
            "DMA themes against peers: the bands must be between 0 and 100 % of the scale",
        ]
    );
}

#[test]
fn a_rule_set_is_stored_as_json_and_read_back_unchanged() {
    let rules = two_versions().remove(0);
    let json = serde_json::to_string(&rules).unwrap();
    assert!(json.contains(r#""effective_from":"2017-18-q1""#), "{json}");
    assert_eq!(serde_json::from_str::<RuleSet>(&json).unwrap(), rules);
    let bad = json.replace("2017-18-q1", "2017-19-q1");
    assert!(serde_json::from_str::<RuleSet>(&bad).is_err(), "a malformed quarter is refused");
}

#[test]
fn computed_statuses_read_back_their_stored_codes_and_say_their_words() {
    for c in ComputedRag::ALL {
        assert_eq!(c.code().parse::<ComputedRag>(), Ok(c));
    }
    assert_eq!(ComputedRag::NoData.code(), "no_data");
    assert_eq!(ComputedRag::NoData.word(), "no data");
    assert_eq!(ComputedRag::Amber.rag(), Some(crate::domain::Rag::Amber));
    assert!("purple".parse::<ComputedRag>().is_err());
}
