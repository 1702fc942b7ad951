//! One log line for every request, written in one place so none is missed or written twice.
//! A request served (status below 400) is a "served" line at info: the request id, method,
//! path, status and duration. A refused one (400 and up) is a "refused" line: the request id, who (user id and role, "anonymous", or
//! "unverified" when the refusal came before the session was read), what (method, path and
//! the kind of refusal), and the outcome (status). 404 is logged at debug, 5xx at error with
//! the whole error chain (never shown on the page), everything else at info. This is the
//! operational log, not the audit table.
//!
//! Layers and handlers say more by putting small values in the response's extensions:
//! `ErrorPage` (the kind), `Who` (from `error::with_account`), `Detail` (a reason or the
//! error chain).

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use std::time::Duration;

use super::error::ErrorPage;
use super::request_id::RequestId;

/// Who made a refused request, once the session has been read (absent: it was not).
#[derive(Debug, Clone)]
pub enum Who {
    Anonymous,
    User { user_id: i64, role: &'static str },
}

/// Why, in words for an operator: a refusal's reason or an internal error's chain.
#[derive(Debug, Clone)]
pub struct Detail(pub String);

/// What was asked: taken from the request before it is consumed.
pub struct What {
    pub method: Method,
    /// The path only: a query string may hold filters or names.
    pub path: String,
    /// A session cookie came with the request (whether it was read depends on the layer).
    pub has_session: bool,
}

impl What {
    pub fn of(request: &Request) -> Self {
        let has_session = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.split(';').any(|c| c.trim_start().starts_with(super::SESSION_COOKIE)));
        What { method: request.method().clone(), path: request.uri().path().to_string(), has_session }
    }
}

/// Log the response: served or refused. Runs inside the request's span.
pub fn log(id: &RequestId, what: &What, response: &Response, elapsed: Duration) {
    let status = response.status();
    // Milliseconds with microseconds, as a number a log query can compare.
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    if status.as_u16() < 400 {
        let (request_id, method, path, status) = (id.as_str(), what.method.as_str(), what.path.as_str(), status.as_u16());
        tracing::info!(request_id, method, path, status, duration_ms, "served");
        return;
    }
    let (user, role) = match response.extensions().get::<Who>() {
        Some(Who::User { user_id, role }) => (user_id.to_string(), Some(*role)),
        Some(Who::Anonymous) => ("anonymous".to_string(), None),
        // Refused before the session was read: a cookie is only a claim.
        None if what.has_session => ("unverified".to_string(), None),
        None => ("anonymous".to_string(), None),
    };
    let kind = kind(response.extensions().get::<ErrorPage>().copied(), status);
    let detail = response.extensions().get::<Detail>().map(|d| d.0.as_str());
    let (request_id, method, path, status) = (id.as_str(), what.method.as_str(), what.path.as_str(), status.as_u16());
    macro_rules! log {
        ($level:ident) => {
            tracing::$level!(request_id, user, role, method, path, kind, status, detail, duration_ms, "refused")
        };
    }
    match status {
        500.. => log!(error),
        404 => log!(debug),
        _ => log!(info),
    }
}

/// The kind of refusal, for searching the log.
fn kind(page: Option<ErrorPage>, status: StatusCode) -> &'static str {
    match page {
        Some(ErrorPage::NotFound) => "not found",
        Some(ErrorPage::Forbidden) => "forbidden",
        Some(ErrorPage::BadCsrf) => "csrf",
        Some(ErrorPage::CrossOrigin) => "cross-origin",
        Some(ErrorPage::TooLarge) => "too large",
        Some(ErrorPage::MethodNotAllowed) => "method not allowed",
        Some(ErrorPage::Unavailable) => "storage unavailable",
        Some(ErrorPage::Internal) => "internal error",
        None => match status.as_u16() {
            400 => "bad request",
            401 => "wrong credentials",
            403 => "forbidden",
            404 => "not found",
            408 => "timeout",
            409 => "conflict",
            413 => "too large",
            422 => "invalid form",
            429 => "throttled",
            503 => "busy",
            500.. => "server error",
            _ => "client error",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_named_by_its_page_or_else_by_its_status() {
        assert_eq!(kind(Some(ErrorPage::BadCsrf), StatusCode::FORBIDDEN), "csrf");
        assert_eq!(kind(None, StatusCode::TOO_MANY_REQUESTS), "throttled");
        assert_eq!(kind(None, StatusCode::UNPROCESSABLE_ENTITY), "invalid form");
        assert_eq!(kind(None, StatusCode::BAD_GATEWAY), "server error");
    }
}
