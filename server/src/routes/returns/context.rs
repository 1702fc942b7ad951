//! Everything a return's routes need to know about it: whose it is, the quarter, what it
//! asks, its revisions, whether the quarter is open, and what the person looking may do.

use sqlx::{SqliteConnection, SqlitePool};

use crate::auth::SignedIn;
use crate::db::footprints::{self, Footprint};
use crate::db::organisations::{self, Organisation};
use crate::db::periods::{self, Period, Window};
use crate::db::returns::{self, ReturnRow, SectionRow};
use crate::db::{return_figures, return_template};
use crate::web::error::AppError;
use ldr_app::access::Need;
use ldr_app::domain::PeriodCode;
use ldr_app::returns::compare::{compare, Change};
use ldr_app::returns::figures::ReturnFigures;
use ldr_app::returns::template::ReturnTemplate;
use ldr_app::returns::Subject;

pub struct ReturnContext {
    pub footprint: Footprint,
    pub org: Option<Organisation>,
    pub subject: Subject,
    pub period: Period,
    pub template: ReturnTemplate,
    /// Newest first.
    pub revisions: Vec<ReturnRow>,
    pub window: Option<Window>,
    /// The quarter is the footprint's open one.
    pub open: bool,
}

impl ReturnContext {
    /// Load a return's context from its URL parts, after checking the person may read it:
    /// the footprint's people and reviewers; a CIO only their own organisation's.
    pub async fn load(pool: &SqlitePool, who: &SignedIn, period: &str, code: &str) -> Result<Self, AppError> {
        let code_of_period: PeriodCode = period.parse().map_err(|_| AppError::NotFound)?;
        let period = periods::by_code(pool, &code_of_period).await?.ok_or(AppError::NotFound)?;
        let (footprint, org) = match organisations::by_code(pool, code).await? {
            Some(org) => (footprints::by_id(pool, org.footprint_id).await?.ok_or(AppError::NotFound)?, Some(org)),
            None => (footprints::by_code(pool, code).await?.ok_or(AppError::NotFound)?, None),
        };
        who.require(Need::ReadReturn(footprint.id, org.as_ref().map(|o| o.id).into()))?;
        let subject = match &org {
            Some(o) => Subject::Organisation { code: o.summary.code.clone(), name: o.summary.name.clone() },
            None => Subject::Footprint { code: footprint.summary.code.clone(), name: format!("{} footprint", footprint.summary.name) },
        };
        let template = return_template::for_subject(pool, org.as_ref(), period.code).await?;
        let revisions = returns::revisions(pool, footprint.id, org.as_ref().map(|o| o.id), period.id).await?;
        let window = periods::window_for(pool, footprint.id, period.id).await?;
        let open = periods::open_window(pool, footprint.id).await?.is_some_and(|w| w.period.id == period.id);
        Ok(ReturnContext { footprint, org, subject, period, template, revisions, window, open })
    }

    pub fn latest(&self) -> Option<&ReturnRow> {
        self.revisions.first()
    }

    /// Entering figures: the organisation's own CIO, or the PMO for the footprint's return.
    pub fn may_edit(&self, who: &SignedIn) -> bool {
        let need = match &self.org {
            Some(o) => Need::EditOrganisation(self.footprint.id, o.id),
            None => Need::RunProgramme(self.footprint.id),
        };
        who.user.principal.may(need)
    }

    pub fn require_edit(&self, who: &SignedIn) -> Result<(), AppError> {
        if self.may_edit(who) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn path(&self) -> String {
        ldr_app::views::returns::return_path(self.period.code, &self.subject)
    }

    pub fn is_footprint(&self) -> bool {
        self.org.is_none()
    }

    /// The last approved figures, as a return's sections.
    pub async fn approved(&self, pool: &SqlitePool) -> Result<ReturnFigures, AppError> {
        Ok(return_figures::approved(pool, &self.template, self.footprint.id, self.org.as_ref().map(|o| o.id)).await?)
    }

    /// What a revision's sections change against the last approved figures.
    pub async fn changes(&self, pool: &SqlitePool, sections: &[SectionRow]) -> Result<Vec<Change>, AppError> {
        let before = self.approved(pool).await?;
        let mut after = ReturnFigures::default();
        for s in sections {
            after.insert(s.figures.clone());
        }
        let threshold = footprints::large_change_percent(pool, self.footprint.id).await?;
        Ok(compare(&self.template, &before, &after, threshold))
    }
}

/// A revision's sections in the order of the task list.
pub async fn ordered_sections(pool: &SqlitePool, ctx: &ReturnContext, ret: &ReturnRow) -> Result<Vec<SectionRow>, AppError> {
    let mut conn = pool.acquire().await?;
    ordered_sections_in(&mut conn, ctx, ret).await
}

/// The same, read on `conn`: inside a write transaction, what a decision checks is what it
/// commits (a save cannot slip in between the check and the state change).
pub async fn ordered_sections_in(conn: &mut SqliteConnection, ctx: &ReturnContext, ret: &ReturnRow) -> Result<Vec<SectionRow>, AppError> {
    let mut rows = returns::sections(conn, ret.id).await?;
    let order = ctx.template.sections(ctx.is_footprint());
    rows.retain(|s| order.contains(&s.kind));
    rows.sort_by_key(|s| order.iter().position(|k| *k == s.kind));
    Ok(rows)
}
