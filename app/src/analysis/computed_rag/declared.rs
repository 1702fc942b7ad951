//! The declared RAG (typed by the organisation or the PMO) set against the computed one: a
//! difference is flagged in words wherever both are shown.

use serde::Serialize;

use super::ComputedRag;
use crate::domain::Rag;

/// A declared status that the rules do not bear out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub declared: Rag,
    pub computed: Rag,
}

/// The difference between a declared and a computed status; None when they agree, when
/// nothing was declared, or when the rules had no data to compute one.
pub fn difference(declared: Option<Rag>, computed: ComputedRag) -> Option<Difference> {
    match (declared, computed.rag()) {
        (Some(declared), Some(computed)) if declared != computed => Some(Difference { declared, computed }),
        _ => None,
    }
}

impl Difference {
    /// "declared green, computed amber".
    pub fn in_words(&self) -> String {
        format!("declared {}, computed {}", self.declared.code(), self.computed.code())
    }

    /// Whether the declaration is kinder than the data ("marking their own homework"): these
    /// come first among the exceptions.
    pub fn declared_better(&self) -> bool {
        // Rag orders Red < Amber < Green.
        self.declared > self.computed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_is_flagged_in_words_only_when_both_exist_and_disagree() {
        // (declared, computed, expected words)
        let cases = [
            (Some(Rag::Green), ComputedRag::Amber, Some("declared green, computed amber")),
            (Some(Rag::Red), ComputedRag::Green, Some("declared red, computed green")),
            (Some(Rag::Amber), ComputedRag::Amber, None),
            (None, ComputedRag::Red, None),
            (Some(Rag::Green), ComputedRag::NoData, None),
            (None, ComputedRag::NoData, None),
        ];
        for (declared, computed, words) in cases {
            let got = difference(declared, computed).map(|d| d.in_words());
            assert_eq!(got.as_deref(), words, "{declared:?} against {computed:?}");
        }
    }

    #[test]
    fn a_declaration_kinder_than_the_data_is_told_apart_from_a_modest_one() {
        assert!(difference(Some(Rag::Green), ComputedRag::Red).unwrap().declared_better());
        assert!(!difference(Some(Rag::Amber), ComputedRag::Green).unwrap().declared_better());
    }
}
