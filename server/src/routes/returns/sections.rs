//! `/returns/{period}/{code}/sections/{section}`: one section of a return, as a form for its
//! editor or a table for everybody else, saved on its own with optimistic concurrency.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::actions::{begin_checked, committed, refused, NOT_EDITABLE};
use super::context::ReturnContext;
use crate::auth::SignedIn;
use crate::db::returns;
use crate::db::returns::{ReturnRow, SectionRow};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::domain::long_date_time;
use ldr_app::returns::diff::diff_section;
use ldr_app::returns::fields::{self, to_raw};
use ldr_app::returns::figures::SectionFigures;
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::returns::parse::parse;
use ldr_app::returns::state::Action;
use ldr_app::returns::{ReturnState, SectionKind, SectionStatus};
use ldr_app::views::returns::section_form::{section_page, SectionPage};
use ldr_app::views::returns::Conflict;
use ldr_app::views::{Crumb, Nav};

type SectionPath = Path<(String, String, String)>;

/// The section asked for, if this return has it.
fn kind_of(ctx: &ReturnContext, slug: &str) -> Result<SectionKind, AppError> {
    SectionKind::from_slug(slug).filter(|k| ctx.template.sections(ctx.is_footprint()).contains(k)).ok_or(AppError::NotFound)
}

/// Why this person sees the section read-only, or None if they may edit it now.
fn read_only_reason(ctx: &ReturnContext, who: &SignedIn, state: ReturnState) -> Option<String> {
    if !ctx.may_edit(who) {
        return Some(match &ctx.org {
            Some(o) => format!("Only {}'s CIO can change this return.", o.summary.short_name),
            None => "Only the programme office can change the footprint's return.".into(),
        });
    }
    match state {
        ReturnState::Submitted => Some("This return has been submitted, so it cannot be changed while it is reviewed.".into()),
        ReturnState::Approved => Some("This return has been approved. To change it, start an amendment from the return page.".into()),
        ReturnState::Draft | ReturnState::Returned => None,
    }
}

/// The section's page with nothing in its form yet: the fields every use of the page shares.
fn blank(ctx: &ReturnContext, ret: &ReturnRow, kind: SectionKind) -> SectionPage {
    SectionPage {
        subject: ctx.subject.clone(),
        period: ctx.period.code,
        revision: ret.revision,
        kind,
        template: ctx.template.clone(),
        raw: RawForm::default(),
        errors: FieldErrors::default(),
        version: 0,
        conflict: None,
        read_only: None,
        figures: SectionFigures::empty(kind),
    }
}

pub async fn edit(State(state): State<AppState>, who: SignedIn, Path((period, code, slug)): SectionPath) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    let kind = kind_of(&ctx, &slug)?;
    let Some(ret) = ctx.latest() else { return Ok(Redirect::to(&ctx.path()).into_response()) };
    let section = stored(&state, ret.id, kind).await?;
    let mut raw = to_raw(&ctx.template, &section.figures);
    raw.set(
        fields::COMPLETED,
        match section.status {
            SectionStatus::Completed => "yes",
            SectionStatus::InProgress => "no",
            SectionStatus::NotStarted => "",
        },
    );
    let read_only = read_only_reason(&ctx, &who, ret.state);
    let page = SectionPage { raw, version: section.version, read_only, figures: section.figures, ..blank(&ctx, ret, kind) };
    Ok(Html(page_html(&who, &ctx, page)).into_response())
}

fn page_html(who: &SignedIn, ctx: &ReturnContext, mut page: SectionPage) -> String {
    page.raw.set("csrf_token", who.csrf_token.clone());
    let crumbs = vec![Crumb::new("Home", "/"), Crumb::new("Returns", "/returns"), Crumb::new(ctx.subject.name(), ctx.path())];
    let title = format!("{}: {}, {}", page.kind.title(), ctx.subject.name(), ctx.period.code.label());
    section_page(who.meta_in(&ctx.footprint, &title, Some(Nav::Returns), crumbs), page)
}

pub async fn save(
    State(state): State<AppState>,
    who: SignedIn,
    Path((period, code, slug)): SectionPath,
    StrictForm(pairs): StrictForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let ctx = ReturnContext::load(&state.pool, &who, &period, &code).await?;
    let kind = kind_of(&ctx, &slug)?;
    ctx.require_edit(&who)?;
    let ret = ctx.latest().ok_or(AppError::NotFound)?;
    if !ret.state.is_editable() {
        return Err(refused(&state, &who, &ctx, NOT_EDITABLE).await);
    }
    let raw = RawForm::from_pairs(pairs);
    let expected: i64 = raw.get(fields::VERSION).parse().unwrap_or(0);
    let parsed = match parse(&ctx.template, kind, &raw) {
        Ok(p) => p,
        Err(errors) => {
            // A list changed row by row (deployments) stays on show above its form; other
            // sections are all form.
            let figures =
                if kind.section().form_holds_figures() { SectionFigures::empty(kind) } else { stored(&state, ret.id, kind).await?.figures };
            let summary: Vec<(String, String)> = errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            let page = SectionPage { raw, errors, version: expected, figures, ..blank(&ctx, ret, kind) };
            return Err(AppError::validation(summary, page_html(&who, &ctx, page)));
        }
    };
    let status = if parsed.completed { SectionStatus::Completed } else { SectionStatus::InProgress };
    // The return's version is not checked: sections carry their own (below).
    let (mut tx, current, next) = begin_checked(&state, &who, &ctx, Action::SaveSection, ret.version).await?;
    let before = returns::section(&mut tx, ret.id, kind).await?.ok_or(AppError::NotFound)?;
    // The deployments form only says whether the section is complete: the list, changed row
    // by row (`deployments.rs`), is kept as saved.
    let figures = if kind.section().form_holds_figures() { parsed.figures.clone() } else { before.figures.clone() };
    if !returns::save_section(&mut tx, &who.actor(), &current, next, &before, expected, &figures, status).await? {
        drop(tx); // nothing written: roll back
        let conflict = Conflict {
            saved_by: before.updated_by.clone().unwrap_or_else(|| "Somebody".into()),
            saved_at: before.updated_at.as_deref().map(long_date_time).unwrap_or_default(),
            changes: diff_section(&ctx.template, Some(&before.figures), &figures),
        };
        let page =
            SectionPage { raw, version: before.version, conflict: Some(conflict), figures: before.figures, ..blank(&ctx, ret, kind) };
        return Err(AppError::conflict(page_html(&who, &ctx, page)));
    }
    committed(tx, &ctx, "saved").await
}

async fn stored(state: &AppState, return_id: i64, kind: SectionKind) -> Result<SectionRow, AppError> {
    let mut conn = state.pool.acquire().await?;
    returns::section(&mut conn, return_id, kind).await?.ok_or(AppError::NotFound)
}

/// The deployments section's page with a message, as a 409: a remove or restore made from a
/// page older than the section.
pub(super) async fn deployments_refused(
    state: &AppState,
    who: &SignedIn,
    ctx: &ReturnContext,
    ret: &ReturnRow,
    message: String,
) -> AppError {
    let kind = SectionKind::Deployments;
    let section = match stored(state, ret.id, kind).await {
        Ok(section) => section,
        Err(e) => return e,
    };
    let mut errors = FieldErrors::default();
    errors.add("", message);
    let raw = to_raw(&ctx.template, &section.figures);
    let page = SectionPage { raw, errors, version: section.version, figures: section.figures, ..blank(ctx, ret, kind) };
    AppError::conflict(page_html(who, ctx, page))
}
