//! Other measures: a figure for each measure the organisation reports (a percentage, a
//! count or a score), in the template's order.

use super::{answered, figure_change, FigureWrite, Section};
use super::{entered, Cell, FormPart, SectionTable};
use crate::returns::compare::Change;
use crate::returns::diff::{number, FieldChange};
use crate::returns::fields::measure;
use crate::returns::figures::{MeasureEntry, MeasureFigures, SectionFigures};
use crate::returns::form::{number_text, parse_number, parse_percent, FieldErrors, RawForm};
use crate::returns::template::{MeasureItem, ReturnTemplate};
use crate::returns::SectionKind;

pub struct Measures;

fn unit(m: &MeasureItem) -> &'static str {
    if m.unit == "percent" {
        " %"
    } else {
        ""
    }
}

impl Section for Measures {
    type Figures = MeasureFigures;
    const KIND: SectionKind = SectionKind::Measures;
    const CODE: &'static str = "measures";
    const SLUG: &'static str = "measures";
    const TITLE: &'static str = "Other measures";

    fn wrap(figures: MeasureFigures) -> SectionFigures {
        SectionFigures::Measures(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&MeasureFigures> {
        match figures {
            SectionFigures::Measures(f) => Some(f),
            _ => None,
        }
    }

    fn applies(&self, t: &ReturnTemplate) -> bool {
        !t.measures.is_empty()
    }

    /// Measures are numbered by their place in the template: a code and qualifier pair is
    /// not a safe field name.
    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        (0..t.measures.len()).map(measure).collect()
    }

    fn to_raw(&self, t: &ReturnTemplate, f: &MeasureFigures, raw: &mut RawForm) {
        for (i, item) in t.measures.iter().enumerate() {
            raw.set(measure(i), number_text(f.value(&item.code, &item.qualifier)));
        }
    }

    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> MeasureFigures {
        let mut out = MeasureFigures::default();
        for (i, m) in t.measures.iter().enumerate() {
            let field = measure(i);
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

    fn missing(&self, t: &ReturnTemplate, f: &MeasureFigures) -> Vec<(String, String)> {
        t.measures
            .iter()
            .enumerate()
            .filter(|(_, m)| f.value(&m.code, &m.qualifier).is_none())
            .map(|(i, m)| (measure(i), format!("Enter a figure for {}", m.label())))
            .collect()
    }

    /// Every measure is flagged against 100, whatever its unit.
    fn compare(&self, t: &ReturnTemplate, before: Option<&MeasureFigures>, after: &MeasureFigures, threshold: f64) -> Vec<Change> {
        t.measures
            .iter()
            .filter_map(|m| {
                let values = (before.and_then(|b| b.value(&m.code, &m.qualifier)), after.value(&m.code, &m.qualifier));
                figure_change(Self::KIND, m.label(), values, 100.0, threshold, unit(m))
            })
            .collect()
    }

    /// The template's measures first, then any the versions hold that it no longer asks.
    fn diff(&self, t: &ReturnTemplate, b: &MeasureFigures, a: &MeasureFigures) -> Vec<FieldChange> {
        let mut keys: Vec<(String, String, String)> = t.measures.iter().map(|m| (m.code.clone(), m.qualifier.clone(), m.label())).collect();
        for m in b.values.iter().chain(&a.values) {
            if !keys.iter().any(|(c, q, _)| *c == m.code && *q == m.qualifier) {
                let label = if m.qualifier.is_empty() { m.code.clone() } else { format!("{} ({})", m.code, m.qualifier) };
                keys.push((m.code.clone(), m.qualifier.clone(), label));
            }
        }
        keys.into_iter()
            .filter_map(|(code, qualifier, label)| {
                let unit = if t.measures.iter().any(|m| m.code == code && m.unit == "percent") { " %" } else { "" };
                FieldChange::if_changed(label, number(b.value(&code, &qualifier), unit), number(a.value(&code, &qualifier), unit))
            })
            .collect()
    }

    fn summary(&self, t: &ReturnTemplate, f: &MeasureFigures) -> String {
        format!("{} figures entered", answered(t.measures.len(), self.missing(t, f).len()))
    }

    fn figure_writes(&self, _: &ReturnTemplate, f: &MeasureFigures) -> Vec<FigureWrite> {
        f.values
            .iter()
            .filter_map(|m| Some(FigureWrite::MeasureValue { measure: m.code.clone(), qualifier: m.qualifier.clone(), value: m.value? }))
            .collect()
    }

    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        t.measures
            .iter()
            .enumerate()
            .map(|(i, m)| FormPart::TextBox {
                id: measure(i),
                label: m.label(),
                hint: None,
                width: "nhsuk-input--width-4",
                suffix: (m.unit == "percent").then_some("%"),
            })
            .collect()
    }

    fn table(&self, t: &ReturnTemplate, f: &MeasureFigures) -> SectionTable {
        let rows =
            t.measures.iter().map(|m| vec![Cell::Text(m.label()), Cell::Text(entered(f.value(&m.code, &m.qualifier), unit(m)))]).collect();
        SectionTable::Table { caption: Self::TITLE, headings: &["Measure", "Figure"], rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::compare::Flag;
    use crate::returns::sections::test_support::{raw, template};

    fn with_count(mut t: ReturnTemplate) -> ReturnTemplate {
        let item = |q: &str| MeasureItem { code: "systems".into(), name: "Systems".into(), unit: "count".into(), qualifier: q.into() };
        t.measures.extend([item("ECS"), item("CAD")]);
        t
    }

    #[test]
    fn a_count_may_exceed_a_hundred_but_not_be_negative_and_a_percentage_may_not() {
        let t = with_count(template());
        let mut errors = FieldErrors::default();
        let f = Measures.parse(&t, &raw(&[("measure-0", "101"), ("measure-1", "250"), ("measure-2", "-1")]), &mut errors);
        let got: Vec<_> = errors.0.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
        assert_eq!(got, vec![("measure-0", "NHS number must be between 0 and 100"), ("measure-2", "Systems (CAD) must be 0 or more")]);
        assert_eq!(f.value("systems", "ECS"), Some(250.0));
        let mut errors = FieldErrors::default();
        Measures.parse(&t, &raw(&[("measure-1", "many")]), &mut errors);
        assert_eq!(errors.for_field("measure-1"), Some("Systems (ECS) must be a number"));
    }

    #[test]
    fn two_figures_of_one_measure_are_kept_apart_by_their_qualifier() {
        let t = with_count(template());
        let mut errors = FieldErrors::default();
        let f = Measures.parse(&t, &raw(&[("measure-0", "90"), ("measure-2", "3")]), &mut errors);
        let missing: Vec<_> = Measures.missing(&t, &f).into_iter().map(|(_, m)| m).collect();
        assert_eq!(missing, ["Enter a figure for Systems (ECS)"]);
        let again = crate::returns::fields::to_raw(&t, &SectionFigures::Measures(f.clone()));
        assert_eq!((again.get("measure-1"), again.get("measure-2")), ("", "3"));
        assert_eq!(Measures.summary(&t, &f), "2 of 3 figures entered");
    }

    #[test]
    fn a_cleared_figure_is_a_drop_and_a_percentage_says_so() {
        let t = template();
        let f = |v: Option<f64>| MeasureFigures {
            values: vec![MeasureEntry { code: "nhs-number".into(), qualifier: String::new(), value: v }],
        };
        let changes = Measures.compare(&t, Some(&f(Some(80.0))), &f(None), 10.0);
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str(), changes[0].flag), ("80 %", "None", Some(Flag::Dropped)));
        assert_eq!(Measures.figure_writes(&t, &f(None)), vec![], "a blank figure writes nothing");
        assert_eq!(
            Measures.figure_writes(&t, &f(Some(80.0))),
            vec![FigureWrite::MeasureValue { measure: "nhs-number".into(), qualifier: String::new(), value: 80.0 }]
        );
    }
}
