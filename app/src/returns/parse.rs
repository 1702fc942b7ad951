//! Parse a section's form into its typed figures, or a message per field; and list what a
//! section still lacks. A section may be saved half-done; marking it completed requires
//! every item answered, and a return is submitted only when every section is completed.

use std::collections::HashSet;

use super::fields::{self, COMMENTARY, COMPLETED, HOUSEKEEPING};
use super::figures::*;
use super::form::{parse_number, parse_percent, FieldErrors, RawForm};
use super::template::ReturnTemplate;
use super::SectionKind;
use crate::domain::Rag;

const NARRATIVE_MAX: usize = 1000;
const COMMENTARY_MAX: usize = 5000;

/// A section's answers as typed, and whether the person says it is complete.
pub struct ParsedSection {
    pub figures: SectionFigures,
    pub completed: bool,
}

pub fn parse(template: &ReturnTemplate, kind: SectionKind, raw: &RawForm) -> Result<ParsedSection, FieldErrors> {
    let mut errors = FieldErrors::default();
    reject_unknown_fields(template, kind, raw, &mut errors);
    let figures = match kind {
        SectionKind::Dma => SectionFigures::Dma(parse_dma(template, raw, &mut errors)),
        SectionKind::Trajectory => SectionFigures::Trajectory(parse_trajectory(template, raw, &mut errors)),
        SectionKind::Aims => SectionFigures::Aims(parse_aims(template, raw, false, &mut errors)),
        SectionKind::FootprintAims => SectionFigures::FootprintAims(parse_aims(template, raw, true, &mut errors)),
        // Deployments are changed one by one (`deployments.rs`); this form only says whether the
        // section is complete, and the saved list is kept as it is.
        SectionKind::Deployments => SectionFigures::Deployments(DeploymentFigures::default()),
        SectionKind::Measures => SectionFigures::Measures(parse_measures(template, raw, &mut errors)),
        SectionKind::Commentary => {
            let text = raw.get(COMMENTARY).trim().to_string();
            if text.chars().count() > COMMENTARY_MAX {
                errors.add(COMMENTARY, format!("Commentary must be {COMMENTARY_MAX} characters or fewer"));
            }
            SectionFigures::Commentary(Commentary { text })
        }
    };
    let completed = match raw.get(COMPLETED) {
        "yes" => true,
        "no" => false,
        _ => {
            errors.add(COMPLETED, "Select whether you have completed this section");
            false
        }
    };
    if completed && errors.is_empty() {
        for (field, message) in missing(template, &figures) {
            errors.add(field, message);
        }
    }
    if errors.is_empty() {
        Ok(ParsedSection { figures, completed })
    } else {
        Err(errors)
    }
}

/// What a section still lacks: (field id, message), in form order.
pub fn missing(template: &ReturnTemplate, figures: &SectionFigures) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match figures {
        SectionFigures::Dma(f) => {
            for t in template.framework.iter().flat_map(|f| f.themes.iter()) {
                if !f.scores.contains_key(&t.code) {
                    out.push((fields::score(&t.code), format!("Enter a score for {}, or select not assessed", t.name)));
                }
            }
        }
        SectionFigures::Trajectory(f) => {
            for t in template.trajectory_themes() {
                for y in template.plan_years() {
                    if f.planned.get(&t.code).and_then(|p| p.get(&y.0)).is_none() {
                        out.push((fields::plan(&t.code, y.0), format!("Enter the planned score for {} in {}", t.name, y.label())));
                    }
                }
            }
        }
        SectionFigures::Aims(f) | SectionFigures::FootprintAims(f) => {
            for a in &template.aims {
                let entry = f.aims.get(&a.code);
                if entry.and_then(|e| e.completeness).is_none() {
                    out.push((fields::completeness(&a.code), format!("Enter the completeness of aim {}", a.code)));
                }
                if entry.and_then(|e| e.rag.as_ref()).is_none() {
                    out.push((fields::rag(&a.code), format!("Select a RAG status for aim {}", a.code)));
                }
            }
        }
        SectionFigures::Measures(f) => {
            for (i, m) in template.measures.iter().enumerate() {
                if f.value(&m.code, &m.qualifier).is_none() {
                    out.push((fields::measure(i), format!("Enter a figure for {}", m.label())));
                }
            }
        }
        SectionFigures::Deployments(_) | SectionFigures::Commentary(_) => {}
    }
    out
}

