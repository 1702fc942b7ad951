//! `/login` and `/logout`. The order in a sign-in matters: the body is bounded (in the CSRF
//! layer), then every field, then the attempt is counted by the throttle, and only then is a
//! password check queued for one of the bounded slots.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_sessions::Session;

use super::{csrf, device, password, second_factor, SignedIn};
use crate::db::{sessions, users};
use crate::web::error::AppError;
use crate::web::AppState;
use ldr_app::views::login::{login_page, LoginForm};

pub const SIGN_IN_PATH: &str = "/login";
/// A sign-in form is a token, a username and a password: 8 KiB is ample.
pub const MAX_BODY_BYTES: usize = 8 * 1024;
/// Longer usernames are refused before they are looked up, logged or throttled.
pub const MAX_USERNAME_CHARS: usize = 64;
/// Session keys: the account's epoch when signed in, and when (Unix seconds).
pub const SESSION_EPOCH: &str = "session_epoch";
pub const SIGNED_IN_AT: &str = "signed_in_at";
/// Session key of the handle of this sign-in's `user_sessions` row.
pub const SESSION_HANDLE: &str = "session_handle";

/// One message for a wrong username and a wrong password alike.
pub const WRONG_CREDENTIALS: &str = "Enter a correct username and password";
pub const TOO_MANY_AT_ONCE: &str = "Too many sign-ins at once. Wait a few seconds, then try again";
const BUSY_RETRY_SECONDS: u64 = 5;

pub fn too_many_attempts(seconds: u64) -> String {
    format!("Too many failed attempts to sign in with this username. Wait {seconds} seconds, then try again")
}

pub fn routes() -> Router<AppState> {
    Router::new().route(SIGN_IN_PATH, get(show).post(sign_in).layer(DefaultBodyLimit::max(MAX_BODY_BYTES))).route("/logout", post(sign_out))
}

async fn show(State(state): State<AppState>, headers: HeaderMap, session: Session) -> Result<Response, AppError> {
    if SignedIn::from_session(&state, &session).await?.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    // No session is made here: the form's token is a signed double-submit cookie.
    let (csrf_token, cookie) = csrf::sign_in_token(state.auth.key()?, &headers, state.config.secure_cookies);
    let mut response = Html(login_page(LoginForm { csrf_token, ..Default::default() })).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The sign-in form's fields: any other is refused (ASVS 5.1.2).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    #[serde(rename = "csrf_token")]
    _csrf_token: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// The form's problems, all at once; the username to show again (never an over-long one).
fn validate(body: &[u8]) -> Result<Credentials, (String, LoginForm)> {
    let Ok(form) = serde_urlencoded::from_bytes::<Credentials>(body) else {
        return Err(("unreadable form".into(), error_form("", "The form could not be read. Reload the page and try again")));
    };
    let username = form.username.trim();
    let long_username = username.chars().count() > MAX_USERNAME_CHARS;
    let long_password = form.password.chars().count() > password::MAX_CHARS;
    if !long_username && !long_password {
        return Ok(Credentials { username: username.to_string(), ..form });
    }
    let shown = if long_username { "" } else { username };
    let mut page = LoginForm { username: shown.to_string(), ..Default::default() };
    if long_username {
        page.error = Some(format!("Enter a username of {MAX_USERNAME_CHARS} characters or fewer"));
    }
    if long_password {
        page.password_error = Some(format!("Enter a password of {} characters or fewer", password::MAX_CHARS));
    }
    Err(("field too long".into(), page))
}

fn error_form(username: &str, message: &str) -> LoginForm {
    LoginForm { username: username.to_string(), error: Some(message.to_string()), ..Default::default() }
}

fn page(status: StatusCode, form: LoginForm, csrf_token: &str, retry_after: Option<u64>) -> Response {
    let mut response = (status, Html(login_page(LoginForm { csrf_token: csrf_token.to_string(), ..form }))).into_response();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    body: Bytes,
) -> Result<Response, AppError> {
    let key = state.auth.key()?;
    // The CSRF layer has checked the cookie; the same token goes back in a refused form.
    let (csrf_token, _) = csrf::sign_in_token(key, &headers, state.config.secure_cookies);
    let form = match validate(&body) {
        Ok(form) => form,
        Err((why, page_form)) => {
            tracing::info!(peer = %peer.ip(), why, "sign-in form refused");
            let fields = [("username", &page_form.error), ("password", &page_form.password_error)];
            let errors: Vec<(String, String)> = fields.iter().filter_map(|(f, m)| m.as_ref().map(|m| (f.to_string(), m.clone()))).collect();
            return Err(AppError::validation(errors, login_page(LoginForm { csrf_token, ..page_form })));
        }
    };
    let username = form.username;
    let known_device = device::is_known(key, &headers, &username);
    let ticket = match state.auth.throttle.admit(&username, peer.ip(), known_device, state.auth.now()) {
        Ok(ticket) => ticket,
        Err(wait) => {
            let seconds = wait.as_secs_f64().ceil() as u64;
            // Debug formatting escapes control characters: a username cannot forge a log line.
            tracing::info!(username = ?username, peer = %peer.ip(), seconds, "sign-in throttled");
            return Ok(page(StatusCode::TOO_MANY_REQUESTS, error_form(&username, &too_many_attempts(seconds)), &csrf_token, Some(seconds)));
        }
    };
    let found = users::credentials(&state.pool, &username).await?;
    let stored = found.as_ref().map(|(_, hash)| hash.clone());
    let Some(ok) = state.auth.checks.verify(form.password, stored).await? else {
        tracing::warn!(username = ?username, peer = %peer.ip(), "sign-in turned away: every password check slot busy");
        return Ok(page(StatusCode::SERVICE_UNAVAILABLE, error_form(&username, TOO_MANY_AT_ONCE), &csrf_token, Some(BUSY_RETRY_SECONDS)));
    };
    let Some((user_id, _)) = found.filter(|_| ok) else {
        tracing::info!(username = ?username, peer = %peer.ip(), "failed sign-in");
        return Ok(page(StatusCode::UNAUTHORIZED, error_form(&username, WRONG_CREDENTIALS), &csrf_token, None));
    };
    state.auth.throttle.succeeded(ticket);
    let Some(user) = users::active_user(&state.pool, user_id).await? else {
        return Ok(page(StatusCode::UNAUTHORIZED, error_form(&username, WRONG_CREDENTIALS), &csrf_token, None));
    };
    if user.principal.second_factor_required() {
        return second_factor::begin(&state, &session, &user).await;
    }
    second_factor::finish_sign_in(&state, &session, &user, peer, &headers, None).await?;
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(header::SET_COOKIE, device::cookie(key, &username, state.config.secure_cookies));
    Ok(response)
}

/// Signing out ends the session and deletes its row, so it leaves the sessions page.
async fn sign_out(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    if let Some(handle) = session.get::<String>(SESSION_HANDLE).await? {
        sessions::end(&state.pool, &handle).await?;
    }
    session.flush().await?;
    Ok(Redirect::to("/login").into_response())
}
