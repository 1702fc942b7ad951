//! Tests of the aims section: parsing, "no data", what is missing, the comparison and the
//! difference in words.
use super::*;
use crate::returns::compare::{compare as compare_return, Flag};
use crate::returns::diff::diff_section;
use crate::returns::figures::ReturnFigures;
use crate::returns::parse::{missing as missing_of, parse as parse_section};
use crate::returns::sections::test_support::{raw, template};

fn fields_of(errors: &FieldErrors) -> Vec<&str> {
    errors.0.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_format_error_and_a_missing_rag_are_reported_in_one_round() {
    let t = template();
    let aims = raw(&[("completeness-4d", "lots"), ("completed", "yes")]);
    let errors = parse_section(&t, SectionKind::Aims, &aims).err().unwrap();
    assert_eq!(fields_of(&errors), ["completeness-4d", "rag-4d"]);
    assert_eq!(errors.0[1].message, "Select a RAG status for aim 4d");
}

#[test]
fn an_aim_can_be_no_data_which_answers_it_but_not_alongside_a_figure() {
    let t = template();
    let form = raw(&[("no-data-4d", "yes"), ("rag-4d", "amber"), ("completed", "yes")]);
    let parsed = parse_section(&t, SectionKind::Aims, &form).unwrap();
    let SectionFigures::Aims(f) = &parsed.figures else { panic!() };
    assert_eq!((f.aims["4d"].completeness, f.aims["4d"].no_data), (None, true));
    assert!(missing_of(&t, &parsed.figures).is_empty(), "no data counts as answered");
    // Shown again as it was chosen.
    let again = crate::returns::fields::to_raw(&t, &parsed.figures);
    assert_eq!((again.get("no-data-4d"), again.get("completeness-4d")), ("yes", ""));

    let both = raw(&[("completeness-4d", "0"), ("no-data-4d", "yes"), ("rag-4d", "amber"), ("completed", "yes")]);
    let errors = parse_section(&t, SectionKind::Aims, &both).err().unwrap();
    assert_eq!(fields_of(&errors), ["completeness-4d"]);
    assert_eq!(errors.0[0].message, "Enter the completeness of aim 4d or select no data, not both");

    let neither = raw(&[("rag-4d", "amber"), ("completed", "yes")]);
    let errors = parse_section(&t, SectionKind::Aims, &neither).err().unwrap();
    assert_eq!(errors.0[0].message, "Enter the completeness of aim 4d, or select no data");
}

#[test]
fn an_unanswered_aim_is_not_stored_and_a_long_narrative_is_refused_with_its_aim_named() {
    let t = template();
    let mut errors = FieldErrors::default();
    let f = Aims.parse(&t, &raw(&[("narrative-4d", "   ")]), &mut errors);
    assert!(errors.is_empty() && f.aims.is_empty(), "blank answers store nothing: {f:?}");
    let long = "x".repeat(NARRATIVE_MAX + 1);
    Aims.parse(&t, &raw(&[("narrative-4d", &long)]), &mut errors);
    assert_eq!(fields_of(&errors), ["narrative-4d"]);
    assert_eq!(errors.0[0].message, "Narrative for aim 4d must be 1000 characters or fewer");
    // The RAG is one of the select's codes, never its label.
    let mut errors = FieldErrors::default();
    Aims.parse(&t, &raw(&[("rag-4d", "Green")]), &mut errors);
    assert_eq!(errors.for_field("rag-4d"), Some("Select green, amber or red for aim 4d"));
}

#[test]
fn unchanged_figures_are_not_listed_and_rag_changes_are() {
    let t = template();
    let mut before = ReturnFigures::default();
    let entry = AimEntry { completeness: Some(30.0), ..Default::default() };
    before.insert(SectionFigures::Aims(AimFigures { aims: [("4d".to_string(), entry.clone())].into() }));
    let mut after = ReturnFigures::default();
    let rated = AimEntry { rag: Some("amber".into()), ..entry };
    after.insert(SectionFigures::Aims(AimFigures { aims: [("4d".to_string(), rated)].into() }));
    let changes = compare_return(&t, &before, &after, 10.0);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("Not rated", "Amber"));
}

#[test]
fn an_aim_figure_that_becomes_no_data_says_so_and_counts_as_a_drop() {
    let t = template();
    let aims = |entry: AimEntry| {
        let mut f = ReturnFigures::default();
        f.insert(SectionFigures::FootprintAims(AimFigures { aims: [("4d".to_string(), entry)].into() }));
        f
    };
    let figure = AimEntry { completeness: Some(57.0), ..Default::default() };
    let no_data = AimEntry { no_data: true, ..Default::default() };
    let changes = compare_return(&t, &aims(figure), &aims(no_data.clone()), 10.0);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].before.as_str(), changes[0].after.as_str(), changes[0].flag), ("57 %", "No data", Some(Flag::Dropped)));
    assert!(compare_return(&t, &aims(no_data.clone()), &aims(no_data), 10.0).is_empty());
}

#[test]
fn a_rise_in_completeness_is_flagged_against_a_hundred_whatever_the_dma_scale() {
    let mut t = template();
    t.framework.as_mut().unwrap().scale.max = 5.0;
    let f = |c: f64| AimFigures { aims: [("4d".to_string(), AimEntry { completeness: Some(c), ..Default::default() })].into() };
    assert_eq!(Aims.compare(&t, Some(&f(50.0)), &f(55.0), 10.0)[0].flag, None, "5 points of 100 is small");
    assert_eq!(Aims.compare(&t, Some(&f(50.0)), &f(61.0), 10.0)[0].flag, Some(Flag::LargeRise));
}

#[test]
fn aims_show_completeness_in_percent_and_narratives_as_text() {
    let t = template();
    let entry = |c: f64, narrative: &str| AimEntry { completeness: Some(c), narrative: narrative.into(), ..Default::default() };
    let aims = |e: AimEntry| SectionFigures::Aims(AimFigures { aims: [("4d".to_string(), e)].into() });
    let changes = diff_section(&t, Some(&aims(entry(40.0, "old"))), &aims(entry(55.0, "new")));
    assert_eq!(changes.len(), 2);
    assert_eq!((changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()), ("Aim 4d completeness", "40 %", "55 %"));
    assert_eq!((changes[1].field.as_str(), changes[1].kind), ("Aim 4d narrative", FieldKind::Text));
    let no_data = AimEntry { no_data: true, ..Default::default() };
    let changes = diff_section(&t, Some(&aims(entry(40.0, ""))), &aims(no_data));
    assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("40 %", "No data"), "never 0 % or blank");
}

#[test]
fn approval_writes_no_data_as_no_completeness_and_the_summary_counts_whole_answers() {
    let t = template();
    let f = AimFigures { aims: [("4d".to_string(), AimEntry { no_data: true, rag: Some("amber".into()), ..Default::default() })].into() };
    assert_eq!(
        Aims.figure_writes(&t, &f),
        vec![FigureWrite::AimProgress {
            aim: "4d".into(),
            completeness: None,
            rag: Some(Rag::Amber),
            narrative: String::new(),
            goals: None
        }]
    );
    assert_eq!(Aims.summary(&t, &f), "1 of 1 aims answered");
    assert_eq!(Aims.summary(&t, &AimFigures::default()), "0 of 1 aims answered");
}
