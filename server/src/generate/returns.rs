//! One generated return, stored as the workflow leaves an approved return: its row, its
//! sections (completed, last saved by the synthetic CIO or PMO), each step of its decision
//! history with a snapshot of the sections, the step's audit row as `db::returns::transition`
//! writes it, and its figures written from its sections by approval's own
//! `return_apply::write_sections`. Each step is one the state machine (`ldr_app::returns::state`)
//! allows, and every time comes from the quarter's dates, never the clock.

use chrono::NaiveDateTime;
use ldr_app::domain::{DeploymentId, ReturnId, Role, UserId};
use ldr_app::returns::figures::SectionFigures;
use ldr_app::returns::state::{Action, Seen, Standing};
use ldr_app::returns::template::ReturnTemplate;
use ldr_app::returns::SectionStatus;
use sqlx::{Sqlite, Transaction};

use crate::db::audit::{self, Actor};
use crate::db::return_apply::{self, Approval, Subject};
use crate::db::returns::{self, Scope, SectionRow};
use crate::db::{registry, return_decisions};

/// A synthetic account, as it signs the audit log.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: UserId,
    pub username: String,
    pub role: Role,
}

impl Person {
    fn actor(&self) -> Actor {
        Actor { user_id: Some(self.id), name: self.username.clone(), role: Some(self.role.code().to_string()) }
    }
}

/// When each step of a return happened, and what the Steering Group said if it sent the return
/// back for changes once.
pub struct Story<'a> {
    pub created_at: NaiveDateTime,
    /// Sent back for changes: (first submitted, returned, why).
    pub returned: Option<(NaiveDateTime, NaiveDateTime, &'a str)>,
    /// The sections' last save, before the (last) submission.
    pub entered_at: NaiveDateTime,
    pub submitted_at: NaiveDateTime,
    pub approved_at: NaiveDateTime,
}

/// Who and what a return is about.
pub struct Generated<'a> {
    pub subject: Subject<'a>,
    pub template: &'a ReturnTemplate,
    pub entered_by: &'a Person,
    pub approver: &'a Person,
    /// "Quarterly return 2016/17 Q1, revision 1 (synthetic)".
    pub source: &'a str,
}

/// What the return wrote: its id, how many figure rows, and the deployments of its
/// deployments section in order (new ones with the identity approval gave them).
pub struct Stored {
    pub id: ReturnId,
    pub figure_rows: u64,
    pub deployments: Vec<DeploymentId>,
}

pub async fn store(
    tx: &mut Transaction<'_, Sqlite>,
    g: &Generated<'_>,
    story: &Story<'_>,
    sections: Vec<SectionFigures>,
) -> anyhow::Result<Stored> {
    let (cio, steering) = (g.entered_by, g.approver);
    let scope = Scope { footprint: g.subject.footprint, organisation: g.subject.organisation, period: g.subject.period };
    // Every step the workflow would take, checked by its state machine on the way.
    let mut standing = Standing::start(None).map_err(|r| anyhow::anyhow!("{r:?}"))?;
    let mut steps: Vec<(Action, &Person, NaiveDateTime, &str)> = Vec::new();
    if let Some((first, returned, why)) = story.returned {
        steps.push((Action::Submit, cio, first, ""));
        steps.push((Action::ReturnForChanges, steering, returned, why));
        steps.push((Action::SaveSection, cio, story.entered_at, ""));
    }
    steps.push((Action::Submit, cio, story.submitted_at, ""));
    steps.push((Action::Approve, steering, story.approved_at, ""));
    let mut transitions = Vec::new();
    for (action, by, at, comment) in steps {
        let next = standing
            .apply(action, Seen { revision: standing.revision, version: standing.version })
            .map_err(|r| anyhow::anyhow!("{r:?}"))?;
        if action != Action::SaveSection {
            transitions.push((standing, next, action, by, at, comment));
        }
        standing = next;
    }

    let ret = registry::ApprovedReturn {
        footprint: scope.footprint,
        organisation: scope.organisation,
        period: scope.period,
        entered_by: cio.id,
        approver: steering.id,
        created_at: story.created_at,
        submitted_at: story.submitted_at,
        approved_at: story.approved_at,
        version: standing.version,
    };
    let id = registry::insert_approved_return(tx, &ret).await?;
    let saved = story.entered_at.format("%Y-%m-%d %H:%M:%S").to_string();
    let mut rows = Vec::with_capacity(sections.len());
    for figures in sections {
        registry::insert_section(tx, id, &figures, SectionStatus::Completed, cio.id, story.entered_at).await?;
        rows.push(SectionRow {
            kind: figures.kind(),
            status: SectionStatus::Completed,
            figures,
            version: 1,
            updated_at: Some(saved.clone()),
            updated_by: None,
            updated_by_id: Some(cio.id.0),
        });
    }
    // The sections do not change between the steps, so every step's snapshot is the same.
    let snapshot = return_decisions::snapshot(rows.iter().map(|s| &s.figures))?;
    let mut written = None;
    for (from, to, action, by, at, comment) in transitions {
        if action == Action::Approve {
            let approval = Approval { source: g.source, at, by: steering.id, return_id: id };
            written = Some(return_apply::write_sections(tx, &g.subject, g.template, &rows, &approval).await?);
        }
        registry::insert_decision(tx, id, to.state.code(), comment, by.id, at, &snapshot).await?;
        let entry = returns::step_entry(scope, id.0, from, to, comment, audit_action(action));
        audit::append_at(tx, &by.actor(), entry, at).await?;
    }
    let (figure_rows, deployments) = written.unwrap_or_default();
    Ok(Stored { id, figure_rows, deployments })
}

/// The audit action of a step, as the return routes name them.
fn audit_action(action: Action) -> &'static str {
    match action {
        Action::Submit => "return.submit",
        Action::ReturnForChanges => "return.return",
        _ => "return.approve",
    }
}
