//! The workflow's actions on a return: start, submit, decide (approve or return with
//! comments), amend. Each checks the person, then asks the workflow (`ldr_app::returns::state`)
//! inside one write transaction through [`check`], writes, audits, commits, and only then
//! redirects. Every refusal is an `AppError`: 409 with the return page, 422 with the form.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sqlx::{Sqlite, Transaction};

use super::context::{ordered_sections_in, ReturnContext};
use super::pages::{render, Problems};
use crate::auth::SignedIn;
use crate::db::returns::ReturnRow;
use crate::db::{self, return_apply, returns};
use crate::web::error::AppError;
use crate::web::strict_form::{NoFields, StrictForm};
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::returns::figures::ReturnFigures;
use ldr_app::returns::parse::missing;
use ldr_app::returns::state::{Action, Seen, Standing};
use ldr_app::returns::{SectionKind, SectionStatus};
use ldr_app::views::returns::return_page::refusal_message;

type ReturnPath = Path<(String, String)>;

const COMMENT_MAX: usize = 2000;

/// Why a write to a section is refused when the page itself showed the return was handed in.
pub(super) const NOT_EDITABLE: &str = "This return has been submitted or approved, so it cannot be changed.";

/// Submit and amend: the version of the return the page showed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    #[serde(default)]
    version: i64,
}

/// A decision: approve or return (with comments), on the version the page showed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// The return page with a message, as a 409: the action does not fit the return's state.
pub async fn refused(state: &AppState, who: &SignedIn, ctx: &ReturnContext, message: &str) -> AppError {
    let errors = vec![(String::new(), message.to_string())];
    match render(&state.pool, who, ctx, 0, Problems { errors, comment: String::new(), notice: None }).await {
        Ok(html) => AppError::conflict(html),
        Err(e) => e,
    }
}

/// The return page with the form's problems, as a 422, with the comment as typed.
async fn invalid(state: &AppState, who: &SignedIn, ctx: &ReturnContext, errors: Vec<(String, String)>, comment: String) -> AppError {
    let problems = Problems { errors: errors.clone(), comment, notice: None };
    match render(&state.pool, who, ctx, 0, problems).await {
        Ok(html) => AppError::validation(errors, html),
        Err(e) => e,
    }
}

/// The one check of every write to a return: begin the write transaction, re-read the
/// return's newest revision there (where nobody can change it), and ask the workflow whether
/// `action`, taken on a page that showed the context's latest revision at `version`, applies.
/// On a refusal the transaction is rolled back (nothing written) before the return page that
/// says why is rendered.
pub(super) async fn begin_checked(
    state: &AppState,
    who: &SignedIn,
    ctx: &ReturnContext,
    action: Action,
    version: i64,
) -> Result<(Transaction<'static, Sqlite>, ReturnRow, Standing), AppError> {
    let ret = ctx.latest().ok_or(AppError::NotFound)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let current = returns::lock_newest(&mut tx, returns::Scope::of(ret)).await?.ok_or(AppError::NotFound)?;
    match current.standing().apply(action, Seen { revision: ret.revision, version }) {
        Ok(next) => Ok((tx, current, next)),
        Err(refusal) => {
            drop(tx);
            Err(refused(state, who, ctx, &refusal_message(action, refusal)).await)
        }
    }
}

/// Commit, and only then redirect to the return page saying what was done.
pub(super) async fn committed(tx: Transaction<'static, Sqlite>, ctx: &ReturnContext, what: &str) -> Result<Response, AppError> {
    tx.commit().await?;
    Ok(Redirect::to(&format!("{}?done={what}", ctx.path())).into_response())
}

pub async fn start(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    _: StrictForm<NoFields>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    ctx.require_edit(&who)?;
    if !ctx.open {
        return Err(refused(&state, &who, &ctx, "This quarter is not open for returns. The programme office opens quarters.").await);
    }
    let figures = ctx.approved(&state.pool).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let scope = returns::Scope { footprint: ctx.footprint.id, organisation: ctx.org.as_ref().map(|o| o.id), period: ctx.period.id };
    let newest = returns::lock_newest(&mut tx, scope).await?;
    let Ok(started) = Standing::start(newest.map(|r| r.standing())) else {
        // Started already (a second click, or a colleague): nothing to write.
        return Ok(Redirect::to(&ctx.path()).into_response());
    };
    returns::create(&mut tx, &who.actor(), scope, started, &figures, SectionStatus::NotStarted).await?;
    committed(tx, &ctx, "started").await
}

