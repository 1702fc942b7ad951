//! Who may see and change what: one pure policy that every route asks, so that the rules
//! live in one place and are tested as a matrix without a server.

use crate::domain::{FootprintId, OrgId, Role, UserId};

/// The signed-in person, as the server loaded them from the session and the database.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Principal {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// A CIO's own organisation.
    pub organisation: Option<OrgId>,
    /// The footprint a PMO, Steering Group member or CIO works in; None for reviewers.
    pub footprint: Option<FootprintId>,
}

/// Whose return: the footprint's own (Table 5, filled in by its PMO) or one organisation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ReturnOf {
    Footprint,
    Organisation(OrgId),
}

impl From<Option<OrgId>> for ReturnOf {
    /// As returns store it: no organisation is the footprint's own return.
    fn from(org: Option<OrgId>) -> Self {
        org.map_or(ReturnOf::Footprint, ReturnOf::Organisation)
    }
}

/// What a route needs before it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    /// Read a footprint's dashboards and figures.
    ViewFootprint(FootprintId),
    /// Enter figures for one organisation (its CIO only).
    EditOrganisation(FootprintId, OrgId),
    /// Run the programme: periods, users, exports (the footprint's PMO).
    RunProgramme(FootprintId),
    /// Approve a submitted return (the footprint's Steering Group).
    Approve(FootprintId),
    /// Send a submitted return back to its author with comments (Steering Group or PMO).
    ReturnForChanges(FootprintId),
    /// Read the audit log (PMO, Steering Group, reviewers; not CIOs).
    ReadAudit(FootprintId),
    /// Follow the footprint's quarters: which were opened, when and by whom, their deadlines
    /// (PMO, Steering Group, reviewers; not CIOs, who enter returns but do not run quarters).
    ReadPeriods(FootprintId),
    /// Read one return and its revisions: the CIO of that organisation, the footprint's PMO
    /// and Steering Group, and reviewers. A CIO reads neither another organisation's return
    /// nor the footprint's own.
    ReadReturn(FootprintId, ReturnOf),
    /// Compare every footprint in the country (reviewers, PMO and Steering Group; not CIOs).
    ViewNational,
    /// See one's own sessions and end the others (everyone signed in; ASVS 3.3.4).
    OwnSessions,
    /// Read the footprint's frozen steering packs and their exports (PMO, Steering Group,
    /// reviewers; not CIOs: a pack carries every organisation's return and who approved it).
    ReadReports(FootprintId),
    /// Mark a frozen steering pack endorsed (the footprint's Steering Group).
    Endorse(FootprintId),
}

/// No footprint has this id (SQLite's row ids start at 1): it stands for "the footprint the
/// person works in" when asking about a role's powers rather than one footprint's.
const ANY_HOME: FootprintId = FootprintId(0);

impl Principal {
    pub fn may(&self, need: Need) -> bool {
        let own_footprint = |fp: FootprintId| self.footprint == Some(fp);
        let reviewer = self.role == Role::Reviewer;
        // PMO and Steering Group follow their whole footprint; a CIO only their organisation.
        let runs_footprint = |fp: FootprintId| matches!(self.role, Role::Pmo | Role::Steering) && own_footprint(fp);
        match need {
            // Reviewers read every footprint; everybody else reads their own.
            Need::ViewFootprint(fp) => reviewer || own_footprint(fp),
            Need::EditOrganisation(fp, org) => self.role == Role::Cio && own_footprint(fp) && self.organisation == Some(org),
            Need::RunProgramme(fp) => self.role == Role::Pmo && own_footprint(fp),
            Need::Approve(fp) => self.role == Role::Steering && own_footprint(fp),
            Need::ReturnForChanges(fp) => runs_footprint(fp),
            Need::ReadAudit(fp) | Need::ReadPeriods(fp) | Need::ReadReports(fp) => reviewer || runs_footprint(fp),
            Need::Endorse(fp) => self.role == Role::Steering && own_footprint(fp),
            Need::ReadReturn(fp, of) => {
                let own_organisation = matches!(of, ReturnOf::Organisation(org) if self.organisation == Some(org));
                reviewer || runs_footprint(fp) || (self.role == Role::Cio && own_footprint(fp) && own_organisation)
            }
            Need::ViewNational => self.role != Role::Cio,
            Need::OwnSessions => true,
        }
    }

    /// `may` in the footprint this person works in. A reviewer works in none and reads every
    /// one, so the answer for them holds for whichever footprint a page shows.
    pub fn may_at_home(&self, need: impl Fn(FootprintId) -> Need) -> bool {
        self.may(need(self.footprint.unwrap_or(ANY_HOME)))
    }

    /// Whether signing in takes a code as well as a password (ASVS 4.3.1): for roles that can
    /// change what the programme reports (open quarters, approve or send back returns).
    /// Judged on the role's powers in a footprint of its own, so an account whose footprint
    /// is missing is not let off the second factor.
    pub fn second_factor_required(&self) -> bool {
        let at_home = Principal { footprint: Some(ANY_HOME), ..self.clone() };
        [Need::RunProgramme(ANY_HOME), Need::Approve(ANY_HOME), Need::ReturnForChanges(ANY_HOME)].into_iter().any(|n| at_home.may(n))
    }
}

#[cfg(test)]
mod tests;
