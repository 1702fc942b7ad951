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
    /// a whole-number scale, and "-0" is 0.
    pub fn score(&self, raw: &str) -> Result<Score, ValueError> {
        let typed = Decimal::parse(raw).ok_or_else(|| ValueError::NotANumber(raw.to_string()))?;
        self.on_step(typed)
    }

    /// A stored score (a return's draft, a figure read back) checked against this scale as
    /// strictly as one typed: approval writes only what [`Scale::score`] would admit.
    pub fn score_of(&self, v: f64) -> Result<Score, ValueError> {
        let typed = Decimal::from_f64(v).ok_or_else(|| ValueError::NotANumber(v.to_string()))?;
        self.on_step(typed)
    }

    /// A value that must lie within the scale but need not sit on a step: a peer group's
    /// average (78.52) or the score an answer stands for.
    pub fn within(&self, v: f64) -> Result<f64, ValueError> {
        if v.is_nan() {
            return Err(ValueError::NotANumber(v.to_string()));
        }
        if v < self.min {
            return Err(ValueError::BelowMin(v, self.min));
        }
        if v > self.max {
            return Err(ValueError::AboveMax(v, self.max));
        }
        Ok(v)
    }

    /// The one score check: within the scale, then exactly on a step. Bounds are compared
    /// exactly as decimals and then as floats, so neither rounding can admit a value.
    fn on_step(&self, typed: Decimal) -> Result<Score, ValueError> {
        let v = typed.to_f64();
        let (min, step) = (Decimal::from_f64(self.min), Decimal::from_f64(self.step));
        if min.is_some_and(|min| typed < min) {
            return Err(ValueError::BelowMin(v, self.min));
        }
        if Decimal::from_f64(self.max).is_some_and(|max| typed > max) {
            return Err(ValueError::AboveMax(v, self.max));
        }
        self.within(v)?;
        match (min, step) {
            (Some(min), Some(step)) if typed.is_step_from(min, step) => Ok(Score(v)),
            _ => Err(ValueError::OffStep(v, self.step)),
        }
    }

    /// "0 to 100", as pages describe the scale.
    pub fn range_text(&self) -> String {
        format!("{} to {}", format_number(self.min), format_number(self.max))
    }
}

/// A DMA score that has been checked against its framework's scale: made only by
/// [`Scale::score`] or [`Scale::score_of`].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct Score(f64);

impl Score {
    pub fn value(self) -> f64 {
        self.0
    }
}

/// A percentage, 0 to 100 inclusive: made only by [`Percent::new`] (which [`Percent::parse`]
/// calls), the one place a percentage's range is checked.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct Percent(f64);

impl Percent {
    pub fn new(v: f64) -> Result<Self, ValueError> {
        const SCALE: Scale = Scale { min: 0.0, max: 100.0, step: 0.0 };
        if !v.is_finite() {
            return Err(ValueError::NotANumber(v.to_string()));
        }
        SCALE.within(v).map(Percent)
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
        assert_eq!(Percent::new(0.0).unwrap().value(), 0.0);
        assert_eq!(Percent::new(100.0).unwrap().value(), 100.0);
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(Percent::new(v), Err(ValueError::NotANumber(_))), "{v} is not a percentage");
        }
        assert_eq!(Percent::new(183.0).unwrap_err().to_string(), "183 is above the scale maximum 100");
    }

    #[test]
    fn a_stored_score_is_checked_as_strictly_as_a_typed_one() {
        assert_eq!(DMA.score_of(25.0).unwrap(), DMA.score("25").unwrap());
        assert_eq!(WGLL.score_of(5.0).unwrap().value(), 5.0);
        let cases = [(DMA, 12.5, "not a step of 1"), (DMA, 101.0, "above"), (WGLL, 0.0, "below"), (DMA, f64::NAN, "not a number")];
        for (scale, v, message) in cases {
            let err = scale.score_of(v).unwrap_err().to_string();
            assert!(err.contains(message), "{v}: got '{err}', expected '{message}'");
        }
    }

    #[test]
    fn an_average_need_not_sit_on_a_step_but_must_lie_within_the_scale() {
        assert_eq!(DMA.within(78.52), Ok(78.52));
        assert_eq!(DMA.within(0.0), Ok(0.0));
        assert_eq!(DMA.within(100.0), Ok(100.0));
        assert_eq!(DMA.within(100.5), Err(ValueError::AboveMax(100.5, 100.0)));
        assert_eq!(WGLL.within(0.5), Err(ValueError::BelowMin(0.5, 1.0)));
        assert!(DMA.within(f64::NAN).is_err());
    }

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(format_number(83.0), "83");
        assert_eq!(format_number(78.52), "78.52");
        assert_eq!(format_number(85.5), "85.5");
        assert_eq!(format_number(75.00), "75");
    }
}