pub async fn submit(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    StrictForm(form): StrictForm<VersionForm>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    ctx.require_edit(&who)?;
    let (mut tx, current, next) = begin_checked(&state, &who, &ctx, Action::Submit, form.version).await?;
    // Completeness is checked on the sections as they are inside this transaction: a save
    // racing the submit either commits first (and is checked) or is refused after it.
    let sections = ordered_sections_in(&mut tx, &ctx, &current).await?;
    let mut errors = Vec::new();
    for s in &sections {
        let gaps = missing(&ctx.template, &s.figures);
        if s.status != SectionStatus::Completed {
            errors.push((format!("status-{}", s.kind.slug()), format!("{} is not marked as completed", s.kind.title())));
        } else if !gaps.is_empty() {
            errors.push((format!("status-{}", s.kind.slug()), format!("{}: {}", s.kind.title(), gaps[0].1)));
        }
    }
    if !errors.is_empty() {
        drop(tx);
        return Err(invalid(&state, &who, &ctx, errors, String::new()).await);
    }
    returns::transition(&mut tx, &who.actor(), &current, next, "", "return.submit").await?;
    committed(tx, &ctx, "submitted").await
}

pub async fn decide(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    StrictForm(form): StrictForm<DecisionForm>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    let fp = ctx.footprint.id;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "return" => false,
        // Only a person who may decide learns that the form was malformed.
        _ if who.user.principal.may(Need::ReturnForChanges(fp)) => {
            let errors = vec![("comment".to_string(), "Choose to approve the return or return it for changes".to_string())];
            return Err(invalid(&state, &who, &ctx, errors, form.comment).await);
        }
        _ => return Err(AppError::Forbidden),
    };
    who.require(if approve { Need::Approve(fp) } else { Need::ReturnForChanges(fp) })?;
    let comment = form.comment.trim().to_string();
    let comment_error = if !approve && comment.is_empty() {
        Some("Enter comments saying what needs to change")
    } else if comment.chars().count() > COMMENT_MAX {
        Some("Comments must be 2000 characters or fewer")
    } else {
        None
    };
    if let Some(m) = comment_error {
        return Err(invalid(&state, &who, &ctx, vec![("comment".into(), m.into())], form.comment).await);
    }
    let action = if approve { Action::Approve } else { Action::ReturnForChanges };
    let (mut tx, current, next) = begin_checked(&state, &who, &ctx, action, form.version).await?;
    if approve {
        let sections = returns::sections(&mut tx, current.id).await?;
        return_apply::apply(&mut tx, &current, &ctx.template, &sections, who.user.principal.user_id.0).await?;
    }
    let audit = if approve { "return.approve" } else { "return.return" };
    returns::transition(&mut tx, &who.actor(), &current, next, &comment, audit).await?;
    committed(tx, &ctx, if approve { "approved" } else { "returned" }).await
}

pub async fn amend(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    StrictForm(form): StrictForm<VersionForm>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    ctx.require_edit(&who)?;
    // Deployments the approved revision added or removed are now official or withdrawn: the
    // amendment starts from the deployments as at the quarter, each with its identity.
    let official_deployments = ctx.approved(&state.pool).await?.get(SectionKind::Deployments).cloned();
    let (mut tx, current, next) = begin_checked(&state, &who, &ctx, Action::Amend, form.version).await?;
    let mut figures = ReturnFigures::default();
    for s in returns::sections(&mut tx, current.id).await? {
        figures.insert(s.figures);
    }
    if let (Some(_), Some(official)) = (figures.get(SectionKind::Deployments), official_deployments) {
        figures.insert(official);
    }
    returns::create(&mut tx, &who.actor(), returns::Scope::of(&current), next, &figures, SectionStatus::Completed).await?;
    committed(tx, &ctx, "amended").await
}
