//! Tests of parsing a section's form and of what a section still lacks.
use super::*;
use crate::domain::{FinancialYear, PeriodCode, Scale};
use crate::returns::template::{AimItem, FrameworkTemplate, MeasureItem, ThemeItem};

pub(crate) fn template() -> ReturnTemplate {
    let theme = |code: &str, pf_poc| ThemeItem { code: code.into(), name: code.to_uppercase(), group: "G".into(), pf_poc };
    ReturnTemplate {
        period: PeriodCode { year: FinancialYear(2016), quarter: 2 },
        framework: Some(FrameworkTemplate {
            id: 1,
            name: "DMA".into(),
            scale: Scale { min: 0.0, max: 100.0, step: 1.0 },
            themes: vec![theme("records", true), theme("leadership", false)],
        }),
        aims: vec![AimItem { code: "4d".into(), text: "Aim".into(), capability: "C".into() }],
        measures: vec![MeasureItem {
            code: "nhs-number".into(),
            name: "NHS number".into(),
            unit: "percent".into(),
            qualifier: String::new(),
        }],
        deployment_ids: vec![7],
    }
}

pub(crate) fn raw(pairs: &[(&str, &str)]) -> RawForm {
    RawForm::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

#[test]
fn a_half_done_section_saves_but_cannot_be_marked_complete() {
    let t = template();
    let form = raw(&[("score-records", "40"), ("completed", "no")]);
    let parsed = parse(&t, SectionKind::Dma, &form).unwrap();
    assert!(!parsed.completed);
    let SectionFigures::Dma(f) = &parsed.figures else { panic!() };
    assert_eq!(f.scores.get("records"), Some(&DmaEntry::Score(40.0)));
    assert_eq!(f.scores.get("leadership"), None);

    let done = raw(&[("score-records", "40"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Dma, &done).err().unwrap();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].field, "score-leadership");
    let ok = raw(&[("score-records", "40"), ("not-assessed-leadership", "yes"), ("completed", "yes")]);
    assert!(parse(&t, SectionKind::Dma, &ok).unwrap().completed);
}

#[test]
fn bad_values_are_refused_with_a_message_per_field() {
    let t = template();
    type Case<'a> = (SectionKind, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 8] = [
        (SectionKind::Dma, &[("score-records", "101")], "score-records"),
        (SectionKind::Dma, &[("score-records", "4.5")], "score-records"),
        (SectionKind::Dma, &[("score-records", "40"), ("not-assessed-records", "yes")], "score-records"),
        (SectionKind::Dma, &[("score-unknown", "40")], ""),
        (SectionKind::Aims, &[("completeness-4d", "120")], "completeness-4d"),
        (SectionKind::Aims, &[("rag-4d", "purple")], "rag-4d"),
        (SectionKind::Measures, &[("measure-0", "-3")], "measure-0"),
        (SectionKind::Deployments, &[("d1-title", "A row of the old stacked form")], ""),
    ];
    for (kind, fields, field) in cases {
        let mut pairs = fields.to_vec();
        pairs.push(("completed", "no"));
        let errors = parse(&t, kind, &raw(&pairs)).err().unwrap_or_else(|| panic!("{fields:?} should be refused"));
        assert!(errors.0.iter().any(|e| e.field == field), "{fields:?}: {errors:?}");
    }
    let missing_answer = parse(&t, SectionKind::Commentary, &raw(&[("commentary", "x")])).err().unwrap();
    assert_eq!(missing_answer.0[0].field, "completed");
}

