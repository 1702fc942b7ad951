//! Capability deployments: a list changed one deployment at a time (`returns/deployments.rs`
//! parses each deployment's form), so the section's own form only says whether it is
//! complete. A row is marked removed, never deleted, until approval.

use super::writes::DeploymentWrite;
use super::{Cell, FormPart, SectionTable};
use super::{FigureWrite, Section};
use crate::domain::long_date;
use crate::domain::FinancialYear;
use crate::returns::compare::{describe_deployment, Change, Flag};
use crate::returns::diff::{FieldChange, FieldKind};
use crate::returns::figures::{DeploymentEntry, DeploymentFigures, SectionFigures};
use crate::returns::form::{FieldErrors, RawForm};
use crate::returns::template::ReturnTemplate;
use crate::returns::SectionKind;

pub struct Deployments;

impl Section for Deployments {
    type Figures = DeploymentFigures;
    const KIND: SectionKind = SectionKind::Deployments;
    const CODE: &'static str = "deployments";
    const SLUG: &'static str = "deployments";
    const TITLE: &'static str = "Capability deployments";

    fn wrap(figures: DeploymentFigures) -> SectionFigures {
        SectionFigures::Deployments(figures)
    }
    fn unwrap(figures: &SectionFigures) -> Option<&DeploymentFigures> {
        match figures {
            SectionFigures::Deployments(f) => Some(f),
            _ => None,
        }
    }

    /// Every organisation may list deployments, even with none yet.
    fn applies(&self, _: &ReturnTemplate) -> bool {
        true
    }
    /// The rows' fields belong to each deployment's own form.
    fn fields(&self, _: &ReturnTemplate) -> Vec<String> {
        vec![]
    }
    fn to_raw(&self, _: &ReturnTemplate, _: &DeploymentFigures, _: &mut RawForm) {}
    fn parse(&self, _: &ReturnTemplate, _: &RawForm, _: &mut FieldErrors) -> DeploymentFigures {
        DeploymentFigures::default()
    }
    fn form_holds_figures(&self) -> bool {
        false
    }
    /// An empty list is an answer: the organisation has nothing to deploy.
    fn missing(&self, _: &ReturnTemplate, _: &DeploymentFigures) -> Vec<(String, String)> {
        vec![]
    }

    /// Official deployments are matched by their identity; a deployment due later than
    /// approved is flagged as a drop (it slipped).
    fn compare(&self, _: &ReturnTemplate, before: Option<&DeploymentFigures>, after: &DeploymentFigures, _: f64) -> Vec<Change> {
        let before = before.map_or(&[][..], |b| b.items.as_slice());
        let change = |d: &DeploymentEntry, before: String, flag| Change {
            section: Self::KIND,
            item: d.title.clone(),
            before,
            after: describe_deployment(d),
            delta: None,
            flag,
        };
        let mut out = Vec::new();
        for d in &after.items {
            match d.official_id.and_then(|id| before.iter().find(|o| o.official_id == Some(id))) {
                Some(o) if o == d => {}
                Some(o) => out.push(change(d, describe_deployment(o), (d.target_year > o.target_year).then_some(Flag::Dropped))),
                // Added and removed in the same return: nothing changes.
                None if d.removed => {}
                None => out.push(change(d, "New".into(), None)),
            }
        }
        out
    }

    /// Deployments are matched by their official id, and a new one (no id yet) by its title.
    fn diff(&self, _: &ReturnTemplate, before: &DeploymentFigures, after: &DeploymentFigures) -> Vec<FieldChange> {
        let (before, after) = (&before.items, &after.items);
        let same = |x: &DeploymentEntry, y: &DeploymentEntry| match (x.official_id, y.official_id) {
            (Some(i), Some(j)) => i == j,
            (None, None) => x.title == y.title,
            _ => false,
        };
        let mut out = Vec::new();
        for d in after {
            match before.iter().find(|o| same(o, d)) {
                Some(o) if o == d => {}
                Some(o) => {
                    out.push(FieldChange::figure(d.title.clone(), describe_deployment(o), describe_deployment(d)));
                    if o.description != d.description {
                        let field = format!("{} description", d.title);
                        out.push(FieldChange { field, before: o.description.clone(), after: d.description.clone(), kind: FieldKind::Text });
                    }
                }
                None => out.push(FieldChange::figure(d.title.clone(), "Not listed".into(), describe_deployment(d))),
            }
        }
        for o in before.iter().filter(|o| !after.iter().any(|d| same(o, d))) {
            out.push(FieldChange::figure(o.title.clone(), describe_deployment(o), "Removed".into()));
        }
        out
    }

    fn summary(&self, _: &ReturnTemplate, f: &DeploymentFigures) -> String {
        let removed = f.items.iter().filter(|d| d.removed).count();
        let listed = f.items.len() - removed;
        let noun = if listed == 1 { "deployment" } else { "deployments" };
        if removed == 0 {
            format!("{listed} {noun}")
        } else {
            format!("{listed} {noun}, {removed} removed")
        }
    }

