//! A generated return's sections, built from the plan as the typed documents a CIO's return
//! holds (`ldr_app::returns::figures`): the DMA in the quarter it is scored (Q2), the
//! trajectory in the quarter it is planned (Q1), the deployments that moved this quarter, the
//! footprint's aims with goals, and a commentary. A section the plan enters nothing in that
//! quarter is left out, so the return page shows what was entered. Pure: no I/O.

use std::collections::BTreeMap;

use ldr_app::domain::{FinancialYear, PeriodCode};
use ldr_app::returns::figures::{
    AimEntry, AimFigures, Commentary, DeploymentEntry, DeploymentFigures, DeploymentStatus, DmaEntry, DmaFigures, SectionFigures,
    TrajectoryFigures,
};
use ldr_app::returns::template::{FrameworkTemplate, ThemeItem};

use super::plan::{self, Stage};

/// What the commentary of every generated return says.
pub const COMMENTARY: &str = "Synthetic return made by ldr generate: not real NHS data.";

/// The footprint's own return: its progress on each aim it reports this quarter (`aims` in
/// the reference data's id order), with goals for one aim in four.
pub fn footprint_aims(seed: u64, footprint: &str, aims: &[String], n: u32) -> SectionFigures {
    let mut figures = AimFigures::default();
    for (i, aim) in aims.iter().enumerate() {
        let Some(percent) = plan::aim_percent(seed, footprint, aim, n) else { continue };
        let rag = match percent {
            p if p >= 70.0 => "green",
            p if p >= 40.0 => "amber",
            _ => "red",
        };
        let goals = if i.is_multiple_of(4) { BTreeMap::from([(2018, 60.0), (2020, 90.0)]) } else { BTreeMap::new() };
        let entry = AimEntry { completeness: Some(percent), no_data: false, rag: Some(rag.to_string()), narrative: String::new(), goals };
        figures.aims.insert(aim.clone(), entry);
    }
    SectionFigures::FootprintAims(figures)
}

/// An organisation's DMA scores for the year, each theme scored or not assessed.
pub fn dma(seed: u64, org: &str, fw: &FrameworkTemplate, year: FinancialYear) -> SectionFigures {
    let (min, max) = (fw.scale.min, fw.scale.max);
    let scores = fw
        .themes
        .iter()
        .map(|t| {
            let entry = plan::dma_score(seed, org, &t.code, year, min, max).map_or(DmaEntry::NotAssessed, DmaEntry::Score);
            (t.code.clone(), entry)
        })
        .collect();
    SectionFigures::Dma(DmaFigures { scores })
}

/// An organisation's plan, made in `q`, for each PF@PoC theme: the year's score and the next two.
pub fn trajectory(seed: u64, org: &str, fw: &FrameworkTemplate, q: PeriodCode) -> SectionFigures {
    let (min, max) = (fw.scale.min, fw.scale.max);
    let planned = pf_poc(fw)
        .map(|t| {
            let years = (0..3)
                .map(|k| {
                    let year = FinancialYear(q.year.0 + k);
                    (year.0, plan::planned_score(seed, org, &t.code, q.year, year, min, max))
                })
                .collect();
            (t.code.clone(), years)
        })
        .collect();
    SectionFigures::Trajectory(TrajectoryFigures { planned })
}

/// The PF@PoC themes of a framework: those with a trajectory and a deployment.
pub fn pf_poc(fw: &FrameworkTemplate) -> impl Iterator<Item = &ThemeItem> {
    fw.themes.iter().filter(|t| t.pf_poc)
}

/// A deployment of a PF@PoC capability that moved to `stage` in the `n`th quarter `q` (which
/// starts on `starts`): `official_id` is its identity once an earlier return added it.
pub fn deployment(theme: &ThemeItem, stage: Stage, official_id: Option<i64>, q: PeriodCode, starts: chrono::NaiveDate) -> DeploymentEntry {
    let status = match stage {
        Stage::Aspirational => DeploymentStatus::Aspirational,
        Stage::Committed => DeploymentStatus::Committed,
        Stage::Active => DeploymentStatus::Active,
    };
    DeploymentEntry {
        official_id,
        capability: Some(theme.code.clone()),
        title: format!("{} system", theme.name),
        description: String::new(),
        start_year: Some(q.year.0),
        target_year: q.year.0 + 1,
        status,
        delivered_on: (stage == Stage::Active).then_some(starts),
        removed: false,
    }
}

pub fn deployments(items: Vec<DeploymentEntry>) -> SectionFigures {
    SectionFigures::Deployments(DeploymentFigures { items })
}

pub fn commentary() -> SectionFigures {
    SectionFigures::Commentary(Commentary { text: COMMENTARY.to_string() })
}
