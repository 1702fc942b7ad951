//! The aim rule, case by case: each test states the situation and the status it must give.

use super::*;
use crate::domain::{FinancialYear, Percent, PeriodCode};

fn q(code: &str) -> PeriodCode {
    code.parse().unwrap()
}

fn pct(v: f64) -> Percent {
    Percent::new(v).unwrap()
}

fn rules() -> RuleSet {
    RuleSet::defaults(q("2015-16-q1"))
}

/// Approved figures from a first quarter on, one a quarter (None: not assessed).
fn figures(from: &str, values: &[Option<f64>]) -> Vec<(PeriodCode, Option<Percent>)> {
    let first = quarter_index(q(from));
    values.iter().enumerate().map(|(i, v)| (quarter_at(first + i as i32), v.map(pct))).collect()
}

fn goal(value: f64, by: &str) -> Option<Goal> {
    Some(Goal { value: pct(value), by: q(by) })
}

fn aim_reason(c: &Computed) -> &AimReason {
    match &c.reason {
        Reason::Aim(r) => r,
        other => panic!("not an aim's reason: {other:?}"),
    }
}

#[test]
fn an_aim_one_quarter_late_within_the_margin_is_amber_and_says_so() {
    let f = figures("2019-20-q1", &[Some(87.0), Some(87.5), Some(88.0), Some(88.5)]);
    let c = judge_aim(&rules(), &f, goal(90.0, "2020-21-q2"), q("2019-20-q4"));
    assert_eq!(c.status, ComputedRag::Amber);
    assert_eq!(
        c.in_words(),
        "Computed amber: at 0.5 points a quarter the aim reaches 90 % in 2020/21 Q3, one quarter after its goal date \
         2020/21 Q2 (within the 2-quarter margin)."
    );
    let AimApplied::LateWithinMargin { projection, late_by: 1, margin: 2 } = aim_reason(&c).applied else {
        panic!("{:?}", aim_reason(&c).applied)
    };
    assert!((projection.slope_per_quarter - 0.5).abs() < 1e-9);
    assert!((projection.at_goal_date - 89.5).abs() < 1e-9, "the line's figure at the goal date");
    assert_eq!(projection.reaches, Some(q("2020-21-q3")));
    assert_eq!(c.rules, RulesUsed { version: 1, effective_from: q("2015-16-q1") });
}

