//! The tables of `/gaps` worded once: headings and cells as text, which the page shows and
//! the CSV downloads carry alike, so a download always says what the page says.

use crate::analysis::computed_rag::ComputedRag;
use crate::analysis::initiative_priority::Enabler;
use crate::domain::values::format_number;
use crate::domain::PeriodCode;
use crate::facts::{AimStatus, DmaGapRow, GapRegister};

/// A table as words: its headings and each row's cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordedTable {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A computed status as its tag says it: "Green", "No data".
pub fn status_word(status: ComputedRag) -> &'static str {
    status.rag().map_or("No data", |r| r.label())
}

/// A gap in words against what it is measured to: "10 behind 90", "3 ahead of 77", "On 77";
/// `missing` when there is no comparator or no score.
pub fn gap_words(gap: Option<f64>, comparator: Option<f64>, missing: &str) -> String {
    match (gap, comparator) {
        (Some(g), Some(c)) if g.abs() < 1e-9 => format!("On {}", format_number(c)),
        (Some(g), Some(c)) if g > 0.0 => format!("{} behind {}", format_number(g), format_number(c)),
        (Some(g), Some(c)) => format!("{} ahead of {}", format_number(-g), format_number(c)),
        _ => missing.to_string(),
    }
}

pub const AIM_HEADINGS: [&str; 11] = [
    "Aim",
    "Goal",
    "Current",
    "Goal minus current",
    "Time left",
    "Rate needed",
    "Rate achieved",
    "Projected to reach the goal",
    "Computed status",
    "Declared status",
    "Why",
];

/// The columns of [`AIM_HEADINGS`] shown as tags: computed, declared.
pub const AIM_TAGS: [usize; 2] = [8, 9];

