//! NHS financial years (April to March) and their quarters.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// A financial year, stored as the calendar year it starts in: 2016 is 2016/17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// The financial year a date falls in (1 April starts a new one).
    pub fn containing(date: NaiveDate) -> Self {
        use chrono::Datelike;
        if date.month() >= 4 {
            FinancialYear(date.year())
        } else {
            FinancialYear(date.year() - 1)
        }
    }

    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A quarter of a financial year, written `2016-17-q1` in URLs and `2016/17 Q1` for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodCode {
    pub year: FinancialYear,
    pub quarter: u8,
}

impl PeriodCode {
    /// The quarter a database `period_key` (financial year x 10 + quarter, 20162) stands for.
    pub fn from_key(key: i32) -> Option<PeriodCode> {
        let quarter = u8::try_from(key.rem_euclid(10)).ok().filter(|q| (1..=4).contains(q))?;
        Some(PeriodCode { year: FinancialYear(key.div_euclid(10)), quarter })
    }

    pub fn label(self) -> String {
        format!("{} Q{}", self.year.label(), self.quarter)
    }

    /// First and last day of the quarter: Q1 is April to June, Q4 January to March.
    pub fn dates(self) -> (NaiveDate, NaiveDate) {
        let y = self.year.0;
        let (start, end) = match self.quarter {
            1 => ((y, 4, 1), (y, 6, 30)),
            2 => ((y, 7, 1), (y, 9, 30)),
            3 => ((y, 10, 1), (y, 12, 31)),
            _ => ((y + 1, 1, 1), (y + 1, 3, 31)),
        };
        let d = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).expect("valid quarter date");
        (d(start), d(end))
    }
}

impl fmt::Display for PeriodCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}-q{}", self.year.0, (self.year.0 + 1) % 100, self.quarter)
    }
}

/// Serialised as its code (`2016-17-q1`), as URLs and the database write it.
impl serde::Serialize for PeriodCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Read back from its code, so a frozen report's facts deserialise to the same quarter.
impl<'de> serde::Deserialize<'de> for PeriodCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for PeriodCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a period like 2016-17-q1");
        let mut parts = s.split('-');
        let (Some(a), Some(b), Some(q), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let year: i32 = a.parse().map_err(|_| bad())?;
        let next: i32 = b.parse().map_err(|_| bad())?;
        let quarter: u8 = q.strip_prefix('q').and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        if a.len() != 4 || b.len() != 2 || next != (year + 1) % 100 || !(1..=4).contains(&quarter) {
            return Err(bad());
        }
        Ok(PeriodCode { year: FinancialYear(year), quarter })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_key_reads_back_as_its_quarter_and_nothing_else_does() {
        assert_eq!(PeriodCode::from_key(20162), Some(PeriodCode { year: FinancialYear(2016), quarter: 2 }));
        assert_eq!(PeriodCode::from_key(20170), None);
        assert_eq!(PeriodCode::from_key(20165), None);
    }

    #[test]
    fn period_codes_parse_print_and_know_their_dates() {
        let p: PeriodCode = "2016-17-q4".parse().unwrap();
        assert_eq!(p.to_string(), "2016-17-q4");
        assert_eq!(p.label(), "2016/17 Q4");
        assert_eq!(p.dates().0, NaiveDate::from_ymd_opt(2017, 1, 1).unwrap());
        assert_eq!(p.dates().1, NaiveDate::from_ymd_opt(2017, 3, 31).unwrap());
        assert_eq!("1999-00-q1".parse::<PeriodCode>().unwrap().label(), "1999/00 Q1");
    }

    #[test]
    fn malformed_period_codes_are_refused() {
        for bad in ["2016-18-q1", "2016-17-q5", "2016-17", "16-17-q1", "2016-17-Q1x", ""] {
            assert!(bad.parse::<PeriodCode>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn financial_year_starts_in_april() {
        let d = |m| NaiveDate::from_ymd_opt(2017, m, 1).unwrap();
        assert_eq!(FinancialYear::containing(d(3)), FinancialYear(2016));
        assert_eq!(FinancialYear::containing(d(4)), FinancialYear(2017));
        assert_eq!(FinancialYear(2016).label(), "2016/17");
    }
}
