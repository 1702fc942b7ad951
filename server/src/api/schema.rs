//! The API's response types: what a client receives, documented in the OpenAPI document
//! (`utoipa::ToSchema`). They are built from the facts the pages read (`ldr_app::facts`,
//! `db::*`) by copying values, never by computing them again, so a figure has one value on
//! the page, in the report and here; the facts keep their own internal shapes (tuples, typed
//! ids), which this contract does not expose. Every object refuses members it does not
//! declare (`additionalProperties: false`), so the document cannot fall behind a response.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use ldr_app::facts::{Provenance, ReturnSubject, RevisionRef};

/// A stored UTC time as an RFC 3339 instant.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

/// The return revision a figure was approved from.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The return's quarter (`2016-17-q1`).
    pub quarter: String,
    /// The organisation's code, when it was an organisation's return.
    pub organisation: Option<String>,
    /// The footprint's code, when it was the footprint's own return (Table 5).
    pub footprint: Option<String>,
    pub revision: i64,
}

impl From<&RevisionRef> for Revision {
    fn from(r: &RevisionRef) -> Self {
        let (organisation, footprint) = match &r.subject {
            ReturnSubject::Organisation(o) => (Some(o.0.clone()), None),
            ReturnSubject::Footprint(f) => (None, Some(f.0.clone())),
        };
        Revision { quarter: r.period.to_string(), organisation, footprint, revision: r.revision }
    }
}

/// Where a figure came from and who vouched for it. Absent members are not recorded for this
/// kind of figure (or it was loaded from the published roadmap, with no return behind it).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub source: String,
    pub recorded_at: Option<DateTime<Utc>>,
    /// Display name of who entered it.
    pub recorded_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub revision: Option<Revision>,
}

impl From<&Provenance> for Source {
    fn from(p: &Provenance) -> Self {
        Source {
            source: p.source.clone(),
            recorded_at: Some(utc(p.recorded_at)),
            recorded_by: p.recorded_by.clone(),
            approved_at: p.approved_at.map(utc),
            approved_by: p.approved_by.clone(),
            revision: p.revision.as_ref().map(Revision::from),
        }
    }
}

impl Source {
    /// A figure whose facts keep only its source and revision (measures).
    pub fn of(source: &str, revision: Option<&RevisionRef>) -> Self {
        Source {
            source: source.to_string(),
            recorded_at: None,
            recorded_by: None,
            approved_at: None,
            approved_by: None,
            revision: revision.map(Revision::from),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Footprint {
    pub code: String,
    pub name: String,
    /// Made by `ldr generate`: synthetic data.
    pub synthetic: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// ODS code (or a local one such as `GLOS-PC`).
    pub code: String,
    pub name: String,
    pub short_name: String,
    /// `acute`, `community`, `mental_health`, `ambulance`, `commissioner`, `primary_care`, `local_authority`.
    pub kind: String,
    /// GP practices and the like counted in it (1 for a single organisation).
    pub member_count: i64,
    pub footprint: String,
}

/// A quarter the footprint opened for returns.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub quarter: String,
    /// `2016/17 Q1`.
    pub label: String,
    pub deadline: NaiveDate,
    pub opened_at: DateTime<Utc>,
    pub opened_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
}

/// A published average for a theme and who it averages.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Average {
    pub peer_group: String,
    pub value: f64,
}

/// One organisation's DMA score for one theme as at the quarter, with the averages the page
/// compares it with.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DmaScore {
    pub organisation: String,
    pub framework: String,
    pub theme_code: String,
    pub theme: String,
    pub theme_group: String,
    /// The quarter asked about.
    pub as_at: String,
    /// The quarter the score was approved for (its latest up to `as_at`).
    pub quarter: String,
    /// None: "not assessed".
    pub score: Option<f64>,
    /// The organisation's own peer group's average (what the page compares the cell with).
    pub peer_average: Option<Average>,
    /// `above`, `at` or `below` the peer average.
    pub comparison: Option<String>,
    /// The reference column: the peer group with the most published averages (all NHS trusts).
    pub national_average: Option<Average>,
    pub provenance: Source,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Percent complete.
    pub value: f64,
    /// The quarter by which it is due.
    pub by: String,
}

