//! The workflow's actions on a return: start, submit, decide (approve or return with
//! comments), amend. Each checks the person and the return's state inside one write
//! transaction, writes, audits, commits, and only then redirects.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::context::{ordered_sections_in, ReturnContext};
use super::pages::{render, Problems};
use crate::auth::SignedIn;
use crate::db::{self, return_apply, returns};
use crate::web::error::AppError;
use crate::web::strict_form::{NoFields, StrictForm};
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::returns::figures::ReturnFigures;
use ldr_app::returns::parse::missing;
use ldr_app::returns::{ReturnState, SectionKind, SectionStatus};

type ReturnPath = Path<(String, String)>;

const COMMENT_MAX: usize = 2000;

/// The return page with a message, as a 409: the action does not fit the return's state.
pub async fn refused(state: &AppState, who: &SignedIn, ctx: &ReturnContext, message: &str) -> Result<Response, AppError> {
    problem(state, who, ctx, StatusCode::CONFLICT, vec![(String::new(), message.to_string())], String::new()).await
}

async fn problem(
    state: &AppState,
    who: &SignedIn,
    ctx: &ReturnContext,
    status: StatusCode,
    errors: Vec<(String, String)>,
    comment: String,
) -> Result<Response, AppError> {
    let html = render(&state.pool, who, ctx, 0, Problems { errors, comment, notice: None }).await?;
    Ok((status, Html(html)).into_response())
}

fn done(ctx: &ReturnContext, what: &str) -> Response {
    Redirect::to(&format!("{}?done={what}", ctx.path())).into_response()
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
        return refused(&state, &who, &ctx, "This quarter is not open for returns. The programme office opens quarters.").await;
    }
    let figures = ctx.approved(&state.pool).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let existing = returns::newest_revision(&mut tx, ctx.footprint.id, ctx.org.as_ref().map(|o| o.id), ctx.period.id).await?;
    if existing > 0 {
        // Started already (a second click, or a colleague): nothing to write.
        return Ok(Redirect::to(&ctx.path()).into_response());
    }
    let scope = returns::Scope { footprint: ctx.footprint.id, organisation: ctx.org.as_ref().map(|o| o.id), period: ctx.period.id };
    returns::create(&mut tx, &who.actor(), scope, 1, &figures, SectionStatus::NotStarted).await?;
    tx.commit().await?;
    Ok(done(&ctx, "started"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    #[serde(default)]
    version: i64,
}

pub async fn submit(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    StrictForm(form): StrictForm<VersionForm>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    ctx.require_edit(&who)?;
    let ret = ctx.latest().ok_or(AppError::NotFound)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let current = returns::lock(&mut tx, ret.id).await?.ok_or(AppError::NotFound)?;
    // Completeness is checked on the sections as they are inside this transaction: a save
    // racing the submit either commits first (and is checked) or is refused after it.
    let sections = ordered_sections_in(&mut tx, &ctx, ret).await?;
    if !current.state.is_editable() {
        drop(tx);
        let message = format!("This return is already {}, so it cannot be submitted again.", current.state.label().to_lowercase());
        return refused(&state, &who, &ctx, &message).await;
    }
    if current.version != form.version {
        drop(tx);
        return refused(&state, &who, &ctx, "This return changed since you opened the page. Check it and submit again.").await;
    }
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
        return problem(&state, &who, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, String::new()).await;
    }
    returns::transition(&mut tx, &who.actor(), &current, ReturnState::Submitted, "", "return.submit").await?;
    tx.commit().await?;
    Ok(done(&ctx, "submitted"))
}

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
            return problem(&state, &who, &ctx, StatusCode::UNPROCESSABLE_ENTITY, errors, form.comment).await;
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
        return problem(&state, &who, &ctx, StatusCode::UNPROCESSABLE_ENTITY, vec![("comment".into(), m.into())], form.comment).await;
    }
    let ret = ctx.latest().ok_or(AppError::NotFound)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let current = returns::lock(&mut tx, ret.id).await?.ok_or(AppError::NotFound)?;
    if current.state != ReturnState::Submitted {
        drop(tx);
        let message = format!("This return is {}, not waiting for a decision.", current.state.label().to_lowercase());
        return refused(&state, &who, &ctx, &message).await;
    }
    if current.version != form.version {
        drop(tx);
        return refused(&state, &who, &ctx, "This return changed since you opened the page. Check it before deciding.").await;
    }
    let actor = who.actor();
    if approve {
        let sections = returns::sections(&mut tx, current.id).await?;
        return_apply::apply(&mut tx, &current, &ctx.template, &sections, who.user.principal.user_id.0).await?;
        returns::transition(&mut tx, &actor, &current, ReturnState::Approved, &comment, "return.approve").await?;
    } else {
        returns::transition(&mut tx, &actor, &current, ReturnState::Returned, &comment, "return.return").await?;
    }
    tx.commit().await?;
    Ok(done(&ctx, if approve { "approved" } else { "returned" }))
}

pub async fn amend(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ReturnPath,
    StrictForm(form): StrictForm<VersionForm>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    ctx.require_edit(&who)?;
    let ret = ctx.latest().ok_or(AppError::NotFound)?;
    // Deployments the approved revision added or removed are now official or withdrawn: the
    // amendment starts from the deployments as at the quarter, each with its identity.
    let official_deployments = ctx.approved(&state.pool).await?.get(SectionKind::Deployments).cloned();
    let mut tx = db::begin_write(&state.pool).await?;
    let current = returns::lock(&mut tx, ret.id).await?.ok_or(AppError::NotFound)?;
    let newest = returns::newest_revision(&mut tx, ctx.footprint.id, ctx.org.as_ref().map(|o| o.id), ctx.period.id).await?;
    if current.state != ReturnState::Approved || newest != current.revision || current.version != form.version {
        drop(tx);
        return refused(&state, &who, &ctx, "Only the latest approved revision can be amended, and this one is not.").await;
    }
    let mut figures = ReturnFigures::default();
    for s in returns::sections(&mut tx, current.id).await? {
        figures.insert(s.figures);
    }
    if let (Some(_), Some(official)) = (figures.get(SectionKind::Deployments), official_deployments) {
        figures.insert(official);
    }
    returns::create(&mut tx, &who.actor(), returns::Scope::of(&current), current.revision + 1, &figures, SectionStatus::Completed).await?;
    tx.commit().await?;
    Ok(done(&ctx, "amended"))
}
