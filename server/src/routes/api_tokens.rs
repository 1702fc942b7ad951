//! `/api-tokens`: the PMO issues personal API tokens to their footprint's people and revokes
//! them. The token's text is on the issuing POST's response only (drawn, never stored or
//! redirected through a URL); each issue and revoke is audited in its own write. Since that
//! POST cannot redirect, a refresh would post it again: each form drawn carries a random
//! one-time key, stored with the token it issues, and a second post of it is a 409.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Days, NaiveDate};
use rand::RngCore;
use serde::Deserialize;

use crate::api::tokens::command::{DEFAULT_DAYS, LONGEST_DAYS};
use crate::api::tokens::{self, expires_after, new_secret};
use crate::auth::SignedIn;
use crate::db::api_tokens::{self, ApiToken, Holder, IssuedOnce, NewToken};
use crate::db::footprints::Footprint;
use crate::db::{self};
use crate::web::error::AppError;
use crate::web::strict_form::StrictForm;
use crate::web::AppState;
use ldr_app::access::Need;
use ldr_app::domain::dates::{long_date, long_date_time, parse_date_input};
use ldr_app::returns::form::{FieldErrors, RawForm};
use ldr_app::views::api_tokens::{
    api_tokens_page, AlreadyIssued, Issued, Standing, TokenLine, TokensData, EXPIRES_FIELD, FORM_KEY_FIELD, HOLDER_FIELD, LABEL_FIELD,
    LABEL_MAX, PATH, SUBMIT_ID,
};
use ldr_app::views::layout::in_footprint;

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(show).post(issue)).route("/api-tokens/{id}/revoke", post(revoke))
}

/// The footprint whose tokens this person manages: their own, if they run its programme.
async fn managed(state: &AppState, who: &SignedIn) -> Result<Footprint, AppError> {
    let footprint = super::home_footprint(state, who).await?;
    who.require(Need::RunProgramme(footprint.id))?;
    Ok(footprint)
}

/// What the page shows besides the list: the form as typed, its problems, a token just made.
#[derive(Default)]
struct Typed {
    form: RawForm,
    errors: FieldErrors,
    marked: Vec<&'static str>,
    issued: Option<Issued>,
    already: Option<AlreadyIssued>,
}

fn holder_name(h: &Holder) -> String {
    format!("{} ({})", h.display_name, h.username)
}

fn last_day(t: &ApiToken) -> NaiveDate {
    t.expires_at.date().pred_opt().unwrap_or(t.expires_at.date())
}

fn line(t: ApiToken, now: chrono::NaiveDateTime) -> TokenLine {
    let by = |name: &Option<String>| name.clone().unwrap_or_else(|| "the command line".into());
    let standing = match &t.revoked_at {
        Some(at) => Standing::Revoked(format!("on {} by {}", long_date(at.date()), by(&t.revoked_by))),
        None if !t.live_at(now) => Standing::Expired,
        None if !t.holder.active => Standing::HolderDisabled,
        None => Standing::Active,
    };
    TokenLine {
        id: t.id,
        holder: holder_name(&t.holder),
        created: format!("{} by {}", long_date_time(&t.created_at.to_string()), by(&t.created_by)),
        last_day: long_date(last_day(&t)),
        last_used: t.last_used_at.map(|at| long_date_time(&at.to_string())),
        label: t.label,
        prefix: t.prefix,
        standing,
    }
}

async fn render(state: &AppState, who: &SignedIn, footprint: &Footprint, typed: Typed) -> Result<String, AppError> {
    let now = tokens::now(state);
    let tokens = api_tokens::for_footprint(&state.pool, footprint.id).await?.into_iter().map(|t| line(t, now)).collect();
    let people = api_tokens::footprint_people(&state.pool, footprint.id).await?;
    let data = TokensData {
        tokens,
        people: people.iter().map(|h| (h.user_id.0.to_string(), holder_name(h))).collect(),
        form: typed.form,
        errors: typed.errors,
        marked: typed.marked,
        issued: typed.issued,
        already: typed.already,
    };
    Ok(api_tokens_page(who.meta_in(footprint, ldr_app::views::api_tokens::TITLE, None, vec![]), data))
}

