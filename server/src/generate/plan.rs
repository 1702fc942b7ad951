//! The synthetic England of `ldr generate`: which footprints and organisations exist, and the
//! value of every figure, as pure functions of the arguments and the seed. Nothing here does
//! I/O, so the rules are unit-tested and two runs with the same arguments agree exactly.
//!
//! Each value comes from a hash of the seed and the figure's own key (organisation, theme,
//! quarter), never from a shared random stream, so the order in which the writer asks does
//! not change the answer, and one figure can be recomputed alone (the tests do).

use ldr_app::domain::{FinancialYear, OrgKind, PeriodCode};

/// What `ldr generate` was asked for. The defaults are England's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub footprints: u32,
    pub quarters: u32,
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Self {
        Spec { footprints: 42, quarters: 40, seed: 2016 }
    }
}

/// NHS England's seven regions, which `/national` filters by.
pub const REGIONS: [&str; 7] =
    ["North East and Yorkshire", "North West", "Midlands", "East of England", "London", "South East", "South West"];

/// Every generated name ends with this, so nobody takes it for real NHS data.
pub const SYNTHETIC: &str = "(synthetic)";

/// The first generated quarter: the roadmaps' first year.
pub const FIRST_QUARTER: PeriodCode = PeriodCode { year: FinancialYear(2016), quarter: 1 };

#[derive(Debug, Clone, PartialEq)]
pub struct FootprintPlan {
    pub code: String,
    pub name: String,
    pub region: &'static str,
    pub organisations: Vec<OrgPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgPlan {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    /// A GP practice's primary-care group (the code of an organisation before it in the list).
    pub parent: Option<String>,
    /// How many practices a primary-care group stands for; 1 for everything else.
    pub members: u32,
    /// Staff headcount, the weight of a weighted whole-system trajectory (None: a practice,
    /// which returns through its group).
    pub staff_headcount: Option<u32>,
}

/// Invented place names: two halves, so 12 x 7 = 84 names before a number is needed.
const PLACE_STARTS: [&str; 12] = ["North", "South", "East", "West", "Mid", "Upper", "Lower", "Great", "Kings", "Marsh", "Heath", "Fen"];
const PLACE_ENDS: [&str; 7] = ["shire", "ford", "moor", "dale", "wick", "field", "mere"];

/// The footprints and their organisations, in a stable order.
pub fn england(spec: Spec) -> Vec<FootprintPlan> {
    (0..spec.footprints).map(|i| footprint(spec.seed, i)).collect()
}

/// The quarters generated, oldest first, from [`FIRST_QUARTER`].
pub fn quarters(spec: Spec) -> Vec<PeriodCode> {
    (0..spec.quarters).map(|i| quarter_after(FIRST_QUARTER, i)).collect()
}

pub fn quarter_after(start: PeriodCode, n: u32) -> PeriodCode {
    let index = (start.year.0 as i64) * 4 + i64::from(start.quarter - 1) + i64::from(n);
    PeriodCode { year: FinancialYear((index / 4) as i32), quarter: (index % 4) as u8 + 1 }
}

fn place(i: u32) -> String {
    let (start, end) = (PLACE_STARTS[(i as usize) % PLACE_STARTS.len()], PLACE_ENDS[(i as usize / PLACE_STARTS.len()) % PLACE_ENDS.len()]);
    let lap = i as usize / (PLACE_STARTS.len() * PLACE_ENDS.len());
    let mut name = format!("{start}{end}");
    if lap > 0 {
        name.push_str(&format!(" {}", lap + 1));
    }
    name
}

fn footprint(seed: u64, i: u32) -> FootprintPlan {
    let place = place(i);
    let n = i + 1;
    let code = format!("SYN{n:02}");
    let draw = |what: u64| unit(seed, &[u64::from(n), what]);
    let mut organisations = Vec::new();
    let mut org = |kind: OrgKind, suffix: String, name: String, short: String, parent: Option<String>, members: u32| {
        let staff_headcount = parent.is_none().then(|| staff_headcount(seed, kind, &suffix, members));
        organisations.push(OrgPlan {
            staff_headcount,
            code: format!("Z{n:02}{suffix}"),
            name: format!("{name} {SYNTHETIC}"),
            short_name: short,
            kind,
            parent,
            members,
        })
    };
    org(OrgKind::Commissioner, "C".into(), format!("NHS {place} Integrated Care Board"), format!("{place} ICB"), None, 1);
    // About 205 trusts in England: two to four acute trusts a footprint, a mental-health trust
    // each, a community trust in half, an ambulance trust in one in four.
    let acute = 2 + (draw(1) * 3.0) as u32;
    for k in 1..=acute {
        org(OrgKind::Acute, format!("A{k}"), format!("{place} Hospitals {k} NHS Trust"), format!("{place} H{k}"), None, 1);
    }
    if draw(2) < 0.5 {
        org(OrgKind::Community, "N1".into(), format!("{place} Community Health NHS Trust"), format!("{place} CH"), None, 1);
    }
    org(OrgKind::MentalHealth, "M1".into(), format!("{place} Mental Health NHS Trust"), format!("{place} MH"), None, 1);
    if i.is_multiple_of(4) {
        org(OrgKind::Ambulance, "B1".into(), format!("{place} Ambulance Service NHS Trust"), format!("{place} AS"), None, 1);
    }
    // 152 councils over 42 footprints: three or four each.
    let councils = 3 + u32::from(draw(3) < 0.62);
    for k in 1..=councils {
        org(OrgKind::LocalAuthority, format!("L{k}"), format!("{place} Council {k}"), format!("{place} LA{k}"), None, 1);
    }
    // About 6,300 practices: 80 to 220 a footprint, under one primary-care group.
    let practices = 80 + (draw(4) * 141.0) as u32;
    let group = format!("Z{n:02}P");
    org(OrgKind::PrimaryCare, "P".into(), format!("{place} GP practices"), format!("{place} GPs"), None, practices);
    for k in 1..=practices {
        org(
            OrgKind::PrimaryCare,
            format!("P{k:03}"),
            format!("{place} Medical Practice {k}"),
            format!("{place} GP {k}"),
            Some(group.clone()),
            1,
        );
    }
    FootprintPlan { code, name: format!("{place} ICS {SYNTHETIC}"), region: REGIONS[i as usize % REGIONS.len()], organisations }
}

/// An organisation's character: where it starts (0-1) and how fast it matures a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Character {
    pub start: f64,
    pub pace: f64,
}

