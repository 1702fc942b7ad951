//! The deployment timeline's facts (issue 11, the roadmap's Figure 10): every deployment of a
//! footprint as at a quarter, the filters a reader chose, and the pure count by status per
//! financial year that the page, its chart and its CSV all read.

use serde::Serialize;

use super::{DeploymentStatus, Provenance};
use crate::domain::{FinancialYear, PeriodCode};

/// One deployment as it stood at the quarter (its latest version up to it, not withdrawn).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineDeployment {
    /// The organisation's ODS code and short name, and its place in the footprint's order.
    pub organisation_code: String,
    pub organisation: String,
    /// The capability (theme) it delivers: its code and name; None for none.
    pub capability_code: Option<String>,
    pub capability: Option<String>,
    pub title: String,
    pub start_year: Option<FinancialYear>,
    pub target_year: FinancialYear,
    pub status: DeploymentStatus,
    pub delivered_on: Option<chrono::NaiveDate>,
    pub provenance: Provenance,
}

impl TimelineDeployment {
    /// The first year it counts in: its start, or its target when it has no start. A start
    /// after the target (which the schema refuses) is read as the target, so a bad row can
    /// never count backwards.
    pub fn first_year(&self) -> FinancialYear {
        self.start_year.filter(|s| *s <= self.target_year).unwrap_or(self.target_year)
    }

    /// Whether it counts in `year`: from its first year to its target year, both included.
    pub fn spans(&self, year: FinancialYear) -> bool {
        self.first_year() <= year && year <= self.target_year
    }
}

/// The filters of the page: each None is "all". Values are the codes the form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeploymentFilter {
    pub organisation: Option<String>,
    pub capability: Option<String>,
    pub status: Option<DeploymentStatus>,
}

impl DeploymentFilter {
    pub fn keeps(&self, d: &TimelineDeployment) -> bool {
        self.organisation.as_ref().is_none_or(|o| *o == d.organisation_code)
            && self.capability.as_ref().is_none_or(|c| d.capability_code.as_ref() == Some(c))
            && self.status.is_none_or(|s| s == d.status)
    }

    /// The filters as query pairs (for links that keep them), in the form's order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        pairs.extend(self.organisation.clone().map(|o| ("organisation", o)));
        pairs.extend(self.capability.clone().map(|c| ("capability", c)));
        pairs.extend(self.status.map(|s| ("status", s.code().to_string())));
        pairs
    }
}

/// The footprint's deployments as at a quarter, before any filter, in the footprint's order
/// (organisation, then capability, then start and target).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeploymentTimeline {
    pub period: PeriodCode,
    pub deployments: Vec<TimelineDeployment>,
}

/// How many deployments of each status count in one financial year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: FinancialYear,
    pub active: usize,
    pub committed: usize,
    pub aspirational: usize,
}

impl YearCount {
    pub fn total(&self) -> usize {
        self.active + self.committed + self.aspirational
    }

    pub fn of(&self, status: DeploymentStatus) -> usize {
        match status {
            DeploymentStatus::Active => self.active,
            DeploymentStatus::Committed => self.committed,
            DeploymentStatus::Aspirational => self.aspirational,
        }
    }
}

/// The financial years the deployments span: from the earliest first year to the latest
/// target, every year between included (a year with none is still a column).
pub fn timeline_years(deployments: &[TimelineDeployment]) -> Vec<FinancialYear> {
    let first = deployments.iter().map(TimelineDeployment::first_year).min();
    let last = deployments.iter().map(|d| d.target_year).max();
    match (first, last) {
        (Some(first), Some(last)) => (first.0..=last.0).map(FinancialYear).collect(),
        _ => Vec::new(),
    }
}

/// The count by status per financial year: a deployment counts in each year from its start
/// (or its target, when it has no start) to its target year, both included.
pub fn counts_by_year(deployments: &[TimelineDeployment]) -> Vec<YearCount> {
    timeline_years(deployments)
        .into_iter()
        .map(|year| {
            let mut count = YearCount { year, active: 0, committed: 0, aspirational: 0 };
            for d in deployments.iter().filter(|d| d.spans(year)) {
                match d.status {
                    DeploymentStatus::Active => count.active += 1,
                    DeploymentStatus::Committed => count.committed += 1,
                    DeploymentStatus::Aspirational => count.aspirational += 1,
                }
            }
            count
        })
        .collect()
}

/// A deployment for tests: GHFT's, on records, loaded from the roadmap.
#[cfg(test)]
pub(crate) fn sample(title: &str, start: Option<i32>, target: i32, status: DeploymentStatus) -> TimelineDeployment {
    TimelineDeployment {
        organisation_code: "RTE".into(),
        organisation: "GHFT".into(),
        capability_code: Some("records".into()),
        capability: Some("Records, Assessments & Plans".into()),
        title: title.into(),
        start_year: start.map(FinancialYear),
        target_year: FinancialYear(target),
        status,
        delivered_on: None,
        provenance: crate::views::fixtures::provenance(),
    }
}

#[cfg(test)]
#[path = "deployment_timeline_tests.rs"]
mod tests;