/// A form's one-time key: 128 random bits in hex, so nobody can guess another form's key
/// (and so spoil it by using it first).
fn new_form_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key as the form draws it: 32 lower-case hex digits (the column checks the length too).
fn is_form_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The form as first shown: a new key, the expiry a quarter ahead.
fn fresh_form(today: NaiveDate) -> RawForm {
    let day = today.checked_add_days(Days::new(DEFAULT_DAYS)).unwrap_or(today);
    RawForm::from_pairs(vec![
        (FORM_KEY_FIELD.to_string(), new_form_key()),
        (format!("{EXPIRES_FIELD}-day"), day.format("%-d").to_string()),
        (format!("{EXPIRES_FIELD}-month"), day.format("%-m").to_string()),
        (format!("{EXPIRES_FIELD}-year"), day.format("%Y").to_string()),
    ])
}

async fn show(State(state): State<AppState>, who: SignedIn) -> Result<Html<String>, AppError> {
    let footprint = managed(&state, &who).await?;
    let typed = Typed { form: fresh_form(tokens::now(&state).date()), ..Default::default() };
    Ok(Html(render(&state, &who, &footprint, typed).await?))
}

#[derive(Debug, Deserialize)]
struct IssueFields {
    #[serde(default)]
    holder: String,
    #[serde(default)]
    label: String,
    #[serde(rename = "expires-day", default)]
    day: String,
    #[serde(rename = "expires-month", default)]
    month: String,
    #[serde(rename = "expires-year", default)]
    year: String,
    #[serde(default)]
    form_key: String,
}

/// The issuing form checked: the holder among `people`, the label, the last day, the form's
/// key; or every problem at once, with the parts of the date to mark.
fn check(
    fields: &IssueFields,
    people: &[Holder],
    today: NaiveDate,
) -> Result<(Holder, String, NaiveDate), (FieldErrors, Vec<&'static str>)> {
    let mut errors = FieldErrors::default();
    let mut marked = Vec::new();
    let holder = people.iter().find(|h| fields.holder.trim() == h.user_id.0.to_string()).cloned();
    if holder.is_none() {
        let message = if fields.holder.trim().is_empty() { "Choose who the token is for" } else { "Choose a person of this footprint" };
        errors.add(HOLDER_FIELD, message);
    }
    let label = fields.label.trim().to_string();
    if label.is_empty() {
        errors.add(LABEL_FIELD, "Enter what the token is for");
    } else if label.chars().count() > LABEL_MAX {
        errors.add(LABEL_FIELD, format!("What it is for must be {LABEL_MAX} characters or fewer"));
    }
    let latest = today.checked_add_days(Days::new(LONGEST_DAYS)).unwrap_or(today);
    let all_parts = vec!["day", "month", "year"];
    let day_field = format!("{EXPIRES_FIELD}-day");
    let last_day = match parse_date_input("The last day", &fields.day, &fields.month, &fields.year) {
        Ok(Some(d)) if d < today => {
            errors.add(day_field, "The last day must be today or in the future");
            marked = all_parts;
            None
        }
        Ok(Some(d)) if d > latest => {
            errors.add(day_field, format!("The last day must be on or before {}", long_date(latest)));
            marked = all_parts;
            None
        }
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add(day_field, "Enter the last day the token works");
            marked = all_parts;
            None
        }
        Err(problem) => {
            errors.add(format!("{EXPIRES_FIELD}-{}", problem.parts[0]), problem.message);
            marked = problem.parts;
            None
        }
    };
    // Only a form drawn by this page has a key; without one, a second post could not be told
    // from the first.
    if !is_form_key(&fields.form_key) {
        errors.add(
            SUBMIT_ID,
            "The form was incomplete (it had no one-time key), so nothing was issued: check the details and issue the token again",
        );
    }
    match (holder, last_day) {
        (Some(holder), Some(day)) if errors.is_empty() => Ok((holder, label, day)),
        _ => Err((errors, marked)),
    }
}