pub fn character(seed: u64, org: &str) -> Character {
    let k = key(org);
    Character { start: 0.2 + 0.45 * unit(seed, &[k, 1]), pace: 0.01 + 0.06 * unit(seed, &[k, 2]) }
}

/// An organisation's DMA score for a theme in a financial year, on a scale from `min` to
/// `max` in whole steps, or None when the theme was not assessed (about one in thirty).
/// Maturity grows with the years at the organisation's pace; a theme has its own offset,
/// and a year's noise makes some scores fall.
pub fn dma_score(seed: u64, org: &str, theme: &str, year: FinancialYear, min: f64, max: f64) -> Option<f64> {
    let (o, t, y) = (key(org), key(theme), year.0 as u64);
    if unit(seed, &[o, t, y, 3]) < 1.0 / 30.0 {
        return None;
    }
    let c = character(seed, org);
    let years = f64::from(year.0 - FIRST_QUARTER.year.0);
    let level = c.start + c.pace * years + 0.2 * (unit(seed, &[o, t, 4]) - 0.5) + 0.12 * (unit(seed, &[o, t, y, 5]) - 0.5);
    Some(on_scale(level, min, max))
}

/// The score an organisation plans for a theme at the end of a financial year, planned in
/// `planned_in` (a plan made then for that year and the next two): its level when planned,
/// plus an optimism the actual scores meet, miss or beat.
pub fn planned_score(seed: u64, org: &str, theme: &str, planned_in: FinancialYear, year: FinancialYear, min: f64, max: f64) -> f64 {
    let (o, t) = (key(org), key(theme));
    let c = character(seed, org);
    let years = f64::from(year.0 - FIRST_QUARTER.year.0);
    let optimism = 0.06 * (unit(seed, &[o, t, planned_in.0 as u64, 6]) - 0.3);
    on_scale(c.start + c.pace * years + 0.2 * (unit(seed, &[o, t, 4]) - 0.5) + optimism, min, max)
}

