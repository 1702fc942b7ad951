//! Which assessment framework is in force for a kind of organisation in a quarter: the one rule
//! behind what a return asks and which framework a DMA page shows.
//!
//! A framework is in force over a span of quarters (the 2016 DMA from 2015/16 Q1 until What
//! Good Looks Like took over in 2024/25 Q1) and taken by some kinds of organisation. The span
//! belongs to the framework, not to each kind: an edition of a national assessment starts and
//! ends for everyone who takes it, and a kind that joins later is a new framework row.

use std::cmp::Reverse;

use super::{OrgKind, PeriodCode};

/// The quarters a framework is in force: from `from` to `to`, both included. `None` for
/// `from` means since before any recorded quarter (a framework loaded before spans were
/// recorded); `None` for `to` means still in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InForce {
    pub from: Option<PeriodCode>,
    pub to: Option<PeriodCode>,
}

impl InForce {
    /// A span, refused when it ends before it starts.
    pub fn new(from: Option<PeriodCode>, to: Option<PeriodCode>) -> Result<Self, String> {
        match (from, to) {
            (Some(f), Some(t)) if t < f => Err(format!("ends ({}) before it starts ({})", t.label(), f.label())),
            _ => Ok(InForce { from, to }),
        }
    }

    pub fn covers(&self, quarter: PeriodCode) -> bool {
        self.from.is_none_or(|f| f <= quarter) && self.to.is_none_or(|t| quarter <= t)
    }

    /// Whether the two spans share a quarter.
    pub fn overlaps(&self, other: &InForce) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_this_ends = match (other.from, self.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_this_ends
    }
}

/// A framework as the rule sees it: an id of the caller's choosing, who takes it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworkSpan<Id> {
    pub id: Id,
    pub kinds: Vec<OrgKind>,
    pub in_force: InForce,
}

/// The framework in force for `kind` in `quarter`, or None when there is none (then a return
/// has no DMA scores to ask, and so no trajectory either): [`framework_for_organisations`]
/// for one organisation, so a return, an organisation's page and its trajectory agree.
pub fn framework_for<Id>(frameworks: &[FrameworkSpan<Id>], kind: OrgKind, quarter: PeriodCode) -> Option<&FrameworkSpan<Id>> {
    framework_for_organisations(frameworks, &[kind], quarter)
}

/// The framework organisations were scored on in a quarter: the one rule behind what a
/// return asks, which framework a DMA page shows (a footprint's organisations) and whose
/// capabilities an organisation's trajectory follows (one organisation). Of the frameworks
/// in force then, the one taken by most of the organisations (`kinds`: one entry per
/// organisation); of equals, the one that came into force last (it has taken over); of
/// equals again, the first listed (callers list the oldest first). The seed refuses two
/// frameworks in force for one kind at once, so for one organisation the tie-breaks only
/// matter in a database loaded before spans were recorded.
pub fn framework_for_organisations<'a, Id>(
    frameworks: &'a [FrameworkSpan<Id>],
    kinds: &[OrgKind],
    quarter: PeriodCode,
) -> Option<&'a FrameworkSpan<Id>> {
    frameworks
        .iter()
        .enumerate()
        .filter(|(_, f)| f.in_force.covers(quarter))
        .map(|(position, f)| (kinds.iter().filter(|k| f.kinds.contains(k)).count(), f.in_force.from, Reverse(position), f))
        .filter(|(taken_by, ..)| *taken_by > 0)
        .max_by_key(|(taken_by, from, position, _)| (*taken_by, *from, *position))
        .map(|(.., f)| f)
}