async fn issue(State(state): State<AppState>, who: SignedIn, StrictForm(fields): StrictForm<IssueFields>) -> Result<Response, AppError> {
    let footprint = managed(&state, &who).await?;
    let now = tokens::now(&state);
    let people = api_tokens::footprint_people(&state.pool, footprint.id).await?;
    let (holder, label, day) = match check(&fields, &people, now.date()) {
        Ok(checked) => checked,
        Err((errors, marked)) => {
            let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
            // The same key when it is one (the corrected form is still this form), else a new one.
            let key = if is_form_key(&fields.form_key) { fields.form_key.clone() } else { new_form_key() };
            let form = RawForm::from_pairs(vec![
                (FORM_KEY_FIELD.to_string(), key),
                (HOLDER_FIELD.to_string(), cut(&fields.holder, 20)),
                (LABEL_FIELD.to_string(), cut(&fields.label, LABEL_MAX + 1)),
                (format!("{EXPIRES_FIELD}-day"), cut(&fields.day, 10)),
                (format!("{EXPIRES_FIELD}-month"), cut(&fields.month, 10)),
                (format!("{EXPIRES_FIELD}-year"), cut(&fields.year, 10)),
            ]);
            let listed: Vec<(String, String)> = errors.0.iter().map(|e| (e.field.clone(), e.message.clone())).collect();
            let page = render(&state, &who, &footprint, Typed { form, errors, marked, ..Default::default() }).await?;
            return Err(AppError::validation(listed, page));
        }
    };
    let secret = new_secret();
    let new = NewToken {
        holder: &holder,
        label: &label,
        secret_sha256: &secret.sha256,
        prefix: &secret.prefix,
        created_at: now,
        created_by: Some(who.user.principal.user_id),
        expires_at: expires_after(day),
    };
    let mut tx = db::begin_write(&state.pool).await?;
    let typed = match api_tokens::issue_once(&mut tx, &who.actor(), new, &fields.form_key).await? {
        IssuedOnce::Issued(_) => {
            tx.commit().await?;
            // Answered here, not redirected: the text exists only in this response.
            let issued = Issued { text: secret.text, holder: holder_name(&holder), last_day: long_date(day) };
            Typed { form: fresh_form(now.date()), issued: Some(issued), ..Default::default() }
        }
        IssuedOnce::Already { label, created_at } => {
            // This form was posted before (a refresh, a double click): nothing more is written.
            tx.rollback().await?;
            let already = AlreadyIssued { label, at: long_date_time(&created_at.to_string()) };
            let typed = Typed { form: fresh_form(now.date()), already: Some(already), ..Default::default() };
            return Err(AppError::conflict(render(&state, &who, &footprint, typed).await?));
        }
    };
    let mut response = Html(render(&state, &who, &footprint, typed).await?).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn revoke(State(state): State<AppState>, who: SignedIn, Path(id): Path<i64>) -> Result<Response, AppError> {
    let footprint = managed(&state, &who).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    // Another footprint's token is as unknown as one that does not exist.
    let token = api_tokens::by_id(&mut tx, id).await?.filter(|t| t.holder.footprint == Some(footprint.id)).ok_or(AppError::NotFound)?;
    let by = who.user.principal.user_id;
    if !api_tokens::revoke(&mut tx, &who.actor(), &token, Some(by), tokens::now(&state)).await? {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(format!("token-{id}"), format!("The token {} of {} was already revoked", token.prefix, holder_name(&token.holder)));
        let typed = Typed { form: fresh_form(tokens::now(&state).date()), errors, ..Default::default() };
        return Err(AppError::conflict(render(&state, &who, &footprint, typed).await?));
    }
    tx.commit().await?;
    Ok(Redirect::to(&in_footprint(PATH, who.chosen_footprint.as_deref())).into_response())
}
