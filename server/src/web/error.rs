//! One error type for every handler. It renders itself as an NHS-styled page with the right
//! status; internal errors are logged with their whole chain and never shown.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ldr_app::views::errors::{bad_request_page, forbidden_page, not_found_page, server_error_page};
use ldr_app::views::PageMeta;
use tower_sessions::Session;

use super::AppState;
use crate::auth::SignedIn;

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

/// Which error page a response carries, so `with_account` can render it again with the
/// signed-in person's header (the error itself knows nothing of the session).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorPage {
    NotFound,
    Forbidden,
    BadCsrf,
    Internal,
}

impl ErrorPage {
    fn status(self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::Forbidden | ErrorPage::BadCsrf => StatusCode::FORBIDDEN,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn render(self, meta: PageMeta) -> String {
        match self {
            ErrorPage::NotFound => not_found_page(meta),
            ErrorPage::Forbidden => forbidden_page(meta),
            ErrorPage::BadCsrf => {
                bad_request_page(meta, "The form had expired or did not come from this service. Go back, reload the page and try again.")
            }
            ErrorPage::Internal => server_error_page(meta),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = match self {
            AppError::SignedOut => return Redirect::to("/login").into_response(),
            AppError::NotFound => ErrorPage::NotFound,
            AppError::Forbidden => ErrorPage::Forbidden,
            AppError::BadCsrf => ErrorPage::BadCsrf,
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                ErrorPage::Internal
            }
        };
        let mut response = (page.status(), Html(page.render(PageMeta::default()))).into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// Middleware: give an error page the signed-in person's header (name, navigation, sign
/// out), so a 404 or 403 does not look like being signed out. Signed out, it stays as it is.
pub async fn with_account(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let mut response = next.run(request).await;
    let (Some(page), Some(session)) = (response.extensions().get::<ErrorPage>().copied(), session) else {
        return response;
    };
    if let Ok(Some(who)) = SignedIn::from_session(&state, &session).await {
        *response.body_mut() = Body::from(page.render(who.meta("", None, vec![])));
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    response
}

/// The fallback for every path no route matched.
pub async fn not_found(_uri: Uri) -> AppError {
    AppError::NotFound
}