fn points(v: f64) -> String {
    let n = format_number(v);
    if n == "1" {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

fn quarters(n: i32) -> String {
    if n == 1 {
        "1 quarter".to_string()
    } else {
        format!("{n} quarters")
    }
}

fn time_left(left: Option<i32>) -> String {
    match left {
        None => "No goal".to_string(),
        Some(0) => "Due this quarter".to_string(),
        Some(n) if n > 0 => quarters(n),
        Some(n) => format!("Passed {} ago", quarters(-n)),
    }
}

/// One aim's row: every figure is `AimStatus`'s own (never worked out here).
fn aim_row(a: &AimStatus) -> Vec<String> {
    let goal = a.goal.map_or_else(|| "No goal".to_string(), |g| format!("{} by {}", g.value, g.by.label()));
    let current = a.current().map_or_else(|| "No figure".to_string(), |c| c.to_string());
    let gap = match (a.goal, a.gap()) {
        (None, _) => "No goal".to_string(),
        (Some(_), None) => "No figure".to_string(),
        (Some(_), Some(g)) if g <= 0.0 => "Met".to_string(),
        (Some(_), Some(g)) => points(g),
    };
    let rate = |r: Option<f64>| r.map_or_else(|| "—".to_string(), |r| format!("{} a quarter", points(r)));
    let projected = match (a.gap(), a.projected()) {
        (Some(g), _) if g <= 0.0 => "Already met".to_string(),
        (_, Some(p)) => p.label(),
        _ => "—".to_string(),
    };
    let declared = a.declared.map_or("Not rated", |r| r.label()).to_string();
    let why = match a.difference() {
        Some(d) => format!("{}. {}", crate::views::aims_table::capitalise(&d.in_words()), a.computed.in_words()),
        None => a.computed.in_words(),
    };
    vec![
        format!("{}: {}", a.code, a.text),
        goal,
        current,
        gap,
        time_left(a.goal.and(a.quarters_left())),
        rate(a.rate_needed()),
        rate(a.rate_achieved()),
        projected,
        status_word(a.computed.status).to_string(),
        declared,
        why,
    ]
}

/// The aims table, in the order given (worst first: `facts::aims_worst_first`).
pub fn aims_table(aims: &[AimStatus]) -> WordedTable {
    WordedTable { headings: strings(&AIM_HEADINGS), rows: aims.iter().map(aim_row).collect() }
}

pub const DMA_HEADINGS: [&str; 9] = [
    "Organisation",
    "Theme",
    "Score",
    "Gap to the national average",
    "Its own kind",
    "Gap to its own kind's average",
    "Gap to its own plan",
    "Computed status",
    "Why",
];

/// The DMA gaps table as at `shown` (a score from an earlier quarter names its quarter).
pub fn dma_table(rows: &[DmaGapRow], shown: PeriodCode) -> WordedTable {
    let rows = rows
        .iter()
        .map(|r| {
            let missing = if r.score.is_none() { "Not assessed" } else { "No average" };
            let score = match r.score {
                Some((p, s)) if p == shown => format_number(s.value()),
                Some((p, s)) => format!("{} ({})", format_number(s.value()), p.label()),
                None => "Not assessed".to_string(),
            };
            let plan_missing = if r.score.is_none() { "Not assessed" } else { "No plan" };
            vec![
                r.organisation.short_name.clone(),
                r.theme.name.clone(),
                score,
                gap_words(r.to_national(), r.national.as_ref().map(|a| a.value), missing),
                r.peers.as_ref().map_or_else(|| "No peer group average".to_string(), |a| a.peer_group.clone()),
                gap_words(r.to_peers(), r.peers.as_ref().map(|a| a.value), missing),
                gap_words(r.to_plan(), r.plan.map(|(_, v)| v), plan_missing),
                status_word(r.computed.status).to_string(),
                r.computed.in_words(),
            ]
        })
        .collect();
    WordedTable { headings: strings(&DMA_HEADINGS), rows }
}

pub const REGISTER_HEADINGS: [&str; 2] = ["Area", "Gap"];

/// The gap register's gaps, area by area in the roadmap's order.
pub fn register_table(register: &GapRegister) -> WordedTable {
    let rows = register.areas.iter().flat_map(|a| a.gaps.iter().map(|g| vec![a.name.clone(), g.text.clone()])).collect();
    WordedTable { headings: strings(&REGISTER_HEADINGS), rows }
}

pub const INITIATIVE_HEADINGS: [&str; 8] = [
    "Priority",
    "Initiative",
    "Description",
    "Needed for a Universal Capability",
    "Relied on by an STP objective",
    "Helps whole-system working",
    "PF@PoC enabler",
    "Score",
];

fn yes_no(v: bool) -> String {
    if v { "Yes" } else { "No" }.to_string()
}

pub fn enabler_words(e: Enabler) -> &'static str {
    match e {
        Enabler::None => "No",
        Enabler::Single => "In one organisation",
        Enabler::Multiple => "Across organisations",
    }
}

/// The initiatives in priority order, each with its place and score.
pub fn initiatives_table(register: &GapRegister) -> WordedTable {
    let rows = register
        .prioritised()
        .into_iter()
        .enumerate()
        .map(|(n, (score, i))| {
            let c = i.criteria;
            vec![
                (n + 1).to_string(),
                i.title.clone(),
                i.description.clone(),
                yes_no(c.universal_capability),
                yes_no(c.stp_objective),
                yes_no(c.whole_system),
                enabler_words(c.enabler).to_string(),
                score.to_string(),
            ]
        })
        .collect();
    WordedTable { headings: strings(&INITIATIVE_HEADINGS), rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_says_behind_ahead_or_on_with_what_it_is_measured_against() {
        assert_eq!(gap_words(Some(10.0), Some(90.0), "No plan"), "10 behind 90");
        assert_eq!(gap_words(Some(-3.0), Some(77.0), "No plan"), "3 ahead of 77");
        assert_eq!(gap_words(Some(78.52 - 60.0), Some(78.52), "No plan"), "18.52 behind 78.52");
        assert_eq!(gap_words(Some(0.0), Some(77.0), "No plan"), "On 77");
        assert_eq!(gap_words(None, Some(77.0), "Not assessed"), "Not assessed");
        assert_eq!(gap_words(None, None, "No plan"), "No plan");
    }

    #[test]
    fn each_status_has_its_word() {
        assert_eq!(status_word(ComputedRag::Amber), "Amber");
        assert_eq!(status_word(ComputedRag::NoData), "No data");
    }
}
