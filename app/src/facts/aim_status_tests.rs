use super::aim_status::*;
use super::AimRow;
use crate::analysis::computed_rag::{ComputedRag, RuleSet};
use crate::domain::{FinancialYear, Percent, PeriodCode, Rag};

fn q(code: &str) -> PeriodCode {
    code.parse().unwrap()
}

fn pc(v: f64) -> Percent {
    Percent::new(v).unwrap()
}

fn row(current: Option<f64>, goal: Option<(i32, f64)>, rag: Option<Rag>) -> AimRow {
    AimRow {
        code: "4d".into(),
        text: "80 % of elective referrals made electronically".into(),
        completeness: current.map(pc),
        rag,
        goal: goal.map(|(y, v)| (FinancialYear(y), pc(v))),
        narrative: String::new(),
        provenance: None,
    }
}

fn own(period: &str, v: Option<f64>) -> AimFigure {
    AimFigure { organisation: None, period: q(period), completeness: v.map(pc) }
}

fn org(id: i64, period: &str, v: Option<f64>) -> AimFigure {
    AimFigure { organisation: Some(id), period: q(period), completeness: v.map(pc) }
}

fn rules() -> RuleSet {
    RuleSet::defaults(q("2016-17-q1"))
}

#[test]
fn the_footprints_own_figures_judge_the_aim_when_they_are_the_newest() {
    let figures = [own("2016-17-q1", Some(40.0)), own("2016-17-q2", Some(50.0)), own("2016-17-q3", Some(60.0))];
    let s = AimStatus::assess(4, &row(Some(60.0), Some((2016, 80.0)), Some(Rag::Green)), &figures, &rules(), q("2016-17-q3"));
    assert_eq!(s.judged_on, Evidence::Footprint);
    assert_eq!(s.computed.status, ComputedRag::Amber, "10 points a quarter reaches 80 in Q1 2017/18, within the margin");
    assert_eq!(s.difference().map(|d| d.in_words()).as_deref(), Some("declared green, computed amber"));
    assert_eq!(s.current(), Some(pc(60.0)));
    assert_eq!(s.gap(), Some(20.0));
    assert_eq!(s.quarters_left(), Some(1));
    assert_eq!(s.rate_needed(), Some(20.0));
    assert_eq!(s.rate_achieved(), Some(10.0));
    assert_eq!(s.projected(), Some(q("2017-18-q1")));
    assert_eq!(s.change, Some(10.0));
    assert_eq!(s.history.len(), 3);
}

#[test]
fn an_aim_the_footprint_never_returned_is_judged_on_its_organisations_figures() {
    // Today's defect: GHFT's approved aim figures left the dashboard at "not rated".
    let figures = [org(1, "2016-17-q1", Some(55.0)), org(1, "2016-17-q2", Some(65.0)), org(2, "2016-17-q2", Some(45.0))];
    let s = AimStatus::assess(7, &row(None, Some((2017, 90.0)), None), &figures, &rules(), q("2016-17-q2"));
    assert_eq!(s.judged_on, Evidence::Organisations);
    assert_eq!(s.organisations_figure, Some(OrganisationsGive { value: pc(55.0), organisations: 2 }));
    assert_eq!(s.history, vec![(q("2016-17-q1"), Some(pc(55.0))), (q("2016-17-q2"), Some(pc(55.0)))]);
    assert_eq!(s.computed.status, ComputedRag::Red, "a level mean is no progress");
    assert_eq!(s.disagreement, None, "no footprint figure to disagree with");
}

#[test]
fn a_footprint_figure_far_from_its_organisations_is_flagged_and_the_newer_evidence_judges() {
    // Capability 7: the footprint says 0 %, GHFT says 60 % a quarter later.
    let figures = [own("2016-17-q1", Some(0.0)), org(1, "2016-17-q2", Some(60.0))];
    let s = AimStatus::assess(7, &row(Some(0.0), Some((2016, 50.0)), None), &figures, &rules(), q("2016-17-q2"));
    assert_eq!(s.disagreement, Some(-60.0));
    assert_eq!(s.judged_on, Evidence::Organisations);
    assert_eq!(s.computed.status, ComputedRag::Green, "GHFT's 60 % meets the goal of 50 %");
    let same_quarter = [own("2016-17-q2", Some(5.0)), org(1, "2016-17-q2", Some(10.0))];
    let s = AimStatus::assess(7, &row(Some(5.0), Some((2016, 50.0)), None), &same_quarter, &rules(), q("2016-17-q2"));
    assert_eq!(s.judged_on, Evidence::Footprint, "a tie goes to the footprint's own return");
    assert_eq!(s.disagreement, None, "5 points apart is under the threshold");
}

#[test]
fn an_organisation_not_assessed_is_left_out_of_the_mean_not_counted_as_zero() {
    let figures = [org(1, "2016-17-q1", Some(40.0)), org(2, "2016-17-q1", None)];
    assert_eq!(organisations_series(&figures), vec![(q("2016-17-q1"), Some(pc(40.0)))]);
    let none = [org(2, "2016-17-q1", None)];
    assert_eq!(organisations_series(&none), vec![(q("2016-17-q1"), None)]);
}

#[test]
fn nothing_after_the_quarter_counts_and_a_missing_previous_quarter_gives_no_change() {
    let figures = [own("2016-17-q1", Some(30.0)), own("2016-17-q3", Some(50.0))];
    let s = AimStatus::assess(1, &row(Some(30.0), Some((2017, 90.0)), None), &figures, &rules(), q("2016-17-q1"));
    assert_eq!(s.history, vec![(q("2016-17-q1"), Some(pc(30.0)))]);
    assert_eq!(s.change, None, "no figure before 2016/17 Q1");
    assert_eq!(s.computed.status, ComputedRag::NoData, "one figure gives no rate");
    let s = AimStatus::assess(1, &row(Some(50.0), Some((2017, 90.0)), None), &figures, &rules(), q("2016-17-q4"));
    assert_eq!(s.change, Some(0.0), "Q4 and Q3 both stand at the Q3 figure");
}

#[test]
fn the_look_back_keeps_three_years_and_each_figures_latest_from_before_them() {
    let figures = [
        org(1, "2012-13-q1", Some(10.0)),
        org(1, "2013-14-q1", Some(20.0)),
        org(2, "2012-13-q4", Some(30.0)),
        own("2013-14-q1", Some(5.0)),
        own("2014-15-q1", Some(6.0)),
        own("2016-17-q2", Some(7.0)),
    ];
    // As at 2016/17 Q1 the window is 2013/14 Q2 to 2016/17 Q1.
    let kept = within_look_back(&figures, q("2016-17-q1"));
    let mut got: Vec<(Option<i64>, String)> = kept.iter().map(|f| (f.organisation, f.period.to_string())).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (None, "2013-14-q1".to_string()),
            (None, "2014-15-q1".to_string()),
            (Some(1), "2013-14-q1".to_string()),
            (Some(2), "2012-13-q4".to_string()),
        ],
        "the window's figures, each member's latest from before it, nothing after the quarter"
    );
}
