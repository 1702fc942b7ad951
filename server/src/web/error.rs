//! One error type for every handler. It renders itself as an NHS-styled page with the right
//! status and the request's reference; internal errors (and panics) carry their whole chain
//! to the refusal log and never to the page. A refused form (422) or an action that no
//! longer fits (409) carries its own page, rendered again with the NHS error summary and what
//! was typed: every 409 and 422 is built here, by `AppError::Validation` and `Conflict`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ldr_app::views::errors::{bad_request_page, forbidden_page, not_found_page, server_error_page};
use ldr_app::views::PageMeta;
use tower_sessions::Session;

use super::refusal_log::{Detail, Who};
use super::request_id::RequestId;
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
    #[error("a POST from another origin")]
    CrossOrigin,
    #[error("the request body is too large")]
    TooLarge,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 422: the form had problems; nothing was written.
    #[error("invalid form")]
    Validation(Refused),
    /// 409: the action does not fit the record as it is now (changed, submitted, decided
    /// since the page was shown); nothing was written.
    #[error("conflict")]
    Conflict(Refused),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn internal(message: &str) -> Self {
        AppError::Internal(anyhow::anyhow!(message.to_string()))
    }

    /// A form refused: `errors` as (field id, message) in the order of the form, and `page`,
    /// the form's page rendered again with them and with what was typed.
    pub fn validation(errors: impl IntoIterator<Item = (String, String)>, page: String) -> Self {
        AppError::Validation(Refused { fields: errors.into_iter().map(|(field, _)| field).collect(), page })
    }

    /// An action that does not fit the record as it is now, with the page that says so.
    pub fn conflict(page: String) -> Self {
        AppError::Conflict(Refused { fields: vec![], page })
    }
}

/// The page a refused form or action answers with, already rendered (only the handler knows
/// its page), and the fields it marks, for the refusal log (never what was typed).
#[derive(Debug)]
pub struct Refused {
    pub fields: Vec<String>,
    pub page: String,
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
    CrossOrigin,
    TooLarge,
    MethodNotAllowed,
    /// The database cannot take writes (disk full, read-only, I/O error): nothing was saved.
    Unavailable,
    Internal,
}

