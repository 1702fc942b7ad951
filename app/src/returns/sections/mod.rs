//! A section of a return is one module: everything a section does (its key and title, its
//! form fields, parsing with a message per field, what is missing, the comparison with the
//! last approved figures, the field-by-field difference in words, a summary line and the
//! figures approval writes) is one implementation of [`Section`], in its own file here.
//!
//! [`Section`] is typed: each implementation works on its own figures type, never on the
//! enum of all of them. [`AnySection`] is the same behaviour over [`SectionFigures`], written
//! once for every section by a blanket implementation, so callers dispatch through
//! [`SectionKind::section`] (the one list of sections) instead of matching on the kind.

mod aims;
mod commentary;
mod deployments;
pub mod display;
mod dma;
mod footprint_aims;
mod measures;
mod trajectory;
pub mod writes;

use std::borrow::Cow;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::compare::{Change, Flag};
use super::diff::FieldChange;
use super::figures::SectionFigures;
use super::form::{FieldErrors, RawForm};
use super::template::ReturnTemplate;
use super::SectionKind;
use crate::domain::values::format_number;
pub use aims::Aims;
pub use commentary::Commentary;
pub use deployments::Deployments;
pub use display::{Cell, FormPart, Legend, SectionTable};
pub use dma::Dma;
pub use footprint_aims::FootprintAims;
pub use measures::Measures;
pub use trajectory::Trajectory;
pub use writes::FigureWrite;

/// One section of a return, on its own figures type.
pub trait Section: Sync + 'static {
    type Figures: Clone + PartialEq + Default + Debug + Serialize + DeserializeOwned;
    const KIND: SectionKind;
    /// As stored in `return_sections.section`.
    const CODE: &'static str;
    /// As written in URLs.
    const SLUG: &'static str;
    const TITLE: &'static str;

    fn wrap(figures: Self::Figures) -> SectionFigures;
    /// The figures if they are this section's.
    fn unwrap(figures: &SectionFigures) -> Option<&Self::Figures>;

    /// Whether a return with this template has the section: a part with nothing to ask is
    /// left out (primary care has no DMA framework; a commissioner reports no measures).
    fn applies(&self, t: &ReturnTemplate) -> bool;
    /// Every figure field name the section's form may carry, in form order.
    fn fields(&self, t: &ReturnTemplate) -> Vec<String>;
    /// The stored figures as form text, ready to show.
    fn to_raw(&self, t: &ReturnTemplate, f: &Self::Figures, raw: &mut RawForm);
    /// The form's answers as figures; each malformed answer adds a message for its field.
    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> Self::Figures;
    /// What the section still lacks: (field id, message), in form order.
    fn missing(&self, t: &ReturnTemplate, f: &Self::Figures) -> Vec<(String, String)>;
    /// Changes from the last approved figures (`before`), flagged for the reviewers.
    fn compare(&self, t: &ReturnTemplate, before: Option<&Self::Figures>, after: &Self::Figures, threshold: f64) -> Vec<Change>;
    /// Every field that differs between two versions, in words, in form order.
    fn diff(&self, t: &ReturnTemplate, before: &Self::Figures, after: &Self::Figures) -> Vec<FieldChange>;
    /// One line in words on what the section holds ("12 of 14 themes answered").
    fn summary(&self, t: &ReturnTemplate, f: &Self::Figures) -> String;
    /// The official figures approval writes for the section, as typed values.
    fn figure_writes(&self, t: &ReturnTemplate, f: &Self::Figures) -> Vec<FigureWrite>;
    /// The form's controls, in order (the fields of [`Section::fields`]).
    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart>;
    /// The figures for people who read rather than edit.
    fn table(&self, t: &ReturnTemplate, f: &Self::Figures) -> SectionTable;
    /// Whether the section's own form carries its figures. The deployments form does not: it
    /// only says whether the section is complete, the list is changed row by row.
    fn form_holds_figures(&self) -> bool {
        true
    }
}

