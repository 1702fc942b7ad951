//! Quarterly returns: the workflow's states, the sections a return is split into, the typed
//! figures each section holds, how they are parsed from a form, what is still missing, and
//! how a return compares with the last approved figures.
//!
//! A return belongs to one organisation (its CIO enters it) or to the footprint itself (the
//! PMO enters Table 5). Its life: draft -> submitted -> approved, or submitted -> returned
//! (with comments) -> draft again. An approved return is amended by a new revision.
//!
//! What each section does (fields, parsing, completeness, comparison, difference, layout,
//! the figures approval writes) is one implementation of `sections::Section`, one file per
//! section; `parse`, `fields`, `compare` and `diff` are the entry points over any section.

pub mod compare;
pub mod deployments;
pub mod diff;
pub mod fields;
pub mod figures;
pub mod form;
pub mod parse;
pub mod sections;
pub mod state;
pub mod template;

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl ReturnState {
    pub fn code(self) -> &'static str {
        match self {
            ReturnState::Draft => "draft",
            ReturnState::Submitted => "submitted",
            ReturnState::Returned => "returned",
            ReturnState::Approved => "approved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReturnState::Draft => "Draft",
            ReturnState::Submitted => "Submitted",
            ReturnState::Returned => "Returned for changes",
            ReturnState::Approved => "Approved",
        }
    }

    /// NHS.UK tag colour; the tag always carries the word too.
    pub fn tag_class(self) -> &'static str {
        match self {
            ReturnState::Draft => "nhsuk-tag nhsuk-tag--white",
            ReturnState::Submitted => "nhsuk-tag nhsuk-tag--blue",
            ReturnState::Returned => "nhsuk-tag nhsuk-tag--orange",
            ReturnState::Approved => "nhsuk-tag nhsuk-tag--green",
        }
    }

    /// Only a draft, or a return sent back for changes, can be edited and submitted.
    pub fn is_editable(self) -> bool {
        matches!(self, ReturnState::Draft | ReturnState::Returned)
    }
}

impl FromStr for ReturnState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [ReturnState::Draft, ReturnState::Submitted, ReturnState::Returned, ReturnState::Approved]
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| format!("unknown return state '{s}'"))
    }
}

/// The parts of a return, each saved on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    Dma,
    Trajectory,
    Aims,
    Deployments,
    Measures,
    FootprintAims,
    Commentary,
}

/// An organisation's return, in task-list order.
pub const ORGANISATION_SECTIONS: [SectionKind; 6] = [
    SectionKind::Dma,
    SectionKind::Trajectory,
    SectionKind::Aims,
    SectionKind::Deployments,
    SectionKind::Measures,
    SectionKind::Commentary,
];

/// The footprint's own return (Table 5).
pub const FOOTPRINT_SECTIONS: [SectionKind; 2] = [SectionKind::FootprintAims, SectionKind::Commentary];

impl SectionKind {
    /// As stored in `return_sections.section`.
    pub fn code(self) -> &'static str {
        self.section().code()
    }

    /// As written in URLs.
    pub fn slug(self) -> &'static str {
        self.section().slug()
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        self.section().title()
    }

    /// Every section, in the order of the enum.
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Dma,
        SectionKind::Trajectory,
        SectionKind::Aims,
        SectionKind::Deployments,
        SectionKind::Measures,
        SectionKind::FootprintAims,
        SectionKind::Commentary,
    ];
}

impl FromStr for SectionKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.code() == s).ok_or_else(|| format!("unknown section '{s}'"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionStatus {
    NotStarted,
    InProgress,
    Completed,
}

impl SectionStatus {
    pub fn code(self) -> &'static str {
        match self {
            SectionStatus::NotStarted => "not_started",
            SectionStatus::InProgress => "in_progress",
            SectionStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SectionStatus::NotStarted => "Not started",
            SectionStatus::InProgress => "In progress",
            SectionStatus::Completed => "Completed",
        }
    }
}

impl FromStr for SectionStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [SectionStatus::NotStarted, SectionStatus::InProgress, SectionStatus::Completed]
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| format!("unknown section status '{s}'"))
    }
}

/// Whose return it is: written in URLs as the organisation's code or the footprint's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Organisation { code: String, name: String },
    Footprint { code: String, name: String },
}

impl Subject {
    /// An organisation's return, named as the organisation.
    pub fn of_organisation(o: &crate::facts::OrgSummary) -> Self {
        Subject::Organisation { code: o.code.clone(), name: o.name.clone() }
    }

    /// The footprint's own return (the roadmap's Table 5 figures), named so in every list of
    /// returns: the chase list, the decision queue, the dashboard and the report.
    pub fn of_footprint(f: &crate::facts::FootprintSummary) -> Self {
        Subject::Footprint { code: f.code.clone(), name: format!("{} footprint (Table 5)", f.name) }
    }

    pub fn code(&self) -> &str {
        match self {
            Subject::Organisation { code, .. } | Subject::Footprint { code, .. } => code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Subject::Organisation { name, .. } | Subject::Footprint { name, .. } => name,
        }
    }

    pub fn sections(&self) -> &'static [SectionKind] {
        match self {
            Subject::Organisation { .. } => &ORGANISATION_SECTIONS,
            Subject::Footprint { .. } => &FOOTPRINT_SECTIONS,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in SectionKind::ALL {
            assert_eq!(k.section().kind(), k, "{k:?} has its own implementation");
            assert_eq!(k.code().parse::<SectionKind>().unwrap(), k);
            assert_eq!(SectionKind::from_slug(k.slug()), Some(k));
        }
        for s in ["draft", "submitted", "returned", "approved"] {
            assert_eq!(s.parse::<ReturnState>().unwrap().code(), s);
        }
        assert!("deleted".parse::<ReturnState>().is_err());
    }

    #[test]
    fn a_footprints_own_return_is_named_as_its_table_5_and_an_organisations_by_its_name() {
        let f = crate::facts::FootprintSummary { code: "GLOS".into(), name: "Gloucestershire".into() };
        let own = Subject::of_footprint(&f);
        assert_eq!((own.code(), own.name()), ("GLOS", "Gloucestershire footprint (Table 5)"));
        assert_eq!(own.sections(), &FOOTPRINT_SECTIONS);
        let o = crate::facts::OrgSummary {
            id: crate::domain::OrgId(2),
            code: "RTE".into(),
            name: "Gloucestershire Hospitals NHS Foundation Trust".into(),
            short_name: "GHFT".into(),
            kind: crate::domain::OrgKind::Acute,
            member_count: 1,
        };
        let theirs = Subject::of_organisation(&o);
        assert_eq!((theirs.code(), theirs.name()), ("RTE", "Gloucestershire Hospitals NHS Foundation Trust"));
        assert_eq!(theirs.sections(), &ORGANISATION_SECTIONS);
    }

    #[test]
    fn only_drafts_and_returned_returns_are_editable() {
        assert!(ReturnState::Draft.is_editable());
        assert!(ReturnState::Returned.is_editable());
        assert!(!ReturnState::Submitted.is_editable());
        assert!(!ReturnState::Approved.is_editable());
    }
}
