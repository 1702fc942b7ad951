//! Dates as people read and type them: one display format on every page (the NHS style,
//! "30 September 2016"), and the NHS.UK date input's three fields parsed with its messages.

use chrono::{NaiveDate, NaiveDateTime};

/// "30 September 2016": the one way a date is shown, on every page.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "26 November 2026 at 10:15" from a stored timestamp (`YYYY-MM-DD HH:MM:SS`, UTC), with
/// the same date part as [`long_date`]; text that is not such a timestamp is shown as stored.
pub fn long_date_time(stamp: &str) -> String {
    NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S")
        .map(|t| format!("{} at {}", long_date(t.date()), t.format("%H:%M")))
        .unwrap_or_else(|_| stamp.to_string())
}

/// The parts of the NHS.UK date input, in the order they appear.
pub const DATE_PARTS: [&str; 3] = ["day", "month", "year"];

/// What is wrong with a date as typed: the NHS message, and the parts to mark (the error
/// summary links to the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    pub message: String,
    pub parts: Vec<&'static str>,
}

/// The date typed in the three fields of an NHS.UK date input, `what` naming it in messages
/// ("Date delivered"). All three blank is `Ok(None)`: the caller decides if it is required.
pub fn parse_date_input(what: &str, day: &str, month: &str, year: &str) -> Result<Option<NaiveDate>, DateProblem> {
    let typed = [day.trim(), month.trim(), year.trim()];
    let missing: Vec<&'static str> = DATE_PARTS.iter().zip(typed).filter(|(_, v)| v.is_empty()).map(|(p, _)| *p).collect();
    if missing.len() == DATE_PARTS.len() {
        return Ok(None);
    }
    if !missing.is_empty() {
        return Err(DateProblem { message: format!("{what} must include a {}", missing.join(" and a ")), parts: missing });
    }
    let [d, m, y] = typed;
    if y.len() != 4 || !y.chars().all(|c| c.is_ascii_digit()) {
        return Err(DateProblem { message: "Year must include 4 numbers".into(), parts: vec!["year"] });
    }
    let real = || DateProblem { message: format!("{what} must be a real date"), parts: DATE_PARTS.to_vec() };
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else { return Err(real()) };
    NaiveDate::from_ymd_opt(y, m, d).map(Some).ok_or_else(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_show_in_the_nhs_style() {
        let d = NaiveDate::from_ymd_opt(2016, 9, 30).unwrap();
        assert_eq!(long_date(d), "30 September 2016");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2017, 3, 1).unwrap()), "1 March 2017");
        assert_eq!(long_date_time("2026-11-26 10:15:42"), "26 November 2026 at 10:15");
        assert_eq!(long_date_time("yesterday"), "yesterday");
    }

    #[test]
    fn the_date_input_gives_the_nhs_message_for_each_problem() {
        let what = "Date delivered";
        assert_eq!(parse_date_input(what, " 30", "9 ", "2016"), Ok(NaiveDate::from_ymd_opt(2016, 9, 30)));
        assert_eq!(parse_date_input(what, "", " ", ""), Ok(None));
        // (day, month, year, message, parts marked)
        let cases = [
            ("31", "02", "2017", "Date delivered must be a real date", vec!["day", "month", "year"]),
            ("x", "9", "2016", "Date delivered must be a real date", vec!["day", "month", "year"]),
            ("3", "", "2017", "Date delivered must include a month", vec!["month"]),
            ("", "", "2017", "Date delivered must include a day and a month", vec!["day", "month"]),
            ("3", "4", "17", "Year must include 4 numbers", vec!["year"]),
        ];
        for (d, m, y, message, parts) in cases {
            assert_eq!(parse_date_input(what, d, m, y), Err(DateProblem { message: message.into(), parts }), "{d}/{m}/{y}");
        }
    }
}
