//! The national view's facts: every footprint at a glance (organisations by kind, aims by
//! declared RAG, the DMA mean by theme group and like for like, the open quarter's returns),
//! and the pure rules that finish them: like-for-like means from the kind totals, sorting by
//! any column and filtering by region.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::{like_for_like, national_by_kind, KindTotal, LikeForLike, RagCounts};
use crate::domain::{OrgKind, PeriodCode};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalFootprint {
    pub code: String,
    pub name: String,
    pub region: Option<String>,
    pub synthetic: bool,
    /// Bodies that make their own return (no parent), by kind, in the kinds' order.
    pub bodies: Vec<(OrgKind, u32)>,
    /// GP practices grouped under the footprint's primary care.
    pub practices: u32,
    /// The footprint's own aims (Table 5) by declared status, as at the quarter.
    pub aims: RagCounts,
    /// The mean DMA score of each theme group, in `NationalView::groups` order.
    pub dma_by_group: Vec<Option<f64>>,
    /// Scores by kind (count and sum), for the like-for-like means.
    pub kind_totals: Vec<KindTotal>,
    /// Filled in by [`NationalView::finish`].
    pub like_for_like: Option<LikeForLike>,
    pub open_quarter: Option<OpenQuarter>,
}

impl NationalFootprint {
    pub fn body_count(&self) -> u32 {
        self.bodies.iter().map(|(_, n)| n).sum()
    }
}

/// The quarter open for returns in a footprint, and where its returns stand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OpenQuarter {
    pub period: PeriodCode,
    pub deadline: NaiveDate,
    /// Returns due: every body with no parent, and the footprint's own.
    pub expected: u32,
    pub submitted: u32,
    pub approved: u32,
    /// Due, past the deadline, and neither submitted nor approved.
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationalView {
    /// The quarter the figures stand as at (None: no figures anywhere yet).
    pub period: Option<PeriodCode>,
    /// The DMA framework the means are on, and its theme groups.
    pub framework: Option<String>,
    pub groups: Vec<String>,
    pub footprints: Vec<NationalFootprint>,
}