/// A footprint's progress toward an aim (percent) at the `n`th quarter, or None before its
/// first report: a start, a rate a quarter with noise, never above 100.
pub fn aim_percent(seed: u64, footprint: &str, aim: &str, n: u32) -> Option<f64> {
    let (f, a) = (key(footprint), key(aim));
    let starts_at = (unit(seed, &[f, a, 7]) * 4.0) as u32;
    if n < starts_at {
        return None;
    }
    let start = 5.0 + 50.0 * unit(seed, &[f, a, 8]);
    let rate = 0.5 + 3.0 * unit(seed, &[f, a, 9]);
    let wobble = 6.0 * (unit(seed, &[f, a, u64::from(n), 10]) - 0.5);
    Some((start + rate * f64::from(n - starts_at) + wobble).clamp(0.0, 100.0).round())
}

/// A practice's figure for a primary-care measure at the `n`th quarter (percent).
pub fn measure_percent(seed: u64, practice: &str, measure: &str, n: u32) -> f64 {
    let (p, m) = (key(practice), key(measure));
    let start = 10.0 + 60.0 * unit(seed, &[p, m, 11]);
    let rate = 2.0 * unit(seed, &[p, m, 12]);
    (start + rate * f64::from(n) + 4.0 * (unit(seed, &[p, m, u64::from(n), 13]) - 0.5)).clamp(0.0, 100.0).round()
}

/// A deployment's status at the `n`th quarter: aspirational, then committed, then active,
/// each step after a wait of its own; None before it is first planned.
pub fn deployment_stage(seed: u64, org: &str, theme: &str, n: u32) -> Option<Stage> {
    let (o, t) = (key(org), key(theme));
    let planned = (unit(seed, &[o, t, 14]) * 12.0) as u32;
    let committed = planned + 1 + (unit(seed, &[o, t, 15]) * 8.0) as u32;
    let active = committed + 1 + (unit(seed, &[o, t, 16]) * 10.0) as u32;
    match n {
        n if n < planned => None,
        n if n < committed => Some(Stage::Aspirational),
        n if n < active => Some(Stage::Committed),
        _ => Some(Stage::Active),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Aspirational,
    Committed,
    Active,
}

/// What happens to an organisation's return for the `n`th quarter: most are approved first
/// time; some are returned for changes once, and some are submitted late.
pub fn return_story(seed: u64, org: &str, n: u32) -> ReturnStory {
    let draw = unit(seed, &[key(org), u64::from(n), 17]);
    ReturnStory { returned_once: draw < 0.08, late: (0.08..0.18).contains(&draw) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnStory {
    pub returned_once: bool,
    pub late: bool,
}

/// A level (0 is the bottom of the scale, 1 the top) as a whole step on the scale.
fn on_scale(level: f64, min: f64, max: f64) -> f64 {
    (min + level.clamp(0.0, 1.0) * (max - min)).round()
}

/// A plausible staff headcount for a kind of organisation: an acute trust 3,000 to 9,000
/// people, a council 2,000 to 6,000, a primary-care group about 12 a practice, and so on.
fn staff_headcount(seed: u64, kind: OrgKind, suffix: &str, members: u32) -> u32 {
    let (low, span) = match kind {
        OrgKind::Acute => (3000.0, 6000.0),
        OrgKind::Community | OrgKind::MentalHealth => (1500.0, 2500.0),
        OrgKind::Ambulance => (2500.0, 2500.0),
        OrgKind::Commissioner => (150.0, 250.0),
        OrgKind::LocalAuthority => (2000.0, 4000.0),
        OrgKind::PrimaryCare => (10.0 * f64::from(members), 4.0 * f64::from(members)),
    };
    (low + unit(seed, &[key("staff"), key(suffix)]) * span).round() as u32
}

/// FNV-1a of a text: stable across runs and platforms (std's hasher is not promised to be).
fn key(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// A number in [0, 1) from the seed and a key, by SplitMix64 over the parts.
fn unit(seed: u64, parts: &[u64]) -> f64 {
    let mixed = parts.iter().fold(splitmix(seed), |h, &p| splitmix(h ^ p));
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
