//! Red / amber / green status of an aim's improvement plans.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn code(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }

    /// The NHS.UK tag modifier; the tag always carries the word too, never colour alone.
    pub fn tag_class(self) -> &'static str {
        match self {
            Rag::Red => "nhsuk-tag nhsuk-tag--red",
            Rag::Amber => "nhsuk-tag nhsuk-tag--orange",
            Rag::Green => "nhsuk-tag nhsuk-tag--green",
        }
    }
}

impl FromStr for Rag {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rag::ALL.into_iter().find(|r| r.code() == s).ok_or_else(|| format!("'{s}' is not a RAG status (green, amber or red)"))
    }
}
