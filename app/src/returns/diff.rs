//! What changed between two versions of one section, field by field and in words: the
//! audit log's "Records, Assessments & Plans: 12 → 25" and the review page's "changed since
//! it was returned". Unlike `compare` (figures against the last approved ones, with flags),
//! this lists every field that differs, text included, and keys the template does not know
//! (a stored payload may predate the template) under their codes, so no change is hidden.

use std::collections::BTreeSet;

use super::figures::SectionFigures;
use super::template::ReturnTemplate;
use crate::domain::values::format_number;

/// A figure is shown as "before → after"; a text (a narrative, the commentary) as
/// "changed", with both texts to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Figure,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field in words: "Records, Assessments & Plans", "Aim 4a completeness".
    pub field: String,
    pub before: String,
    pub after: String,
    pub kind: FieldKind,
}

impl FieldChange {
    pub(crate) fn figure(field: String, before: String, after: String) -> Self {
        FieldChange { field, before, after, kind: FieldKind::Figure }
    }

    /// A figure's change, or None when its text is the same on both sides.
    pub(crate) fn if_changed(field: String, before: String, after: String) -> Option<Self> {
        (before != after).then(|| Self::figure(field, before, after))
    }
}

pub(crate) const NOT_ENTERED: &str = "Not entered";

/// A number in words for the audit, "Not entered" when absent.
pub(crate) fn number(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| NOT_ENTERED.to_string(), |v| format!("{}{unit}", format_number(v)))
}

/// Codes in the template's order, then any others the two versions hold, sorted.
pub(crate) fn ordered<'a>(known: impl Iterator<Item = &'a str>, held: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let known: Vec<&str> = known.collect();
    let extra: BTreeSet<&str> = held.filter(|c| !known.contains(c)).collect();
    known.into_iter().chain(extra).collect()
}

/// Every field that differs from `before` (None: nothing stored yet) to `after`, in the
/// order the section's form asks them. Two sections of different kinds have nothing to compare.
pub fn diff_section(t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures) -> Vec<FieldChange> {
    let before = before.filter(|b| b.kind() == after.kind());
    after.section().diff(t, before, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::figures::{Commentary, DmaEntry, DmaFigures};
    use crate::returns::sections::test_support::template;

    #[test]
    fn a_version_of_another_section_is_not_compared_and_reads_as_nothing_stored() {
        let dma = SectionFigures::Dma(DmaFigures { scores: [("records".to_string(), DmaEntry::Score(12.0))].into() });
        let commentary = SectionFigures::Commentary(Commentary { text: "On track".into() });
        let changes = diff_section(&template(), Some(&dma), &commentary);
        assert_eq!(changes, diff_section(&template(), None, &commentary));
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("", "On track"));
    }
}