fn reject_unknown_fields(template: &ReturnTemplate, kind: SectionKind, raw: &RawForm, errors: &mut FieldErrors) {
    let expected: HashSet<String> = fields::expected(template, kind).into_iter().collect();
    let unknown: Vec<&String> = raw.0.keys().filter(|k| !HOUSEKEEPING.contains(&k.as_str()) && !expected.contains(*k)).collect();
    if let Some(first) = unknown.first() {
        errors
            .add("", format!("The form had an answer for something this return does not ask ('{first}'). Reload the page and try again."));
    }
}

fn parse_dma(template: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> DmaFigures {
    let mut out = DmaFigures::default();
    let Some(framework) = &template.framework else { return out };
    for t in &framework.themes {
        let (field, typed) = (fields::score(&t.code), raw.get(&fields::score(&t.code)));
        let not_assessed = raw.is_checked(&fields::not_assessed(&t.code));
        match (typed.trim().is_empty(), not_assessed) {
            (true, true) => {
                out.scores.insert(t.code.clone(), DmaEntry::NotAssessed);
            }
            (true, false) => {}
            (false, true) => errors.add(field, format!("Enter a score for {} or select not assessed, not both", t.name)),
            (false, false) => match framework.scale.score(typed.trim_end_matches('%')) {
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

fn parse_trajectory(template: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> TrajectoryFigures {
    let mut out = TrajectoryFigures::default();
    let Some(framework) = &template.framework else { return out };
    for t in template.trajectory_themes() {
        for y in template.plan_years() {
            let field = fields::plan(&t.code, y.0);
            let typed = raw.get(&field).trim();
            if typed.is_empty() {
                continue;
            }
            match framework.scale.score(typed.trim_end_matches('%')) {
                Ok(s) => {
                    out.planned.entry(t.code.clone()).or_default().insert(y.0, s.value());
                }
                Err(_) => errors.add(
                    field,
                    format!("Planned score for {} in {} must be on the scale {}", t.name, y.label(), framework.scale.range_text()),
                ),
            }
        }
    }
    out
}

fn parse_aims(template: &ReturnTemplate, raw: &RawForm, with_goals: bool, errors: &mut FieldErrors) -> AimFigures {
    let mut out = AimFigures::default();
    for a in &template.aims {
        let mut entry = AimEntry::default();
        let field = fields::completeness(&a.code);
        match parse_percent(raw.get(&field), &format!("Completeness of aim {}", a.code)) {
            Ok(v) => entry.completeness = v,
            Err(m) => errors.add(field, m),
        }
        let rag_field = fields::rag(&a.code);
        match raw.get(&rag_field) {
            "" => {}
            code => match Rag::ALL.into_iter().find(|r| r.code() == code) {
                Some(r) => entry.rag = Some(r.code().to_string()),
                None => errors.add(rag_field, format!("Select green, amber or red for aim {}", a.code)),
            },
        }
        let narrative_field = fields::narrative(&a.code);
        entry.narrative = raw.get(&narrative_field).trim().to_string();
        if entry.narrative.chars().count() > NARRATIVE_MAX {
            errors.add(narrative_field, format!("Narrative for aim {} must be {NARRATIVE_MAX} characters or fewer", a.code));
        }
        if with_goals {
            for y in template.plan_years() {
                let field = fields::goal(&a.code, y.0);
                match parse_percent(raw.get(&field), &format!("Goal for aim {} in {}", a.code, y.label())) {
                    Ok(Some(g)) => {
                        entry.goals.insert(y.0, g);
                    }
                    Ok(None) => {}
                    Err(m) => errors.add(field, m),
                }
            }
        }
        if entry != AimEntry::default() {
            out.aims.insert(a.code.clone(), entry);
        }
    }
    out
}

fn parse_measures(template: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> MeasureFigures {
    let mut out = MeasureFigures::default();
    for (i, m) in template.measures.iter().enumerate() {
        let field = fields::measure(i);
        let value = if m.unit == "percent" {
            parse_percent(raw.get(&field), &m.label())
        } else {
            match parse_number(raw.get(&field)) {
                Ok(Some(v)) if v < 0.0 => Err(format!("{} must be 0 or more", m.label())),
                Ok(v) => Ok(v),
                Err(_) => Err(format!("{} must be a number", m.label())),
            }
        };
        match value {
            Ok(value) => out.values.push(MeasureEntry { code: m.code.clone(), qualifier: m.qualifier.clone(), value }),
            Err(msg) => errors.add(field, msg),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
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
}
