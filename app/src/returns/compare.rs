//! What a return changes against the last approved figures, for the reviewers' queue: every
//! figure that differs, by how much, flagged when it drops or moves by more than the
//! footprint's threshold (a percentage of the figure's scale).

use super::figures::{DeploymentEntry, DmaEntry, ReturnFigures, SectionFigures};
use super::template::ReturnTemplate;
use super::SectionKind;
use crate::domain::values::format_number;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Lower than last approved (or no longer assessed).
    Dropped,
    /// Up by more than the threshold.
    LargeRise,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::Dropped => "Dropped",
            Flag::LargeRise => "Large rise",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub section: SectionKind,
    pub item: String,
    pub before: String,
    pub after: String,
    /// after - before, for numbers present on both sides.
    pub delta: Option<f64>,
    pub flag: Option<Flag>,
}

/// A declared RAG code in words ("Not rated" when none, or not a RAG code).
pub(crate) fn rag_text(code: Option<&str>) -> String {
    code.and_then(|c| c.parse::<crate::domain::Rag>().ok()).map_or("Not rated", |r| r.label()).to_string()
}

/// A deployment's status, year due and delivery date in one phrase.
pub(crate) fn describe_deployment(d: &DeploymentEntry) -> String {
    if d.removed {
        return "Removed".to_string();
    }
    let delivered = d.delivered_on.map(|x| format!(", delivered {}", crate::domain::long_date(x))).unwrap_or_default();
    format!("{}, due {}/{:02}{delivered}", d.status.label(), d.target_year, (d.target_year + 1) % 100)
}

/// The changes grouped by section, sections in the order they came, and within each the
/// flagged figures first (drops, then large rises), the rest in their order: a reviewer
/// reads what needs a question before what does not.
pub fn by_section(changes: &[Change]) -> Vec<(SectionKind, Vec<Change>)> {
    let mut groups: Vec<(SectionKind, Vec<Change>)> = Vec::new();
    for c in changes {
        match groups.iter_mut().find(|(k, _)| *k == c.section) {
            Some((_, list)) => list.push(c.clone()),
            None => groups.push((c.section, vec![c.clone()])),
        }
    }
    for (_, list) in &mut groups {
        // A stable sort keeps the template's order inside each rank.
        list.sort_by_key(|c| match c.flag {
            Some(Flag::Dropped) => 0,
            Some(Flag::LargeRise) => 1,
            None => 2,
        });
    }
    groups
}

