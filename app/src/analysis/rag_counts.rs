//! Counting RAG statuses for the dashboard's summary.

use crate::domain::Rag;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RagCounts {
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    /// Aims with no declared status (the 2016 document's colours were lost).
    pub not_rated: usize,
}

impl RagCounts {
    pub fn count<I: IntoIterator<Item = Option<Rag>>>(statuses: I) -> Self {
        statuses.into_iter().fold(RagCounts::default(), |mut c, s| {
            match s {
                Some(Rag::Green) => c.green += 1,
                Some(Rag::Amber) => c.amber += 1,
                Some(Rag::Red) => c.red += 1,
                None => c.not_rated += 1,
            }
            c
        })
    }

    pub fn total(&self) -> usize {
        self.green + self.amber + self.red + self.not_rated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_status_and_the_unrated() {
        let c = RagCounts::count([Some(Rag::Green), None, Some(Rag::Red), Some(Rag::Green), None, Some(Rag::Amber)]);
        assert_eq!(c, RagCounts { green: 2, amber: 1, red: 1, not_rated: 2 });
        assert_eq!(c.total(), 6);
        assert_eq!(RagCounts::count(std::iter::repeat_n(None, 25)).not_rated, 25);
    }
}
