//! Our CSS and JS and the NHS.UK frontend's files. Pages link them as `?v=HASH`, a hash of
//! their content taken once at start: a versioned request may be kept for a year
//! (`immutable`), so a browser stops refetching 330 KB on every page, and a new release
//! changes the URL. Unversioned requests (fonts and images named inside the CSS, the module
//! `ldr.js` imports) are revalidated with `Last-Modified`, answered 304 when unchanged.

use std::hash::{Hash, Hasher};
use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get_service;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use super::AppState;

/// The files the layout and the report page link, whose content makes the version.
const LINKED: [&str; 5] = ["ldr.css", "report.css", "ldr.js", "vendor/nhsuk-frontend.min.css", "vendor/nhsuk-frontend.min.js"];

pub fn routes(dir: &Path) -> Router<AppState> {
    Router::new()
        .nest_service("/style/vendor", ServeDir::new(dir.join("vendor")))
        .nest_service("/assets", ServeDir::new(dir.join("vendor/assets")))
        .route_service("/style/ldr.css", get_service(ServeFile::new(dir.join("ldr.css"))))
        .route_service("/style/report.css", get_service(ServeFile::new(dir.join("report.css"))))
        .route_service("/style/ldr.js", get_service(ServeFile::new(dir.join("ldr.js"))))
}

/// A short hash of the linked files' content (not a security hash: only a cache key).
pub fn version(dir: &Path) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in LINKED {
        std::fs::read(dir.join(file)).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

pub fn is_asset(path: &str) -> bool {
    path.starts_with("/style/") || path.starts_with("/assets/")
}

/// Middleware for asset paths: the cache policy, and a charset on CSS and JS (ASVS 14.4.1).
pub async fn cache_and_charset(request: Request, next: Next) -> Response {
    if !is_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let current = ldr_app::views::layout::ASSET_VERSION.get();
    let versioned = request.uri().query().and_then(|q| q.strip_prefix("v=")).is_some_and(|v| Some(v) == current.map(String::as_str));
    let mut response = next.run(request).await;
    if !response.status().is_success() && response.status() != axum::http::StatusCode::NOT_MODIFIED {
        return response;
    }
    let h = response.headers_mut();
    let cache = if versioned { "public, max-age=31536000, immutable" } else { "no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    let content_type = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let text = ["text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"];
    if text.contains(&content_type) {
        let with_charset = HeaderValue::from_str(&format!("{content_type}; charset=utf-8")).expect("a valid header");
        h.insert(header::CONTENT_TYPE, with_charset);
    }
    response
}
