//! What changed between two versions of one section, field by field and in words: the
//! audit log's "Records, Assessments & Plans: 12 → 25" and the review page's "changed since
//! it was returned". Unlike `compare` (figures against the last approved ones, with flags),
//! this lists every field that differs, text included, and keys the template does not know
//! (a stored payload may predate the template) under their codes, so no change is hidden.

use std::collections::BTreeSet;

use super::compare::{describe_deployment, rag_text};
use super::figures::{AimEntry, DeploymentEntry, DmaEntry, SectionFigures};
use super::template::ReturnTemplate;
use crate::domain::values::format_number;
use crate::domain::FinancialYear;

/// A figure is shown as "before → after"; a text (a narrative, the commentary) as
/// "changed", with both texts to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Figure,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field in words: "Records, Assessments & Plans", "Aim 4a completeness".
    pub field: String,
    pub before: String,
    pub after: String,
    pub kind: FieldKind,
}

impl FieldChange {
    fn figure(field: String, before: String, after: String) -> Self {
        FieldChange { field, before, after, kind: FieldKind::Figure }
    }
}

const NOT_ENTERED: &str = "Not entered";

fn number(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| NOT_ENTERED.to_string(), |v| format!("{}{unit}", format_number(v)))
}

/// Codes in the template's order, then any others the two versions hold, sorted.
fn ordered<'a>(known: impl Iterator<Item = &'a str>, held: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let known: Vec<&str> = known.collect();
    let extra: BTreeSet<&str> = held.filter(|c| !known.contains(c)).collect();
    known.into_iter().chain(extra).collect()
}

/// Every field that differs from `before` (None: nothing stored yet) to `after`, in the
/// order the section's form asks them. Two sections of different kinds have nothing to compare.
pub fn diff_section(t: &ReturnTemplate, before: Option<&SectionFigures>, after: &SectionFigures) -> Vec<FieldChange> {
    let empty = SectionFigures::empty(after.kind());
    let before = before.filter(|b| b.kind() == after.kind()).unwrap_or(&empty);
    let mut out = Vec::new();
    let mut push = |field: String, b: String, a: String| {
        if b != a {
            out.push(FieldChange::figure(field, b, a));
        }
    };
    match (before, after) {
        (SectionFigures::Dma(b), SectionFigures::Dma(a)) => {
            let themes = t.framework.iter().flat_map(|f| f.themes.iter().map(|th| th.code.as_str()));
            for code in ordered(themes, b.scores.keys().chain(a.scores.keys()).map(String::as_str)) {
                let text = |e: Option<&DmaEntry>| match e {
                    Some(DmaEntry::Score(v)) => format_number(*v),
                    Some(DmaEntry::NotAssessed) => "Not assessed".to_string(),
                    None => NOT_ENTERED.to_string(),
                };
                let name = t.theme(code).map_or_else(|| code.to_string(), |th| th.name.clone());
                push(name, text(b.scores.get(code)), text(a.scores.get(code)));
            }
        }
        (SectionFigures::Trajectory(b), SectionFigures::Trajectory(a)) => {
            let themes = t.trajectory_themes().into_iter().map(|th| th.code.as_str());
            for code in ordered(themes, b.planned.keys().chain(a.planned.keys()).map(String::as_str)) {
                let (bp, ap) = (b.planned.get(code), a.planned.get(code));
                let years: BTreeSet<i32> = bp.into_iter().chain(ap).flat_map(|p| p.keys().copied()).collect();
                let name = t.theme(code).map_or_else(|| code.to_string(), |th| th.name.clone());
                for y in years {
                    let get = |p: Option<&std::collections::BTreeMap<i32, f64>>| p.and_then(|p| p.get(&y).copied());
                    push(format!("{name}, plan for {}", FinancialYear(y).label()), number(get(bp), ""), number(get(ap), ""));
                }
            }
        }
        (SectionFigures::Aims(b), SectionFigures::Aims(a)) | (SectionFigures::FootprintAims(b), SectionFigures::FootprintAims(a)) => {
            let aims = t.aims.iter().map(|x| x.code.as_str());
            for code in ordered(aims, b.aims.keys().chain(a.aims.keys()).map(String::as_str)) {
                aim(&mut out, code, b.aims.get(code), a.aims.get(code));
            }
        }
        (SectionFigures::Deployments(b), SectionFigures::Deployments(a)) => deployments(&mut out, &b.items, &a.items),
        (SectionFigures::Measures(b), SectionFigures::Measures(a)) => {
            let mut keys: Vec<(String, String, String)> =
                t.measures.iter().map(|m| (m.code.clone(), m.qualifier.clone(), m.label())).collect();
            for m in b.values.iter().chain(&a.values) {
                if !keys.iter().any(|(c, q, _)| *c == m.code && *q == m.qualifier) {
                    let label = if m.qualifier.is_empty() { m.code.clone() } else { format!("{} ({})", m.code, m.qualifier) };
                    keys.push((m.code.clone(), m.qualifier.clone(), label));
                }
            }
            for (code, qualifier, label) in keys {
                let unit = if t.measures.iter().any(|m| m.code == code && m.unit == "percent") { " %" } else { "" };
                push(label, number(b.value(&code, &qualifier), unit), number(a.value(&code, &qualifier), unit));
            }
        }
        (SectionFigures::Commentary(b), SectionFigures::Commentary(a)) if b.text != a.text => {
            out.push(FieldChange { field: "Commentary".into(), before: b.text.clone(), after: a.text.clone(), kind: FieldKind::Text });
        }
        _ => {}
    }
    out
}

