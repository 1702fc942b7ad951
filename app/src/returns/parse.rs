//! Parse a section's form into its typed figures, or a message per field; and list what a
//! section still lacks. A section may be saved half-done; marking it completed requires
//! every item answered, and a return is submitted only when every section is completed.

use std::collections::HashSet;

use super::fields::{self, COMMENTARY, COMPLETED, HOUSEKEEPING};
use super::figures::*;
use super::form::{parse_number, parse_percent, FieldErrors, RawForm};
use super::template::ReturnTemplate;
use super::{SectionKind, SectionStatus};
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
    // Every problem in one round: what is missing as well as what is malformed, but one
    // message per field (a malformed answer is not also reported as missing).
    if completed {
        for (field, message) in missing(template, &figures) {
            if errors.for_field(&field).is_none() {
                errors.add(field, message);
            }
        }
    }
    in_form_order(template, kind, &mut errors);
    if errors.is_empty() {
        Ok(ParsedSection { figures, completed })
    } else {
        Err(errors)
    }
}

/// The error summary lists problems in the order of the form: problems with the form as a
/// whole first, then each field's; fields the order does not name (deployment rows) keep
/// theirs, after.
fn in_form_order(template: &ReturnTemplate, kind: SectionKind, errors: &mut FieldErrors) {
    let order = fields::expected(template, kind);
    let rank = |field: &str| match order.iter().position(|f| f == field) {
        _ if field.is_empty() => 0,
        Some(i) => i + 1,
        None => usize::MAX,
    };
    errors.0.sort_by_key(|e| rank(&e.field));
}

/// The status a section really has: "completed" only while nothing is missing (a section
/// stored as completed before a rule was added may lack an answer that rule now asks for).
pub fn section_status(template: &ReturnTemplate, stored: SectionStatus, figures: &SectionFigures) -> SectionStatus {
    if stored == SectionStatus::Completed && !missing(template, figures).is_empty() {
        SectionStatus::InProgress
    } else {
        stored
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
                if !entry.is_some_and(|e| e.completeness.is_some() || e.no_data) {
                    out.push((fields::completeness(&a.code), format!("Enter the completeness of aim {}, or select no data", a.code)));
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
        SectionFigures::Commentary(c) => {
            if c.text.trim().is_empty() {
                out.push((COMMENTARY.to_string(), "Enter a commentary for the Steering Group".to_string()));
            }
        }
        SectionFigures::Deployments(_) => {}
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
        let no_data = raw.is_checked(&fields::no_data(&a.code));
        match parse_percent(raw.get(&field), &format!("Completeness of aim {}", a.code)) {
            Ok(Some(_)) if no_data => errors.add(field, format!("Enter the completeness of aim {} or select no data, not both", a.code)),
            Ok(v) => {
                entry.completeness = v;
                entry.no_data = no_data;
            }
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
pub(crate) mod tests;
