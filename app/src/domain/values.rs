//! Validated numbers: a score on its framework's scale, a percentage.

use std::fmt;

use super::decimal::Decimal;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValueError {
    #[error("{0} is below the scale minimum {1}")]
    BelowMin(f64, f64),
    #[error("{0} is above the scale maximum {1}")]
    AboveMax(f64, f64),
    #[error("{0} is not a step of {1} on the scale")]
    OffStep(f64, f64),
    #[error("'{0}' is not a number")]
    NotANumber(String),
}

/// A framework's scale: DMA 2016 is 0 to 100 in steps of 1, WGLL DMA 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

impl Scale {
    /// Parse a typed score on this scale, exactly: plain decimal text only (no exponent),
    /// on one of the scale's steps with no tolerance, so 50.0000001 and 1e-7 are refused on
    /// a whole-number scale, and "-0" is 0. Benchmarks may be fractional (78.52); they are
    /// not read through here.
    pub fn score(&self, raw: &str) -> Result<Score, ValueError> {
        let typed = Decimal::parse(raw).ok_or_else(|| ValueError::NotANumber(raw.to_string()))?;
        let v = typed.to_f64();
        let (min, step) = (Decimal::from_f64(self.min), Decimal::from_f64(self.step));
        if min.is_some_and(|min| typed < min) || v < self.min {
            return Err(ValueError::BelowMin(v, self.min));
        }
        if Decimal::from_f64(self.max).is_some_and(|max| typed > max) || v > self.max {
            return Err(ValueError::AboveMax(v, self.max));
        }
        match (min, step) {
            (Some(min), Some(step)) if typed.is_step_from(min, step) => Ok(Score(v)),
            _ => Err(ValueError::OffStep(v, self.step)),
        }
    }
}

impl Scale {
    /// A stored score checked against this scale by the same rule as a typed one, so a
    /// figure read back is a `Score` like one entered.
    pub fn check(&self, v: f64) -> Result<Score, ValueError> {
        self.score(&v.to_string())
    }

    /// "0 to 100", as pages describe the scale.
    pub fn range_text(&self) -> String {
        format!("{} to {}", format_number(self.min), format_number(self.max))
    }
}

/// A DMA score that has been checked against its framework's scale.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
pub struct Score(f64);

impl Score {
    pub fn value(self) -> f64 {
        self.0
    }
}

/// A percentage, 0 to 100 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
pub struct Percent(f64);

impl Percent {
    pub fn new(v: f64) -> Result<Self, ValueError> {
        if !v.is_finite() {
            return Err(ValueError::NotANumber(v.to_string()));
        }
        if v < 0.0 {
            return Err(ValueError::BelowMin(v, 0.0));
        }
        if v > 100.0 {
            return Err(ValueError::AboveMax(v, 100.0));
        }
        Ok(Percent(v))
    }

    /// "83", "83 %" or "85.5%": plain decimal text only, read exactly (see [`Decimal`]).
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let typed = Decimal::parse(raw.trim().trim_end_matches('%')).ok_or_else(|| ValueError::NotANumber(raw.to_string()))?;
        Percent::new(typed.to_f64())
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", format_number(self.0))
    }
}

/// Whole numbers print without decimals (83, not 83.0); others with up to two (78.52).
pub fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DMA: Scale = Scale { min: 0.0, max: 100.0, step: 1.0 };
    const WGLL: Scale = Scale { min: 1.0, max: 5.0, step: 1.0 };

    #[test]
    fn scores_outside_or_between_steps_are_refused_with_a_reason() {
        let cases = [
            (DMA, "101", "above the scale maximum 100"),
            (DMA, "-1", "below the scale minimum 0"),
            (DMA, "12.5", "not a step of 1"),
            (DMA, "twelve", "not a number"),
            (DMA, "NaN", "not a number"),
            (WGLL, "0", "below the scale minimum 1"),
            (WGLL, "6", "above the scale maximum 5"),
        ];
        for (scale, raw, message) in cases {
            let err = scale.score(raw).unwrap_err().to_string();
            assert!(err.contains(message), "{raw}: got '{err}', expected '{message}'");
        }
        assert_eq!(DMA.score(" 12 ").unwrap().value(), 12.0);
        for raw in ["50.0000001", "1e-7", "1e2", "inf", "0x10"] {
            assert!(DMA.score(raw).is_err(), "{raw} must be refused on a whole-number scale");
        }
        let zero = DMA.score("-0").unwrap().value();
        assert!(zero == 0.0 && zero.is_sign_positive(), "-0 is stored as 0");
        assert_eq!(DMA.score("50.000").unwrap().value(), 50.0);
        assert_eq!(WGLL.score("5").unwrap().value(), 5.0);
    }

    #[test]
    fn percentages_are_between_0_and_100() {
        assert_eq!(Percent::parse("83 %").unwrap().value(), 83.0);
        assert!(Percent::parse("100.1").is_err());
        assert!(Percent::parse("-0.5").is_err());
        assert_eq!(Percent::new(85.5).unwrap().to_string(), "85.5 %");
    }

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(format_number(83.0), "83");
        assert_eq!(format_number(78.52), "78.52");
        assert_eq!(format_number(85.5), "85.5");
        assert_eq!(format_number(75.00), "75");
    }
}
