//! Capability trajectory: the planned score of each PF@PoC theme for the return's financial
//! year and the next three.

use super::{entered, Cell, FormPart, Legend, SectionTable};
use std::collections::{BTreeMap, BTreeSet};

use super::writes::PlannedScore;
use super::{answered, dma_range, figure_change, FigureWrite, Section};
use crate::domain::FinancialYear;
use crate::returns::compare::Change;
use crate::returns::diff::{number, ordered, FieldChange};
use crate::returns::fields::plan;
use crate::returns::figures::{SectionFigures, TrajectoryFigures};
use crate::returns::form::{bare_number, number_text, FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

pub struct Trajectory;

fn planned(f: Option<&TrajectoryFigures>, theme: &str, year: i32) -> Option<f64> {
    f.and_then(|f| f.planned.get(theme)?.get(&year).copied())
}

impl Section for Trajectory {
    type Figures = TrajectoryFigures;
    const KIND: SectionKind = SectionKind::Trajectory;
    const CODE: &'static str = "trajectory";
    const SLUG: &'static str = "trajectory";
    const TITLE: &'static str = "Capability trajectory";

    fn wrap(figures: TrajectoryFigures) -> SectionFigures {
        SectionFigures::Trajectory(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&TrajectoryFigures> {
        match figures {
            SectionFigures::Trajectory(f) => Some(f),
            _ => None,
        }
    }

    fn applies(&self, t: &ReturnTemplate) -> bool {
        !t.trajectory_themes().is_empty()
    }

    fn fields(&self, t: &ReturnTemplate) -> Vec<String> {
        let years = t.plan_years();
        t.trajectory_themes().into_iter().flat_map(|th| years.iter().map(move |y| plan(&th.code, y.0))).collect()
    }

    fn to_raw(&self, _: &ReturnTemplate, f: &TrajectoryFigures, raw: &mut RawForm) {
        for (code, years) in &f.planned {
            for (year, v) in years {
                raw.set(plan(code, *year), number_text(Some(*v)));
            }
        }
    }

    fn parse(&self, t: &ReturnTemplate, raw: &RawForm, errors: &mut FieldErrors) -> TrajectoryFigures {
        let mut out = TrajectoryFigures::default();
        let Some(framework) = &t.framework else { return out };
        for th in t.trajectory_themes() {
            for y in t.plan_years() {
                let field = plan(&th.code, y.0);
                let typed = raw.get(&field).trim();
                if typed.is_empty() {
                    continue;
                }
                match framework.scale.score(bare_number(typed)) {
                    Ok(s) => {
                        out.planned.entry(th.code.clone()).or_default().insert(y.0, s.value());
                    }
                    Err(_) => errors.add(
                        field,
                        format!("Planned score for {} in {} must be on the scale {}", th.name, y.label(), framework.scale.range_text()),
                    ),
                }
            }
        }
        out
    }

    fn missing(&self, t: &ReturnTemplate, f: &TrajectoryFigures) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for th in t.trajectory_themes() {
            for y in t.plan_years() {
                if planned(Some(f), &th.code, y.0).is_none() {
                    out.push((plan(&th.code, y.0), format!("Enter the planned score for {} in {}", th.name, y.label())));
                }
            }
        }
        out
    }

    fn compare(&self, t: &ReturnTemplate, before: Option<&TrajectoryFigures>, after: &TrajectoryFigures, threshold: f64) -> Vec<Change> {
        let range = dma_range(t);
        let mut out = Vec::new();
        for th in t.trajectory_themes() {
            for y in t.plan_years() {
                let values = (planned(before, &th.code, y.0), planned(Some(after), &th.code, y.0));
                let item = format!("{}, plan for {}", th.name, y.label());
                out.extend(figure_change(Self::KIND, item, values, range, threshold, ""));
            }
        }
        out
    }

    fn diff(&self, t: &ReturnTemplate, b: &TrajectoryFigures, a: &TrajectoryFigures) -> Vec<FieldChange> {
        let themes = t.trajectory_themes().into_iter().map(|th| th.code.as_str());
        let mut out = Vec::new();
        for code in ordered(themes, b.planned.keys().chain(a.planned.keys()).map(String::as_str)) {
            let (bp, ap) = (b.planned.get(code), a.planned.get(code));
            let years: BTreeSet<i32> = bp.into_iter().chain(ap).flat_map(|p| p.keys().copied()).collect();
            let name = t.theme(code).map_or_else(|| code.to_string(), |th| th.name.clone());
            for y in years {
                let get = |p: Option<&BTreeMap<i32, f64>>| number(p.and_then(|p| p.get(&y).copied()), "");
                out.extend(FieldChange::if_changed(format!("{name}, plan for {}", FinancialYear(y).label()), get(bp), get(ap)));
            }
        }
        out
    }

    fn summary(&self, t: &ReturnTemplate, f: &TrajectoryFigures) -> String {
        let asked = t.trajectory_themes().len() * t.plan_years().len();
        format!("{} planned scores entered", answered(asked, self.missing(t, f).len()))
    }

    fn figure_writes(&self, _: &ReturnTemplate, f: &TrajectoryFigures) -> Vec<FigureWrite> {
        let plans = f
            .planned
            .iter()
            .flat_map(|(theme, years)| {
                years.iter().map(|(y, score)| PlannedScore { theme: theme.clone(), year: FinancialYear(*y), score: *score })
            })
            .collect();
        vec![FigureWrite::TrajectoryPlans { plans }]
    }

    /// A fieldset per capability, its years side by side.
    fn form(&self, t: &ReturnTemplate) -> Vec<FormPart> {
        let years = t.plan_years();
        let hint = t.framework.as_ref().map(|fw| format!("Planned score, {}", fw.scale.range_text()));
        t.trajectory_themes()
            .into_iter()
            .map(|th| {
                let boxes = years
                    .iter()
                    .map(|y| FormPart::TextBox {
                        id: plan(&th.code, y.0),
                        label: y.label(),
                        hint: hint.clone(),
                        width: "nhsuk-input--width-3",
                        suffix: None,
                    })
                    .collect();
                FormPart::Fieldset { legend: th.name.clone(), size: Legend::M, class: None, parts: vec![FormPart::Inline(boxes)] }
            })
            .collect()
    }

    fn table(&self, t: &ReturnTemplate, f: &TrajectoryFigures) -> SectionTable {
        let years = t.plan_years();
        let rows = t
            .trajectory_themes()
            .into_iter()
            .flat_map(|th| {
                years.iter().map(move |y| {
                    vec![Cell::Text(th.name.clone()), Cell::Text(y.label()), Cell::Text(entered(planned(Some(f), &th.code, y.0), ""))]
                })
            })
            .collect();
        SectionTable::Table { caption: "Planned scores", headings: &["Capability", "Year", "Planned score"], rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::compare::Flag;
    use crate::returns::sections::test_support::{raw, template};

    #[test]
    fn only_pf_poc_themes_have_plans_and_each_year_is_asked_for() {
        let t = template();
        let fields = Trajectory.fields(&t);
        assert_eq!(fields, vec!["plan-records-2016", "plan-records-2017", "plan-records-2018", "plan-records-2019"]);
        let mut errors = FieldErrors::default();
        let f = Trajectory.parse(&t, &raw(&[("plan-records-2016", "30"), ("plan-records-2018", "101")]), &mut errors);
        assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["plan-records-2018"]);
        assert!(errors.0[0].message.contains("2018/19"), "{errors:?}");
        let missing: Vec<_> = Trajectory.missing(&t, &f).into_iter().map(|(field, _)| field).collect();
        assert_eq!(missing, ["plan-records-2017", "plan-records-2018", "plan-records-2019"]);
    }

    #[test]
    fn a_plan_typed_with_spaces_and_a_percent_sign_reads_as_the_number() {
        let mut errors = FieldErrors::default();
        let f = Trajectory.parse(&template(), &raw(&[("plan-records-2017", " 40 % ")]), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(planned(Some(&f), "records", 2017), Some(40.0));
    }

    #[test]
    fn a_plan_lowered_is_a_drop_and_a_plan_cleared_is_too() {
        let t = template();
        let f = |pairs: &[(i32, f64)]| TrajectoryFigures { planned: [("records".to_string(), pairs.iter().copied().collect())].into() };
        let changes = Trajectory.compare(&t, Some(&f(&[(2016, 40.0), (2017, 50.0)])), &f(&[(2016, 35.0)]), 10.0);
        let got: Vec<_> = changes.iter().map(|c| (c.item.as_str(), c.flag)).collect();
        assert_eq!(got, vec![("RECORDS, plan for 2016/17", Some(Flag::Dropped)), ("RECORDS, plan for 2017/18", Some(Flag::Dropped))]);
    }

    #[test]
    fn approval_replaces_the_quarters_plans_whole() {
        let f = TrajectoryFigures { planned: [("records".to_string(), [(2017, 40.0)].into())].into() };
        let plans = vec![PlannedScore { theme: "records".into(), year: FinancialYear(2017), score: 40.0 }];
        assert_eq!(Trajectory.figure_writes(&template(), &f), vec![FigureWrite::TrajectoryPlans { plans }]);
        // Nothing planned still replaces: the quarter's earlier plans go.
        assert_eq!(
            Trajectory.figure_writes(&template(), &TrajectoryFigures::default()),
            vec![FigureWrite::TrajectoryPlans { plans: vec![] }]
        );
        assert_eq!(Trajectory.summary(&template(), &f), "1 of 4 planned scores entered");
    }
}
