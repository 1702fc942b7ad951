//! Tests of parsing a section's form and of what a section still lacks.
use super::*;
use crate::returns::figures;
use crate::returns::sections::test_support::{raw, template};

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
fn a_section_stored_as_completed_with_an_answer_missing_is_in_progress() {
    let t = template();
    let empty = SectionFigures::Commentary(figures::Commentary::default());
    let said = SectionFigures::Commentary(figures::Commentary { text: "On track".into() });
    assert_eq!(section_status(&t, SectionStatus::Completed, &empty), SectionStatus::InProgress);
    assert_eq!(section_status(&t, SectionStatus::Completed, &said), SectionStatus::Completed);
    assert_eq!(section_status(&t, SectionStatus::NotStarted, &empty), SectionStatus::NotStarted);
}
