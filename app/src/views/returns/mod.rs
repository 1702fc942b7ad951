//! Return pages: the chase list and queue, one return's task list and review, its sections.

pub mod chase_list;
pub mod comparison;
pub mod deployments;
pub mod inputs;
pub mod read_only;
pub mod return_page;
pub mod review;
pub mod section_form;

use crate::domain::PeriodCode;
use crate::returns::diff::FieldChange;
use crate::returns::Subject;

/// `/returns/2016-17-q2/RTE`: where a subject's return for a quarter lives.
pub fn return_path(period: PeriodCode, subject: &Subject) -> String {
    format!("/returns/{period}/{}", subject.code())
}

/// Somebody saved a section after this person opened it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub saved_by: String,
    pub saved_at: String,
    /// Every field where their saved version (before) and what this person typed (after)
    /// differ, texts included.
    pub changes: Vec<FieldChange>,
}
