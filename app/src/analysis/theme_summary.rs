//! Per-theme summary across a footprint's organisations: computed from the data, never
//! taken from the roadmap's prose (which says "all 4 trusts at or above national for
//! Transfers of Care" while its own table has GCS at 38 against 48).

use super::{Cell, Comparison};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThemeSummary {
    pub assessed: usize,
    pub compared: usize,
    pub above: usize,
    pub at: usize,
    pub below: usize,
}

impl ThemeSummary {
    pub fn at_or_above(&self) -> usize {
        self.above + self.at
    }
}

pub fn summarise_theme<'a, I: IntoIterator<Item = &'a Cell>>(cells: I) -> ThemeSummary {
    cells.into_iter().fold(ThemeSummary::default(), |mut s, cell| {
        if cell.score().is_some() {
            s.assessed += 1;
        }
        if let Some(c) = cell.comparison() {
            s.compared += 1;
            match c {
                Comparison::Above => s.above += 1,
                Comparison::At => s.at += 1,
                Comparison::Below => s.below += 1,
            }
        }
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare;

    fn compared(score: f64, national: f64) -> Cell {
        Cell::Compared { score, benchmark: national, peer_group: "NHS trusts".into(), comparison: compare(score, national) }
    }

    #[test]
    fn transfers_of_care_has_two_of_four_trusts_above_national_not_all_four() {
        // Table 2, Transfers Of Care: national 48; GHFT 51, GCS 38, 2gether 44, SWAS 49; GCC 55 (no council average).
        let cells =
            [compared(51.0, 48.0), compared(38.0, 48.0), compared(44.0, 48.0), compared(49.0, 48.0), Cell::NoComparator { score: 55.0 }];
        let s = summarise_theme(&cells);
        assert_eq!(s, ThemeSummary { assessed: 5, compared: 4, above: 2, at: 0, below: 2 });
        assert_eq!(s.at_or_above(), 2);
    }

    #[test]
    fn not_assessed_cells_are_not_counted_as_assessed() {
        let cells = [Cell::NotAssessed, compared(56.0, 55.0)];
        let s = summarise_theme(&cells);
        assert_eq!((s.assessed, s.compared, s.above), (1, 1, 1));
    }
}
