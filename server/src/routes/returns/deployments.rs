//! `/returns/{period}/{code}/sections/deployments/…`: the deployments section one deployment
//! at a time. `new` adds one; `{n}` changes row n; `{n}/remove` and `{n}/restore` mark it
//! removed or not (withdrawn on approval). Every write names the section version its page was
//! shown at (a stale one is refused with 409, what was typed kept), then redirects to the list.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::actions::{begin_checked, refused, NOT_EDITABLE};
use super::context::ReturnContext;
use crate::auth::SignedIn;
use crate::db::returns::{self, ReturnRow, SectionRow};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::domain::long_date_time;
use ldr_app::returns::deployments::{
    delivered_part, parse_deployment, to_raw, DeploymentErrors, CAPABILITY, DESCRIPTION, START, STATUS, TARGET, TITLE,
};
use ldr_app::returns::diff::diff_section;
use ldr_app::returns::fields::VERSION;
use ldr_app::returns::figures::{DeploymentEntry, DeploymentFigures, SectionFigures};
use ldr_app::returns::form::RawForm;
use ldr_app::returns::state::Action;
use ldr_app::returns::{SectionKind, SectionStatus};
use ldr_app::views::returns::deployments::{deployment_page, deployments_path, DeploymentPage};
use ldr_app::views::returns::Conflict;
use ldr_app::views::{Crumb, Nav};

type ListPath = Path<(String, String)>;
type RowPath = Path<(String, String, String)>;

/// A deployment's form: exactly its fields, each kept as typed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentFields {
    #[serde(default)]
    version: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    capability: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    status: String,
    #[serde(default, rename = "delivered-day")]
    day: String,
    #[serde(default, rename = "delivered-month")]
    month: String,
    #[serde(default, rename = "delivered-year")]
    year: String,
}

impl DeploymentFields {
    fn into_raw(self) -> RawForm {
        let pairs = [
            (VERSION.to_string(), self.version),
            (TITLE.to_string(), self.title),
            (CAPABILITY.to_string(), self.capability),
            (DESCRIPTION.to_string(), self.description),
            (START.to_string(), self.start),
            (TARGET.to_string(), self.target),
            (STATUS.to_string(), self.status),
            (delivered_part("day"), self.day),
            (delivered_part("month"), self.month),
            (delivered_part("year"), self.year),
        ];
        RawForm::from_pairs(pairs.into_iter().collect())
    }
}

/// The remove and restore buttons: the section version their page was shown at.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionField {
    #[serde(default)]
    version: String,
}

/// The return's context and latest revision, if this person may change its deployments now.
async fn editable(state: &AppState, who: &SignedIn, period: &str, code: &str) -> Result<(ReturnContext, ReturnRow), AppError> {
    let ctx = ReturnContext::load(&state.pool, who, period, code).await?;
    if !ctx.template.sections(ctx.is_footprint()).contains(&SectionKind::Deployments) {
        return Err(AppError::NotFound);
    }
    ctx.require_edit(who)?;
    let ret = ctx.latest().cloned().ok_or(AppError::NotFound)?;
    Ok((ctx, ret))
}

/// The same for a write, refused with the 409 return page once submitted or approved.
async fn writable(state: &AppState, who: &SignedIn, period: &str, code: &str) -> Result<(ReturnContext, ReturnRow), AppError> {
    let (ctx, ret) = editable(state, who, period, code).await?;
    if !ret.state.is_editable() {
        return Err(refused(state, who, &ctx, NOT_EDITABLE).await);
    }
    Ok((ctx, ret))
}

async fn section(state: &AppState, ret: &ReturnRow) -> Result<(SectionRow, DeploymentFigures), AppError> {
    let mut conn = state.pool.acquire().await?;
    let row = returns::section(&mut conn, ret.id, SectionKind::Deployments).await?.ok_or(AppError::NotFound)?;
    let figures = deployments_of(&row)?;
    Ok((row, figures))
}

fn deployments_of(row: &SectionRow) -> Result<DeploymentFigures, AppError> {
    match &row.figures {
        SectionFigures::Deployments(f) => Ok(f.clone()),
        _ => Err(AppError::NotFound),
    }
}