fn fields_of(errors: &FieldErrors) -> Vec<&str> {
    errors.0.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_format_error_and_a_missing_answer_are_reported_in_one_round_one_message_per_field() {
    let t = template();
    let dma = raw(&[("score-records", "abc"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Dma, &dma).err().unwrap();
    assert_eq!(fields_of(&errors), ["score-records", "score-leadership"]);
    assert!(errors.0[0].message.contains("must be a whole step"), "the format error, not 'missing': {errors:?}");
    assert!(errors.0[1].message.contains("Enter a score for LEADERSHIP"));

    let aims = raw(&[("completeness-4d", "lots"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Aims, &aims).err().unwrap();
    assert_eq!(fields_of(&errors), ["completeness-4d", "rag-4d"]);
    assert_eq!(errors.0[1].message, "Select a RAG status for aim 4d");

    // Saved as not complete, only the format error counts.
    let draft = raw(&[("score-records", "abc"), ("completed", "no")]);
    assert_eq!(fields_of(&parse(&t, SectionKind::Dma, &draft).err().unwrap()), ["score-records"]);
}

#[test]
fn errors_are_listed_in_the_order_of_the_form() {
    let t = template();
    // Leadership's format error is found while parsing, records' gap only afterwards; the
    // summary still follows the form, where records comes first.
    let form = raw(&[("score-leadership", "200"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Dma, &form).err().unwrap();
    assert_eq!(fields_of(&errors), ["score-records", "score-leadership"]);
}

#[test]
fn a_completed_commentary_must_say_something() {
    let t = template();
    for text in ["", "   \n  "] {
        let errors = parse(&t, SectionKind::Commentary, &raw(&[("commentary", text), ("completed", "yes")])).err().unwrap();
        assert_eq!(errors.0.len(), 1);
        assert_eq!((errors.0[0].field.as_str(), errors.0[0].message.as_str()), ("commentary", "Enter a commentary for the Steering Group"));
    }
    assert!(parse(&t, SectionKind::Commentary, &raw(&[("commentary", ""), ("completed", "no")])).is_ok(), "a draft may be empty");
    assert!(parse(&t, SectionKind::Commentary, &raw(&[("commentary", "On track"), ("completed", "yes")])).unwrap().completed);
    assert_eq!(missing(&t, &SectionFigures::Commentary(Commentary::default())).len(), 1);
}

#[test]
fn an_aim_can_be_no_data_which_answers_it_but_not_alongside_a_figure() {
    let t = template();
    let form = raw(&[("no-data-4d", "yes"), ("rag-4d", "amber"), ("completed", "yes")]);
    let parsed = parse(&t, SectionKind::Aims, &form).unwrap();
    let SectionFigures::Aims(f) = &parsed.figures else { panic!() };
    assert_eq!((f.aims["4d"].completeness, f.aims["4d"].no_data), (None, true));
    assert!(missing(&t, &parsed.figures).is_empty(), "no data counts as answered");
    // Shown again as it was chosen.
    let again = fields::to_raw(&t, &parsed.figures);
    assert_eq!((again.get("no-data-4d"), again.get("completeness-4d")), ("yes", ""));

    let both = raw(&[("completeness-4d", "0"), ("no-data-4d", "yes"), ("rag-4d", "amber"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Aims, &both).err().unwrap();
    assert_eq!(fields_of(&errors), ["completeness-4d"]);
    assert_eq!(errors.0[0].message, "Enter the completeness of aim 4d or select no data, not both");

    let neither = raw(&[("rag-4d", "amber"), ("completed", "yes")]);
    let errors = parse(&t, SectionKind::Aims, &neither).err().unwrap();
    assert_eq!(errors.0[0].message, "Enter the completeness of aim 4d, or select no data");
}

#[test]
fn a_section_stored_as_completed_with_an_answer_missing_is_in_progress() {
    let t = template();
    let empty = SectionFigures::Commentary(Commentary::default());
    let said = SectionFigures::Commentary(Commentary { text: "On track".into() });
    assert_eq!(section_status(&t, SectionStatus::Completed, &empty), SectionStatus::InProgress);
    assert_eq!(section_status(&t, SectionStatus::Completed, &said), SectionStatus::Completed);
    assert_eq!(section_status(&t, SectionStatus::NotStarted, &empty), SectionStatus::NotStarted);
}
