//! What a request may be before any handler sees it: GET, HEAD or POST (anything else is
//! 405 on every path, before CSRF), and a body of at most 1 MiB (413, read no further).

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AppError;

/// Forms are small: the longest narrative is a few thousand characters.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub async fn methods_and_size(request: Request, next: Next) -> Response {
    match *request.method() {
        Method::GET | Method::HEAD => return next.run(request).await,
        Method::POST => {}
        _ => {
            let mut response = AppError::MethodNotAllowed.into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
            return response;
        }
    }
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return AppError::TooLarge.into_response();
    }
    let (parts, body) = request.into_parts();
    match read_at_most(body, MAX_BODY_BYTES).await {
        Ok(Some(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(None) => AppError::TooLarge.into_response(),
        // The client stopped sending or the connection broke: nobody is left to answer.
        Err(e) => AppError::Internal(anyhow::anyhow!("cannot read the request body: {e}")).into_response(),
    }
}

/// The whole body, or `None` as soon as it passes `limit` (a chunked body has no length).
async fn read_at_most(body: Body, limit: usize) -> Result<Option<Bytes>, axum::Error> {
    let mut body = pin_body(body);
    let mut buffer = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        if let Ok(data) = frame?.into_data() {
            if buffer.len() + data.len() > limit {
                return Ok(None);
            }
            buffer.extend_from_slice(&data);
        }
    }
    Ok(Some(Bytes::from(buffer)))
}

fn pin_body(body: Body) -> std::pin::Pin<Box<Body>> {
    Box::pin(body)
}
