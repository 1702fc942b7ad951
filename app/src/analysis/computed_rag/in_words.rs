//! Small pieces of wording shared by the rules' sentences and the reasons'.

use crate::domain::values::format_number;
use crate::domain::PeriodCode;

/// "one quarter", "2 quarters": the issue's own phrasing.
pub fn quarters(n: i32) -> String {
    match n {
        1 => "one quarter".to_string(),
        n => format!("{n} quarters"),
    }
}

/// "1 point", "0.5 points" (percentage points or points of a scale: the figure's own unit).
pub fn points(v: f64) -> String {
    let n = format_number(v);
    if n == "1" {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

/// The main reason, then the quarters skipped as not assessed, when there were any.
pub fn with_skipped(main: String, skipped: &[PeriodCode]) -> String {
    if skipped.is_empty() {
        return main;
    }
    let quarters: Vec<String> = skipped.iter().map(|p| p.label()).collect();
    format!("{main}. Not assessed in {}: skipped, not counted as zero", quarters.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_say_them() {
        assert_eq!(quarters(1), "one quarter");
        assert_eq!(quarters(2), "2 quarters");
        assert_eq!(points(1.0), "1 point");
        assert_eq!(points(0.5), "0.5 points");
    }
}
