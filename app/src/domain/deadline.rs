//! Deadlines for returns: reading one from the three fields of the NHS.UK date input, and
//! the overdue rule. A return is due by the end of its deadline's day, so a deadline of today
//! has not passed yet. Today is passed in (the server asks the clock), so the rules are
//! tested without one.

use chrono::NaiveDate;

use crate::returns::ReturnState;

/// One of the date input's three fields, named as in its ids (`deadline-day`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl DatePart {
    pub const ALL: [DatePart; 3] = [DatePart::Day, DatePart::Month, DatePart::Year];

    pub fn name(self) -> &'static str {
        match self {
            DatePart::Day => "day",
            DatePart::Month => "month",
            DatePart::Year => "year",
        }
    }
}

/// Why the typed deadline is not a date, in the design system's order of checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineProblem {
    /// Nothing typed in any part.
    Blank,
    /// Some parts left blank (never all three).
    Missing(Vec<DatePart>),
    /// The year is not four digits.
    ShortYear,
    /// The parts are not numbers, or not a day that exists.
    NotReal,
}

impl DeadlineProblem {
    /// The design system's message for the problem.
    pub fn message(&self) -> String {
        match self {
            DeadlineProblem::Blank => "Enter the deadline for returns".into(),
            DeadlineProblem::Missing(parts) => {
                format!("Deadline must include a {}", parts.iter().map(|p| p.name()).collect::<Vec<_>>().join(" and a "))
            }
            DeadlineProblem::ShortYear => "Year must include 4 numbers".into(),
            DeadlineProblem::NotReal => "Deadline must be a real date".into(),
        }
    }

    /// The parts to mark as in error; the error summary links to the first.
    pub fn parts(&self) -> Vec<DatePart> {
        match self {
            DeadlineProblem::Missing(parts) => parts.clone(),
            DeadlineProblem::ShortYear => vec![DatePart::Year],
            DeadlineProblem::Blank | DeadlineProblem::NotReal => DatePart::ALL.to_vec(),
        }
    }
}

/// The deadline from the date input's day, month and year as typed (spaces around allowed).
pub fn parse_deadline(day: &str, month: &str, year: &str) -> Result<NaiveDate, DeadlineProblem> {
    let parts = [(DatePart::Day, day.trim()), (DatePart::Month, month.trim()), (DatePart::Year, year.trim())];
    let missing: Vec<DatePart> = parts.iter().filter(|(_, v)| v.is_empty()).map(|(p, _)| *p).collect();
    if missing.len() == parts.len() {
        return Err(DeadlineProblem::Blank);
    }
    if !missing.is_empty() {
        return Err(DeadlineProblem::Missing(missing));
    }
    let [d, m, y] = parts.map(|(_, v)| v);
    // Digits only: Rust's integer parsing takes a sign, so "-201" would be a year BC.
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !digits(y) {
        return Err(DeadlineProblem::ShortYear);
    }
    let number = |s: &str| digits(s).then(|| s.parse::<u32>().ok()).flatten();
    let (Some(d), Some(m), Some(y)) = (number(d), number(m), number(y)) else {
        return Err(DeadlineProblem::NotReal);
    };
    // Four digits always fit an i32 year.
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DeadlineProblem::NotReal)
}

pub fn deadline_has_passed(deadline: NaiveDate, today: NaiveDate) -> bool {
    deadline < today
}

/// A return is overdue once its deadline has passed and until it is submitted (or approved):
/// one rule for the chase list, the tasks panel and its counts. `state` is None for a return
/// not started.
pub fn is_overdue(deadline: NaiveDate, today: NaiveDate, state: Option<ReturnState>) -> bool {
    deadline_has_passed(deadline, today) && !matches!(state, Some(ReturnState::Submitted | ReturnState::Approved))
}

