//! Who may see and change what: one pure policy that every route asks, so that the rules
//! live in one place and are tested as a matrix without a server.

use crate::domain::{FootprintId, OrgId, Role, UserId};

/// The signed-in person, as the server loaded them from the session and the database.
#[derive(Debug, Clone, PartialEq)]
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
    /// See one's own sessions and end the others (everyone signed in; ASVS 3.3.4).
    OwnSessions,
}

impl Principal {
    pub fn may(&self, need: Need) -> bool {
        let own_footprint = |fp: FootprintId| self.footprint == Some(fp);
        match need {
            // Reviewers read every footprint; everybody else reads their own.
            Need::ViewFootprint(fp) => self.role == Role::Reviewer || own_footprint(fp),
            Need::EditOrganisation(fp, org) => self.role == Role::Cio && own_footprint(fp) && self.organisation == Some(org),
            Need::RunProgramme(fp) => self.role == Role::Pmo && own_footprint(fp),
            Need::Approve(fp) => self.role == Role::Steering && own_footprint(fp),
            Need::ReturnForChanges(fp) => matches!(self.role, Role::Steering | Role::Pmo) && own_footprint(fp),
            Need::ReadAudit(fp) => self.role == Role::Reviewer || (self.role != Role::Cio && own_footprint(fp)),
            Need::OwnSessions => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role, org: Option<i64>, fp: Option<i64>) -> Principal {
        Principal {
            user_id: UserId(1),
            username: "x".into(),
            display_name: "X".into(),
            role,
            organisation: org.map(OrgId),
            footprint: fp.map(FootprintId),
        }
    }

    #[test]
    fn the_policy_matrix_holds_for_every_role() {
        let home = FootprintId(1);
        let away = FootprintId(2);
        let own_org = OrgId(10);
        let other_org = OrgId(11);
        let pmo = person(Role::Pmo, None, Some(1));
        let steering = person(Role::Steering, None, Some(1));
        let cio = person(Role::Cio, Some(10), Some(1));
        let reviewer = person(Role::Reviewer, None, None);

        // (who, need, allowed)
        let matrix = [
            (&pmo, Need::ViewFootprint(home), true),
            (&pmo, Need::ViewFootprint(away), false),
            (&pmo, Need::RunProgramme(home), true),
            (&pmo, Need::RunProgramme(away), false),
            (&pmo, Need::Approve(home), false),
            (&pmo, Need::EditOrganisation(home, own_org), false),
            (&steering, Need::ViewFootprint(home), true),
            (&steering, Need::Approve(home), true),
            (&steering, Need::Approve(away), false),
            (&steering, Need::RunProgramme(home), false),
            (&cio, Need::ViewFootprint(home), true),
            (&cio, Need::ViewFootprint(away), false),
            (&cio, Need::EditOrganisation(home, own_org), true),
            (&cio, Need::EditOrganisation(home, other_org), false),
            (&cio, Need::Approve(home), false),
            (&reviewer, Need::ViewFootprint(home), true),
            (&reviewer, Need::ViewFootprint(away), true),
            (&reviewer, Need::EditOrganisation(home, own_org), false),
            (&reviewer, Need::RunProgramme(home), false),
            (&reviewer, Need::Approve(home), false),
            (&pmo, Need::ReturnForChanges(home), true),
            (&pmo, Need::ReturnForChanges(away), false),
            (&steering, Need::ReturnForChanges(home), true),
            (&cio, Need::ReturnForChanges(home), false),
            (&reviewer, Need::ReturnForChanges(home), false),
            (&pmo, Need::ReadAudit(home), true),
            (&steering, Need::ReadAudit(home), true),
            (&steering, Need::ReadAudit(away), false),
            (&reviewer, Need::ReadAudit(away), true),
            (&cio, Need::ReadAudit(home), false),
            (&pmo, Need::OwnSessions, true),
            (&steering, Need::OwnSessions, true),
            (&cio, Need::OwnSessions, true),
            (&reviewer, Need::OwnSessions, true),
        ];
        for (who, need, allowed) in matrix {
            assert_eq!(who.may(need), allowed, "{:?} {:?}", who.role, need);
        }
    }
}
