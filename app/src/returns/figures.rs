//! The figures a return holds, one type per section. Stored as JSON in
//! `return_sections.payload` while the return is worked on; approval writes them into the
//! figure tables. Keys are the natural codes (theme, aim, measure), never database ids, so a
//! stored draft reads the same after a reseed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::SectionKind;

/// One theme's DMA answer. A theme with no entry has not been answered yet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DmaEntry {
    Score(f64),
    NotAssessed,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DmaFigures {
    /// Theme code -> answer.
    pub scores: BTreeMap<String, DmaEntry>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrajectoryFigures {
    /// PF@PoC theme code -> financial year (start year) -> planned score.
    pub planned: BTreeMap<String, BTreeMap<i32, f64>>,
}

/// One aim's progress. Completeness is a percentage, or "no data" (`no_data`, with no
/// figure): an answer, distinct from a figure not entered yet (neither).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AimEntry {
    pub completeness: Option<f64>,
    /// The figure is not known: written as completeness NULL on approval. Absent in JSON
    /// stored before it existed, and left out when false, so older sections read the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_data: bool,
    /// 'green', 'amber' or 'red'; None = not yet declared.
    pub rag: Option<String>,
    pub narrative: String,
    /// Goals by financial year (the footprint's Table 5 only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub goals: BTreeMap<i32, f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AimFigures {
    /// Aim code -> progress.
    pub aims: BTreeMap<String, AimEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentStatus {
    Active,
    Committed,
    Aspirational,
}

impl DeploymentStatus {
    pub const ALL: [DeploymentStatus; 3] = [DeploymentStatus::Active, DeploymentStatus::Committed, DeploymentStatus::Aspirational];

    pub fn code(self) -> &'static str {
        match self {
            DeploymentStatus::Active => "active",
            DeploymentStatus::Committed => "committed",
            DeploymentStatus::Aspirational => "aspirational",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeploymentStatus::Active => "Active",
            DeploymentStatus::Committed => "Committed",
            DeploymentStatus::Aspirational => "Aspirational",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl std::str::FromStr for DeploymentStatus {
    type Err = String;
    /// The stored code (`active`, `committed`, `aspirational`), as the figure tables hold it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("'{s}' is not a deployment status"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentEntry {
    /// The official deployment this edits; None for one added in this return.
    pub official_id: Option<i64>,
    /// The PF@PoC theme it delivers, if any.
    pub capability: Option<String>,
    pub title: String,
    pub description: String,
    pub start_year: Option<i32>,
    pub target_year: i32,
    pub status: DeploymentStatus,
    pub delivered_on: Option<NaiveDate>,
    /// Removed in this return: an official deployment is withdrawn from the quarter on
    /// approval, a new one is never added. Kept in the list (not deleted) so the removal can
    /// be undone until then, and so a row's number stays the same while the return is edited.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeploymentFigures {
    /// In the order shown; a row's number in URLs is its position here, counted from 1.
    pub items: Vec<DeploymentEntry>,
}

impl DeploymentFigures {
    /// The deployment at row `n` (from 1).
    pub fn row(&self, n: usize) -> Option<&DeploymentEntry> {
        n.checked_sub(1).and_then(|i| self.items.get(i))
    }

    pub fn row_mut(&mut self, n: usize) -> Option<&mut DeploymentEntry> {
        n.checked_sub(1).and_then(|i| self.items.get_mut(i))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureEntry {
    pub code: String,
    pub qualifier: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MeasureFigures {
    pub values: Vec<MeasureEntry>,
}

impl MeasureFigures {
    pub fn value(&self, code: &str, qualifier: &str) -> Option<f64> {
        self.values.iter().find(|m| m.code == code && m.qualifier == qualifier).and_then(|m| m.value)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Commentary {
    pub text: String,
}

/// One section's figures, whichever section it is.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionFigures {
    Dma(DmaFigures),
    Trajectory(TrajectoryFigures),
    Aims(AimFigures),
    Deployments(DeploymentFigures),
    Measures(MeasureFigures),
    FootprintAims(AimFigures),
    Commentary(Commentary),
}

impl SectionFigures {
    pub fn kind(&self) -> SectionKind {
        match self {
            SectionFigures::Dma(_) => SectionKind::Dma,
            SectionFigures::Trajectory(_) => SectionKind::Trajectory,
            SectionFigures::Aims(_) => SectionKind::Aims,
            SectionFigures::Deployments(_) => SectionKind::Deployments,
            SectionFigures::Measures(_) => SectionKind::Measures,
            SectionFigures::FootprintAims(_) => SectionKind::FootprintAims,
            SectionFigures::Commentary(_) => SectionKind::Commentary,
        }
    }

    /// An empty section of a kind.
    pub fn empty(kind: SectionKind) -> Self {
        kind.section().empty()
    }

    pub fn to_json(&self) -> String {
        self.section().to_json(self)
    }

    pub fn from_json(kind: SectionKind, json: &str) -> Result<Self, serde_json::Error> {
        kind.section().read_json(json)
    }
}

/// A whole return's figures, section by section (a section may be absent: not in this
/// subject's return).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReturnFigures {
    pub sections: BTreeMap<SectionKind, SectionFigures>,
}

impl ReturnFigures {
    pub fn get(&self, kind: SectionKind) -> Option<&SectionFigures> {
        self.sections.get(&kind)
    }

    pub fn insert(&mut self, figures: SectionFigures) {
        self.sections.insert(figures.kind(), figures);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_round_trips_through_json() {
        let mut dma = DmaFigures::default();
        dma.scores.insert("records".into(), DmaEntry::Score(12.0));
        dma.scores.insert("meds".into(), DmaEntry::NotAssessed);
        let mut traj = TrajectoryFigures::default();
        traj.planned.entry("records".into()).or_default().insert(2017, 40.0);
        let deployments = DeploymentFigures {
            items: vec![DeploymentEntry {
                official_id: Some(3),
                capability: None,
                title: "EPR".into(),
                description: String::new(),
                start_year: None,
                target_year: 2018,
                status: DeploymentStatus::Committed,
                delivered_on: NaiveDate::from_ymd_opt(2018, 3, 31),
                removed: true,
            }],
        };
        let mut aims = AimFigures::default();
        aims.aims.insert("8a".into(), AimEntry { no_data: true, rag: Some("amber".into()), ..Default::default() });
        aims.aims.insert("9a".into(), AimEntry { completeness: Some(57.0), ..Default::default() });
        for f in [
            SectionFigures::Dma(dma),
            SectionFigures::Trajectory(traj),
            SectionFigures::Deployments(deployments),
            SectionFigures::FootprintAims(aims),
        ] {
            let back = SectionFigures::from_json(f.kind(), &f.to_json()).unwrap();
            assert_eq!(back, f);
        }
    }

    #[test]
    fn an_aim_stored_before_no_data_existed_reads_as_not_answered_and_no_data_is_stored_distinctly() {
        let old = r#"{"aims":{"8a":{"completeness":null,"rag":null,"narrative":""}}}"#;
        let SectionFigures::Aims(f) = SectionFigures::from_json(SectionKind::Aims, old).unwrap() else { panic!() };
        assert_eq!(f.aims["8a"], AimEntry::default());
        let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        let not_answered = SectionFigures::Aims(f.clone()).to_json();
        assert_eq!(json(&not_answered), json(old), "an entry without no data is stored as before");
        let mut no_data = f;
        no_data.aims.get_mut("8a").unwrap().no_data = true;
        assert!(SectionFigures::Aims(no_data).to_json().contains(r#""no_data":true"#));
    }
}
