//! Parse a section's form into its typed figures, or a message per field; and list what a
//! section still lacks. A section may be saved half-done; marking it completed requires
//! every item answered, and a return is submitted only when every section is completed.

use std::collections::HashSet;

use super::fields::{COMPLETED, HOUSEKEEPING};
use super::figures::SectionFigures;
use super::form::{FieldErrors, RawForm};
use super::template::ReturnTemplate;
use super::{SectionKind, SectionStatus};

/// A section's answers as typed, and whether the person says it is complete.
pub struct ParsedSection {
    pub figures: SectionFigures,
    pub completed: bool,
}

pub fn parse(template: &ReturnTemplate, kind: SectionKind, raw: &RawForm) -> Result<ParsedSection, FieldErrors> {
    let mut errors = FieldErrors::default();
    reject_unknown_fields(template, kind, raw, &mut errors);
    // Deployments are changed one by one (`deployments.rs`); their section's form only
    // says whether it is complete, and the saved list is kept as it is.
    let figures = kind.section().parse(template, raw, &mut errors);
    let completed = match raw.get(COMPLETED) {
        "yes" => true,
        "no" => false,
        _ => {
            errors.add(COMPLETED, "Select whether you have completed this section");
            false
        }
    };
    // Every problem in one round: what is missing as well as what is malformed, but one
    // message per field (a malformed answer is not also reported as missing).
    if completed {
        for (field, message) in missing(template, &figures) {
            if errors.for_field(&field).is_none() {
                errors.add(field, message);
            }
        }
    }
    in_form_order(template, kind, &mut errors);
    if errors.is_empty() {
        Ok(ParsedSection { figures, completed })
    } else {
        Err(errors)
    }
}

/// The error summary lists problems in the order of the form: problems with the form as a
/// whole first, then each field's; fields the order does not name (deployment rows) keep
/// theirs, after.
fn in_form_order(template: &ReturnTemplate, kind: SectionKind, errors: &mut FieldErrors) {
    let order = kind.section().fields(template);
    let rank = |field: &str| match order.iter().position(|f| f == field) {
        _ if field.is_empty() => 0,
        Some(i) => i + 1,
        None => usize::MAX,
    };
    errors.0.sort_by_key(|e| rank(&e.field));
}

/// The status a section really has: "completed" only while nothing is missing (a section
/// stored as completed before a rule was added may lack an answer that rule now asks for).
pub fn section_status(template: &ReturnTemplate, stored: SectionStatus, figures: &SectionFigures) -> SectionStatus {
    if stored == SectionStatus::Completed && !missing(template, figures).is_empty() {
        SectionStatus::InProgress
    } else {
        stored
    }
}

/// What a section still lacks: (field id, message), in form order.
pub fn missing(template: &ReturnTemplate, figures: &SectionFigures) -> Vec<(String, String)> {
    figures.section().missing(template, figures)
}

fn reject_unknown_fields(template: &ReturnTemplate, kind: SectionKind, raw: &RawForm, errors: &mut FieldErrors) {
    let expected: HashSet<String> = kind.section().fields(template).into_iter().collect();
    let unknown: Vec<&String> = raw.0.keys().filter(|k| !HOUSEKEEPING.contains(&k.as_str()) && !expected.contains(*k)).collect();
    if let Some(first) = unknown.first() {
        errors
            .add("", format!("The form had an answer for something this return does not ask ('{first}'). Reload the page and try again."));
    }
}

#[cfg(test)]
mod tests;
