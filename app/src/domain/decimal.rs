//! Exact decimal text as people type it ("12", "85.5", "-0"), read without going through
//! binary floating point first, so that a whole-number scale can refuse 50.0000001 and
//! 1e-7 instead of rounding them onto a step, and "-0" is simply 0.

use std::cmp::Ordering;

/// Digits beyond these are refused: no score or percentage needs them, and the limits keep
/// every comparison inside i128 without overflow.
const MAX_FRACTION_DIGITS: u32 = 9;
const MAX_INTEGER_DIGITS: usize = 15;

/// A decimal number: `units / 10^places`, exactly.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    units: i128,
    places: u32,
}

impl Decimal {
    /// Plain decimal notation only: an optional sign, digits, an optional point and digits.
    /// No exponent, no "inf" or "NaN", no thousands separators. Surrounding spaces are allowed.
    pub fn parse(raw: &str) -> Option<Decimal> {
        let t = raw.trim();
        let (negative, digits) = match t.as_bytes().first()? {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        if whole.trim_start_matches('0').len() > MAX_INTEGER_DIGITS || fraction.len() > MAX_FRACTION_DIGITS as usize {
            return None;
        }
        let text = format!("{whole}{fraction}");
        let magnitude: i128 = if text.is_empty() { 0 } else { text.parse().ok()? };
        // "-0" and "-0.0" are zero: there is no negative zero to store.
        let units = if negative { -magnitude } else { magnitude };
        Some(Decimal { units, places: fraction.len() as u32 })
    }

    /// The decimal a stored scale bound or step stands for (they are short decimals such as
    /// 0, 1, 100 or 0.5; Rust prints a float as the shortest text that reads back the same).
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        Decimal::parse(&format!("{v}"))
    }

    pub fn to_f64(self) -> f64 {
        // Exact for every value that parse admits with up to 15 significant digits.
        let v = self.units as f64 / 10f64.powi(self.places as i32);
        if v == 0.0 {
            0.0
        } else {
            v
        }
    }

    /// Both numbers as units of the same power of ten.
    fn aligned(self, other: Decimal) -> (i128, i128) {
        let places = self.places.max(other.places);
        (self.units * 10i128.pow(places - self.places), other.units * 10i128.pow(places - other.places))
    }

    /// Whether `(self - origin)` is a whole number of `step`s, exactly.
    pub fn is_step_from(self, origin: Decimal, step: Decimal) -> bool {
        let places = self.places.max(origin.places).max(step.places);
        let at = |d: Decimal| d.units * 10i128.pow(places - d.places);
        let step_units = at(step);
        step_units != 0 && (at(self) - at(origin)) % step_units == 0
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = self.aligned(*other);
        a.cmp(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn plain_decimals_parse_exactly() {
        assert_eq!(d("12").to_f64(), 12.0);
        assert_eq!(d(" 85.5 ").to_f64(), 85.5);
        assert_eq!(d("+3").to_f64(), 3.0);
        assert_eq!(d(".5").to_f64(), 0.5);
        assert_eq!(d("5.").to_f64(), 5.0);
        assert_eq!(d("007").to_f64(), 7.0);
        assert_eq!(d("50.0000001"), d("50.0000001"));
        assert!(d("50.0000001") > d("50"));
        assert_eq!(d("50.0"), d("50"));
    }

    #[test]
    fn minus_zero_is_zero() {
        for s in ["-0", "-0.0", "-.0"] {
            let v = d(s).to_f64();
            assert_eq!(v, 0.0);
            assert!(v.is_sign_positive(), "{s} must not store as -0.0");
        }
    }

    #[test]
    fn anything_but_plain_decimal_notation_is_refused() {
        for s in ["", " ", "-", ".", "1e-7", "1E2", "inf", "NaN", "0x10", "1,000", "1.2.3", "--1", "1 2", "١٢", "12%"] {
            assert!(Decimal::parse(s).is_none(), "{s:?} should be refused");
        }
        assert!(Decimal::parse("1.0000000001").is_none(), "more than nine decimal places");
        assert!(Decimal::parse("1234567890123456").is_none(), "more than fifteen whole digits");
    }

    #[test]
    fn steps_are_checked_without_float_tolerance() {
        let (zero, one, half) = (d("0"), d("1"), d("0.5"));
        assert!(d("50").is_step_from(zero, one));
        assert!(d("50.000").is_step_from(zero, one));
        assert!(!d("50.0000001").is_step_from(zero, one));
        assert!(!d("0.000000001").is_step_from(zero, one));
        assert!(d("2.5").is_step_from(d("1"), half));
        assert!(!d("2.25").is_step_from(d("1"), half));
        assert_eq!(Decimal::from_f64(0.5), Some(half));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
    }
}
