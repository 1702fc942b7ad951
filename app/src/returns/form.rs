//! Form input as typed: field name -> text, kept verbatim so a refused form shows the user
//! exactly what they entered, and the per-field errors the NHS error summary lists.

use std::collections::BTreeMap;

use crate::domain::values::{format_number, Percent};

/// Fields of a submitted form, or of a form about to be shown. Later duplicates win.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawForm(pub BTreeMap<String, String>);

impl RawForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        RawForm(pairs.into_iter().collect())
    }

    /// What was typed in a field ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.insert(name.into(), value.into());
    }

    pub fn is_checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's id, which the error summary links to; "" for the form as a whole.
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for a field, shown beside it.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

/// Text that is not the number it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// A number's text as people type it, without the spaces around it or a "%" after it.
pub fn bare_number(raw: &str) -> &str {
    raw.trim().trim_end_matches('%').trim()
}

/// A number as people type it: blank is None; "83 %" and "83%" are 83.
pub fn parse_number(raw: &str) -> Result<Option<f64>, Unreadable> {
    let t = bare_number(raw);
    if t.is_empty() {
        return Ok(None);
    }
    // Exact decimal text only: no exponent ("1e-7"), no "inf"; "-0" reads as 0.
    crate::domain::decimal::Decimal::parse(t).map(|d| Some(d.to_f64())).ok_or(Unreadable)
}

/// A percentage 0-100 ([`Percent`], the one range check), with the NHS-style message naming
/// what it is for.
pub fn parse_percent(raw: &str, what: &str) -> Result<Option<f64>, String> {
    match parse_number(raw) {
        Err(Unreadable) => Err(format!("{what} must be a number, like 75")),
        Ok(Some(v)) => Percent::new(v).map(|p| Some(p.value())).map_err(|_| format!("{what} must be between 0 and 100")),
        Ok(None) => Ok(None),
    }
}

/// How a stored number is put back into a text box.
pub fn number_text(v: Option<f64>) -> String {
    v.map(format_number).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_percentages_parse_as_people_type_them() {
        assert_eq!(parse_number(" 83 % "), Ok(Some(83.0)));
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("eighty"), Err(Unreadable));
        assert_eq!(parse_number("NaN"), Err(Unreadable));
        assert!(parse_percent("101", "Completeness").unwrap_err().contains("between 0 and 100"));
        assert!(parse_percent("-1", "Completeness").is_err());
        assert_eq!(parse_percent("0", "Completeness"), Ok(Some(0.0)));
    }
}
