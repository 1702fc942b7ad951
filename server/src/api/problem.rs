//! The API's one error type: every refusal is `application/problem+json` (RFC 9457) with a
//! fixed title per kind, never an HTML page and never internal text. Whatever the rest of
//! the stack answers under `/api/` (an unknown path, a refused method, a body too large, a
//! panic) is rewritten into the same shape by [`json_errors`].

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::web::error::is_storage_fault;
use crate::web::refusal_log::Detail;
use crate::web::request_id::RequestId;

pub const CONTENT_TYPE: &str = "application/problem+json";

/// Why an API request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No session and no token, or a token that is unknown, revoked or expired (401).
    #[error("unauthorised")]
    Unauthorised,
    /// Signed in, but the policy refuses this reader the data (403).
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A filter or cursor that does not parse; the words name the parameter (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// This token asked too often; try again after this many seconds (429).
    #[error("too many requests")]
    TooManyRequests { retry_after_seconds: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl From<crate::web::error::AppError> for ApiError {
    fn from(e: crate::web::error::AppError) -> Self {
        use crate::web::error::AppError;
        match e {
            AppError::NotFound => ApiError::NotFound,
            AppError::Forbidden => ApiError::Forbidden,
            AppError::SignedOut => ApiError::Unauthorised,
            AppError::Internal(e) => ApiError::Internal(e),
            other => ApiError::Internal(anyhow::anyhow!("{other}")),
        }
    }
}

/// The body of every refusal (RFC 9457). `type` is `about:blank`: the status and title say it all.
#[derive(Debug, Serialize, Clone, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Always `about:blank`.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub kind: &'static str,
    /// A fixed title per status.
    #[schema(value_type = String)]
    pub title: &'static str,
    pub status: u16,
    /// What was wrong, naming the parameter (400), or when to try again (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request's reference, as on the HTML error pages, to quote to an operator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: Option<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: title(status),
            status: status.as_u16(),
            detail,
            instance: RequestId::current().map(|id| format!("urn:ldr:request:{}", id.as_str())),
        }
    }

    pub fn response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        response
    }
}

/// A fixed title per status: nothing a client sent or the server hit is echoed in it.
fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request's parameters are not valid",
        401 => "Sign in or send a valid API token",
        403 => "You may not read this",
        404 => "Not found",
        405 => "Only GET and HEAD are allowed here",
        413 => "The request is too large",
        429 => "Too many requests",
        503 => "The service is unavailable",
        s if s >= 500 => "Something went wrong",
        _ => "The request was refused",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, detail) = match &self {
            ApiError::Unauthorised => (StatusCode::UNAUTHORIZED, None),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, None),
            ApiError::NotFound => (StatusCode::NOT_FOUND, None),
            ApiError::BadRequest(words) => (StatusCode::BAD_REQUEST, Some(words.clone())),
            ApiError::TooManyRequests { retry_after_seconds } => {
                (StatusCode::TOO_MANY_REQUESTS, Some(format!("Try again in {retry_after_seconds} seconds.")))
            }
            ApiError::Internal(e) if is_storage_fault(e) => (StatusCode::SERVICE_UNAVAILABLE, None),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, None),
        };
        let mut response = Problem::new(status, detail).response();
        match self {
            ApiError::Unauthorised => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"ldr\""));
            }
            ApiError::TooManyRequests { retry_after_seconds } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
            // The chain goes to the refusal log only.
            ApiError::Internal(e) => {
                response.extensions_mut().insert(Detail(format!("{e:#}")));
            }
            _ => {}
        }
        response
    }
}

/// Middleware around the whole application: under `/api/`, any refusal that is not already a
/// problem document (the fallback's 404, the limits' 405 and 413, the panic page) becomes one
/// with the same status, so an API client never receives HTML.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let under_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !under_api || response.status().as_u16() < 400 || is_problem(&response) {
        return response;
    }
    let (mut parts, _html) = response.into_parts();
    let rewritten = Problem::new(parts.status, None).response();
    let (new_parts, body) = rewritten.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    parts.headers.remove(header::CONTENT_LENGTH);
    // Headers that belong to the page (its CSP for inline styles) stay harmless on JSON.
    drop(new_parts);
    Response::from_parts(parts, Body::new(body))
}

fn is_problem(response: &Response) -> bool {
    response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(CONTENT_TYPE.as_bytes()))
}