    /// A version for the quarter of every listed deployment, a withdrawal of every official
    /// one removed; one added and removed in the same return is never official.
    fn figure_writes(&self, _: &ReturnTemplate, f: &DeploymentFigures) -> Vec<FigureWrite> {
        f.items
            .iter()
            .filter(|d| !(d.removed && d.official_id.is_none()))
            .map(|d| {
                FigureWrite::Deployment(DeploymentWrite {
                    official_id: d.official_id,
                    capability: d.capability.clone(),
                    title: d.title.clone(),
                    description: d.description.clone(),
                    start_year: d.start_year.map(FinancialYear),
                    target_year: FinancialYear(d.target_year),
                    status: d.status,
                    delivered_on: d.delivered_on,
                    withdrawn: d.removed,
                })
            })
            .collect()
    }

    /// Each deployment has its own forms, shown above the section's (`views/returns/deployments.rs`).
    fn form(&self, _: &ReturnTemplate) -> Vec<FormPart> {
        vec![]
    }

    fn table(&self, _: &ReturnTemplate, f: &DeploymentFigures) -> SectionTable {
        let rows = f
            .items
            .iter()
            .map(|d| {
                let delivered = d.delivered_on.map(long_date).unwrap_or_else(|| "Not yet".into());
                let status = if d.removed { "Removed".to_string() } else { d.status.label().to_string() };
                vec![
                    Cell::Text(d.title.clone()),
                    Cell::Text(FinancialYear(d.target_year).label()),
                    Cell::Text(status),
                    Cell::Text(delivered),
                ]
            })
            .collect();
        SectionTable::Table { caption: Self::TITLE, headings: &["Deployment", "Due", "Status", "Delivered"], rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::diff::diff_section;
    use crate::returns::figures::DeploymentStatus;
    use crate::returns::parse::parse;
    use crate::returns::sections::test_support::{raw, template};

    fn d(id: Option<i64>, title: &str, year: i32) -> DeploymentEntry {
        DeploymentEntry {
            official_id: id,
            capability: None,
            title: title.into(),
            description: String::new(),
            start_year: None,
            target_year: year,
            status: DeploymentStatus::Committed,
            delivered_on: None,
            removed: false,
        }
    }

    fn figures(items: Vec<DeploymentEntry>) -> DeploymentFigures {
        DeploymentFigures { items }
    }

    #[test]
    fn the_sections_form_carries_no_rows_and_refuses_a_row_field() {
        let t = template();
        let errors = parse(&t, SectionKind::Deployments, &raw(&[("d1-title", "A row of the old stacked form"), ("completed", "no")]));
        assert_eq!(errors.err().unwrap().0[0].field, "");
        let parsed = parse(&t, SectionKind::Deployments, &raw(&[("completed", "yes")])).unwrap();
        assert!(parsed.completed, "an empty list is complete");
        assert!(!Deployments.form_holds_figures());
    }

    #[test]
    fn deployments_added_changed_and_removed_are_each_listed() {
        let before = SectionFigures::Deployments(figures(vec![d(Some(1), "EPR", 2017), d(Some(2), "Portal", 2017)]));
        let after = SectionFigures::Deployments(figures(vec![d(Some(1), "EPR", 2018), d(None, "Apps", 2019)]));
        let changes = diff_section(&template(), Some(&before), &after);
        let words: Vec<_> = changes.iter().map(|c| format!("{}: {} → {}", c.field, c.before, c.after)).collect();
        assert_eq!(
            words,
            vec![
                "EPR: Committed, due 2017/18 → Committed, due 2018/19",
                "Apps: Not listed → Committed, due 2019/20",
                "Portal: Committed, due 2017/18 → Removed"
            ]
        );
    }

    #[test]
    fn a_slipped_deployment_is_a_drop_a_new_one_is_new_and_one_added_then_removed_is_nothing() {
        let t = template();
        let before = figures(vec![d(Some(1), "EPR", 2017), d(Some(2), "Portal", 2018)]);
        let mut gone = d(None, "Robots", 2019);
        gone.removed = true;
        let after = figures(vec![d(Some(1), "EPR", 2018), d(Some(2), "Portal", 2017), d(None, "Apps", 2019), gone]);
        let got: Vec<_> = Deployments.compare(&t, Some(&before), &after, 10.0).into_iter().map(|c| (c.item, c.before, c.flag)).collect();
        assert_eq!(
            got,
            vec![
                ("EPR".to_string(), "Committed, due 2017/18".to_string(), Some(Flag::Dropped)),
                ("Portal".to_string(), "Committed, due 2018/19".to_string(), None),
                ("Apps".to_string(), "New".to_string(), None),
            ]
        );
    }

    #[test]
    fn approval_withdraws_removed_official_deployments_and_never_writes_one_added_and_removed() {
        let mut withdrawn = d(Some(1), "EPR", 2017);
        withdrawn.removed = true;
        let mut never = d(None, "Robots", 2019);
        never.removed = true;
        let f = figures(vec![withdrawn, never, d(None, "Apps", 2019)]);
        let writes = Deployments.figure_writes(&template(), &f);
        let got: Vec<_> = writes
            .iter()
            .map(|w| match w {
                FigureWrite::Deployment(d) => (d.official_id, d.title.as_str(), d.withdrawn, d.target_year),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(got, vec![(Some(1), "EPR", true, FinancialYear(2017)), (None, "Apps", false, FinancialYear(2019))]);
        assert_eq!(Deployments.summary(&template(), &f), "1 deployment, 2 removed");
    }
}