/// Changes from `before` (last approved) to `after` (this return), in section order.
pub fn compare(template: &ReturnTemplate, before: &ReturnFigures, after: &ReturnFigures, threshold_percent: f64) -> Vec<Change> {
    let mut out = Vec::new();
    let dma_range = template.framework.as_ref().map(|f| f.scale.max - f.scale.min).unwrap_or(100.0);
    for (kind, proposed) in &after.sections {
        let previous = before.get(*kind);
        let number = |item: String, b: Option<f64>, a: Option<f64>, range: f64, unit: &str| -> Option<Change> {
            if b == a {
                return None;
            }
            let delta = b.zip(a).map(|(b, a)| a - b);
            let flag = match (b, a) {
                (Some(_), None) => Some(Flag::Dropped),
                _ => delta.and_then(|d| {
                    if d < 0.0 {
                        Some(Flag::Dropped)
                    } else if d > range * threshold_percent / 100.0 {
                        Some(Flag::LargeRise)
                    } else {
                        None
                    }
                }),
            };
            let text = |v: Option<f64>| v.map(|v| format!("{}{unit}", format_number(v))).unwrap_or_else(|| "None".into());
            Some(Change { section: *kind, item, before: text(b), after: text(a), delta, flag })
        };
        match proposed {
            SectionFigures::Dma(a) => {
                let b = match previous {
                    Some(SectionFigures::Dma(b)) => Some(b),
                    _ => None,
                };
                for t in template.framework.iter().flat_map(|f| f.themes.iter()) {
                    let value = |e: Option<&DmaEntry>| match e {
                        Some(DmaEntry::Score(v)) => Some(*v),
                        _ => None,
                    };
                    let (bv, av) = (b.and_then(|b| b.scores.get(&t.code)), a.scores.get(&t.code));
                    if bv != av {
                        out.extend(number(t.name.clone(), value(bv), value(av), dma_range, ""));
                    }
                }
            }
            SectionFigures::Trajectory(a) => {
                let b = match previous {
                    Some(SectionFigures::Trajectory(b)) => Some(b),
                    _ => None,
                };
                for t in template.trajectory_themes() {
                    for y in template.plan_years() {
                        let get =
                            |f: Option<&super::figures::TrajectoryFigures>| f.and_then(|f| f.planned.get(&t.code)?.get(&y.0).copied());
                        out.extend(number(format!("{}, plan for {}", t.name, y.label()), get(b), get(Some(a)), dma_range, ""));
                    }
                }
            }
            SectionFigures::Aims(a) | SectionFigures::FootprintAims(a) => {
                let b = match previous {
                    Some(SectionFigures::Aims(b)) | Some(SectionFigures::FootprintAims(b)) => Some(b),
                    _ => None,
                };
                for aim in &template.aims {
                    let (be, ae) = (b.and_then(|b| b.aims.get(&aim.code)), a.aims.get(&aim.code));
                    let completeness = number(
                        format!("Aim {} completeness", aim.code),
                        be.and_then(|e| e.completeness),
                        ae.and_then(|e| e.completeness),
                        100.0,
                        " %",
                    );
                    // "No data" is an answer, and says so, never "None" (nor a change when
                    // both sides say it).
                    let no_data = |e: Option<&super::figures::AimEntry>| e.is_some_and(|e| e.no_data);
                    out.extend(completeness.map(|mut c| {
                        for (text, side) in [(&mut c.before, be), (&mut c.after, ae)] {
                            if no_data(side) {
                                *text = "No data".into();
                            }
                        }
                        c
                    }));
                    let rag = |e: Option<&super::figures::AimEntry>| rag_text(e.and_then(|e| e.rag.as_deref()));
                    if rag(be) != rag(ae) {
                        out.push(Change {
                            section: *kind,
                            item: format!("Aim {} RAG", aim.code),
                            before: rag(be),
                            after: rag(ae),
                            delta: None,
                            flag: None,
                        });
                    }
                }
            }
            SectionFigures::Measures(a) => {
                let b = match previous {
                    Some(SectionFigures::Measures(b)) => Some(b),
                    _ => None,
                };
                for m in &template.measures {
                    let unit = if m.unit == "percent" { " %" } else { "" };
                    out.extend(number(
                        m.label(),
                        b.and_then(|b| b.value(&m.code, &m.qualifier)),
                        a.value(&m.code, &m.qualifier),
                        100.0,
                        unit,
                    ));
                }
            }
            SectionFigures::Deployments(a) => {
                let b = match previous {
                    Some(SectionFigures::Deployments(b)) => b.items.as_slice(),
                    _ => &[],
                };
                for d in &a.items {
                    let old = d.official_id.and_then(|id| b.iter().find(|o| o.official_id == Some(id)));
                    match old {
                        Some(o) if o == d => {}
                        Some(o) => out.push(Change {
                            section: *kind,
                            item: d.title.clone(),
                            before: describe_deployment(o),
                            after: describe_deployment(d),
                            delta: None,
                            flag: (d.target_year > o.target_year).then_some(Flag::Dropped),
                        }),
                        // Added and removed in the same return: nothing changes.
                        None if d.removed => {}
                        None => out.push(Change {
                            section: *kind,
                            item: d.title.clone(),
                            before: "New".into(),
                            after: describe_deployment(d),
                            delta: None,
                            flag: None,
                        }),
                    }
                }
            }
            SectionFigures::Commentary(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FinancialYear, PeriodCode, Scale};
    use crate::returns::figures::{AimEntry, AimFigures, DmaFigures};
    use crate::returns::template::{AimItem, FrameworkTemplate, ThemeItem};

    fn template(max: f64) -> ReturnTemplate {
        let theme = |code: &str| ThemeItem { code: code.into(), name: code.into(), group: "G".into(), pf_poc: false };
        ReturnTemplate {
            period: PeriodCode { year: FinancialYear(2016), quarter: 2 },
            framework: Some(FrameworkTemplate {
                id: 1,
                name: "F".into(),
                scale: Scale { min: 0.0, max, step: 1.0 },
                themes: vec![theme("a"), theme("b"), theme("c"), theme("d")],
            }),
            aims: vec![AimItem { code: "4d".into(), text: "x".into(), capability: "c".into() }],
            measures: vec![],
            deployment_ids: vec![],
        }
    }

    fn dma(entries: &[(&str, DmaEntry)]) -> ReturnFigures {
        let mut f = ReturnFigures::default();
        f.insert(SectionFigures::Dma(DmaFigures { scores: entries.iter().map(|(k, v)| (k.to_string(), *v)).collect() }));
        f
    }

    #[test]
    fn drops_and_large_rises_are_flagged_small_moves_are_not() {
        let before =
            dma(&[("a", DmaEntry::Score(50.0)), ("b", DmaEntry::Score(50.0)), ("c", DmaEntry::Score(50.0)), ("d", DmaEntry::Score(50.0))]);
        let after =
            dma(&[("a", DmaEntry::Score(49.0)), ("b", DmaEntry::Score(55.0)), ("c", DmaEntry::Score(61.0)), ("d", DmaEntry::NotAssessed)]);
        let changes = compare(&template(100.0), &before, &after, 10.0);
        let flag = |item: &str| changes.iter().find(|c| c.item == item).map(|c| (c.delta, c.flag));
        assert_eq!(flag("a"), Some((Some(-1.0), Some(Flag::Dropped))));
        assert_eq!(flag("b"), Some((Some(5.0), None)));
        assert_eq!(flag("c"), Some((Some(11.0), Some(Flag::LargeRise))));
        assert_eq!(flag("d"), Some((None, Some(Flag::Dropped))), "no longer assessed counts as a drop");
        // The same threshold on a 1-5 scale is 0.4 of a level: a one-level rise is large.
        let small = compare(&template(5.0), &dma(&[("a", DmaEntry::Score(2.0))]), &dma(&[("a", DmaEntry::Score(3.0))]), 10.0);
        assert_eq!(small[0].flag, Some(Flag::LargeRise));
    }

    #[test]
    fn grouped_by_section_flagged_figures_come_first_and_the_rest_keep_their_order() {
        let change = |section, item: &str, flag| Change {
            section,
            item: item.into(),
            before: String::new(),
            after: String::new(),
            delta: None,
            flag,
        };
        let changes = vec![
            change(SectionKind::Dma, "a", None),
            change(SectionKind::Dma, "b", Some(Flag::LargeRise)),
            change(SectionKind::Aims, "x", None),
            change(SectionKind::Dma, "c", None),
            change(SectionKind::Dma, "d", Some(Flag::Dropped)),
        ];
        let groups = by_section(&changes);
        let items = |i: usize| groups[i].1.iter().map(|c| c.item.as_str()).collect::<Vec<_>>();
        assert_eq!(groups.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![SectionKind::Dma, SectionKind::Aims]);
        assert_eq!(items(0), vec!["d", "b", "a", "c"]);
        assert_eq!(items(1), vec!["x"]);
    }

    #[test]
    fn unchanged_figures_are_not_listed_and_rag_changes_are() {
        let mut before = ReturnFigures::default();
        let entry = AimEntry { completeness: Some(30.0), ..Default::default() };
        before.insert(SectionFigures::Aims(AimFigures { aims: [("4d".to_string(), entry.clone())].into() }));
        let mut after = ReturnFigures::default();
        let rated = AimEntry { rag: Some("amber".into()), ..entry };
        after.insert(SectionFigures::Aims(AimFigures { aims: [("4d".to_string(), rated)].into() }));
        let changes = compare(&template(100.0), &before, &after, 10.0);
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("Not rated", "Amber"));
    }

    #[test]
    fn an_aim_figure_that_becomes_no_data_says_so_and_counts_as_a_drop() {
        let aims = |entry: AimEntry| {
            let mut f = ReturnFigures::default();
            f.insert(SectionFigures::FootprintAims(AimFigures { aims: [("4d".to_string(), entry)].into() }));
            f
        };
        let figure = AimEntry { completeness: Some(57.0), ..Default::default() };
        let no_data = AimEntry { no_data: true, ..Default::default() };
        let changes = compare(&template(100.0), &aims(figure), &aims(no_data.clone()), 10.0);
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str(), changes[0].flag), ("57 %", "No data", Some(Flag::Dropped)));
        assert!(compare(&template(100.0), &aims(no_data.clone()), &aims(no_data), 10.0).is_empty());
    }
}