#[test]
fn an_aim_with_no_approved_figure_has_no_data() {
    let c = judge_aim(&rules(), &[], goal(90.0, "2017-18-q4"), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(c.in_words(), "No computed status: no approved figure up to 2016/17 Q2; a rate of progress needs at least 2.");
}

#[test]
fn an_aim_with_one_figure_below_its_goal_has_no_data() {
    let c = judge_aim(&rules(), &figures("2016-17-q2", &[Some(40.0)]), goal(90.0, "2017-18-q4"), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(
        c.in_words(),
        "No computed status: only one approved figure (40 % in 2016/17 Q2), below the goal of 90 %; a rate of progress needs at least 2."
    );
}

#[test]
fn an_aim_whose_goal_is_already_met_is_green_even_with_one_figure() {
    let one = judge_aim(&rules(), &figures("2016-17-q2", &[Some(95.0)]), goal(90.0, "2017-18-q4"), q("2016-17-q2"));
    assert_eq!(one.status, ComputedRag::Green);
    assert_eq!(one.in_words(), "Computed green: 95 % in 2016/17 Q2 has reached the goal of 90 % (due by 2017/18 Q4).");
    // Exactly at the goal counts, and so does a fall that stays at or above it.
    let falling = figures("2016-17-q1", &[Some(100.0), Some(95.0), Some(90.0)]);
    assert_eq!(judge_aim(&rules(), &falling, goal(90.0, "2017-18-q4"), q("2016-17-q3")).status, ComputedRag::Green);
}

#[test]
fn an_aim_with_no_goal_has_no_data() {
    let c = judge_aim(&rules(), &figures("2016-17-q1", &[Some(10.0), Some(20.0)]), None, q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::NoData);
    assert_eq!(c.in_words(), "No computed status: the aim has no goal to judge it against.");
}

#[test]
fn an_aim_projected_to_reach_its_goal_in_time_is_amber_until_the_goal_is_met() {
    let f = figures("2016-17-q1", &[Some(55.0), Some(60.0), Some(65.0), Some(70.0)]);
    let c = judge_aim(&rules(), &f, goal(90.0, "2017-18-q4"), q("2016-17-q4"));
    assert_eq!(c.status, ComputedRag::Amber);
    assert_eq!(
        c.in_words(),
        "Computed amber: at 5 points a quarter the aim reaches 90 % in 2017/18 Q4, by its goal date 2017/18 Q4; it turns \
         green when the goal is met."
    );
}

#[test]
fn an_aim_projected_beyond_the_margin_is_red() {
    let f = figures("2016-17-q1", &[Some(50.0), Some(51.0), Some(52.0), Some(53.0)]);
    let c = judge_aim(&rules(), &f, goal(90.0, "2017-18-q4"), q("2016-17-q4"));
    assert_eq!(c.status, ComputedRag::Red);
    assert_eq!(
        c.in_words(),
        "Computed red: at 1 point a quarter the aim reaches 90 % in 2026/27 Q1, 33 quarters after its goal date 2017/18 Q4 \
         (beyond the 2-quarter margin)."
    );
}

#[test]
fn a_falling_or_level_aim_is_red_for_no_progress() {
    let falling = figures("2016-17-q1", &[Some(60.0), Some(58.0), Some(56.0), Some(54.0)]);
    let c = judge_aim(&rules(), &falling, goal(90.0, "2017-18-q4"), q("2016-17-q4"));
    assert_eq!(c.status, ComputedRag::Red);
    assert_eq!(
        c.in_words(),
        "Computed red: no progress: over the last 4 approved quarters the figure fell by 2 points a quarter, so it does not \
         reach the goal of 90 % due by 2017/18 Q4."
    );
    let level = figures("2016-17-q1", &[Some(60.0), Some(60.0)]);
    let c = judge_aim(&rules(), &level, goal(90.0, "2017-18-q4"), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::Red);
    assert!(c.in_words().contains("the figure stayed level"), "{}", c.in_words());
}

#[test]
fn a_rise_no_faster_than_the_least_progress_set_is_no_progress() {
    let mut slow = rules();
    slow.aim.min_progress = 0.5;
    let f = figures("2016-17-q1", &[Some(60.0), Some(60.5)]);
    let c = judge_aim(&slow, &f, goal(61.0, "2017-18-q4"), q("2016-17-q2"));
    assert_eq!(c.status, ComputedRag::Red);
    assert!(c.in_words().contains("rose by only 0.5 points a quarter, no more than the 0.5 points progress needs"), "{}", c.in_words());
}

#[test]
fn an_aim_whose_goal_date_and_margin_have_passed_unmet_is_red() {
    let f = figures("2017-18-q1", &[Some(50.0), Some(60.0), Some(70.0), Some(80.0), Some(85.0), Some(88.0), Some(89.0)]);
    // Goal 2017/18 Q4, margin 2: judged in 2018/19 Q3, three quarters on.
    let c = judge_aim(&rules(), &f, goal(90.0, "2017-18-q4"), q("2018-19-q3"));
    assert_eq!(c.status, ComputedRag::Red);
    assert_eq!(
        c.in_words(),
        "Computed red: the goal of 90 % was due by 2017/18 Q4, more than 2 quarters before 2018/19 Q3, and the latest \
         figure is 89 % in 2018/19 Q3."
    );
    // Within the margin the projection still decides: 85 in 2018/19 Q1 reaches 90 the quarter
    // after, the last the 2-quarter margin allows.
    let c = judge_aim(&rules(), &f[..5], goal(90.0, "2017-18-q4"), q("2018-19-q1"));
    assert_eq!(c.status, ComputedRag::Amber, "{}", c.in_words());
}

#[test]
fn a_not_assessed_quarter_in_the_middle_is_skipped_not_counted_as_zero() {
    let f = figures("2016-17-q1", &[Some(60.0), None, Some(70.0), Some(75.0)]);
    let c = judge_aim(&rules(), &f, goal(90.0, "2017-18-q4"), q("2016-17-q4"));
    let r = aim_reason(&c);
    assert_eq!(r.used, vec![(q("2016-17-q1"), pct(60.0)), (q("2016-17-q3"), pct(70.0)), (q("2016-17-q4"), pct(75.0))]);
    assert_eq!(r.not_assessed, vec![q("2016-17-q2")]);
    let slope = |c: &Computed| match aim_reason(c).applied {
        AimApplied::OnCourse { projection } | AimApplied::LateWithinMargin { projection, .. } => projection.slope_per_quarter,
        other => panic!("{other:?}"),
    };
    assert!((slope(&c) - 5.0).abs() < 1e-9, "60, 70, 75 over Q1, Q3, Q4: {}", slope(&c));
    let zero = figures("2016-17-q1", &[Some(60.0), Some(0.0), Some(70.0), Some(75.0)]);
    let counted = judge_aim(&rules(), &zero, goal(90.0, "2017-18-q4"), q("2016-17-q4"));
    assert!((slope(&counted) - 11.5).abs() < 1e-9, "a zero would have made the line far steeper");
    assert!(c.in_words().ends_with("Not assessed in 2016/17 Q2: skipped, not counted as zero."), "{}", c.in_words());
}

#[test]
fn only_the_last_four_approved_quarters_up_to_the_quarter_judged_count() {
    // A jump long ago and a later figure after the quarter judged are both ignored.
    let f = figures("2016-17-q1", &[Some(0.0), Some(60.0), Some(61.0), Some(62.0), Some(63.0), Some(99.0)]);
    let c = judge_aim(&rules(), &f, goal(90.0, "2017-18-q4"), q("2017-18-q1"));
    let r = aim_reason(&c);
    assert_eq!(r.used.first(), Some(&(q("2016-17-q2"), pct(60.0))));
    assert_eq!(r.used.last(), Some(&(q("2017-18-q1"), pct(63.0))));
    assert_eq!(c.status, ComputedRag::Red, "one point a quarter is too slow: {}", c.in_words());
}

#[test]
fn a_goal_for_a_financial_year_is_due_by_its_fourth_quarter() {
    assert_eq!(Goal::for_year((FinancialYear(2017), pct(80.0))), Goal { value: pct(80.0), by: q("2017-18-q4") });
}

#[test]
fn a_projection_never_reaches_the_goal_before_the_quarter_after_the_latest_figure() {
    // A steep early rise puts the fitted line above the goal before the latest (lower) figure.
    let f = figures("2016-17-q1", &[Some(10.0), Some(80.0), Some(85.0), Some(84.0)]);
    let c = judge_aim(&rules(), &f, goal(85.0, "2017-18-q4"), q("2016-17-q4"));
    let AimApplied::OnCourse { projection } = aim_reason(&c).applied else { panic!("{}", c.in_words()) };
    assert_eq!(projection.reaches, Some(q("2017-18-q1")));
}