impl ErrorPage {
    fn status(self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::Forbidden | ErrorPage::BadCsrf | ErrorPage::CrossOrigin => StatusCode::FORBIDDEN,
            ErrorPage::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorPage::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorPage::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorPage::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn render(self, meta: PageMeta) -> String {
        let id = RequestId::current();
        let reference = id.as_ref().map(RequestId::as_str);
        match self {
            ErrorPage::NotFound => not_found_page(meta, reference),
            ErrorPage::Forbidden => forbidden_page(meta, reference),
            ErrorPage::BadCsrf => {
                bad_request_page(meta, reference, "The form had expired or did not come from this service. Go back, reload the page and try again.")
            }
            ErrorPage::CrossOrigin => bad_request_page(meta, reference, "The form was sent from another website, so it was not accepted. Use the service's own pages."),
            ErrorPage::TooLarge => {
                bad_request_page(meta, reference, "What was sent is too large (the limit is 1 MB), so nothing was saved. Go back and shorten the text.")
            }
            ErrorPage::MethodNotAllowed => bad_request_page(meta, reference, "This address does not accept that kind of request."),
            ErrorPage::Unavailable => bad_request_page(
                meta,
                reference,
                "The service cannot save right now, so nothing was saved. Try again later; if it continues, contact your programme office (PMO).",
            ),
            ErrorPage::Internal => server_error_page(meta, reference),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut detail = None;
        let page = match self {
            AppError::SignedOut => return Redirect::to("/login").into_response(),
            AppError::NotFound => ErrorPage::NotFound,
            AppError::Forbidden => ErrorPage::Forbidden,
            AppError::BadCsrf => ErrorPage::BadCsrf,
            AppError::CrossOrigin => ErrorPage::CrossOrigin,
            AppError::TooLarge => ErrorPage::TooLarge,
            AppError::MethodNotAllowed => ErrorPage::MethodNotAllowed,
            AppError::Validation(refused) => return refused.into_response(StatusCode::UNPROCESSABLE_ENTITY),
            AppError::Conflict(refused) => return refused.into_response(StatusCode::CONFLICT),
            AppError::Internal(e) => {
                detail = Some(Detail(format!("{e:#}")));
                if is_storage_fault(&e) {
                    ErrorPage::Unavailable
                } else {
                    ErrorPage::Internal
                }
            }
        };
        let mut response = (page.status(), Html(page.render(PageMeta::default()))).into_response();
        response.extensions_mut().insert(page);
        if let Some(detail) = detail {
            response.extensions_mut().insert(detail);
        }
        response
    }
}

impl Refused {
    /// The page as it is: it already has the person's header, so `with_account` leaves it be
    /// (it carries no `ErrorPage`).
    fn into_response(self, status: StatusCode) -> Response {
        let named: Vec<&str> = self.fields.iter().map(String::as_str).filter(|f| !f.is_empty()).collect();
        let mut response = (status, Html(self.page)).into_response();
        if !named.is_empty() {
            response.extensions_mut().insert(Detail(format!("fields: {}", named.join(", "))));
        }
        response
    }
}

/// Whether an error is the storage refusing writes rather than a defect: SQLite's primary
/// codes SQLITE_FULL (13), SQLITE_READONLY (8), SQLITE_IOERR (10), SQLITE_CANTOPEN (14) and
/// SQLITE_BUSY (5, the write lock not granted within the busy timeout). Extended codes
/// carry the primary code in their low byte.
pub fn is_storage_fault(e: &anyhow::Error) -> bool {
    e.chain().filter_map(|cause| cause.downcast_ref::<sqlx::Error>()).any(|e| {
        e.as_database_error()
            .and_then(|d| d.code())
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| matches!(code & 0xff, 5 | 8 | 10 | 13 | 14))
    })
}

/// Middleware: for a refused request, note who made it for the refusal log, and give an
/// error page the signed-in person's header (name, navigation, sign out), so a 404 or 403
/// does not look like being signed out. Signed out, the page stays as it is.
pub async fn with_account(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let mut response = next.run(request).await;
    let Some(session) = session.filter(|_| response.status().as_u16() >= 400) else {
        return response;
    };
    let signed_in = SignedIn::from_session(&state, &session).await.ok().flatten();
    let who = match &signed_in {
        Some(s) => Who::User { user_id: s.user.principal.user_id.0, role: s.user.principal.role.code() },
        None => Who::Anonymous,
    };
    response.extensions_mut().insert(who);
    if let (Some(page), Some(signed_in)) = (response.extensions().get::<ErrorPage>().copied(), signed_in) {
        *response.body_mut() = Body::from(page.render(signed_in.meta("", None, vec![])));
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    response
}

/// The answer to a handler that panicked (tower-http's `CatchPanicLayer`): the NHS error page
/// with the request's reference; the panic's message goes to the refusal log, not the page.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_string());
    let page = ErrorPage::Internal;
    let mut response = (page.status(), Html(page.render(PageMeta::default()))).into_response();
    response.extensions_mut().insert(page);
    response.extensions_mut().insert(Detail(format!("panic: {message}")));
    response
}

/// The fallback for every path no route matched.
pub async fn not_found(_uri: Uri) -> AppError {
    AppError::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_the_nhs_500_page_and_its_message_goes_only_to_the_log() {
        let response = panic_response(Box::new("secret detail\n{\"forged\":true}"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let detail = response.extensions().get::<Detail>().expect("the message for the refusal log").0.clone();
        assert!(detail.contains("secret detail"), "{detail}");
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("Sorry, there is a problem with the service"));
        assert!(!html.contains("secret detail"));
    }

    #[tokio::test]
    async fn a_refused_form_is_its_own_page_with_422_and_names_its_fields_only_to_the_log() {
        let errors = vec![("comment".to_string(), "Enter comments".to_string()), (String::new(), "About the page".to_string())];
        let response = AppError::validation(errors, "<p>the form as typed</p>".into()).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.extensions().get::<ErrorPage>().is_none(), "with_account must not replace the page");
        assert_eq!(response.extensions().get::<Detail>().map(|d| d.0.as_str()), Some("fields: comment"));
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], b"<p>the form as typed</p>");
    }

    #[tokio::test]
    async fn a_conflict_is_its_own_page_with_409() {
        let response = AppError::conflict("<p>changed since</p>".into()).into_response();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert!(response.extensions().get::<ErrorPage>().is_none());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], b"<p>changed since</p>");
    }
}