fn aim(out: &mut Vec<FieldChange>, code: &str, b: Option<&AimEntry>, a: Option<&AimEntry>) {
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

/// Deployments are matched by their official id, and a new one (no id yet) by its title.
fn deployments(out: &mut Vec<FieldChange>, before: &[DeploymentEntry], after: &[DeploymentEntry]) {
    let same = |x: &DeploymentEntry, y: &DeploymentEntry| match (x.official_id, y.official_id) {
        (Some(i), Some(j)) => i == j,
        (None, None) => x.title == y.title,
        _ => false,
    };
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PeriodCode, Scale};
    use crate::returns::figures::{AimFigures, Commentary, DeploymentFigures, DeploymentStatus, DmaFigures};
    use crate::returns::template::{AimItem, FrameworkTemplate, ThemeItem};

    fn template() -> ReturnTemplate {
        let theme = |code: &str, name: &str| ThemeItem { code: code.into(), name: name.into(), group: "G".into(), pf_poc: true };
        ReturnTemplate {
            period: PeriodCode { year: FinancialYear(2016), quarter: 2 },
            framework: Some(FrameworkTemplate {
                id: 1,
                name: "DMA".into(),
                scale: Scale { min: 0.0, max: 100.0, step: 1.0 },
                themes: vec![theme("records", "Records, Assessments & Plans"), theme("assets", "Asset & Resource Optimisation")],
            }),
            aims: vec![AimItem { code: "4a".into(), text: "x".into(), capability: "c".into() }],
            measures: vec![],
            deployment_ids: vec![],
        }
    }

    fn dma(entries: &[(&str, DmaEntry)]) -> SectionFigures {
        SectionFigures::Dma(DmaFigures { scores: entries.iter().map(|(k, v)| (k.to_string(), *v)).collect() })
    }

    #[test]
    fn only_changed_scores_are_listed_by_theme_name_in_the_frameworks_order() {
        let before = dma(&[("records", DmaEntry::Score(12.0)), ("assets", DmaEntry::Score(35.0))]);
        let after = dma(&[("records", DmaEntry::Score(25.0)), ("assets", DmaEntry::Score(35.0)), ("retired", DmaEntry::NotAssessed)]);
        let changes = diff_section(&template(), Some(&before), &after);
        let words: Vec<_> = changes.iter().map(|c| format!("{}: {} → {}", c.field, c.before, c.after)).collect();
        assert_eq!(words, vec!["Records, Assessments & Plans: 12 → 25", "retired: Not entered → Not assessed"]);
        assert!(diff_section(&template(), Some(&after), &after).is_empty(), "nothing changed, nothing listed");
    }

    #[test]
    fn aims_show_completeness_in_percent_and_narratives_as_text() {
        let entry = |c: f64, narrative: &str| AimEntry { completeness: Some(c), narrative: narrative.into(), ..Default::default() };
        let aims = |e: AimEntry| SectionFigures::Aims(AimFigures { aims: [("4a".to_string(), e)].into() });
        let changes = diff_section(&template(), Some(&aims(entry(40.0, "old"))), &aims(entry(55.0, "new")));
        assert_eq!(changes.len(), 2);
        assert_eq!(
            (changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()),
            ("Aim 4a completeness", "40 %", "55 %")
        );
        assert_eq!((changes[1].field.as_str(), changes[1].kind), ("Aim 4a narrative", FieldKind::Text));
        let no_data = AimEntry { no_data: true, ..Default::default() };
        let changes = diff_section(&template(), Some(&aims(entry(40.0, ""))), &aims(no_data));
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("40 %", "No data"), "never 0 % or blank");
    }

    #[test]
    fn the_commentary_is_a_text_and_a_first_save_compares_with_nothing() {
        let after = SectionFigures::Commentary(Commentary { text: "On track".into() });
        let changes = diff_section(&template(), None, &after);
        assert_eq!(
            changes,
            vec![FieldChange { field: "Commentary".into(), before: String::new(), after: "On track".into(), kind: FieldKind::Text }]
        );
    }

    #[test]
    fn deployments_added_changed_and_removed_are_each_listed() {
        let d = |id: Option<i64>, title: &str, year: i32| DeploymentEntry {
            official_id: id,
            capability: None,
            title: title.into(),
            description: String::new(),
            start_year: None,
            target_year: year,
            status: DeploymentStatus::Committed,
            delivered_on: None,
            removed: false,
        };
        let before = SectionFigures::Deployments(DeploymentFigures { items: vec![d(Some(1), "EPR", 2017), d(Some(2), "Portal", 2017)] });
        let after = SectionFigures::Deployments(DeploymentFigures { items: vec![d(Some(1), "EPR", 2018), d(None, "Apps", 2019)] });
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
}
