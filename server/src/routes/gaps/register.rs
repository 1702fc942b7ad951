//! `/gaps/register/...`: the PMO adds, changes and removes the gap register's gaps and
//! initiatives. Every write: policy (`RunProgramme`, else 403) → `BEGIN IMMEDIATE` → re-read
//! the row → its version as the page showed it (else 409, what was typed kept) → the form's
//! every problem (else 422, nothing written) → write + audit → commit → 303 to `/gaps`.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::db::begin_write;
use crate::db::footprints::Footprint;
use crate::db::gap_register::{self as db, SavedGap};
use crate::routes::home_footprint;
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::facts::{GapForm, InitiativeForm, RegisterInitiative};
use ldr_app::views::gap_register::{gap_form_page, initiative_form_page, remove_page, FormPage};
use ldr_app::views::gap_tables::enabler_words;
use ldr_app::views::{Crumb, Nav};

const BACK: &str = "/gaps#register";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/gaps/register/gaps/new", get(new_gap).post(add_gap))
        .route("/gaps/register/gaps/{id}", get(edit_gap).post(change_gap))
        .route("/gaps/register/gaps/{id}/remove", get(confirm_remove_gap).post(remove_gap))
        .route("/gaps/register/initiatives/new", get(new_initiative).post(add_initiative))
        .route("/gaps/register/initiatives/{id}", get(edit_initiative).post(change_initiative))
        .route("/gaps/register/initiatives/{id}/remove", get(confirm_remove_initiative).post(remove_initiative))
}

/// The remove buttons: the version their page was shown at.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionField {
    #[serde(default)]
    version: String,
}