/// Two frameworks in force for the same kind in a shared quarter, if any: (first, second, kind)
/// by position in `frameworks`. The seed refuses such a pair, so the rule above never guesses.
pub fn first_overlap<Id>(frameworks: &[FrameworkSpan<Id>]) -> Option<(usize, usize, OrgKind)> {
    for (i, a) in frameworks.iter().enumerate() {
        for (j, b) in frameworks.iter().enumerate().skip(i + 1) {
            if let Some(kind) = a.kinds.iter().find(|k| b.kinds.contains(k)) {
                if a.in_force.overlaps(&b.in_force) {
                    return Some((i, j, *kind));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrgKind::*;

    fn q(code: &str) -> PeriodCode {
        code.parse().unwrap()
    }

    /// The seed's two frameworks: the 2016 DMA (trusts and councils) until WGLL (trusts and
    /// commissioners) took over in 2024/25.
    fn seeded() -> Vec<FrameworkSpan<&'static str>> {
        vec![
            FrameworkSpan {
                id: "DMA2016",
                kinds: vec![Acute, Community, MentalHealth, Ambulance, LocalAuthority],
                in_force: InForce::new(Some(q("2015-16-q1")), Some(q("2023-24-q4"))).unwrap(),
            },
            FrameworkSpan {
                id: "WGLL2024",
                kinds: vec![Acute, Community, MentalHealth, Ambulance, Commissioner],
                in_force: InForce::new(Some(q("2024-25-q1")), None).unwrap(),
            },
        ]
    }

    #[test]
    fn a_return_asks_the_framework_in_force_for_its_kind_in_its_quarter() {
        let f = seeded();
        let pick = |kind, quarter| framework_for(&f, kind, q(quarter)).map(|s| s.id);
        // (kind, quarter, framework asked)
        let cases = [
            (Acute, "2016-17-q2", Some("DMA2016")),
            (Acute, "2015-16-q1", Some("DMA2016")),
            (Acute, "2023-24-q4", Some("DMA2016")),
            (Acute, "2024-25-q1", Some("WGLL2024")),
            (LocalAuthority, "2016-17-q2", Some("DMA2016")),
            // WGLL is for trusts and ICBs, and the 2016 DMA ended: no framework for councils.
            (LocalAuthority, "2024-25-q1", None),
            // No DMA for commissioners in 2016: WGLL did not exist yet.
            (Commissioner, "2016-17-q2", None),
            (Commissioner, "2030-31-q4", Some("WGLL2024")),
            (PrimaryCare, "2016-17-q2", None),
            (PrimaryCare, "2024-25-q1", None),
            (Acute, "2014-15-q4", None),
        ];
        for (kind, quarter, expected) in cases {
            assert_eq!(pick(kind, quarter), expected, "{kind:?} in {quarter}");
        }
    }

    #[test]
    fn of_two_frameworks_in_force_the_one_that_came_in_last_has_taken_over() {
        let mut f = seeded();
        f[0].in_force.to = None;
        assert_eq!(framework_for(&f, Acute, q("2025-26-q1")).map(|s| s.id), Some("WGLL2024"));
        assert_eq!(framework_for(&f, LocalAuthority, q("2025-26-q1")).map(|s| s.id), Some("DMA2016"));
        // Spans not recorded at all (an older database): the first listed, as before.
        let unknown: Vec<_> = seeded().into_iter().map(|s| FrameworkSpan { in_force: InForce::default(), ..s }).collect();
        assert_eq!(framework_for(&unknown, Acute, q("2016-17-q1")).map(|s| s.id), Some("DMA2016"));
    }

    #[test]
    fn a_footprint_page_shows_the_framework_most_of_its_organisations_take() {
        let f = seeded();
        let glos = [Commissioner, Acute, Community, MentalHealth, Ambulance, PrimaryCare, LocalAuthority];
        let pick = |quarter| framework_for_organisations(&f, &glos, q(quarter)).map(|s| s.id);
        assert_eq!(pick("2016-17-q2"), Some("DMA2016"));
        assert_eq!(pick("2024-25-q1"), Some("WGLL2024"));
        assert_eq!(pick("2010-11-q1"), None);
        // A tie goes to the newer framework.
        let pair = [LocalAuthority, Commissioner];
        let mut both = seeded();
        both[0].in_force.to = None;
        assert_eq!(framework_for_organisations(&both, &pair, q("2024-25-q1")).map(|s| s.id), Some("WGLL2024"));
    }

    #[test]
    fn of_frameworks_taken_by_as_many_the_newer_wins_then_the_first_listed() {
        let mut f = seeded();
        f[0].in_force.to = None;
        let trusts = [Acute, Community];
        // Both taken by both trusts: the one that came into force last.
        assert_eq!(framework_for_organisations(&f, &trusts, q("2025-26-q1")).map(|s| s.id), Some("WGLL2024"));
        // Same start too: the first listed, for a footprint and for one organisation alike.
        f[1].in_force.from = f[0].in_force.from;
        assert_eq!(framework_for_organisations(&f, &trusts, q("2025-26-q1")).map(|s| s.id), Some("DMA2016"));
        assert_eq!(framework_for(&f, Acute, q("2025-26-q1")).map(|s| s.id), Some("DMA2016"));
        // More organisations outrank a newer start.
        let councils_and_a_trust = [LocalAuthority, LocalAuthority, Acute];
        f[1].in_force.from = Some(q("2024-25-q1"));
        assert_eq!(framework_for_organisations(&f, &councils_and_a_trust, q("2025-26-q1")).map(|s| s.id), Some("DMA2016"));
        // Nobody takes a framework in force: none.
        assert_eq!(framework_for_organisations(&f, &[PrimaryCare], q("2025-26-q1")).map(|s| s.id), None);
        assert_eq!(framework_for_organisations(&f, &[], q("2025-26-q1")).map(|s| s.id), None);
    }

    #[test]
    fn spans_know_what_they_cover_and_refuse_to_end_before_they_start() {
        let span = InForce::new(Some(q("2016-17-q1")), Some(q("2016-17-q4"))).unwrap();
        assert!(span.covers(q("2016-17-q1")) && span.covers(q("2016-17-q4")));
        assert!(!span.covers(q("2015-16-q4")) && !span.covers(q("2017-18-q1")));
        let err = InForce::new(Some(q("2017-18-q1")), Some(q("2016-17-q4"))).unwrap_err();
        assert_eq!(err, "ends (2016/17 Q4) before it starts (2017/18 Q1)");
    }

    #[test]
    fn overlapping_frameworks_for_one_kind_are_found() {
        assert_eq!(first_overlap(&seeded()), None, "the seed's frameworks follow one another");
        let mut f = seeded();
        f[0].in_force.to = Some(q("2024-25-q1"));
        assert_eq!(first_overlap(&f), Some((0, 1, Acute)));
        // Overlapping in time but taken by different kinds is fine.
        f[1].kinds = vec![Commissioner];
        assert_eq!(first_overlap(&f), None);
        let open_ended = InForce::new(None, None).unwrap();
        assert!(open_ended.overlaps(&InForce::new(Some(q("2030-31-q1")), None).unwrap()));
    }
}
