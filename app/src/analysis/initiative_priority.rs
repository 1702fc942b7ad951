//! The gap register's priority order: each initiative scored against the roadmap's four H1.4
//! criteria. Pure, so the page, the CSV and any report rank them the same way.

use serde::Serialize;

/// How the score is made, as the page states it.
pub const METHOD: &str = "One point each for: needed for a Universal Capability, relied on by an STP objective, and helping \
whole-system working; as a paper-free at the point of care (PF@PoC) enabler, 0 points for none, 1 for one organisation and 2 \
for several. Highest score first; equal scores keep the roadmap's order.";

/// Whether an initiative enables PF@PoC, and how widely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Enabler {
    None,
    Single,
    Multiple,
}

impl Enabler {
    pub const ALL: [Enabler; 3] = [Enabler::None, Enabler::Single, Enabler::Multiple];

    /// As stored: `none`, `single`, `multiple`.
    pub fn code(self) -> &'static str {
        match self {
            Enabler::None => "none",
            Enabler::Single => "single",
            Enabler::Multiple => "multiple",
        }
    }

    pub fn parse(code: &str) -> Option<Enabler> {
        Enabler::ALL.into_iter().find(|e| e.code() == code)
    }

    fn points(self) -> u8 {
        match self {
            Enabler::None => 0,
            Enabler::Single => 1,
            Enabler::Multiple => 2,
        }
    }
}

/// The four criteria of one initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Criteria {
    pub universal_capability: bool,
    pub stp_objective: bool,
    pub whole_system: bool,
    pub enabler: Enabler,
}

/// The priority score (0 to 5) of [`METHOD`].
pub fn score(c: Criteria) -> u8 {
    u8::from(c.universal_capability) + u8::from(c.stp_objective) + u8::from(c.whole_system) + c.enabler.points()
}

/// The indexes of `items` in priority order: highest score first, ties in the order given
/// (the roadmap's own). A stable sort keeps the tie rule without a second key.
pub fn priority_order(items: &[Criteria]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(score(items[i])));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(u: bool, s: bool, w: bool, enabler: Enabler) -> Criteria {
        Criteria { universal_capability: u, stp_objective: s, whole_system: w, enabler }
    }

    #[test]
    fn each_yes_is_one_point_and_the_enabler_zero_one_or_two() {
        assert_eq!(score(c(false, false, false, Enabler::None)), 0);
        assert_eq!(score(c(true, false, false, Enabler::None)), 1);
        assert_eq!(score(c(false, true, false, Enabler::None)), 1);
        assert_eq!(score(c(false, false, true, Enabler::None)), 1);
        assert_eq!(score(c(false, false, false, Enabler::Single)), 1);
        assert_eq!(score(c(false, false, false, Enabler::Multiple)), 2);
        assert_eq!(score(c(true, true, true, Enabler::Multiple)), 5);
    }

    #[test]
    fn the_highest_score_comes_first_and_ties_keep_the_roadmap_order() {
        let items = [
            c(false, false, false, Enabler::Single), // 1
            c(true, true, true, Enabler::Multiple),  // 5
            c(false, true, false, Enabler::None),    // 1
            c(false, true, true, Enabler::Multiple), // 4
        ];
        assert_eq!(priority_order(&items), vec![1, 3, 0, 2]);
    }

    #[test]
    fn no_initiatives_give_an_empty_order() {
        assert!(priority_order(&[]).is_empty());
    }

    #[test]
    fn enabler_codes_read_back_and_anything_else_is_refused() {
        for e in Enabler::ALL {
            assert_eq!(Enabler::parse(e.code()), Some(e));
        }
        assert_eq!(Enabler::parse("several"), None);
    }
}