/// A return is chased (an exception in the report, a line of the dashboard's chase panel)
/// when it is overdue (`is_overdue`) or was sent back for changes, whatever the date: one rule
/// for both. `state` is None for a return not started.
pub fn is_chased(overdue: bool, state: Option<ReturnState>) -> bool {
    overdue || state == Some(ReturnState::Returned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DatePart::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_deadline_has_passed_only_once_its_day_is_over() {
        let today = d(2026, 12, 1);
        // (deadline, passed)
        let cases = [(d(2026, 11, 30), true), (d(2016, 10, 31), true), (d(2026, 12, 1), false), (d(2026, 12, 2), false)];
        for (deadline, passed) in cases {
            assert_eq!(deadline_has_passed(deadline, today), passed, "{deadline}");
        }
    }

    #[test]
    fn a_return_is_overdue_after_its_deadline_day_until_it_is_submitted() {
        let deadline = d(2016, 10, 31);
        let after = d(2016, 11, 1);
        // (today, state, overdue, why)
        let cases = [
            (deadline, None, false, "due on the day itself is not overdue"),
            (d(2016, 10, 30), Some(ReturnState::Draft), false, "before the deadline"),
            (after, None, true, "not started, the day after"),
            (after, Some(ReturnState::Draft), true, "a draft, the day after"),
            (after, Some(ReturnState::Returned), true, "sent back for changes is due again"),
            (after, Some(ReturnState::Submitted), false, "submitted is handed in"),
            (after, Some(ReturnState::Approved), false, "approved is handed in"),
            (d(2017, 1, 1), None, true, "across a year end"),
        ];
        for (today, state, overdue, why) in cases {
            assert_eq!(is_overdue(deadline, today, state), overdue, "{why}");
        }
    }

    #[test]
    fn a_return_is_chased_when_overdue_or_sent_back_and_not_otherwise() {
        // (overdue, state, chased, why)
        let cases = [
            (true, None, true, "overdue and not started"),
            (true, Some(ReturnState::Draft), true, "overdue draft"),
            (false, Some(ReturnState::Returned), true, "sent back, even before the deadline"),
            (false, None, false, "not started, not yet due"),
            (false, Some(ReturnState::Draft), false, "a draft not yet due"),
            (false, Some(ReturnState::Submitted), false, "submitted"),
            (false, Some(ReturnState::Approved), false, "approved"),
        ];
        for (overdue, state, chased, why) in cases {
            assert_eq!(is_chased(overdue, state), chased, "{why}");
        }
    }

    #[test]
    fn deadlines_that_are_real_dates_are_read_with_spaces_and_leading_zeros() {
        // (day, month, year, date)
        let cases = [
            (" 31 ", "10", "2016", d(2016, 10, 31)),
            ("29", "2", "2016", d(2016, 2, 29)),
            ("29", "02", "2000", d(2000, 2, 29)),
            ("01", "01", "2017", d(2017, 1, 1)),
            ("31", "12", "9999", d(9999, 12, 31)),
        ];
        for (day, month, year, date) in cases {
            assert_eq!(parse_deadline(day, month, year), Ok(date), "{day}/{month}/{year}");
        }
    }

    #[test]
    fn deadlines_that_are_not_dates_get_a_message_and_the_parts_to_mark() {
        // (day, month, year, message, parts marked, why)
        let cases = [
            ("", "", "", "Enter the deadline for returns", vec![Day, Month, Year], "all blank"),
            (" ", "\t", "  ", "Enter the deadline for returns", vec![Day, Month, Year], "only spaces is blank"),
            ("31", "", "2016", "Deadline must include a month", vec![Month], "no month"),
            ("", "10", "", "Deadline must include a day and a year", vec![Day, Year], "two parts blank"),
            ("31", "9", "2016", "Deadline must be a real date", vec![Day, Month, Year], "30 days in September"),
            ("29", "2", "2017", "Deadline must be a real date", vec![Day, Month, Year], "29 February in a common year"),
            ("29", "2", "1900", "Deadline must be a real date", vec![Day, Month, Year], "1900 was not a leap year"),
            ("0", "1", "2017", "Deadline must be a real date", vec![Day, Month, Year], "day 0"),
            ("1", "13", "2017", "Deadline must be a real date", vec![Day, Month, Year], "month 13"),
            ("x", "9", "2016", "Deadline must be a real date", vec![Day, Month, Year], "not a number"),
            ("1", "9", "16", "Year must include 4 numbers", vec![Year], "two-digit year"),
            ("1", "9", "20167", "Year must include 4 numbers", vec![Year], "five-digit year"),
            ("1", "9", "-201", "Year must include 4 numbers", vec![Year], "a sign is not a number of the year"),
            ("1", "9", "+201", "Year must include 4 numbers", vec![Year], "nor is a plus"),
            ("+1", "9", "2016", "Deadline must be a real date", vec![Day, Month, Year], "a signed day"),
            ("1", "9", "２０１６", "Year must include 4 numbers", vec![Year], "digits of another script"),
        ];
        for (day, month, year, message, parts, why) in cases {
            let e = parse_deadline(day, month, year).unwrap_err();
            assert_eq!((e.message().as_str(), e.parts()), (message, parts), "{why}");
        }
    }
}
