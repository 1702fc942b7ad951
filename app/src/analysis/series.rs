//! A figure's history over approved quarters, for a group of members (organisations) each
//! approved in its own quarters: the group's mean as it stood at each quarter, and the change
//! since the quarter before. One rule for aims (the organisations' figure) and DMA themes
//! (the footprint's mean), so a trend means the same everywhere.

use super::computed_rag::{quarter_at, quarter_index};
use crate::domain::PeriodCode;

/// One member's approved figure in a quarter (None: returned as not assessed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberFigure {
    pub member: i64,
    pub period: PeriodCode,
    pub value: Option<f64>,
}

/// The mean of each member's latest figure up to `at`, and how many members it is over;
/// a member whose latest said "not assessed" is left out, never counted as zero.
pub fn mean_at(figures: &[MemberFigure], at: PeriodCode) -> Option<(f64, usize)> {
    let mut latest: Vec<(i64, PeriodCode, Option<f64>)> = Vec::new();
    for f in figures.iter().filter(|f| f.period <= at) {
        match latest.iter_mut().find(|(m, _, _)| *m == f.member) {
            Some(entry) if entry.1 < f.period => *entry = (f.member, f.period, f.value),
            Some(_) => {}
            None => latest.push((f.member, f.period, f.value)),
        }
    }
    let values: Vec<f64> = latest.iter().filter_map(|(_, _, v)| *v).collect();
    (!values.is_empty()).then(|| (values.iter().sum::<f64>() / values.len() as f64, values.len()))
}

/// For each quarter in which any member's figure was approved, oldest first, the mean as it
/// stood then ([`mean_at`]); None where every member's latest said "not assessed".
pub fn mean_series(figures: &[MemberFigure]) -> Vec<(PeriodCode, Option<f64>)> {
    let mut quarters: Vec<PeriodCode> = figures.iter().map(|f| f.period).collect();
    quarters.sort();
    quarters.dedup();
    quarters.into_iter().map(|q| (q, mean_at(figures, q).map(|(v, _)| v))).collect()
}

/// The figure as at the quarter minus as at the quarter before (each the latest of the
/// history up to it); None when either is missing or not assessed.
pub fn change_since_last_quarter(history: &[(PeriodCode, Option<f64>)], as_at: PeriodCode) -> Option<f64> {
    let previous = quarter_at(quarter_index(as_at) - 1);
    let at = |q: PeriodCode| history.iter().rev().find(|(p, _)| *p <= q).and_then(|(_, v)| *v);
    Some(at(as_at)? - at(previous)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    fn f(member: i64, period: &str, value: Option<f64>) -> MemberFigure {
        MemberFigure { member, period: q(period), value }
    }

    #[test]
    fn the_mean_at_each_quarter_carries_each_members_latest_forward() {
        let figures = [f(1, "2016-17-q1", Some(10.0)), f(2, "2016-17-q1", Some(30.0)), f(1, "2016-17-q2", Some(20.0))];
        assert_eq!(mean_series(&figures), vec![(q("2016-17-q1"), Some(20.0)), (q("2016-17-q2"), Some(25.0))]);
        assert_eq!(mean_at(&figures, q("2016-17-q2")), Some((25.0, 2)));
        assert_eq!(mean_at(&figures, q("2015-16-q4")), None);
    }

    #[test]
    fn not_assessed_is_left_out_and_a_quarter_of_nothing_but_that_has_no_mean() {
        let figures = [f(1, "2016-17-q1", Some(40.0)), f(2, "2016-17-q1", None), f(1, "2016-17-q2", None)];
        assert_eq!(mean_series(&figures), vec![(q("2016-17-q1"), Some(40.0)), (q("2016-17-q2"), None)]);
    }

    #[test]
    fn the_change_compares_the_quarter_with_the_one_before_as_each_stood() {
        let history = [(q("2016-17-q1"), Some(30.0)), (q("2016-17-q3"), Some(50.0))];
        assert_eq!(change_since_last_quarter(&history, q("2016-17-q3")), Some(20.0), "Q2 stood at Q1's 30");
        assert_eq!(change_since_last_quarter(&history, q("2016-17-q4")), Some(0.0));
        assert_eq!(change_since_last_quarter(&history, q("2016-17-q1")), None, "nothing before Q1");
        assert_eq!(change_since_last_quarter(&[(q("2016-17-q1"), None), (q("2016-17-q2"), Some(5.0))], q("2016-17-q2")), None);
    }
}
