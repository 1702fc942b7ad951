//! Quarters as numbers and the least-squares line through a figure's approved quarters: the
//! arithmetic behind an aim's rate of progress and its projected date (and later `/gaps`).

use crate::domain::{FinancialYear, PeriodCode};

/// A quarter as a count of quarters since year 0, so that the distance between two quarters
/// is a subtraction and a line can be fitted through them.
pub fn quarter_index(p: PeriodCode) -> i32 {
    p.year.0 * 4 + i32::from(p.quarter) - 1
}

/// The quarter a [`quarter_index`] stands for.
pub fn quarter_at(index: i32) -> PeriodCode {
    PeriodCode { year: FinancialYear(index.div_euclid(4)), quarter: index.rem_euclid(4) as u8 + 1 }
}

/// A straight line through (quarter, figure) points: `figure = intercept + slope * quarter`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Change of the figure per quarter.
    pub slope: f64,
    pub intercept: f64,
}

impl Line {
    /// The figure the line gives for a quarter.
    pub fn at(&self, p: PeriodCode) -> f64 {
        self.intercept + self.slope * f64::from(quarter_index(p))
    }

    /// The first quarter in which the line reaches `goal`, when it rises; None when it is
    /// level or falls (it never gets there).
    pub fn reaches(&self, goal: f64) -> Option<PeriodCode> {
        if self.slope <= 0.0 {
            return None;
        }
        // A hair below the exact crossing so 89.99999999 counts as 90: figures are typed to at
        // most a few decimals, so nothing real is that close without being equal.
        let x = (goal - self.intercept) / self.slope - 1e-9;
        Some(quarter_at(x.ceil() as i32))
    }
}

/// The ordinary least-squares line through the points, or None with fewer than two distinct
/// quarters (no rate can be worked out from one).
pub fn least_squares(points: &[(PeriodCode, f64)]) -> Option<Line> {
    let n = points.len() as f64;
    let xs: Vec<f64> = points.iter().map(|(p, _)| f64::from(quarter_index(*p))).collect();
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = points.iter().map(|(_, y)| y).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    if points.len() < 2 || sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(points).map(|(x, (_, y))| (x - mean_x) * (y - mean_y)).sum();
    let slope = sxy / sxx;
    Some(Line { slope, intercept: mean_y - slope * mean_x })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    #[test]
    fn quarters_count_on_across_financial_years() {
        assert_eq!(quarter_index(q("2017-18-q1")) - quarter_index(q("2016-17-q4")), 1);
        assert_eq!(quarter_index(q("2020-21-q2")) - quarter_index(q("2016-17-q1")), 17);
        for code in ["2016-17-q1", "2016-17-q4", "1999-00-q3"] {
            assert_eq!(quarter_at(quarter_index(q(code))), q(code));
        }
    }

    #[test]
    fn the_least_squares_line_through_a_steady_rise_has_that_rise_as_its_slope() {
        let points = [(q("2016-17-q1"), 10.0), (q("2016-17-q2"), 12.0), (q("2016-17-q3"), 14.0), (q("2016-17-q4"), 16.0)];
        let line = least_squares(&points).unwrap();
        assert!((line.slope - 2.0).abs() < 1e-9);
        assert!((line.at(q("2017-18-q1")) - 18.0).abs() < 1e-9);
        assert_eq!(line.reaches(20.0), Some(q("2017-18-q2")));
        assert_eq!(line.reaches(18.0), Some(q("2017-18-q1")), "exactly on the line counts as reached");
    }

    #[test]
    fn a_line_needs_two_distinct_quarters_and_a_level_line_never_reaches_a_goal() {
        assert_eq!(least_squares(&[]), None);
        assert_eq!(least_squares(&[(q("2016-17-q1"), 10.0)]), None);
        assert_eq!(least_squares(&[(q("2016-17-q1"), 10.0), (q("2016-17-q1"), 12.0)]), None);
        let level = least_squares(&[(q("2016-17-q1"), 10.0), (q("2016-17-q2"), 10.0)]).unwrap();
        assert_eq!(level.reaches(20.0), None);
    }
}
