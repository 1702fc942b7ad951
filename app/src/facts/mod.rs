//! Facts: the typed figures every surface reads (pages today; the steering pack, exports and
//! the API later), as the server's queries return them. Plain `Serialize` structs of domain
//! types, with no URLs, display strings or view types: each surface words, formats and
//! links them itself, so one figure has one value everywhere. The pure rules that combine
//! facts (the DMA matrix, the reference peer group, an aim's goal) live beside them.

mod aim_status;
#[cfg(test)]
mod aim_status_tests;
mod aims;
pub(crate) mod deployment_timeline;
mod dma;
mod gap_edits;
mod gaps;
mod national;
mod organisation;
mod provenance;
mod registers;
mod trajectories;

pub use aim_status::{
    organisations_series, within_look_back, AimFigure, AimStatus, Evidence, OrganisationsGive, DISAGREEMENT_POINTS, EVIDENCE_RULE,
    LOOK_BACK_QUARTERS, ORGANISATIONS_METHOD,
};
pub use aims::{goal_for, AimRow, CapabilityAims, OrgAimFigure, RagDefinition};
pub use deployment_timeline::{counts_by_year, timeline_years, DeploymentFilter, DeploymentTimeline, TimelineDeployment, YearCount};
pub use dma::{reference_group, AnswerScale, DmaFacts, DmaMatrix, DmaScore, FrameworkFact, Theme, ThemeBenchmark, ThemeTrend};
pub use gap_edits::{FieldErrors, GapEdit, GapForm, InitiativeEdit, InitiativeForm, DESCRIPTION_MAX, GAP_TEXT_MAX, TITLE_MAX, YES_NO};
pub use gaps::{
    aims_worst_first, dma_gaps, sort_biggest_first, AssessedScore, Average, DmaGapRow, GapFilters, GapRegister, RegisterArea, RegisterGap,
    RegisterInitiative, ThemePlan, AIMS_ORDER,
};
pub use national::{NationalFootprint, NationalView, OpenQuarter, SortKey};
pub use organisation::{
    Deployment, DeploymentStatus, FootprintSummary, MeasureRow, OrgSummary, OrganisationProfile, QuarterScore, TrajectoryRow,
    TrajectorySources,
};
pub use provenance::{FootprintCode, OrgCode, Provenance, ReturnSubject, RevisionRef};
pub use registers::{GapArea, Initiative, Registers, Risk, Workstream};
pub use trajectories::{CapabilityTrajectories, OrgTrajectory, TrajectoryCapability, TrajectoryFacts};
