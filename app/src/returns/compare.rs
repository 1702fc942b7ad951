//! What a return changes against the last approved figures, for the reviewers' queue: every
//! figure that differs, by how much, flagged when it drops or moves by more than the
//! footprint's threshold (a percentage of the figure's scale).

use super::figures::{DeploymentEntry, ReturnFigures};
use super::template::ReturnTemplate;
use super::SectionKind;

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
/// `threshold_percent` is the footprint's threshold for a large rise, a percentage of each
/// figure's scale.
pub fn compare(template: &ReturnTemplate, before: &ReturnFigures, after: &ReturnFigures, threshold_percent: f64) -> Vec<Change> {
    after
        .sections
        .iter()
        .flat_map(|(kind, proposed)| kind.section().compare(template, before.get(*kind), proposed, threshold_percent))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
