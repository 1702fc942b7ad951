//! `StrictForm<T>`: axum's `Form`, but a form takes only what it asks for (ASVS 5.1.2). A
//! field the form does not have (`#[serde(deny_unknown_fields)]` on `T`), or any field sent
//! twice, refuses the request before the handler runs, so nothing is written; the person sees
//! an NHS page (422) telling them to reload. The CSRF token is accepted on every form: the
//! CSRF layer has already checked it, and it is no business of the handler's.

use std::collections::HashSet;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use ldr_app::views::errors::bad_request_page;
use ldr_app::views::PageMeta;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tower_sessions::Session;

use super::error::AppError;
use super::AppState;
use crate::auth::SignedIn;

/// The field the CSRF layer reads from every form's body.
const CSRF_FIELD: &str = "csrf_token";

/// What the refusal page says.
pub const REFUSED: &str =
    "The form had something this form does not ask for, or a field twice, so nothing was saved. Reload the page and try again.";

pub struct StrictForm<T>(pub T);

/// A form that asks for nothing but the CSRF token (a button: start, close).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for StrictForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")));
        let session = request.extensions().get::<Session>().cloned();
        // The body is already bounded by the limits layer (1 MiB).
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot read the form: {e}")).into_response())?;
        let parsed = if is_form || body.is_empty() { parse(&body) } else { Err("not a form".to_string()) };
        match parsed {
            Ok(value) => Ok(StrictForm(value)),
            Err(why) => {
                // The reason names the field, never its value; bounded, since the client chose it.
                tracing::info!(reason = why.chars().take(200).collect::<String>(), "form refused");
                Err(refusal(state, session).await)
            }
        }
    }
}

/// The fields as `T`, or why not: a field twice, or one `T` does not have.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| e.to_string())?;
    let mut seen = HashSet::new();
    if let Some((twice, _)) = pairs.iter().find(|(name, _)| !seen.insert(name.as_str())) {
        return Err(format!("field `{twice}` sent twice"));
    }
    let fields: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| name != CSRF_FIELD).collect();
    let encoded = serde_urlencoded::to_string(&fields).map_err(|e| e.to_string())?;
    serde_urlencoded::from_str(&encoded).map_err(|e| e.to_string())
}

/// The NHS page for a refused form, with the person's own header when signed in.
async fn refusal(state: &AppState, session: Option<Session>) -> Response {
    let who = match session {
        Some(s) => SignedIn::from_session(state, &s).await.ok().flatten(),
        None => None,
    };
    let meta = who.map(|w| w.meta("", None, vec![])).unwrap_or_else(PageMeta::default);
    // The reference people quote to support, as on every other error page.
    let id = super::request_id::RequestId::current();
    (StatusCode::UNPROCESSABLE_ENTITY, Html(bad_request_page(meta, id.as_ref().map(|i| i.as_str()), REFUSED))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Version {
        #[serde(default)]
        version: i64,
    }

    #[test]
    fn a_form_takes_its_own_fields_and_the_csrf_token_and_nothing_else() {
        assert_eq!(parse::<Version>(b"csrf_token=t&version=3"), Ok(Version { version: 3 }));
        assert_eq!(parse::<Version>(b""), Ok(Version { version: 0 }));
        assert!(parse::<NoFields>(b"csrf_token=t").is_ok());
        assert!(parse::<NoFields>(b"csrf_token=t&extra=1").is_err());
        assert!(parse::<Version>(b"version=3&extra=1").unwrap_err().contains("extra"));
        assert!(parse::<Version>(b"version=3&version=4").unwrap_err().contains("twice"));
        assert!(parse::<Version>(b"csrf_token=a&csrf_token=b&version=3").is_err(), "the token twice too");
        let pairs: Vec<(String, String)> = parse(b"a=1&b=2").unwrap();
        assert_eq!(pairs.len(), 2);
        assert!(parse::<Vec<(String, String)>>(b"a=1&a=2").is_err());
    }
}
