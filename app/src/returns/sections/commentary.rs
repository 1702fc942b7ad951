//! The commentary for the Steering Group: one text, which stays with the return (approval
//! writes no figure from it).

use super::{FigureWrite, Section};
use super::{FormPart, SectionTable};
use crate::returns::compare::Change;
use crate::returns::diff::{FieldChange, FieldKind};
use crate::returns::fields::COMMENTARY;
use crate::returns::figures::{self, SectionFigures};
use crate::returns::form::{FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

const COMMENTARY_MAX: usize = 5000;

pub struct Commentary;

impl Section for Commentary {
    type Figures = figures::Commentary;
    const KIND: SectionKind = SectionKind::Commentary;
    const CODE: &'static str = "commentary";
    const SLUG: &'static str = "commentary";
    const TITLE: &'static str = "Commentary for the Steering Group";

    fn wrap(figures: figures::Commentary) -> SectionFigures {
        SectionFigures::Commentary(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&figures::Commentary> {
        match figures {
            SectionFigures::Commentary(f) => Some(f),
            _ => None,
        }
    }

    fn applies(&self, _: &ReturnTemplate) -> bool {
        true
    }
    fn fields(&self, _: &ReturnTemplate) -> Vec<String> {
        vec![COMMENTARY.to_string()]
    }
    fn to_raw(&self, _: &ReturnTemplate, f: &figures::Commentary, raw: &mut RawForm) {
        raw.set(COMMENTARY, f.text.clone());
    }
    fn parse(&self, _: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> figures::Commentary {
        let text = raw.get(COMMENTARY).trim().to_string();
        if text.chars().count() > COMMENTARY_MAX {
            errors.add(COMMENTARY, format!("Commentary must be {COMMENTARY_MAX} characters or fewer"));
        }
        figures::Commentary { text }
    }
    fn missing(&self, _: &ReturnTemplate, f: &figures::Commentary) -> Vec<(String, String)> {
        if f.text.trim().is_empty() {
            vec![(COMMENTARY.to_string(), "Enter a commentary for the Steering Group".to_string())]
        } else {
            vec![]
        }
    }
    /// A text has no figure to flag; reviewers read it whole, first.
    fn compare(&self, _: &ReturnTemplate, _: Option<&figures::Commentary>, _: &figures::Commentary, _: f64) -> Vec<Change> {
        vec![]
    }
    fn diff(&self, _: &ReturnTemplate, b: &figures::Commentary, a: &figures::Commentary) -> Vec<FieldChange> {
        if b.text == a.text {
            return vec![];
        }
        vec![FieldChange { field: "Commentary".into(), before: b.text.clone(), after: a.text.clone(), kind: FieldKind::Text }]
    }
    fn summary(&self, _: &ReturnTemplate, f: &figures::Commentary) -> String {
        match f.text.split_whitespace().count() {
            0 => "No commentary".to_string(),
            1 => "1 word".to_string(),
            n => format!("{n} words"),
        }
    }
    fn figure_writes(&self, _: &ReturnTemplate, _: &figures::Commentary) -> Vec<FigureWrite> {
        vec![]
    }

    fn form(&self, _: &ReturnTemplate) -> Vec<FormPart> {
        let label = "What should the Steering Group know about this quarter?".to_string();
        vec![FormPart::TextArea { id: COMMENTARY.to_string(), label, rows: 8 }]
    }

    fn table(&self, _: &ReturnTemplate, f: &figures::Commentary) -> SectionTable {
        SectionTable::Text(if f.text.is_empty() { "No commentary.".to_string() } else { f.text.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::diff::diff_section;
    use crate::returns::parse::{missing, parse};
    use crate::returns::sections::test_support::{raw, template};

    #[test]
    fn a_completed_commentary_must_say_something() {
        let t = template();
        for text in ["", "   \n  "] {
            let errors = parse(&t, SectionKind::Commentary, &raw(&[("commentary", text), ("completed", "yes")])).err().unwrap();
            assert_eq!(errors.0.len(), 1);
            assert_eq!(
                (errors.0[0].field.as_str(), errors.0[0].message.as_str()),
                ("commentary", "Enter a commentary for the Steering Group")
            );
        }
        assert!(parse(&t, SectionKind::Commentary, &raw(&[("commentary", ""), ("completed", "no")])).is_ok(), "a draft may be empty");
        assert!(parse(&t, SectionKind::Commentary, &raw(&[("commentary", "On track"), ("completed", "yes")])).unwrap().completed);
        assert_eq!(missing(&t, &SectionFigures::Commentary(figures::Commentary::default())).len(), 1);
    }

    #[test]
    fn a_commentary_is_kept_trimmed_and_refused_past_its_length_whatever_its_completion() {
        let t = template();
        let mut errors = FieldErrors::default();
        assert_eq!(Commentary.parse(&t, &raw(&[("commentary", "  On track \n")]), &mut errors).text, "On track");
        // Characters, not bytes: 5000 accented letters are within the limit.
        assert!(errors.is_empty());
        Commentary.parse(&t, &raw(&[("commentary", &"é".repeat(COMMENTARY_MAX))]), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let long = "x".repeat(COMMENTARY_MAX + 1);
        let refused = parse(&t, SectionKind::Commentary, &raw(&[("commentary", &long), ("completed", "no")])).err().unwrap();
        assert_eq!(refused.for_field("commentary"), Some("Commentary must be 5000 characters or fewer"));
    }

    #[test]
    fn the_commentary_is_a_text_and_a_first_save_compares_with_nothing() {
        let after = SectionFigures::Commentary(figures::Commentary { text: "On track".into() });
        let changes = diff_section(&template(), None, &after);
        assert_eq!(
            changes,
            vec![FieldChange { field: "Commentary".into(), before: String::new(), after: "On track".into(), kind: FieldKind::Text }]
        );
        let f = figures::Commentary { text: "On track".into() };
        assert!(Commentary.compare(&template(), None, &f, 10.0).is_empty(), "reviewers read the text, it is not flagged");
        assert!(Commentary.figure_writes(&template(), &f).is_empty(), "the commentary stays with the return");
        assert_eq!(Commentary.summary(&template(), &f), "2 words");
    }
}
