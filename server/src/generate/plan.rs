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
        organisations.push(OrgPlan {
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
mod tests {
    use super::*;

    fn count(plans: &[FootprintPlan], wanted: impl Fn(&OrgPlan) -> bool) -> usize {
        plans.iter().flat_map(|f| &f.organisations).filter(|o| wanted(o)).count()
    }

    #[test]
    fn england_by_default_has_englands_shape() {
        let plans = england(Spec::default());
        assert_eq!(plans.len(), 42);
        let trusts = count(&plans, |o| matches!(o.kind, OrgKind::Acute | OrgKind::Community | OrgKind::MentalHealth | OrgKind::Ambulance));
        let practices = count(&plans, |o| o.parent.is_some());
        let councils = count(&plans, |o| o.kind == OrgKind::LocalAuthority);
        assert!((180..=230).contains(&trusts), "about 205 trusts: {trusts}");
        assert!((5_500..=7_000).contains(&practices), "about 6,300 practices: {practices}");
        assert!((140..=165).contains(&councils), "about 152 councils: {councils}");
        assert_eq!(count(&plans, |o| o.kind == OrgKind::Commissioner), 42);
        assert_eq!(quarters(Spec::default()).len(), 40);
    }

    #[test]
    fn every_name_says_it_is_synthetic_and_every_code_is_unique() {
        let plans = england(Spec::default());
        let mut codes = std::collections::HashSet::new();
        for f in &plans {
            assert!(f.name.ends_with(SYNTHETIC), "{}", f.name);
            assert!(codes.insert(f.code.clone()), "{}", f.code);
            for o in &f.organisations {
                assert!(o.name.ends_with(SYNTHETIC), "{}", o.name);
                assert!(codes.insert(o.code.clone()), "duplicate code {}", o.code);
                assert!(o.code.starts_with('Z'), "never a real ODS code: {}", o.code);
            }
        }
        let names: std::collections::HashSet<_> = plans.iter().map(|f| &f.name).collect();
        assert_eq!(names.len(), plans.len(), "footprint names differ");
    }

    #[test]
    fn practices_belong_to_their_footprints_group_which_counts_them() {
        for f in england(Spec { footprints: 3, ..Spec::default() }) {
            let group = f.organisations.iter().find(|o| o.kind == OrgKind::PrimaryCare && o.parent.is_none()).unwrap();
            let members = f.organisations.iter().filter(|o| o.parent.as_deref() == Some(group.code.as_str())).count();
            assert_eq!(group.members as usize, members);
            assert!((80..=220).contains(&members));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_figures_and_another_seed_others() {
        let a = england(Spec::default());
        assert_eq!(a, england(Spec::default()));
        let scores = |seed| (2016..2026).map(|y| dma_score(seed, "Z01A1", "records", FinancialYear(y), 0.0, 100.0)).collect::<Vec<_>>();
        assert_eq!(scores(7), scores(7));
        assert_ne!(scores(7), scores(8));
    }

    #[test]
    fn scores_stay_on_their_scale_in_whole_steps_and_some_fall_and_some_are_not_assessed() {
        let (mut falls, mut missing, mut total) = (0, 0, 0);
        for o in 0..200 {
            let org = format!("Z{o:03}");
            for theme in ["records", "orders", "transfers", "medicines", "decision-support"] {
                let mut last = None;
                for y in 2016..2026 {
                    total += 1;
                    let (min, max) = if y < 2024 { (0.0, 100.0) } else { (1.0, 5.0) };
                    match dma_score(1, &org, theme, FinancialYear(y), min, max) {
                        None => missing += 1,
                        Some(s) => {
                            assert!((min..=max).contains(&s) && s.fract() == 0.0, "{s}");
                            if y < 2024 && last.is_some_and(|l| s < l) {
                                falls += 1;
                            }
                            last = Some(s);
                        }
                    }
                }
            }
        }
        assert!(falls > total / 50, "some scores fall: {falls} of {total}");
        assert!((total / 60..total / 15).contains(&missing), "about one in thirty not assessed: {missing} of {total}");
    }

    #[test]
    fn aims_and_measures_are_percentages_that_mostly_rise() {
        let (mut rises, mut pairs) = (0, 0);
        for f in 0..40 {
            let fp = format!("SYN{f:02}");
            let series: Vec<_> = (0..40).filter_map(|n| aim_percent(3, &fp, "4d", n)).collect();
            assert!(series.len() >= 36, "reported from the fourth quarter at the latest");
            for w in series.windows(2) {
                assert!((0.0..=100.0).contains(&w[1]));
                pairs += 1;
                rises += usize::from(w[1] >= w[0]);
            }
            let m = measure_percent(3, &fp, "pc-eps-live", 39);
            assert!((0.0..=100.0).contains(&m));
        }
        assert!(rises * 10 > pairs * 6, "mostly rising: {rises} of {pairs}");
    }

    #[test]
    fn plans_are_met_missed_and_beaten() {
        let (mut met, mut missed, mut beaten) = (0, 0, 0);
        for o in 0..300 {
            let org = format!("Z{o:03}");
            let year = FinancialYear(2018);
            let Some(actual) = dma_score(5, &org, "records", year, 0.0, 100.0) else { continue };
            let plan = planned_score(5, &org, "records", FinancialYear(2016), year, 0.0, 100.0);
            match actual - plan {
                d if d.abs() <= 2.0 => met += 1,
                d if d < 0.0 => missed += 1,
                _ => beaten += 1,
            }
        }
        assert!(met > 0 && missed > 0 && beaten > 0, "met {met}, missed {missed}, beaten {beaten}");
    }

    #[test]
    fn deployments_only_move_forward_and_most_go_live() {
        let order = |s: Option<Stage>| s.map_or(0, |s| s as u8 + 1);
        let mut live = 0;
        for o in 0..100 {
            let org = format!("Z{o:03}");
            let stages: Vec<_> = (0..40).map(|n| deployment_stage(9, &org, "records", n)).collect();
            assert!(stages.windows(2).all(|w| order(w[0]) <= order(w[1])), "{stages:?}");
            live += usize::from(stages[39] == Some(Stage::Active));
        }
        assert!(live > 60, "{live} of 100 live after ten years");
    }

    #[test]
    fn some_returns_are_late_and_some_are_returned_for_changes() {
        let stories: Vec<_> = (0..1000).map(|n| return_story(4, "Z01A1", n)).collect();
        let returned = stories.iter().filter(|s| s.returned_once).count();
        let late = stories.iter().filter(|s| s.late).count();
        assert!((40..130).contains(&returned), "{returned}");
        assert!((50..150).contains(&late), "{late}");
    }

    #[test]
    fn quarters_run_on_across_financial_years() {
        assert_eq!(quarter_after(FIRST_QUARTER, 0), FIRST_QUARTER);
        assert_eq!(quarter_after(FIRST_QUARTER, 3), PeriodCode { year: FinancialYear(2016), quarter: 4 });
        assert_eq!(quarter_after(FIRST_QUARTER, 4), PeriodCode { year: FinancialYear(2017), quarter: 1 });
        assert_eq!(quarter_after(FIRST_QUARTER, 39), PeriodCode { year: FinancialYear(2025), quarter: 4 });
    }

    #[test]
    fn place_names_do_not_repeat_before_a_number_is_added() {
        let names: std::collections::HashSet<_> = (0..84).map(place).collect();
        assert_eq!(names.len(), 84);
        assert_eq!(place(84), "Northshire 2");
    }
}