/// The behaviour of a section over [`SectionFigures`], for callers that hold a kind.
/// Figures of another section are read as an empty section (callers dispatch on the
/// figures' own kind, so that does not happen).
pub trait AnySection: Sync {
    fn kind(&self) -> SectionKind;
    fn code(&self) -> &'static str;
    fn slug(&self) -> &'static str;
    fn title(&self) -> &'static str;
    fn empty(&self) -> SectionFigures;
    fn to_json(&self, f: &SectionFigures) -> String;
    fn read_json(&self, json: &str) -> Result<SectionFigures, serde_json::Error>;
    fn applies(&self, t: &ReturnTemplate) -> bool;
    fn fields(&self, t: &ReturnTemplate) -> Vec<String>;
    fn to_raw(&self, t: &ReturnTemplate, f: &SectionFigures) -> RawForm;
    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> SectionFigures;
    fn missing(&self, t: &ReturnTemplate, f: &SectionFigures) -> Vec<(String, String)>;
    fn compare(&self, t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures, threshold: f64) -> Vec<Change>;
    fn diff(&self, t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures) -> Vec<FieldChange>;
    fn summary(&self, t: &ReturnTemplate, f: &SectionFigures) -> String;
    fn figure_writes(&self, t: &ReturnTemplate, f: &SectionFigures) -> Vec<FigureWrite>;
    fn form_holds_figures(&self) -> bool;
    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart>;
    fn table(&self, t: &ReturnTemplate, f: &SectionFigures) -> SectionTable;
}

fn typed<S: Section>(f: &SectionFigures) -> Cow<'_, S::Figures> {
    S::unwrap(f).map_or_else(|| Cow::Owned(S::Figures::default()), Cow::Borrowed)
}

impl<S: Section> AnySection for S {
    fn kind(&self) -> SectionKind {
        S::KIND
    }
    fn code(&self) -> &'static str {
        S::CODE
    }
    fn slug(&self) -> &'static str {
        S::SLUG
    }
    fn title(&self) -> &'static str {
        S::TITLE
    }
    fn empty(&self) -> SectionFigures {
        S::wrap(S::Figures::default())
    }
    fn to_json(&self, f: &SectionFigures) -> String {
        serde_json::to_string(typed::<S>(f).as_ref()).expect("section figures always serialise")
    }
    fn read_json(&self, json: &str) -> Result<SectionFigures, serde_json::Error> {
        Ok(S::wrap(serde_json::from_str(json)?))
    }
    fn applies(&self, t: &ReturnTemplate) -> bool {
        Section::applies(self, t)
    }
    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        Section::fields(self, t)
    }
    fn to_raw(&self, t: &ReturnTemplate, f: &SectionFigures) -> RawForm {
        let mut raw = RawForm::default();
        Section::to_raw(self, t, &typed::<S>(f), &mut raw);
        raw
    }
    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> SectionFigures {
        S::wrap(Section::parse(self, t, raw, errors))
    }
    fn missing(&self, t: &ReturnTemplate, f: &SectionFigures) -> Vec<(String, String)> {
        Section::missing(self, t, &typed::<S>(f))
    }
    fn compare(&self, t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures, threshold: f64) -> Vec<Change> {
        Section::compare(self, t, before.and_then(S::unwrap), &typed::<S>(after), threshold)
    }
    fn diff(&self, t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures) -> Vec<FieldChange> {
        let before = before.and_then(S::unwrap).map_or_else(|| Cow::Owned(S::Figures::default()), Cow::Borrowed);
        Section::diff(self, t, &before, &typed::<S>(after))
    }
    fn summary(&self, t: &ReturnTemplate, f: &SectionFigures) -> String {
        Section::summary(self, t, &typed::<S>(f))
    }
    fn figure_writes(&self, t: &ReturnTemplate, f: &SectionFigures) -> Vec<FigureWrite> {
        Section::figure_writes(self, t, &typed::<S>(f))
    }
    fn form_holds_figures(&self) -> bool {
        Section::form_holds_figures(self)
    }
    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        Section::form(self, t)
    }
    fn table(&self, t: &ReturnTemplate, f: &SectionFigures) -> SectionTable {
        Section::table(self, t, &typed::<S>(f))
    }
}