/// An aim's status as at the quarter: the declared RAG beside the computed one.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Aim {
    pub capability: i64,
    pub code: String,
    pub text: String,
    pub as_at: String,
    /// The footprint's own figure (percent complete, Table 5).
    pub footprint_figure: Option<f64>,
    /// The mean of the organisations' latest approved figures.
    pub organisations_figure: Option<f64>,
    pub organisations_counted: Option<i64>,
    /// `footprint` or `organisations`: whose figures the computed status was judged on.
    pub judged_on: String,
    /// `red`, `amber` or `green` as the return declared it.
    pub declared_rag: Option<String>,
    /// `green`, `amber`, `red` or `no_data`.
    pub computed_rag: String,
    pub computed_reason: String,
    pub goal: Option<Goal>,
    /// Percentage points since the quarter before.
    pub change: Option<f64>,
    /// The footprint's own figure's provenance.
    pub provenance: Option<Source>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuarterScore {
    pub quarter: String,
    pub score: Option<f64>,
    pub provenance: Source,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedScore {
    /// The financial year (`2017/18`).
    pub year: String,
    pub score: f64,
    /// The plan's as it stood at `as_at` (the latest approved up to it).
    pub provenance: Source,
}

/// One organisation's trajectory for one PF@PoC capability as at the quarter.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Trajectory {
    pub capability_code: String,
    pub capability: String,
    pub organisation: String,
    pub framework: String,
    pub as_at: String,
    /// Every approved score up to the quarter, oldest first.
    pub scores: Vec<QuarterScore>,
    /// Each year's plan as it stood then, in year order.
    pub planned: Vec<PlannedScore>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    pub organisation: String,
    pub capability_code: Option<String>,
    pub capability: Option<String>,
    pub title: String,
    pub start_year: Option<String>,
    pub target_year: String,
    /// `active`, `committed` or `aspirational`.
    pub status: String,
    pub delivered_on: Option<NaiveDate>,
    pub provenance: Source,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub organisation: String,
    pub name: String,
    pub qualifier: String,
    pub value: f64,
    pub unit: String,
    pub benchmark: Option<Average>,
    pub provenance: Source,
}

/// A return owed for the quarter, as a line of the chase list: its latest revision and where
/// it stands, or `not_started` (then every member about the revision is null).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Return {
    /// The latest revision's id; None: not started.
    pub id: Option<i64>,
    pub footprint: String,
    /// The organisation's code; None for the footprint's own return (Table 5).
    pub organisation: Option<String>,
    pub quarter: String,
    pub revision: Option<i64>,
    /// `not_started`, `draft`, `submitted`, `returned` or `approved`.
    pub state: String,
    /// Past the quarter's deadline and not yet submitted (the chase list's "Overdue").
    pub overdue: bool,
    /// Times as stored (UTC).
    pub created_at: Option<String>,
    pub created_by: Option<String>,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    pub submitted_at: Option<String>,
    pub submitted_by: Option<String>,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
}

/// A frozen version of the steering pack.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub id: i64,
    pub footprint: String,
    pub quarter: String,
    pub version: u32,
    /// SHA-256 of the stored facts document, hex.
    pub sha256: String,
    pub generated_by: String,
    pub generated_at: DateTime<Utc>,
    pub endorsed_by: Option<String>,
    pub endorsed_at: Option<DateTime<Utc>>,
}

/// A frozen version with the facts document it was made from. `document` is the stored JSON
/// byte for byte, so its SHA-256 is `report.sha256`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDocument {
    pub report: Report,
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
}

/// A page of a list.
macro_rules! page_of {
    ($($name:ident => $row:ident),* $(,)?) => {$(
        /// A page of a list's rows, and the cursor of the next.
        #[derive(Debug, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub data: Vec<$row>,
            /// Pass as `cursor` for the next page; null on the last.
            pub next_cursor: Option<String>,
        }
    )*};
}

page_of! {
    FootprintPage => Footprint,
    OrganisationPage => Organisation,
    PeriodPage => Period,
    DmaScorePage => DmaScore,
    AimPage => Aim,
    TrajectoryPage => Trajectory,
    DeploymentPage => Deployment,
    MeasurePage => Measure,
    ReturnPage => Return,
    ReportPage => Report,
}
