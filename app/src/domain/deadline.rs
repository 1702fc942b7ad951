//! Whether a deadline for returns has already passed: a return is due by the end of its
//! deadline's day, so a deadline of today has not passed yet. Today is passed in (the server
//! asks the clock), so the rule is tested without one.

use chrono::NaiveDate;

pub fn deadline_has_passed(deadline: NaiveDate, today: NaiveDate) -> bool {
    deadline < today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_has_passed_only_once_its_day_is_over() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2026, 12, 1);
        // (deadline, passed)
        let cases = [(d(2026, 11, 30), true), (d(2016, 10, 31), true), (d(2026, 12, 1), false), (d(2026, 12, 2), false)];
        for (deadline, passed) in cases {
            assert_eq!(deadline_has_passed(deadline, today), passed, "{deadline}");
        }
    }
}