fn row_number(n: &str) -> Result<usize, AppError> {
    n.parse::<usize>().ok().filter(|n| *n >= 1).ok_or(AppError::NotFound)
}

fn list(ctx: &ReturnContext) -> String {
    deployments_path(ctx.period.code, &ctx.subject)
}

fn render(who: &SignedIn, ctx: &ReturnContext, page: DeploymentPage) -> String {
    let verb = if page.row.is_some() { "Change a deployment" } else { "Add a deployment" };
    let error = if page.errors.fields.is_empty() && page.notice.is_none() { "" } else { "Error: " };
    let title = format!("{error}{verb}: {}, {}", ctx.subject.name(), ctx.period.code.label());
    let crumbs = vec![
        Crumb::new("Home", "/"),
        Crumb::new("Returns", "/returns"),
        Crumb::new(ctx.subject.name(), ctx.path()),
        Crumb::new(SectionKind::Deployments.title(), list(ctx)),
    ];
    deployment_page(who.meta_in(&ctx.footprint, &title, Some(Nav::Returns), crumbs), page)
}

fn page(ctx: &ReturnContext, row: Option<usize>, raw: RawForm, errors: DeploymentErrors, version: i64) -> DeploymentPage {
    DeploymentPage {
        subject: ctx.subject.clone(),
        period: ctx.period.code,
        template: ctx.template.clone(),
        row,
        raw,
        errors,
        notice: None,
        conflict: None,
        version,
    }
}

/// A submitted or approved return shows its deployments read-only on the section's page.
fn not_editable(ctx: &ReturnContext, ret: &ReturnRow) -> Option<Response> {
    (!ret.state.is_editable()).then(|| Redirect::to(&list(ctx)).into_response())
}

pub async fn new_form(State(state): State<AppState>, who: SignedIn, Path((period, code)): ListPath) -> Result<Response, AppError> {
    let (ctx, ret) = editable(&state, &who, &period, &code).await?;
    if let Some(r) = not_editable(&ctx, &ret) {
        return Ok(r);
    }
    let (row, _) = section(&state, &ret).await?;
    Ok(Html(render(&who, &ctx, page(&ctx, None, RawForm::default(), DeploymentErrors::default(), row.version))).into_response())
}

pub async fn edit_form(State(state): State<AppState>, who: SignedIn, Path((period, code, n)): RowPath) -> Result<Response, AppError> {
    let n = row_number(&n)?;
    let (ctx, ret) = editable(&state, &who, &period, &code).await?;
    if let Some(r) = not_editable(&ctx, &ret) {
        return Ok(r);
    }
    let (row, figures) = section(&state, &ret).await?;
    let raw = to_raw(figures.row(n).ok_or(AppError::NotFound)?);
    Ok(Html(render(&who, &ctx, page(&ctx, Some(n), raw, DeploymentErrors::default(), row.version))).into_response())
}

pub async fn add(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code)): ListPath,
    StrictForm(fields): StrictForm<DeploymentFields>,
) -> Result<Response, AppError> {
    save(state, who, &period, &code, None, fields.into_raw()).await
}

pub async fn change(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code, n)): RowPath,
    StrictForm(fields): StrictForm<DeploymentFields>,
) -> Result<Response, AppError> {
    let n = row_number(&n)?;
    save(state, who, &period, &code, Some(n), fields.into_raw()).await
}

