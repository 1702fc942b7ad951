//! A random id for every request, never taken from the client: in the request's extensions,
//! in a tracing span around it (method and path, never the query string, which may hold
//! filters), in the `X-Request-Id` header and on every error page as "Reference: …", so a
//! person can quote it and an operator can find the one log line. On the way out, every
//! request is logged once, here, by `refusal_log`: served or refused, with its duration.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;
use std::time::Instant;
use tracing::Instrument;

use super::refusal_log;

pub const HEADER: &str = "x-request-id";
/// Lower-case base32 without look-alikes' ambiguity: 12 characters are 60 random bits.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const LENGTH: usize = 12;

tokio::task_local! {
    /// The id of the request this task is answering, for pages rendered far from the request
    /// (an `AppError` becoming a response, the panic handler).
    static CURRENT: RequestId;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    fn random() -> Self {
        let mut rng = rand::rng();
        RequestId((0..LENGTH).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect())
    }

    /// The id of the request being answered, if this runs inside one.
    pub fn current() -> Option<RequestId> {
        CURRENT.try_with(Clone::clone).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Middleware: the outermost of the application's own layers, so every response has the id.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = RequestId::random();
    request.extensions_mut().insert(id.clone());
    let started = Instant::now();
    let what = refusal_log::What::of(&request);
    let span = tracing::info_span!("request", request_id = id.as_str(), method = %what.method, path = what.path);
    let mut response = CURRENT.scope(id.clone(), next.run(request)).instrument(span.clone()).await;
    span.in_scope(|| refusal_log::log(&id, &what, &response, started.elapsed()));
    // Only our own alphabet: always a valid header value.
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_twelve_characters_of_base32_and_differ() {
        let (a, b) = (RequestId::random(), RequestId::random());
        assert_eq!(a.as_str().len(), LENGTH);
        assert!(a.as_str().bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn the_current_id_is_known_inside_the_request_and_not_outside() {
        assert_eq!(RequestId::current(), None);
        let id = RequestId::random();
        let seen = CURRENT.scope(id.clone(), async { RequestId::current() }).await;
        assert_eq!(seen, Some(id));
    }
}