/// A column of the national table to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Region,
    Bodies,
    Practices,
    Red,
    NotRated,
    Dma,
    Difference,
    Overdue,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [
        SortKey::Name,
        SortKey::Region,
        SortKey::Bodies,
        SortKey::Practices,
        SortKey::Red,
        SortKey::NotRated,
        SortKey::Dma,
        SortKey::Difference,
        SortKey::Overdue,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Region => "region",
            SortKey::Bodies => "bodies",
            SortKey::Practices => "practices",
            SortKey::Red => "red",
            SortKey::NotRated => "not-rated",
            SortKey::Dma => "dma",
            SortKey::Difference => "difference",
            SortKey::Overdue => "overdue",
        }
    }

    pub fn parse(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl NationalView {
    /// Work out each footprint's like-for-like means from every footprint's kind totals.
    pub fn finish(mut self) -> Self {
        let all: Vec<KindTotal> = self.footprints.iter().flat_map(|f| f.kind_totals.iter().copied()).collect();
        let national = national_by_kind(&all);
        for f in &mut self.footprints {
            f.like_for_like = like_for_like(&f.kind_totals, &national);
        }
        self
    }

    /// Only the footprints of one region (None: all).
    pub fn in_region(mut self, region: Option<&str>) -> Self {
        if let Some(region) = region {
            self.footprints.retain(|f| f.region.as_deref() == Some(region));
        }
        self
    }

    /// Sorted by a column; ties and blanks (no figure) always last, then by name.
    pub fn sorted(mut self, key: SortKey, descending: bool) -> Self {
        self.footprints.sort_by(|a, b| {
            let order = match key {
                SortKey::Name => Some(a.name.cmp(&b.name)),
                SortKey::Region => a.region.as_ref().zip(b.region.as_ref()).map(|(x, y)| x.cmp(y)),
                SortKey::Bodies => Some(a.body_count().cmp(&b.body_count())),
                SortKey::Practices => Some(a.practices.cmp(&b.practices)),
                SortKey::Red => Some(a.aims.red.cmp(&b.aims.red)),
                SortKey::NotRated => Some(a.aims.not_rated.cmp(&b.aims.not_rated)),
                SortKey::Dma => number(a.like_for_like.map(|l| l.plain), b.like_for_like.map(|l| l.plain)),
                SortKey::Difference => number(a.like_for_like.map(|l| l.difference), b.like_for_like.map(|l| l.difference)),
                SortKey::Overdue => Some(overdue(a).cmp(&overdue(b))),
            };
            let blank_last = |x: bool, y: bool| y.cmp(&x);
            match order {
                Some(o) => (if descending { o.reverse() } else { o }).then_with(|| a.name.cmp(&b.name)),
                None => blank_last(has(key, a), has(key, b)).then_with(|| a.name.cmp(&b.name)),
            }
        });
        self
    }

    /// Every region named by a footprint, in order, for the filter.
    pub fn regions(&self) -> Vec<String> {
        let mut regions: Vec<String> = self.footprints.iter().filter_map(|f| f.region.clone()).collect();
        regions.sort();
        regions.dedup();
        regions
    }
}

fn overdue(f: &NationalFootprint) -> u32 {
    f.open_quarter.map_or(0, |q| q.overdue)
}

fn number(a: Option<f64>, b: Option<f64>) -> Option<Ordering> {
    a.zip(b).map(|(x, y)| x.total_cmp(&y))
}

/// Whether the footprint has a figure in the column (blanks sort last).
fn has(key: SortKey, f: &NationalFootprint) -> bool {
    match key {
        SortKey::Region => f.region.is_some(),
        SortKey::Dma | SortKey::Difference => f.like_for_like.is_some(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn footprint(name: &str, region: Option<&str>, totals: &[(OrgKind, u32, f64)]) -> NationalFootprint {
        NationalFootprint {
            code: name.to_uppercase(),
            name: name.into(),
            region: region.map(str::to_string),
            synthetic: false,
            bodies: vec![(OrgKind::Acute, 2)],
            practices: 0,
            aims: RagCounts::default(),
            dma_by_group: vec![],
            kind_totals: totals.iter().map(|&(kind, scores, sum)| KindTotal { kind, scores, sum }).collect(),
            like_for_like: None,
            open_quarter: None,
        }
    }

    fn view(footprints: Vec<NationalFootprint>) -> NationalView {
        NationalView { period: None, framework: None, groups: vec![], footprints }.finish()
    }

    #[test]
    fn like_for_like_is_worked_out_against_every_footprints_kinds() {
        let v = view(vec![
            footprint("a", Some("London"), &[(OrgKind::Acute, 2, 120.0)]),
            footprint("b", Some("North West"), &[(OrgKind::Acute, 2, 80.0), (OrgKind::Ambulance, 1, 20.0)]),
            footprint("c", None, &[]),
        ]);
        // Acute nationally: 200 / 4 = 50; ambulance: 20.
        let a = v.footprints[0].like_for_like.unwrap();
        assert_eq!((a.plain, a.expected, a.difference), (60.0, 50.0, 10.0));
        let b = v.footprints[1].like_for_like.unwrap();
        assert_eq!((b.plain, b.expected), (100.0 / 3.0, 120.0 / 3.0));
        assert_eq!(v.footprints[2].like_for_like, None);
    }

    #[test]
    fn sorting_by_a_column_puts_blanks_last_either_way_and_breaks_ties_by_name() {
        let v = view(vec![
            footprint("b", Some("London"), &[(OrgKind::Acute, 1, 40.0)]),
            footprint("a", None, &[]),
            footprint("c", Some("London"), &[(OrgKind::Acute, 1, 80.0)]),
        ]);
        let names = |v: &NationalView| v.footprints.iter().map(|f| f.name.clone()).collect::<Vec<_>>().join("");
        let up = v.clone().sorted(SortKey::Dma, false);
        assert_eq!(names(&up), "bca");
        let down = v.clone().sorted(SortKey::Dma, true);
        assert_eq!(names(&down), "cba");
        assert_eq!(names(&v.clone().sorted(SortKey::Region, false)), "bca", "London twice, by name; no region last");
        assert_eq!(names(&v.clone().sorted(SortKey::Name, true)), "cba");
    }

    #[test]
    fn a_region_filter_keeps_only_its_footprints_and_the_regions_are_listed_once() {
        let v = view(vec![footprint("a", Some("London"), &[]), footprint("b", Some("Midlands"), &[]), footprint("c", Some("London"), &[])]);
        assert_eq!(v.regions(), vec!["London".to_string(), "Midlands".to_string()]);
        assert_eq!(v.in_region(Some("London")).footprints.len(), 2);
    }

    #[test]
    fn sort_keys_round_trip_through_their_codes() {
        for k in SortKey::ALL {
            assert_eq!(SortKey::parse(k.code()), Some(k));
        }
        assert_eq!(SortKey::parse("nonsense"), None);
    }
}
