//! What a request may be before any handler sees it: GET, HEAD or POST (anything else is
//! 405 on every path, before CSRF), and a body of at most 1 MiB (413, read no further); the
//! file upload's own path takes up to 10 MiB, refused the same way by its Content-Length or
//! as soon as the stream passes the cap. Only a few uploads are read at once (each is in
//! memory, and copied while parsed); the next is told to try again, its body unread.

use axum::body::{Body, Bytes, HttpBody};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use ldr_app::views::errors::bad_request_page;
use ldr_app::views::PageMeta;

use super::error::AppError;
use super::request_id::RequestId;

/// Forms are small: the longest narrative is a few thousand characters.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// A file of DMA scores: England's 250 organisations by 50 themes is under 1 MB as CSV or
/// XLSX, so ten leaves room for a spreadsheet's padding while a 50 MB upload is refused.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The paths whose POST is a file upload (`multipart/form-data`).
pub const UPLOAD_PATHS: [&str; 1] = ["/imports/dma"];
/// Uploads whose bodies may be in memory at once (each up to 10 MiB, copied by the parser).
pub const MAX_UPLOADS_AT_ONCE: usize = 4;

/// The app's allowance of uploads being read at once, shared by its requests.
#[derive(Clone)]
pub struct UploadSlots(Arc<tokio::sync::Semaphore>);

impl Default for UploadSlots {
    fn default() -> Self {
        UploadSlots(Arc::new(tokio::sync::Semaphore::new(MAX_UPLOADS_AT_ONCE)))
    }
}

/// 503 for an upload beyond the allowance: 512 connections of 10 MiB each (several copies of
/// it while parsed) would be gigabytes, and anyone can send them, signed in or not.
fn busy() -> Response {
    let id = RequestId::current();
    let page = bad_request_page(
        PageMeta::default(),
        id.as_ref().map(RequestId::as_str),
        "Other files are being uploaded just now, so yours was not read and nothing was saved. Go back and try again in a minute.",
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    response
}

/// The most a POST to this path may send.
pub fn body_limit(path: &str) -> usize {
    if UPLOAD_PATHS.contains(&path) {
        MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// 413 for an upload: the generic page speaks of shortening text, this one of the file.
fn too_large(limit: usize) -> Response {
    if limit == MAX_BODY_BYTES {
        return AppError::TooLarge.into_response();
    }
    let id = RequestId::current();
    let page = bad_request_page(
        PageMeta::default(),
        id.as_ref().map(RequestId::as_str),
        "The file is larger than 10 MB, so it was not read and nothing was saved. Go back and choose a smaller file.",
    );
    (StatusCode::PAYLOAD_TOO_LARGE, Html(page)).into_response()
}

pub async fn methods_and_size(State(slots): State<UploadSlots>, request: Request, next: Next) -> Response {
    match *request.method() {
        Method::GET | Method::HEAD => return next.run(request).await,
        Method::POST => {}
        _ => {
            let mut response = AppError::MethodNotAllowed.into_response();
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
            return response;
        }
    }
    let limit = body_limit(request.uri().path());
    // Held until the handler has answered: it holds copies of the body too.
    let _slot = match limit {
        MAX_BODY_BYTES => None,
        _ => match slots.0.clone().try_acquire_owned() {
            Ok(slot) => Some(slot),
            Err(_) => return busy(),
        },
    };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let (parts, body) = request.into_parts();
    match read_at_most(body, limit).await {
        Ok(Some(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(None) => too_large(limit),
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