/// Add (row None) or change a deployment from its form.
async fn save(state: AppState, who: SignedIn, period: &str, code: &str, n: Option<usize>, raw: RawForm) -> Result<Response, AppError> {
    let (ctx, ret) = writable(&state, &who, period, code).await?;
    let expected: i64 = raw.get(VERSION).parse().unwrap_or(0);
    let (_, figures) = section(&state, &ret).await?;
    if n.is_some_and(|n| figures.row(n).is_none()) {
        return Err(AppError::NotFound);
    }
    let entry = match parse_deployment(&ctx.template, &figures, n, &raw) {
        Ok(entry) => entry,
        Err(errors) => {
            let summary: Vec<(String, String)> = errors.fields.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            return Err(AppError::validation(summary, render(&who, &ctx, page(&ctx, n, raw, errors, expected))));
        }
    };
    let apply = |items: &mut DeploymentFigures, entry: DeploymentEntry| match n {
        Some(n) => items.row_mut(n).map(|d| *d = entry).is_some(),
        None => {
            items.items.push(entry);
            true
        }
    };
    match write(&state, &who, &ctx, expected, |items| apply(items, entry.clone())).await? {
        Written::Saved => Ok(Redirect::to(&list(&ctx)).into_response()),
        Written::Stale(current) => {
            // Their list against the same list with this change made: what saving again replaces.
            let theirs = deployments_of(&current)?;
            let mut mine = theirs.clone();
            apply(&mut mine, entry);
            let mut p = page(&ctx, n, raw, DeploymentErrors::default(), current.version);
            p.conflict = Some(Conflict {
                saved_by: current.updated_by.clone().unwrap_or_else(|| "Somebody".into()),
                saved_at: current.updated_at.as_deref().map(long_date_time).unwrap_or_default(),
                changes: diff_section(&ctx.template, Some(&SectionFigures::Deployments(theirs)), &SectionFigures::Deployments(mine)),
            });
            Err(AppError::conflict(render(&who, &ctx, p)))
        }
    }
}

fn stale_message(current: &SectionRow, outcome: &str) -> String {
    let by = current.updated_by.clone().unwrap_or_else(|| "Somebody".into());
    let at = current.updated_at.as_deref().map(long_date_time).unwrap_or_default();
    format!("{by} changed the deployments on {at}, after you opened this page, so {outcome}")
}

pub async fn remove(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code, n)): RowPath,
    StrictForm(form): StrictForm<VersionField>,
) -> Result<Response, AppError> {
    mark(state, who, &period, &code, &n, &form.version, true).await
}

pub async fn restore(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code, n)): RowPath,
    StrictForm(form): StrictForm<VersionField>,
) -> Result<Response, AppError> {
    mark(state, who, &period, &code, &n, &form.version, false).await
}

async fn mark(
    state: AppState,
    who: SignedIn,
    period: &str,
    code: &str,
    n: &str,
    version: &str,
    removed: bool,
) -> Result<Response, AppError> {
    let n = row_number(n)?;
    let (ctx, ret) = writable(&state, &who, period, code).await?;
    let expected: i64 = version.parse().unwrap_or(0);
    match write(&state, &who, &ctx, expected, |items| items.row_mut(n).map(|d| d.removed = removed).is_some()).await? {
        Written::Saved => Ok(Redirect::to(&list(&ctx)).into_response()),
        Written::Stale(current) => {
            let message = stale_message(&current, "nothing was removed or restored. Check the list and try again.");
            Err(super::sections::deployments_refused(&state, &who, &ctx, &ret, message).await)
        }
    }
}

enum Written {
    Saved,
    /// The section changed since the page was shown: its current row.
    Stale(SectionRow),
}

/// Change the section's deployments in one write transaction, if the workflow still lets the
/// return be changed (else the 409 return page) and the section is still at `expected`;
/// `change` says whether its row existed.
async fn write(
    state: &AppState,
    who: &SignedIn,
    ctx: &ReturnContext,
    expected: i64,
    change: impl FnOnce(&mut DeploymentFigures) -> bool,
) -> Result<Written, AppError> {
    let version = ctx.latest().map_or(0, |r| r.version);
    let (mut tx, current, next) = begin_checked(state, who, ctx, Action::SaveSection, version).await?;
    let before = returns::section(&mut tx, current.id, SectionKind::Deployments).await?.ok_or(AppError::NotFound)?;
    if before.version != expected {
        return Ok(Written::Stale(before));
    }
    let mut figures = deployments_of(&before)?;
    if !change(&mut figures) {
        return Err(AppError::NotFound);
    }
    // Changing a deployment starts the section; it does not say whether it is complete.
    let status = match before.status {
        SectionStatus::NotStarted => SectionStatus::InProgress,
        other => other,
    };
    let figures = SectionFigures::Deployments(figures);
    if !returns::save_section(&mut tx, &who.actor(), &current, next, &before, expected, &figures, status).await? {
        return Ok(Written::Stale(before));
    }
    tx.commit().await?;
    Ok(Written::Saved)
}