impl SectionKind {
    /// The section's behaviour: the one place that lists which implementation each kind has.
    pub fn section(self) -> &'static dyn AnySection {
        match self {
            SectionKind::Dma => &Dma,
            SectionKind::Trajectory => &Trajectory,
            SectionKind::Aims => &Aims,
            SectionKind::Deployments => &Deployments,
            SectionKind::Measures => &Measures,
            SectionKind::FootprintAims => &FootprintAims,
            SectionKind::Commentary => &Commentary,
        }
    }
}

impl SectionFigures {
    /// The behaviour of the section these figures belong to.
    pub fn section(&self) -> &'static dyn AnySection {
        self.kind().section()
    }
}

/// A number's change from `before` to `after`, flagged when it drops (or is no longer
/// there) or rises by more than `threshold` percent of `range` (the figure's scale); None
/// when it did not change.
pub(crate) fn figure_change(
    section: SectionKind,
    item: String,
    (before, after): (Option<f64>, Option<f64>),
    range: f64,
    threshold: f64,
    unit: &str,
) -> Option<Change> {
    if before == after {
        return None;
    }
    let delta = before.zip(after).map(|(b, a)| a - b);
    let flag = match (before, after) {
        (Some(_), None) => Some(Flag::Dropped),
        _ => delta.and_then(|d| {
            if d < 0.0 {
                Some(Flag::Dropped)
            } else if d > range * threshold / 100.0 {
                Some(Flag::LargeRise)
            } else {
                None
            }
        }),
    };
    let text = |v: Option<f64>| v.map(|v| format!("{}{unit}", format_number(v))).unwrap_or_else(|| "None".into());
    Some(Change { section, item, before: text(before), after: text(after), delta, flag })
}

/// The DMA scale's width, which the framework's scores and plans are flagged against.
pub(crate) fn dma_range(t: &ReturnTemplate) -> f64 {
    t.framework.as_ref().map(|f| f.scale.max - f.scale.min).unwrap_or(100.0)
}

/// A figure as the read-only tables show it, "Not entered" when absent.
pub(crate) fn entered(v: Option<f64>, unit: &str) -> String {
    v.map(|v| format!("{}{unit}", format_number(v))).unwrap_or_else(|| "Not entered".into())
}

/// "2 of 4": how many of a section's answers are given.
pub(crate) fn answered(asked: usize, missing: usize) -> String {
    format!("{} of {asked}", asked.saturating_sub(missing))
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(parts: &[FormPart], out: &mut Vec<String>) {
        for p in parts {
            match p {
                FormPart::Fieldset { parts, .. } | FormPart::Inline(parts) | FormPart::Paired(parts) => ids(parts, out),
                FormPart::TextBox { id, .. }
                | FormPart::Checkbox { id, .. }
                | FormPart::Select { id, .. }
                | FormPart::TextArea { id, .. } => out.push(id.clone()),
            }
        }
    }

    #[test]
    fn every_sections_form_shows_exactly_the_fields_it_parses_in_the_same_order() {
        let t = test_support::template();
        for kind in SectionKind::ALL {
            let mut shown = Vec::new();
            ids(&kind.section().form(&t), &mut shown);
            assert_eq!(shown, kind.section().fields(&t), "{kind:?}");
        }
    }

    #[test]
    fn every_section_round_trips_its_stored_figures_through_its_form() {
        let t = test_support::template();
        let form = test_support::raw(&[
            ("score-records", "40"),
            ("not-assessed-leadership", "yes"),
            ("plan-records-2017", "45"),
            ("completeness-4d", "50"),
            ("rag-4d", "green"),
            ("narrative-4d", "On track"),
            ("goal-4d-2018", "60"),
            ("measure-0", "80"),
            ("commentary", "Fine"),
        ]);
        for kind in SectionKind::ALL {
            let s = kind.section();
            let only_its_own =
                RawForm(form.0.iter().filter(|(k, _)| s.fields(&t).contains(k)).map(|(k, v)| (k.clone(), v.clone())).collect());
            let mut errors = FieldErrors::default();
            let figures = s.parse(&t, &only_its_own, &mut errors);
            assert!(errors.is_empty(), "{kind:?}: {errors:?}");
            assert_eq!(s.parse(&t, &s.to_raw(&t, &figures), &mut errors), figures, "{kind:?}");
            assert_eq!(s.read_json(&s.to_json(&figures)).unwrap(), figures, "{kind:?}");
        }
    }
}
