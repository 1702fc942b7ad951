//! The official figures approval writes for a section, as typed values and no I/O: the
//! write path (`db/figures.rs`) turns each into its figure table's row, adding the return's
//! subject, quarter and provenance. Keys are the natural codes, as in the sections.

use std::collections::BTreeMap;

use crate::domain::{FinancialYear, Percent, Rag};
use crate::returns::figures::DeploymentStatus;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum FigureWrite {
    /// A theme's score for the quarter (upserted); `score` None is "not assessed". The
    /// score is on the framework's scale, checked when the form was parsed.
    DmaScore { theme: String, score: Option<f64> },
    /// The quarter's trajectory plans, replaced whole: a plan left blank falls back to the
    /// earlier quarters' plan, as every figure does when read as at a quarter.
    TrajectoryPlans { plans: Vec<PlannedScore> },
    /// An aim's progress for the quarter (upserted). `completeness` None is "no data" or
    /// not entered. `goals` Some replaces the aim's goals (the footprint's Table 5); None
    /// leaves goals alone (an organisation's return has none).
    AimProgress {
        aim: String,
        completeness: Option<Percent>,
        rag: Option<Rag>,
        narrative: String,
        goals: Option<BTreeMap<FinancialYear, Percent>>,
    },
    /// A deployment's version for the quarter. `official_id` None: a new deployment, given
    /// its identity first. `withdrawn`: removed in this return, withdrawn from the quarter.
    Deployment(DeploymentWrite),
    /// A measure's figure for the quarter (upserted); a blank figure writes nothing.
    MeasureValue { measure: String, qualifier: String, value: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedScore {
    pub theme: String,
    pub year: FinancialYear,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentWrite {
    pub official_id: Option<i64>,
    /// The PF@PoC theme code it delivers, if any.
    pub capability: Option<String>,
    pub title: String,
    pub description: String,
    pub start_year: Option<FinancialYear>,
    pub target_year: FinancialYear,
    pub status: DeploymentStatus,
    pub delivered_on: Option<NaiveDate>,
    pub withdrawn: bool,
}
