//! Digital maturity scores: one answer per theme of the framework in force, a score on its
//! scale or "not assessed".

use super::{answered, dma_range, figure_change, FigureWrite, Section};
use super::{Cell, FormPart, Legend, SectionTable};
use crate::domain::values::format_number;
use crate::returns::compare::Change;
use crate::returns::diff::{ordered, FieldChange, NOT_ENTERED};
use crate::returns::fields::{not_assessed, score};
use crate::returns::figures::{DmaEntry, DmaFigures, SectionFigures};
use crate::returns::form::{bare_number, number_text, FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

pub struct Dma;

fn value(e: Option<&DmaEntry>) -> Option<f64> {
    match e {
        Some(DmaEntry::Score(v)) => Some(*v),
        _ => None,
    }
}

impl Section for Dma {
    type Figures = DmaFigures;
    const KIND: SectionKind = SectionKind::Dma;
    const CODE: &'static str = "dma";
    const SLUG: &'static str = "dma";
    const TITLE: &'static str = "Digital maturity scores";

    fn wrap(figures: DmaFigures) -> SectionFigures {
        SectionFigures::Dma(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&DmaFigures> {
        match figures {
            SectionFigures::Dma(f) => Some(f),
            _ => None,
        }
    }

    fn applies(&self, t: &ReturnTemplate) -> bool {
        t.framework.is_some()
    }

    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        t.framework.iter().flat_map(|f| f.themes.iter()).flat_map(|t| [score(&t.code), not_assessed(&t.code)]).collect()
    }

    fn to_raw(&self, _: &ReturnTemplate, f: &DmaFigures, raw: &mut RawForm) {
        for (code, entry) in &f.scores {
            match entry {
                DmaEntry::Score(v) => raw.set(score(code), number_text(Some(*v))),
                DmaEntry::NotAssessed => raw.set(not_assessed(code), "yes"),
            }
        }
    }

    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> DmaFigures {
        let mut out = DmaFigures::default();
        let Some(framework) = &t.framework else { return out };
        for t in &framework.themes {
            let (field, typed) = (score(&t.code), raw.get(&score(&t.code)));
            match (typed.trim().is_empty(), raw.is_checked(&not_assessed(&t.code))) {
                (true, true) => {
                    out.scores.insert(t.code.clone(), DmaEntry::NotAssessed);
                }
                (true, false) => {}
                (false, true) => errors.add(field, format!("Enter a score for {} or select not assessed, not both", t.name)),
                // Spaces and a "%" around the number are how people type it, not a wrong score.
                (false, false) => match framework.scale.score(bare_number(typed)) {
                    Ok(s) => {
                        out.scores.insert(t.code.clone(), DmaEntry::Score(s.value()));
                    }
                    Err(_) => errors.add(
                        field,
                        format!(
                            "Score for {} must be a whole step from {} on the {} scale",
                            t.name,
                            framework.scale.range_text(),
                            framework.name
                        ),
                    ),
                },
            }
        }
        out
    }

    fn missing(&self, t: &ReturnTemplate, f: &DmaFigures) -> Vec<(String, String)> {
        t.framework
            .iter()
            .flat_map(|f| f.themes.iter())
            .filter(|th| !f.scores.contains_key(&th.code))
            .map(|th| (score(&th.code), format!("Enter a score for {}, or select not assessed", th.name)))
            .collect()
    }

    fn compare(&self, t: &ReturnTemplate, before: Option<&DmaFigures>, after: &DmaFigures, threshold: f64) -> Vec<Change> {
        let range = dma_range(t);
        t.framework
            .iter()
            .flat_map(|f| f.themes.iter())
            .filter_map(|th| {
                let (b, a) = (before.and_then(|b| b.scores.get(&th.code)), after.scores.get(&th.code));
                // Not assessed and not entered are both "None", yet a change of answer.
                (b != a).then(|| figure_change(Self::KIND, th.name.clone(), (value(b), value(a)), range, threshold, ""))?
            })
            .collect()
    }

    fn diff(&self, t: &ReturnTemplate, b: &DmaFigures, a: &DmaFigures) -> Vec<FieldChange> {
        let themes = t.framework.iter().flat_map(|f| f.themes.iter().map(|th| th.code.as_str()));
        let text = |e: Option<&DmaEntry>| match e {
            Some(DmaEntry::Score(v)) => format_number(*v),
            Some(DmaEntry::NotAssessed) => "Not assessed".to_string(),
            None => NOT_ENTERED.to_string(),
        };
        ordered(themes, b.scores.keys().chain(a.scores.keys()).map(String::as_str))
            .into_iter()
            .filter_map(|code| {
                let name = t.theme(code).map_or_else(|| code.to_string(), |th| th.name.clone());
                FieldChange::if_changed(name, text(b.scores.get(code)), text(a.scores.get(code)))
            })
            .collect()
    }

    fn summary(&self, t: &ReturnTemplate, f: &DmaFigures) -> String {
        let asked = t.framework.as_ref().map_or(0, |f| f.themes.len());
        let not_assessed =
            t.framework.iter().flat_map(|fw| fw.themes.iter()).filter(|th| f.scores.get(&th.code) == Some(&DmaEntry::NotAssessed)).count();
        format!("{} themes answered, {not_assessed} not assessed", answered(asked, self.missing(t, f).len()))
    }

    fn figure_writes(&self, _: &ReturnTemplate, f: &DmaFigures) -> Vec<FigureWrite> {
        f.scores.iter().map(|(theme, e)| FigureWrite::DmaScore { theme: theme.clone(), score: value(Some(e)) }).collect()
    }

    /// A fieldset per group of themes, each theme's score beside its "not assessed" box.
    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        let Some(framework) = &t.framework else { return vec![] };
        let hint = format!("A whole number from {} on the {} scale.", framework.scale.range_text(), framework.name);
        let suffix = (framework.scale.max == 100.0).then_some("%");
        let mut groups: Vec<(String, Vec<FormPart>)> = Vec::new();
        for th in &framework.themes {
            if groups.last().is_none_or(|(g, _)| g != &th.group) {
                groups.push((th.group.clone(), Vec::new()));
            }
            let pair = FormPart::Paired(vec![
                FormPart::TextBox {
                    id: score(&th.code),
                    label: th.name.clone(),
                    hint: Some(hint.clone()),
                    width: "nhsuk-input--width-3",
                    suffix,
                },
                FormPart::Checkbox { id: not_assessed(&th.code), label: format!("{} not assessed", th.name) },
            ]);
            groups.last_mut().expect("just pushed").1.push(pair);
        }
        groups.into_iter().map(|(legend, parts)| FormPart::Fieldset { legend, size: Legend::M, class: None, parts }).collect()
    }

    fn table(&self, t: &ReturnTemplate, f: &DmaFigures) -> SectionTable {
        let rows = t
            .framework
            .iter()
            .flat_map(|fw| fw.themes.iter())
            .map(|th| {
                let value = match f.scores.get(&th.code) {
                    Some(DmaEntry::Score(v)) => format_number(*v),
                    Some(DmaEntry::NotAssessed) => "Not assessed".into(),
                    None => NOT_ENTERED.into(),
                };
                vec![Cell::Text(th.name.clone()), Cell::Text(value)]
            })
            .collect();
        SectionTable::Table { caption: Self::TITLE, headings: &["Theme", "Score"], rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::compare::{compare, Flag};
    use crate::returns::diff::diff_section;
    use crate::returns::figures::ReturnFigures;
    use crate::returns::parse::parse;
    use crate::returns::sections::test_support::{raw, template};
    use crate::returns::template::ThemeItem;

    fn dma(entries: &[(&str, DmaEntry)]) -> DmaFigures {
        DmaFigures { scores: entries.iter().map(|(k, v)| (k.to_string(), *v)).collect() }
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
    fn a_score_with_a_percent_sign_reads_as_the_number_and_blanks_are_not_answers() {
        let t = template();
        let mut errors = FieldErrors::default();
        let f = Dma.parse(&t, &raw(&[("score-records", " 40% "), ("score-leadership", "   ")]), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f, dma(&[("records", DmaEntry::Score(40.0))]));
        assert_eq!(
            Dma.missing(&t, &f),
            vec![("score-leadership".to_string(), "Enter a score for LEADERSHIP, or select not assessed".to_string())]
        );
    }

    #[test]
    fn a_section_without_a_framework_asks_nothing_and_is_left_out() {
        let mut t = template();
        t.framework = None;
        assert!(!Dma.applies(&t));
        assert!(Dma.missing(&t, &DmaFigures::default()).is_empty());
        let mut errors = FieldErrors::default();
        assert_eq!(Dma.parse(&t, &raw(&[("score-records", "40")]), &mut errors), DmaFigures::default());
    }

    #[test]
    fn a_score_that_becomes_not_assessed_is_a_drop_and_one_newly_assessed_is_no_flag() {
        let t = template();
        let before = dma(&[("records", DmaEntry::Score(40.0)), ("leadership", DmaEntry::NotAssessed)]);
        let after = dma(&[("records", DmaEntry::NotAssessed), ("leadership", DmaEntry::Score(30.0))]);
        let changes = Dma.compare(&t, Some(&before), &after, 10.0);
        let got: Vec<_> = changes.iter().map(|c| (c.item.as_str(), c.before.as_str(), c.after.as_str(), c.flag)).collect();
        assert_eq!(got, vec![("RECORDS", "40", "None", Some(Flag::Dropped)), ("LEADERSHIP", "None", "30", None)]);
        // Not entered -> not assessed is a change of answer with no figure on either side.
        let changes = Dma.compare(&t, None, &dma(&[("records", DmaEntry::NotAssessed)]), 10.0);
        assert!(changes.is_empty(), "no figure either side: {changes:?}");
    }

    #[test]
    fn approval_writes_each_answered_theme_and_not_assessed_as_no_score() {
        let f = dma(&[("records", DmaEntry::Score(40.0)), ("leadership", DmaEntry::NotAssessed)]);
        assert_eq!(
            Dma.figure_writes(&template(), &f),
            vec![
                FigureWrite::DmaScore { theme: "leadership".into(), score: None },
                FigureWrite::DmaScore { theme: "records".into(), score: Some(40.0) },
            ]
        );
        assert_eq!(Dma.summary(&template(), &f), "2 of 2 themes answered, 1 not assessed");
    }

    fn scale_template(max: f64) -> ReturnTemplate {
        let mut t = template();
        let theme = |code: &str| ThemeItem { code: code.into(), name: code.into(), group: "G".into(), pf_poc: false };
        let framework = t.framework.as_mut().unwrap();
        framework.scale.max = max;
        framework.themes = vec![theme("a"), theme("b"), theme("c"), theme("d")];
        t
    }

    fn dma_return(entries: &[(&str, DmaEntry)]) -> ReturnFigures {
        let mut f = ReturnFigures::default();
        f.insert(SectionFigures::Dma(dma(entries)));
        f
    }

    #[test]
    fn drops_and_large_rises_are_flagged_small_moves_are_not() {
        let before = dma_return(&[
            ("a", DmaEntry::Score(50.0)),
            ("b", DmaEntry::Score(50.0)),
            ("c", DmaEntry::Score(50.0)),
            ("d", DmaEntry::Score(50.0)),
        ]);
        let after = dma_return(&[
            ("a", DmaEntry::Score(49.0)),
            ("b", DmaEntry::Score(55.0)),
            ("c", DmaEntry::Score(61.0)),
            ("d", DmaEntry::NotAssessed),
        ]);
        let changes = compare(&scale_template(100.0), &before, &after, 10.0);
        let flag = |item: &str| changes.iter().find(|c| c.item == item).map(|c| (c.delta, c.flag));
        assert_eq!(flag("a"), Some((Some(-1.0), Some(Flag::Dropped))));
        assert_eq!(flag("b"), Some((Some(5.0), None)));
        assert_eq!(flag("c"), Some((Some(11.0), Some(Flag::LargeRise))));
        assert_eq!(flag("d"), Some((None, Some(Flag::Dropped))), "no longer assessed counts as a drop");
        // The same threshold on a 1-5 scale is 0.4 of a level: a one-level rise is large.
        let small =
            compare(&scale_template(5.0), &dma_return(&[("a", DmaEntry::Score(2.0))]), &dma_return(&[("a", DmaEntry::Score(3.0))]), 10.0);
        assert_eq!(small[0].flag, Some(Flag::LargeRise));
    }

    #[test]
    fn only_changed_scores_are_listed_by_theme_name_in_the_frameworks_order() {
        let mut t = template();
        let names = [("records", "Records, Assessments & Plans"), ("assets", "Asset & Resource Optimisation")];
        t.framework.as_mut().unwrap().themes =
            names.iter().map(|(c, n)| ThemeItem { code: c.to_string(), name: n.to_string(), group: "G".into(), pf_poc: true }).collect();
        let before = SectionFigures::Dma(dma(&[("records", DmaEntry::Score(12.0)), ("assets", DmaEntry::Score(35.0))]));
        let after = SectionFigures::Dma(dma(&[
            ("records", DmaEntry::Score(25.0)),
            ("assets", DmaEntry::Score(35.0)),
            ("retired", DmaEntry::NotAssessed),
        ]));
        let changes = diff_section(&t, Some(&before), &after);
        let words: Vec<_> = changes.iter().map(|c| format!("{}: {} → {}", c.field, c.before, c.after)).collect();
        assert_eq!(words, vec!["Records, Assessments & Plans: 12 → 25", "retired: Not entered → Not assessed"]);
        assert!(diff_section(&t, Some(&after), &after).is_empty(), "nothing changed, nothing listed");
    }
}
