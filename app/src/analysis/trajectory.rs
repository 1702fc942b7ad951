//! A capability's trajectory as every surface shows it: where it started (baseline), what is
//! planned for each year, where it stands (actual to date) and how far that is from this
//! year's plan (variance).
//!
//! The rules, in one place:
//! - Baseline: the organisation's first assessed score for the capability, with its quarter.
//!   For Gloucestershire that is the 2016 DMA in 2016/17 Q1, the roadmap's baseline; an
//!   organisation first assessed later starts its trajectory there. A quarter that returned
//!   "not assessed" is not a starting point.
//! - Actual to date: the latest approved score up to the chosen quarter, with its quarter,
//!   even when that is the baseline itself (at 2016/17 Q1 the actual is the baseline), and
//!   "not assessed" when the latest return said so.
//! - Variance: actual minus the plan for the chosen quarter's financial year, when both exist.
//! - Nothing later than the chosen quarter counts, whatever the caller passes in.

use crate::domain::{FinancialYear, PeriodCode};
use crate::facts::{QuarterScore, TrajectoryRow};

#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryLine {
    pub capability: String,
    pub baseline: Option<(PeriodCode, f64)>,
    pub planned: Vec<(FinancialYear, f64)>,
    pub actual: Option<QuarterScore>,
    /// Actual minus this financial year's plan.
    pub variance: Option<f64>,
    /// The financial year the variance is against (the chosen quarter's).
    pub current_year: FinancialYear,
}

impl TrajectoryLine {
    /// The plan for a financial year, if one was made.
    pub fn plan_for(&self, year: FinancialYear) -> Option<f64> {
        self.planned.iter().find(|(y, _)| *y == year).map(|(_, v)| *v)
    }
}

/// One capability's trajectory as at `as_at`.
pub fn trajectory_line(row: &TrajectoryRow, as_at: PeriodCode) -> TrajectoryLine {
    let mut scores: Vec<QuarterScore> = row.scores.iter().copied().filter(|s| s.period <= as_at).collect();
    scores.sort_by_key(|s| s.period);
    let baseline = scores.iter().find_map(|s| s.score.map(|v| (s.period, v)));
    let actual = scores.last().copied();
    let mut planned = row.planned.clone();
    planned.sort_by_key(|(y, _)| *y);
    let current_year = as_at.year;
    let plan = planned.iter().find(|(y, _)| *y == current_year).map(|(_, v)| *v);
    let variance = match (actual.and_then(|a| a.score), plan) {
        (Some(a), Some(p)) => Some(a - p),
        _ => None,
    };
    TrajectoryLine { capability: row.capability.clone(), baseline, planned, actual, variance, current_year }
}

/// The financial years any capability has a plan for, in order: the table's plan columns.
pub fn plan_years(lines: &[TrajectoryLine]) -> Vec<FinancialYear> {
    let mut years: Vec<FinancialYear> = lines.iter().flat_map(|l| l.planned.iter().map(|(y, _)| *y)).collect();
    years.sort();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(year: i32, quarter: u8) -> PeriodCode {
        PeriodCode { year: FinancialYear(year), quarter }
    }

    fn at(period: PeriodCode, score: Option<f64>) -> QuarterScore {
        QuarterScore { period, score }
    }

    /// GHFT's records: 12 in the 2016 DMA, 25 approved in 2016/17 Q2, plans from Q2's return.
    fn records() -> TrajectoryRow {
        TrajectoryRow {
            capability: "Records, Assessments & Plans".into(),
            scores: vec![at(q(2016, 1), Some(12.0)), at(q(2016, 2), Some(25.0))],
            planned: vec![(FinancialYear(2017), 40.0), (FinancialYear(2016), 20.0)],
            sources: Default::default(),
        }
    }

    #[test]
    fn the_baseline_stays_the_first_assessment_while_the_actual_is_the_latest_approved() {
        let line = trajectory_line(&records(), q(2016, 2));
        assert_eq!(line.baseline, Some((q(2016, 1), 12.0)), "not the latest score");
        assert_eq!(line.actual, Some(at(q(2016, 2), Some(25.0))), "the approved 25, with its quarter");
        assert_eq!(line.planned, vec![(FinancialYear(2016), 20.0), (FinancialYear(2017), 40.0)], "in year order");
        assert_eq!(line.variance, Some(5.0), "25 against 2016/17's plan of 20");
    }

    #[test]
    fn nothing_later_than_the_chosen_quarter_counts() {
        let line = trajectory_line(&records(), q(2016, 1));
        assert_eq!(line.baseline, Some((q(2016, 1), 12.0)));
        assert_eq!(line.actual, Some(at(q(2016, 1), Some(12.0))), "at the baseline quarter the actual is the baseline");
        assert_eq!(line.variance, Some(-8.0));
        let before = trajectory_line(&records(), q(2015, 4));
        assert_eq!((before.baseline, before.actual, before.variance), (None, None, None));
    }

    #[test]
    fn the_variance_is_against_the_chosen_quarters_year_and_needs_both_figures() {
        // (scores, as at, expected variance, why)
        let cases: [(Vec<QuarterScore>, PeriodCode, Option<f64>, &str); 4] = [
            (vec![at(q(2016, 1), Some(12.0)), at(q(2017, 1), Some(41.0))], q(2017, 1), Some(1.0), "41 against 2017/18's 40"),
            (vec![at(q(2016, 1), Some(12.0))], q(2018, 2), None, "no plan for 2018/19"),
            (vec![at(q(2016, 1), Some(12.0)), at(q(2016, 3), None)], q(2016, 3), None, "latest return: not assessed"),
            (vec![], q(2016, 2), None, "never assessed"),
        ];
        for (scores, as_at, variance, why) in cases {
            let line = trajectory_line(&TrajectoryRow { scores, ..records() }, as_at);
            assert_eq!(line.variance, variance, "{why}");
        }
    }

    #[test]
    fn a_not_assessed_quarter_is_never_the_baseline_but_can_be_the_actual() {
        let row = TrajectoryRow { scores: vec![at(q(2016, 1), None), at(q(2016, 2), Some(30.0)), at(q(2016, 3), None)], ..records() };
        let line = trajectory_line(&row, q(2016, 3));
        assert_eq!(line.baseline, Some((q(2016, 2), 30.0)), "first assessed");
        assert_eq!(line.actual, Some(at(q(2016, 3), None)), "the latest return said not assessed");
    }

    #[test]
    fn the_plan_columns_are_every_year_planned_in_order() {
        let other = TrajectoryRow { planned: vec![(FinancialYear(2019), 80.0)], ..records() };
        let lines = [trajectory_line(&records(), q(2016, 2)), trajectory_line(&other, q(2016, 2))];
        assert_eq!(plan_years(&lines), [FinancialYear(2016), FinancialYear(2017), FinancialYear(2019)]);
        assert_eq!(lines[1].plan_for(FinancialYear(2016)), None);
        assert_eq!(lines[0].plan_for(FinancialYear(2017)), Some(40.0));
    }
}
