//! The form fields of each section, named after the natural codes they hold
//! (`score-records`, `completeness-4d`, `plan-records-2017`), and how stored figures are put
//! back into them (each section's file in `sections/` says which fields it has). Field names
//! double as element ids, so the error summary can link to them.

use super::figures::SectionFigures;
use super::form::RawForm;
use super::template::ReturnTemplate;
use super::SectionKind;

pub const COMPLETED: &str = "completed";
pub const VERSION: &str = "version";
pub const COMMENTARY: &str = "commentary";
/// Fields every form carries that are not figures.
pub const HOUSEKEEPING: [&str; 3] = ["csrf_token", VERSION, COMPLETED];

pub fn score(theme: &str) -> String {
    format!("score-{theme}")
}
pub fn not_assessed(theme: &str) -> String {
    format!("not-assessed-{theme}")
}
pub fn plan(theme: &str, year: i32) -> String {
    format!("plan-{theme}-{year}")
}
pub fn completeness(aim: &str) -> String {
    format!("completeness-{aim}")
}
/// The "No data" box beside an aim's completeness.
pub fn no_data(aim: &str) -> String {
    format!("no-data-{aim}")
}
pub fn rag(aim: &str) -> String {
    format!("rag-{aim}")
}
pub fn narrative(aim: &str) -> String {
    format!("narrative-{aim}")
}
pub fn goal(aim: &str, year: i32) -> String {
    format!("goal-{aim}-{year}")
}
pub fn measure(index: usize) -> String {
    format!("measure-{index}")
}

/// The stored figures as form text, ready to show. Each deployment has its own form
/// (`deployments::to_raw`).
pub fn to_raw(template: &ReturnTemplate, figures: &SectionFigures) -> RawForm {
    figures.section().to_raw(template, figures)
}

/// Every figure field name a section's form may carry (deployment rows aside).
pub fn expected(template: &ReturnTemplate, kind: SectionKind) -> Vec<String> {
    kind.section().fields(template)
}
