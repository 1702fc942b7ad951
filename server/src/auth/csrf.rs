//! CSRF protection for every state-changing request: a random token per session, put in
//! every form as `csrf_token` and checked here, before any handler runs, so no route can
//! forget it. SameSite=Lax cookies are a second line, not the only one.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::web::error::AppError;

const KEY: &str = "csrf_token";
/// Forms are small; a body larger than this is refused rather than buffered.
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(t) = session.get::<String>(KEY).await? {
        return Ok(t);
    }
    rotate(session).await
}

/// A fresh token (at sign-in, together with the session id).
pub async fn rotate(session: &Session) -> Result<String, tower_sessions::session::Error> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let t = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    session.insert(KEY, &t).await?;
    Ok(t)
}

#[derive(serde::Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

/// Middleware: every method but GET, HEAD and OPTIONS must carry the session's token, in the
/// form body or the `X-CSRF-Token` header.
pub async fn verify(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    match check(request).await {
        Ok(request) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

async fn check(request: Request) -> Result<Request, AppError> {
    let session = request.extensions().get::<Session>().cloned().ok_or_else(|| AppError::internal("no session layer"))?;
    let expected = session.get::<String>(KEY).await?.ok_or(AppError::BadCsrf)?;
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| AppError::BadCsrf)?;
    let from_header = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let from_form = if is_form { serde_urlencoded::from_bytes::<TokenField>(&bytes).ok().and_then(|f| f.csrf_token) } else { None };
    let given = from_header.or(from_form).ok_or(AppError::BadCsrf)?;
    if given.as_bytes().ct_eq(expected.as_bytes()).into() {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(AppError::BadCsrf)
    }
}
