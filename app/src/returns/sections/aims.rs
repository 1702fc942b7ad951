//! Universal capability aims: each aim's completeness (or "no data"), RAG status and
//! narrative. The footprint's Table 5 (`footprint_aims.rs`) asks the same and goals by
//! year, so both sections are built from the functions here.

use std::collections::BTreeSet;

use super::{answered, figure_change, FigureWrite, Section};
use super::{entered, Cell, FormPart, Legend, SectionTable};
use crate::domain::values::format_number;
use crate::domain::{FinancialYear, Percent, Rag};
use crate::returns::compare::{rag_text, Change};
use crate::returns::diff::{number, ordered, FieldChange, FieldKind};
use crate::returns::fields::{completeness, goal, narrative, no_data, rag};
use crate::returns::figures::{AimEntry, AimFigures, SectionFigures};
use crate::returns::form::{number_text, parse_percent, FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

const NARRATIVE_MAX: usize = 1000;

pub struct Aims;

impl Section for Aims {
    type Figures = AimFigures;
    const KIND: SectionKind = SectionKind::Aims;
    const CODE: &'static str = "aims";
    const SLUG: &'static str = "aims";
    const TITLE: &'static str = "Universal capability aims";

    fn wrap(figures: AimFigures) -> SectionFigures {
        SectionFigures::Aims(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&AimFigures> {
        match figures {
            SectionFigures::Aims(f) => Some(f),
            _ => None,
        }
    }
    fn applies(&self, t: &ReturnTemplate) -> bool {
        !t.aims.is_empty()
    }
    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        fields(t, false)
    }
    fn to_raw(&self, _: &ReturnTemplate, f: &AimFigures, raw: &mut RawForm) {
        to_raw(f, raw)
    }
    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> AimFigures {
        parse(t, raw, false, errors)
    }
    fn missing(&self, t: &ReturnTemplate, f: &AimFigures) -> Vec<(String, String)> {
        missing(t, f)
    }
    fn compare(&self, t: &ReturnTemplate, before: Option<&AimFigures>, after: &AimFigures, threshold: f64) -> Vec<Change> {
        compare(Self::KIND, t, before, after, threshold)
    }
    fn diff(&self, t: &ReturnTemplate, before: &AimFigures, after: &AimFigures) -> Vec<FieldChange> {
        diff(t, before, after)
    }
    fn summary(&self, t: &ReturnTemplate, f: &AimFigures) -> String {
        summary(t, f)
    }
    fn figure_writes(&self, _: &ReturnTemplate, f: &AimFigures) -> Vec<FigureWrite> {
        writes(f, false)
    }

    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        form(t, false)
    }
    fn table(&self, t: &ReturnTemplate, f: &AimFigures) -> SectionTable {
        table(t, f)
    }
}

/// The aims' fields, each aim's in the order its fieldset shows them.
pub(super) fn fields(t: &ReturnTemplate, with_goals: bool) -> Vec<String> {
    let years = t.plan_years();
    t.aims
        .iter()
        .flat_map(|a| {
            let goals = years.iter().filter(|_| with_goals).map(|y| goal(&a.code, y.0)).collect::<Vec<_>>();
            [completeness(&a.code), no_data(&a.code), rag(&a.code)].into_iter().chain(goals).chain([narrative(&a.code)])
        })
        .collect()
}

pub(super) fn to_raw(f: &AimFigures, raw: &mut RawForm) {
    for (code, a) in &f.aims {
        raw.set(completeness(code), number_text(a.completeness));
        if a.no_data {
            raw.set(no_data(code), "yes");
        }
        raw.set(rag(code), a.rag.clone().unwrap_or_default());
        raw.set(narrative(code), a.narrative.clone());
        for (year, g) in &a.goals {
            raw.set(goal(code, *year), number_text(Some(*g)));
        }
    }
}

pub(super) fn parse(t: &ReturnTemplate, raw: &RawForm, with_goals: bool, errors: &mut FieldErrors) -> AimFigures {
    let mut out = AimFigures::default();
    for a in &t.aims {
        let mut entry = AimEntry::default();
        let field = completeness(&a.code);
        let no_data = raw.is_checked(&no_data(&a.code));
        match parse_percent(raw.get(&field), &format!("Completeness of aim {}", a.code)) {
            Ok(Some(_)) if no_data => errors.add(field, format!("Enter the completeness of aim {} or select no data, not both", a.code)),
            Ok(v) => {
                entry.completeness = v;
                entry.no_data = no_data;
            }
            Err(m) => errors.add(field, m),
        }
        let rag_field = rag(&a.code);
        match raw.get(&rag_field) {
            "" => {}
            code => match Rag::ALL.into_iter().find(|r| r.code() == code) {
                Some(r) => entry.rag = Some(r.code().to_string()),
                None => errors.add(rag_field, format!("Select green, amber or red for aim {}", a.code)),
            },
        }
        let narrative_field = narrative(&a.code);
        entry.narrative = raw.get(&narrative_field).trim().to_string();
        if entry.narrative.chars().count() > NARRATIVE_MAX {
            errors.add(narrative_field, format!("Narrative for aim {} must be {NARRATIVE_MAX} characters or fewer", a.code));
        }
        if with_goals {
            for y in t.plan_years() {
                let field = goal(&a.code, y.0);
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

/// Completeness (a figure or "no data") and a RAG status for every aim; goals and the
/// narrative are optional.
pub(super) fn missing(t: &ReturnTemplate, f: &AimFigures) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &t.aims {
        let entry = f.aims.get(&a.code);
        if !has_completeness(entry) {
            out.push((completeness(&a.code), format!("Enter the completeness of aim {}, or select no data", a.code)));
        }
        if !has_rag(entry) {
            out.push((rag(&a.code), format!("Select a RAG status for aim {}", a.code)));
        }
    }
    out
}

fn has_completeness(e: Option<&AimEntry>) -> bool {
    e.is_some_and(|e| e.completeness.is_some() || e.no_data)
}

fn has_rag(e: Option<&AimEntry>) -> bool {
    e.is_some_and(|e| e.rag.is_some())
}

pub(super) fn compare(
    kind: SectionKind,
    t: &ReturnTemplate,
    before: Option<&AimFigures>,
    after: &AimFigures,
    threshold: f64,
) -> Vec<Change> {
    let mut out = Vec::new();
    for aim in &t.aims {
        let (be, ae) = (before.and_then(|b| b.aims.get(&aim.code)), after.aims.get(&aim.code));
        let values = (be.and_then(|e| e.completeness), ae.and_then(|e| e.completeness));
        let completeness = figure_change(kind, format!("Aim {} completeness", aim.code), values, 100.0, threshold, " %");
        // "No data" is an answer, and says so, never "None" (nor a change when both sides say it).
        out.extend(completeness.map(|mut c| {
            for (text, side) in [(&mut c.before, be), (&mut c.after, ae)] {
                if side.is_some_and(|e| e.no_data) {
                    *text = "No data".into();
                }
            }
            c
        }));
        let rag = |e: Option<&AimEntry>| rag_text(e.and_then(|e| e.rag.as_deref()));
        if rag(be) != rag(ae) {
            let item = format!("Aim {} RAG", aim.code);
            out.push(Change { section: kind, item, before: rag(be), after: rag(ae), delta: None, flag: None });
        }
    }
    out
}

pub(super) fn diff(t: &ReturnTemplate, b: &AimFigures, a: &AimFigures) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let aims = t.aims.iter().map(|x| x.code.as_str());
    for code in ordered(aims, b.aims.keys().chain(a.aims.keys()).map(String::as_str)) {
        diff_aim(&mut out, code, b.aims.get(code), a.aims.get(code));
    }
    out
}

fn diff_aim(out: &mut Vec<FieldChange>, code: &str, b: Option<&AimEntry>, a: Option<&AimEntry>) {
    let mut push = |field: String, before: String, after: String, kind| {
        if before != after {
            out.push(FieldChange { field, before, after, kind });
        }
    };
    let completeness = |e: Option<&AimEntry>| match e {
        Some(e) if e.no_data => "No data".to_string(),
        _ => number(e.and_then(|e| e.completeness), " %"),
    };
    push(format!("Aim {code} completeness"), completeness(b), completeness(a), FieldKind::Figure);
    let rag = |e: Option<&AimEntry>| rag_text(e.and_then(|e| e.rag.as_deref()));
    push(format!("Aim {code} RAG"), rag(b), rag(a), FieldKind::Figure);
    let narrative = |e: Option<&AimEntry>| e.map(|e| e.narrative.clone()).unwrap_or_default();
    push(format!("Aim {code} narrative"), narrative(b), narrative(a), FieldKind::Text);
    let years: BTreeSet<i32> = b.into_iter().chain(a).flat_map(|e| e.goals.keys().copied()).collect();
    for y in years {
        let goal = |e: Option<&AimEntry>| number(e.and_then(|e| e.goals.get(&y).copied()), " %");
        push(format!("Aim {code} goal for {}", FinancialYear(y).label()), goal(b), goal(a), FieldKind::Figure);
    }
}

pub(super) fn summary(t: &ReturnTemplate, f: &AimFigures) -> String {
    let lacking = t.aims.iter().map(|a| f.aims.get(&a.code)).filter(|e| !has_completeness(*e) || !has_rag(*e)).count();
    format!("{} aims answered", answered(t.aims.len(), lacking))
}

/// A fieldset per aim: completeness beside "no data", the RAG status (and the goals), then
/// the narrative.
pub(super) fn form(t: &ReturnTemplate, with_goals: bool) -> Vec<FormPart> {
    let rags: Vec<(String, String)> = Rag::ALL.iter().map(|r| (r.code().to_string(), r.label().to_string())).collect();
    let years = t.plan_years();
    t.aims
        .iter()
        .map(|a| {
            let mut inline = vec![
                FormPart::Paired(vec![
                    FormPart::TextBox {
                        id: completeness(&a.code),
                        label: "Completeness".into(),
                        hint: None,
                        width: "nhsuk-input--width-3",
                        suffix: Some("%"),
                    },
                    FormPart::Checkbox { id: no_data(&a.code), label: "No data".into() },
                ]),
                FormPart::Select { id: rag(&a.code), label: "RAG status".into(), blank: "Not rated", options: rags.clone() },
            ];
            inline.extend(years.iter().filter(|_| with_goals).map(|y| FormPart::TextBox {
                id: goal(&a.code, y.0),
                label: format!("Goal for {}", y.label()),
                hint: None,
                width: "nhsuk-input--width-3",
                suffix: Some("%"),
            }));
            let parts = vec![FormPart::Inline(inline), FormPart::TextArea { id: narrative(&a.code), label: "Narrative".into(), rows: 2 }];
            FormPart::Fieldset { legend: format!("Aim {}: {}", a.code, a.text), size: Legend::S, class: Some("ldr-aim"), parts }
        })
        .collect()
}

/// Each aim with its completeness, RAG, narrative and (Table 5) goals.
pub(super) fn table(t: &ReturnTemplate, f: &AimFigures) -> SectionTable {
    let rows = t
        .aims
        .iter()
        .map(|a| {
            let e = f.aims.get(&a.code).cloned().unwrap_or_default();
            let goals = e
                .goals
                .iter()
                .map(|(y, g)| format!("{}: {} %", FinancialYear(*y).label(), format_number(*g)))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                Cell::Text(format!("{}: {}", a.code, a.text)),
                Cell::Text(if e.no_data { "No data".to_string() } else { entered(e.completeness, " %") }),
                Cell::Rag(e.rag.as_deref().and_then(|r| Rag::ALL.into_iter().find(|x| x.code() == r))),
                Cell::Text(if goals.is_empty() { e.narrative.clone() } else { format!("{} Goals: {goals}", e.narrative) }),
            ]
        })
        .collect();
    SectionTable::Table { caption: "Progress on the aims", headings: &["Aim", "Completeness", "RAG", "Narrative"], rows }
}

/// Each aim's progress; "no data" is written as no completeness, as the figure tables
/// record it. Goals replace the aim's goals only in the footprint's return.
pub(super) fn writes(f: &AimFigures, with_goals: bool) -> Vec<FigureWrite> {
    // Parsing admitted only 0-100, so a figure that is not a percentage is not written.
    let percent = |v: f64| Percent::new(v).ok();
    f.aims
        .iter()
        .map(|(aim, e)| FigureWrite::AimProgress {
            aim: aim.clone(),
            completeness: if e.no_data { None } else { e.completeness.and_then(percent) },
            rag: e.rag.as_deref().and_then(|r| r.parse::<Rag>().ok()),
            narrative: e.narrative.clone(),
            goals: with_goals.then(|| e.goals.iter().filter_map(|(y, g)| Some((FinancialYear(*y), percent(*g)?))).collect()),
        })
        .collect()
}

#[cfg(test)]
mod tests;
