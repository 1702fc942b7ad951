//! What a return asks of its subject: the framework's themes on its scale, the aims that
//! apply to the organisation's kind, the measures it reports, the years a plan covers.
//! The server loads it from reference data; forms, parsing and completeness all follow it,
//! so a field for an unknown theme or aim simply has no place to go.

use crate::domain::{FinancialYear, PeriodCode, Scale};

#[derive(Debug, Clone, PartialEq)]
pub struct ThemeItem {
    pub code: String,
    pub name: String,
    pub group: String,
    /// A paper-free-at-the-point-of-care capability: it has a trajectory.
    pub pf_poc: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrameworkTemplate {
    /// The framework's row id: theme codes are unique only within a framework.
    pub id: i64,
    pub name: String,
    pub scale: Scale,
    pub themes: Vec<ThemeItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AimItem {
    pub code: String,
    pub text: String,
    pub capability: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureItem {
    pub code: String,
    pub name: String,
    /// 'percent', 'count' or 'score'.
    pub unit: String,
    /// Distinguishes two figures of one organisation (SWAST's ECS and CAD).
    pub qualifier: String,
}

impl MeasureItem {
    pub fn label(&self) -> String {
        if self.qualifier.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.qualifier)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReturnTemplate {
    pub period: PeriodCode,
    /// The DMA framework in force for the organisation's kind in the return's quarter
    /// (`domain::framework_for`); none for the footprint, or when none was in force.
    pub framework: Option<FrameworkTemplate>,
    pub aims: Vec<AimItem>,
    pub measures: Vec<MeasureItem>,
    /// The organisation's official deployments: a return may edit these, and no others.
    pub deployment_ids: Vec<i64>,
}

impl ReturnTemplate {
    /// The years a plan covers: the return's financial year and the next three.
    pub fn plan_years(&self) -> [FinancialYear; 4] {
        let y = self.period.year.0;
        [FinancialYear(y), FinancialYear(y + 1), FinancialYear(y + 2), FinancialYear(y + 3)]
    }

    /// The capabilities that have a trajectory: the framework's PF@PoC themes.
    pub fn trajectory_themes(&self) -> Vec<&ThemeItem> {
        self.framework.iter().flat_map(|f| f.themes.iter().filter(|t| t.pf_poc)).collect()
    }

    /// Years a deployment may start or be due in: from two years back to six ahead.
    pub fn deployment_years(&self) -> Vec<FinancialYear> {
        let y = self.period.year.0;
        (y - 2..=y + 6).map(FinancialYear).collect()
    }

    /// The sections this subject's return has: a part with nothing to ask is left out
    /// (primary care has no DMA framework; a commissioner reports no measures).
    pub fn sections(&self, footprint_return: bool) -> Vec<super::SectionKind> {
        let all: &[super::SectionKind] = if footprint_return { &super::FOOTPRINT_SECTIONS } else { &super::ORGANISATION_SECTIONS };
        all.iter().copied().filter(|k| k.section().applies(self)).collect()
    }

    pub fn theme(&self, code: &str) -> Option<&ThemeItem> {
        self.framework.as_ref()?.themes.iter().find(|t| t.code == code)
    }
}
