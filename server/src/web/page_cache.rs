//! Rendered pages kept per reader until the data changes (issue 10: at England's size a
//! dashboard is 58 KB of HTML from a dozen queries, and it changes only when an approval, an
//! import or a rule change does).
//!
//! A page is kept under its reader (the account and what the policy knows of it: role,
//! footprint, organisation), its path and query, and the day (deadlines make returns overdue
//! at midnight), for one data [`Generation`]: the newest audit entry, which every write
//! appends in its own transaction and which `SignedIn` reads with the account at no extra
//! query. So a kept page is served only while no write at all has happened since it was
//! drawn, and a reader is only ever served what was drawn for them, after the same checks.
//!
//! Only a complete signed-in `GET` answered 200 with HTML is kept, and only when the page
//! holds no form of its own: the header's account block (the session's CSRF token) is cut out
//! and drawn afresh per request ([`CachedPage`]), and a page with any other CSRF token in it
//! (a return's forms, the sessions page) is drawn every time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;

use crate::auth::SignedIn;
use crate::db::audit::Generation;
use crate::web::AppState;
use ldr_app::domain::{FootprintId, OrgId, Role, UserId};
use ldr_app::views::cached_page::CachedPage;

/// All kept pages together stay under this (resident memory must stay under 150 MB); when a
/// page would pass it, everything kept is dropped and filling starts again.
const MAX_BYTES: usize = 24 * 1024 * 1024;
/// A page larger than this is drawn every time.
const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// Reading a response to keep it: far above any page, so a body is never cut short.
const READ_LIMIT: usize = 64 * 1024 * 1024;

/// Who a page was drawn for: everything the policy and the views read of the reader.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Reader {
    user: UserId,
    role: Role,
    footprint: Option<FootprintId>,
    organisation: Option<OrgId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    reader: Reader,
    path_and_query: String,
    day: NaiveDate,
}

#[derive(Default)]
pub struct PageCache {
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    generation: Option<Generation>,
    bytes: usize,
    pages: HashMap<PageKey, Arc<CachedPage>>,
}

impl PageCache {
    fn get(&self, generation: Generation, key: &PageKey) -> Option<Arc<CachedPage>> {
        let kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (kept.generation == Some(generation)).then(|| kept.pages.get(key).cloned()).flatten()
    }

    fn put(&self, generation: Generation, key: PageKey, page: CachedPage) {
        let size = page.size();
        if size > MAX_PAGE_BYTES {
            return;
        }
        let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match kept.generation {
            // Drawn before a write another request has already seen: never keep it.
            Some(current) if generation < current => return,
            Some(current) if generation == current => {}
            _ => *kept = Kept { generation: Some(generation), ..Kept::default() },
        }
        if kept.bytes + size > MAX_BYTES {
            kept.pages.clear();
            kept.bytes = 0;
        }
        kept.bytes += size;
        if let Some(old) = kept.pages.insert(key, Arc::new(page)) {
            kept.bytes -= old.size();
        }
    }

    /// How many pages are kept now (for the tests).
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Middleware over the pages: serve a kept page, or draw it, keep it if it may be kept, and
/// hand the `SignedIn` it checked to the handler so the session is read once.
pub async fn serve_or_keep(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || !state.config.keep_pages {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // Signed out, or any other refusal: the handler's own extractor answers as it always does.
    let Ok(who) = SignedIn::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let p = &who.user.principal;
    let key = PageKey {
        reader: Reader { user: p.user_id, role: p.role, footprint: p.footprint, organisation: p.organisation },
        path_and_query: parts.uri.path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_default(),
        day: chrono::Local::now().date_naive(),
    };
    let generation = who.generation;
    if let Some(page) = state.pages.get(generation, &key) {
        return Html(page.serve(&who.badge(), &who.csrf_token)).into_response();
    }
    parts.extensions.insert(who);
    let response = next.run(Request::from_parts(parts, body)).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html {
        return response;
    }
    let (head, body) = response.into_parts();
    let bytes = match to_bytes(body, READ_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be read").into_response(),
    };
    if let Some(page) = std::str::from_utf8(&bytes).ok().and_then(CachedPage::cut).filter(|p| !p.has_forms()) {
        state.pages.put(generation, key, page);
    }
    Response::from_parts(head, Body::from(bytes))
}
