//! The roadmap's registers: what stands between the footprint and its goals.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Registers {
    pub gaps: Vec<GapArea>,
    pub initiatives: Vec<Initiative>,
    pub workstreams: Vec<Workstream>,
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapArea {
    pub name: String,
    pub gaps: Vec<String>,
}

/// An initiative with the four priority criteria of the roadmap's section H1.4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Initiative {
    pub title: String,
    pub description: String,
    pub universal_capability: bool,
    pub stp_objective: bool,
    pub whole_system: bool,
    /// "none", "single" (one organisation) or "multiple" (across several).
    pub pfpoc_enabler: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workstream {
    pub name: String,
    pub baseline: String,
    pub gap_2020: String,
    pub indicative_cost: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub title: String,
    pub description: String,
}
