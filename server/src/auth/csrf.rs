//! CSRF protection for every state-changing request, checked here before any handler runs,
//! so no route can forget it. SameSite=Lax cookies are a second line, not the only one.
//! A file upload (`multipart/form-data`) carries the token as its first part, so it is
//! checked before the file is looked at; a multipart body without it is refused.
//!
//! Signed in, the token is random per session, put in every form as `csrf_token`. The sign-in
//! form has no session yet (making one for every anonymous page view filled the sessions
//! table), so it uses a signed double-submit cookie: the cookie holds a random nonce, the form
//! holds HMAC(server key, nonce). A cookie planted by someone else is useless without a form
//! token only the server can make.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::cookie::time::Duration;
use tower_sessions::Session;

use super::keys::{random_token, read_cookie, sign_in_cookie, ServerKey};
use super::login::{MAX_BODY_BYTES, SIGN_IN_PATH};
use crate::web::error::AppError;
use crate::web::limits::body_limit;
use crate::web::multipart;
use crate::web::request_id::RequestId;
use crate::web::AppState;
use ldr_app::views::errors::bad_request_page;
use ldr_app::views::PageMeta;

const KEY: &str = "csrf_token";
const SIGN_IN_COOKIE: &str = "ldr_signin_csrf";
const SIGN_IN_PURPOSE: &str = "signin-csrf";

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(t) = session.get::<String>(KEY).await? {
        return Ok(t);
    }
    rotate(session).await
}

/// A fresh token (at sign-in, together with the session id).
pub async fn rotate(session: &Session) -> Result<String, tower_sessions::session::Error> {
    let t = random_token();
    session.insert(KEY, &t).await?;
    Ok(t)
}

/// The sign-in form's token for this browser, and the cookie to set if it had no nonce yet.
pub fn sign_in_token(key: &ServerKey, headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    match sign_in_nonce(headers) {
        Some(nonce) => (key.sign(SIGN_IN_PURPOSE, nonce.as_bytes()), None),
        None => {
            let nonce = random_token();
            // A session cookie for the browser, renewed by each view of the page.
            let cookie = sign_in_cookie(SIGN_IN_COOKIE, nonce.clone(), Duration::hours(12), secure);
            (key.sign(SIGN_IN_PURPOSE, nonce.as_bytes()), Some(cookie))
        }
    }
}

fn sign_in_nonce(headers: &HeaderMap) -> Option<String> {
    read_cookie(headers, SIGN_IN_COOKIE).filter(|n| n.len() == 43)
}

#[derive(serde::Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

/// Middleware: every method but GET, HEAD and OPTIONS must carry the token, in the form body
/// or the `X-CSRF-Token` header.
pub async fn verify(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let checked = if request.uri().path() == SIGN_IN_PATH { check_sign_in(&state, request).await } else { check(request).await };
    match checked {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

/// The body, read up to `limit` bytes: more is refused with 413 before it is all read.
async fn read_body(request: Request, limit: usize) -> Result<(axum::http::request::Parts, axum::body::Bytes), Response> {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large())?;
    Ok((parts, bytes))
}

fn too_large() -> Response {
    let page = bad_request_page(
        PageMeta::default(),
        RequestId::current().as_ref().map(RequestId::as_str),
        "The form sent was too large. Go back, reload the page and try again.",
    );
    (StatusCode::PAYLOAD_TOO_LARGE, Html(page)).into_response()
}

fn given_token(parts: &axum::http::request::Parts, bytes: &[u8]) -> Option<String> {
    let from_header = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let from_form = if content_type.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<TokenField>(bytes).ok().and_then(|f| f.csrf_token)
    } else if let Some(boundary) = multipart::boundary(content_type) {
        multipart_token(bytes, &boundary)
    } else {
        None
    };
    from_header.or(from_form)
}

/// The token of a multipart form: its first part, named `csrf_token`, and nothing else.
fn multipart_token(bytes: &[u8], boundary: &str) -> Option<String> {
    let parts = multipart::parts(bytes, boundary)?;
    let first = parts.first().filter(|p| p.name == KEY && p.file_name.is_none())?;
    Some(first.text())
}

async fn check(request: Request) -> Result<Request, Response> {
    let session = request.extensions().get::<Session>().cloned().ok_or_else(|| AppError::internal("no session layer").into_response())?;
    let expected = session.get::<String>(KEY).await.map_err(|e| AppError::from(e).into_response())?;
    let expected = expected.ok_or_else(|| AppError::BadCsrf.into_response())?;
    let limit = body_limit(request.uri().path());
    let (parts, bytes) = read_body(request, limit).await?;
    let given = given_token(&parts, &bytes).ok_or_else(|| AppError::BadCsrf.into_response())?;
    if given.as_bytes().ct_eq(expected.as_bytes()).into() {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(AppError::BadCsrf.into_response())
    }
}

/// The sign-in form: a small body (a megabyte username is refused unread), and the
/// double-submit check.
async fn check_sign_in(state: &AppState, request: Request) -> Result<Request, Response> {
    let (parts, bytes) = read_body(request, MAX_BODY_BYTES).await?;
    let key = state.auth.key().map_err(IntoResponse::into_response)?;
    let nonce = sign_in_nonce(&parts.headers).ok_or_else(|| AppError::BadCsrf.into_response())?;
    let given = given_token(&parts, &bytes).ok_or_else(|| AppError::BadCsrf.into_response())?;
    if key.verify(SIGN_IN_PURPOSE, nonce.as_bytes(), &given) {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(AppError::BadCsrf.into_response())
    }
}