/// The footprint whose register this person runs (403 for anyone but its PMO).
async fn pmo_footprint(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = home_footprint(state, who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    Ok(footprint)
}

fn meta(who: &SignedIn, footprint: &Footprint, title: &str) -> ldr_app::views::PageMeta {
    who.meta_in(footprint, title, Some(Nav::Gaps), vec![Crumb::new("Home", "/"), Crumb::new("Gap analysis", "/gaps")])
}

/// A row's id from the path; anything else is an unknown page.
fn row_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

fn version_of(form_version: &str) -> Option<i64> {
    form_version.trim().parse().ok()
}

fn gap_words(g: &SavedGap) -> String {
    format!("{}: {}", g.area, g.text)
}

fn initiative_words(i: &RegisterInitiative) -> String {
    let yn = |b: bool| if b { "yes" } else { "no" };
    let c = i.criteria;
    format!(
        "{} ({}) Universal Capability: {}; STP objective: {}; whole-system working: {}; PF@PoC enabler: {}.",
        i.title,
        if i.description.is_empty() { "no description" } else { &i.description },
        yn(c.universal_capability),
        yn(c.stp_objective),
        yn(c.whole_system),
        enabler_words(c.enabler).to_lowercase()
    )
}

fn gap_page(action: String, adding: bool, form: GapForm) -> FormPage<GapForm> {
    FormPage { action, adding, form, errors: vec![], stale: None }
}

async fn new_gap(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = pmo_footprint(&state, &who).await?;
    let areas = db::areas(&mut *state.pool.acquire().await?, footprint.id).await?;
    let page = gap_page("/gaps/register/gaps/new".into(), true, GapForm::default());
    Ok(Html(gap_form_page(meta(&who, &footprint, "Add a gap"), page, areas)))
}

async fn edit_gap(State(state): State<AppState>, who: SignedIn, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let mut conn = state.pool.acquire().await?;
    let gap = db::gap(&mut conn, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    let areas = db::areas(&mut conn, footprint.id).await?;
    let form = GapForm { area: gap.area_id.to_string(), text: gap.text, version: gap.version.to_string() };
    Ok(Html(gap_form_page(meta(&who, &footprint, "Change a gap"), gap_page(format!("/gaps/register/gaps/{id}"), false, form), areas)))
}

async fn add_gap(State(state): State<AppState>, who: SignedIn, StrictForm(form): StrictForm<GapForm>) -> Result<Response, AppError> {
    save_gap(state, who, None, form).await
}

async fn change_gap(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<GapForm>,
) -> Result<Response, AppError> {
    let id = row_id(&id)?;
    save_gap(state, who, Some(id), form).await
}

/// Add (None) or change a gap from its form, all in one write transaction.
async fn save_gap(state: AppState, who: SignedIn, id: Option<i64>, mut form: GapForm) -> Result<Response, AppError> {
    let footprint = pmo_footprint(&state, &who).await?;
    let action = id.map_or_else(|| "/gaps/register/gaps/new".to_string(), |id| format!("/gaps/register/gaps/{id}"));
    let title = if id.is_some() { "Change a gap" } else { "Add a gap" };
    let mut tx = begin_write(&state.pool).await?;
    let areas = db::areas(&mut tx, footprint.id).await?;
    let before = match id {
        Some(id) => Some(db::gap(&mut tx, footprint.id, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    if let Some(before) = before.as_ref().filter(|b| version_of(&form.version) != Some(b.version)) {
        // Saving again replaces what is saved now, knowingly: the form carries its version.
        form.version = before.version.to_string();
        let page = FormPage { stale: Some(gap_words(before)), ..gap_page(action, id.is_none(), form) };
        return Err(AppError::conflict(gap_form_page(meta(&who, &footprint, title), page, areas)));
    }
    let edit = match form.parse(&areas) {
        Ok(edit) => edit,
        Err(errors) => {
            let page = FormPage { errors: errors.clone(), ..gap_page(action, id.is_none(), form) };
            return Err(AppError::validation(errors, gap_form_page(meta(&who, &footprint, title), page, areas)));
        }
    };
    let actor = who.actor();
    let written = match &before {
        Some(before) => db::change_gap(&mut tx, &actor, footprint.id, before, &edit).await?,
        None => db::add_gap(&mut tx, &actor, footprint.id, &edit).await.map(|_| true)?,
    };
    if !written {
        return Err(AppError::internal("a gap changed inside its own write transaction"));
    }
    tx.commit().await?;
    Ok(Redirect::to(BACK).into_response())
}

async fn confirm_remove_gap(State(state): State<AppState>, who: SignedIn, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let gap = db::gap(&mut *state.pool.acquire().await?, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    let action = format!("/gaps/register/gaps/{id}/remove");
    Ok(Html(remove_page(meta(&who, &footprint, "Remove this gap?"), "gap", gap_words(&gap), action, gap.version, None)))
}

async fn remove_gap(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<VersionField>,
) -> Result<Response, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let mut tx = begin_write(&state.pool).await?;
    let before = db::gap(&mut tx, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    if version_of(&form.version) != Some(before.version) || !db::remove_gap(&mut tx, &who.actor(), footprint.id, &before).await? {
        let action = format!("/gaps/register/gaps/{id}/remove");
        let page = remove_page(
            meta(&who, &footprint, "Remove this gap?"),
            "gap",
            gap_words(&before),
            action,
            before.version,
            Some(gap_words(&before)),
        );
        return Err(AppError::conflict(page));
    }
    tx.commit().await?;
    Ok(Redirect::to(BACK).into_response())
}

fn initiative_page(action: String, adding: bool, form: InitiativeForm) -> FormPage<InitiativeForm> {
    FormPage { action, adding, form, errors: vec![], stale: None }
}

async fn new_initiative(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = pmo_footprint(&state, &who).await?;
    let page = initiative_page("/gaps/register/initiatives/new".into(), true, InitiativeForm::default());
    Ok(Html(initiative_form_page(meta(&who, &footprint, "Add an initiative"), page)))
}

async fn edit_initiative(State(state): State<AppState>, who: SignedIn, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let i = db::initiative(&mut *state.pool.acquire().await?, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    let form = InitiativeForm::of(&i.title, &i.description, i.criteria, i.version);
    let page = initiative_page(format!("/gaps/register/initiatives/{id}"), false, form);
    Ok(Html(initiative_form_page(meta(&who, &footprint, "Change an initiative"), page)))
}

async fn add_initiative(
    State(state): State<AppState>,
    who: SignedIn,
    StrictForm(form): StrictForm<InitiativeForm>,
) -> Result<Response, AppError> {
    save_initiative(state, who, None, form).await
}

async fn change_initiative(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<InitiativeForm>,
) -> Result<Response, AppError> {
    let id = row_id(&id)?;
    save_initiative(state, who, Some(id), form).await
}

async fn save_initiative(state: AppState, who: SignedIn, id: Option<i64>, mut form: InitiativeForm) -> Result<Response, AppError> {
    let footprint = pmo_footprint(&state, &who).await?;
    let action = id.map_or_else(|| "/gaps/register/initiatives/new".to_string(), |id| format!("/gaps/register/initiatives/{id}"));
    let title = if id.is_some() { "Change an initiative" } else { "Add an initiative" };
    let mut tx = begin_write(&state.pool).await?;
    let before = match id {
        Some(id) => Some(db::initiative(&mut tx, footprint.id, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    if let Some(before) = before.as_ref().filter(|b| version_of(&form.version) != Some(b.version)) {
        form.version = before.version.to_string();
        let page = FormPage { stale: Some(initiative_words(before)), ..initiative_page(action, id.is_none(), form) };
        return Err(AppError::conflict(initiative_form_page(meta(&who, &footprint, title), page)));
    }
    let others = db::other_titles(&mut tx, footprint.id, id).await?;
    let edit = match form.parse(&others) {
        Ok(edit) => edit,
        Err(errors) => {
            let page = FormPage { errors: errors.clone(), ..initiative_page(action, id.is_none(), form) };
            return Err(AppError::validation(errors, initiative_form_page(meta(&who, &footprint, title), page)));
        }
    };
    let actor = who.actor();
    let written = match &before {
        Some(before) => db::change_initiative(&mut tx, &actor, footprint.id, before, &edit).await?,
        None => db::add_initiative(&mut tx, &actor, footprint.id, &edit).await.map(|_| true)?,
    };
    if !written {
        return Err(AppError::internal("an initiative changed inside its own write transaction"));
    }
    tx.commit().await?;
    Ok(Redirect::to(BACK).into_response())
}

async fn confirm_remove_initiative(State(state): State<AppState>, who: SignedIn, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let i = db::initiative(&mut *state.pool.acquire().await?, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    let action = format!("/gaps/register/initiatives/{id}/remove");
    let page = remove_page(meta(&who, &footprint, "Remove this initiative?"), "initiative", initiative_words(&i), action, i.version, None);
    Ok(Html(page))
}

async fn remove_initiative(
    State(state): State<AppState>,
    who: SignedIn,
    Path(id): Path<String>,
    StrictForm(form): StrictForm<VersionField>,
) -> Result<Response, AppError> {
    let id = row_id(&id)?;
    let footprint = pmo_footprint(&state, &who).await?;
    let mut tx = begin_write(&state.pool).await?;
    let before = db::initiative(&mut tx, footprint.id, id).await?.ok_or(AppError::NotFound)?;
    if version_of(&form.version) != Some(before.version) || !db::remove_initiative(&mut tx, &who.actor(), footprint.id, &before).await? {
        let action = format!("/gaps/register/initiatives/{id}/remove");
        let words = initiative_words(&before);
        let page = remove_page(
            meta(&who, &footprint, "Remove this initiative?"),
            "initiative",
            words.clone(),
            action,
            before.version,
            Some(words),
        );
        return Err(AppError::conflict(page));
    }
    tx.commit().await?;
    Ok(Redirect::to(BACK).into_response())
}
