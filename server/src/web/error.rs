//! One error type for every handler. It renders itself as an NHS-styled page with the right
//! status; internal errors are logged with their whole chain and never shown.

use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ldr_app::views::errors::{bad_request_page, forbidden_page, not_found_page, server_error_page};
use ldr_app::views::PageMeta;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("signed out")]
    SignedOut,
    #[error("missing or wrong CSRF token")]
    BadCsrf,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn internal(message: &str) -> Self {
        AppError::Internal(anyhow::anyhow!(message.to_string()))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(e: tower_sessions::session::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let meta = PageMeta::default();
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, Html(not_found_page(meta))).into_response(),
            AppError::Forbidden => (StatusCode::FORBIDDEN, Html(forbidden_page(meta))).into_response(),
            AppError::SignedOut => Redirect::to("/login").into_response(),
            AppError::BadCsrf => {
                let message = "The form had expired or did not come from this service. Go back, reload the page and try again.";
                (StatusCode::FORBIDDEN, Html(bad_request_page(meta, message))).into_response()
            }
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, Html(server_error_page(meta))).into_response()
            }
        }
    }
}

/// The fallback for every path no route matched.
pub async fn not_found(_uri: Uri) -> AppError {
    AppError::NotFound
}
