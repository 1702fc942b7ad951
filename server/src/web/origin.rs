//! Defence in depth behind the CSRF token: a POST a browser says came from another site is
//! refused before anything reads it. Browsers send `Origin` on every cross-origin POST and
//! `Sec-Fetch-Site` on every request; a request carrying neither (curl, old browsers) is
//! left to the CSRF token alone.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AppError;
use super::refusal_log::Detail;
use super::AppState;

pub async fn same_origin_only(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    match refusal(request.headers(), state.config.public_origin.as_deref()) {
        None => next.run(request).await,
        Some(reason) => {
            // Debug formatting: the Origin header is the client's text, quoted and escaped.
            let origin = request.headers().get(header::ORIGIN).map(|v| format!("{v:?}")).unwrap_or_else(|| "-".into());
            let mut response = AppError::CrossOrigin.into_response();
            // Logged once, with the request, by `refusal_log`.
            response.extensions_mut().insert(Detail(format!("{reason} (Origin {origin})")));
            response
        }
    }
}

/// Why a state-changing request is refused, if it is.
fn refusal(headers: &HeaderMap, public_origin: Option<&str>) -> Option<&'static str> {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or_default());
    // `same-site` is a sibling host (another subdomain): still another origin.
    if matches!(text("sec-fetch-site"), Some("cross-site" | "same-site")) {
        return Some("Sec-Fetch-Site says another site");
    }
    let origin = text(header::ORIGIN.as_str())?;
    if public_origin.is_some_and(|own| origin.eq_ignore_ascii_case(own.trim_end_matches('/'))) {
        return None;
    }
    // Behind a proxy that ends TLS the scheme seen here differs from the browser's, so the
    // host and port are compared with the Host header and the scheme is not.
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    match (authority, text(header::HOST.as_str())) {
        (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => None,
        _ => Some("Origin is not this server"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_post_from_the_same_host_or_the_public_origin_passes_and_any_other_is_refused() {
        let own = headers(&[("host", "ldr.example:3000"), ("origin", "http://ldr.example:3000")]);
        assert_eq!(refusal(&own, None), None);
        let no_headers = headers(&[("host", "ldr.example:3000")]);
        assert_eq!(refusal(&no_headers, None), None, "no Origin: the CSRF token decides");
        let proxied = headers(&[("host", "10.0.0.5:3000"), ("origin", "https://ldr.nhs.example")]);
        assert_eq!(refusal(&proxied, Some("https://ldr.nhs.example/")), None);
        assert!(refusal(&proxied, None).is_some());
        let evil = headers(&[("host", "ldr.example:3000"), ("origin", "https://evil.example")]);
        assert!(refusal(&evil, Some("https://ldr.nhs.example")).is_some());
        let null = headers(&[("host", "ldr.example:3000"), ("origin", "null")]);
        assert!(refusal(&null, None).is_some());
        let fetch = headers(&[("host", "ldr.example:3000"), ("sec-fetch-site", "cross-site")]);
        assert!(refusal(&fetch, None).is_some());
        let same = headers(&[("host", "ldr.example:3000"), ("sec-fetch-site", "same-origin"), ("origin", "http://ldr.example:3000")]);
        assert_eq!(refusal(&same, None), None);
    }
}
