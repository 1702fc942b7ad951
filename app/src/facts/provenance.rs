//! Where a figure came from: its source, who entered and approved it and when, and the return
//! revision that made it official, as plain values. Each surface words and links it itself.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::PeriodCode;

/// An organisation's code (ODS code, or a local one such as `GLOS-PC`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OrgCode(pub String);

/// A footprint's code (`GLOS`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FootprintCode(pub String);

/// Whose return it was: an organisation's, or the footprint's own (Table 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnSubject {
    Organisation(OrgCode),
    Footprint(FootprintCode),
}

impl ReturnSubject {
    pub fn code(&self) -> &str {
        match self {
            ReturnSubject::Organisation(c) => &c.0,
            ReturnSubject::Footprint(c) => &c.0,
        }
    }
}

/// One revision of one quarterly return: what a figure points back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionRef {
    pub period: PeriodCode,
    pub subject: ReturnSubject,
    pub revision: i64,
}

/// Where a figure came from and who vouched for it. Times are UTC, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub source: String,
    pub recorded_at: NaiveDateTime,
    /// Display name of who entered it (None: loaded from the roadmap).
    pub recorded_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    /// The return revision the figure was approved from (None: loaded from the roadmap).
    pub revision: Option<RevisionRef>,
}
