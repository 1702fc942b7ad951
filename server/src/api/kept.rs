//! API answers kept until the data changes, as pages are (`web::page_cache`): at England's
//! size a list is a footprint's figures from several queries, and they change only when a
//! write does. An answer is kept under its reader (what the policy knows of them), its path
//! and query, for one data generation (the newest audit entry, which every write appends in
//! its own transaction), so it is served only while nothing at all has been written since,
//! and only to a reader the same checks would give it to. Only a 200 is kept.
//!
//! The store is made per router (`api::routes`, an `Extension`), so every app has its own.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::caller::ApiCaller;
use super::problem::ApiError;
use ldr_app::domain::{FootprintId, OrgId, Role, UserId};

/// All kept answers together stay under this; past it, everything is dropped and filling
/// starts again.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// An answer larger than this is drawn every time.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    user: UserId,
    role: Role,
    footprint: Option<FootprintId>,
    organisation: Option<OrgId>,
    path_and_query: String,
}

#[derive(Default)]
struct Store {
    generation: Option<i64>,
    bytes: usize,
    answers: HashMap<Key, Bytes>,
}

#[derive(Default)]
pub struct Kept {
    inner: Mutex<Store>,
}

impl Kept {
    fn get(&self, generation: i64, key: &Key) -> Option<Bytes> {
        let store = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (store.generation == Some(generation)).then(|| store.answers.get(key).cloned()).flatten()
    }

    fn put(&self, generation: i64, key: Key, body: Bytes) {
        if body.len() > MAX_ANSWER_BYTES {
            return;
        }
        let mut store = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match store.generation {
            Some(current) if generation < current => return,
            Some(current) if generation == current => {}
            _ => *store = Store { generation: Some(generation), ..Store::default() },
        }
        if store.bytes + body.len() > MAX_BYTES {
            store.answers.clear();
            store.bytes = 0;
        }
        store.bytes += body.len();
        if let Some(old) = store.answers.insert(key, body) {
            store.bytes -= old.len();
        }
    }
}

pub type KeptAnswers = Arc<Kept>;

fn json(body: Bytes) -> Response {
    let mut response = (StatusCode::OK, Body::from(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The kept answer for this reader and URI, or `draw`'s, kept when it is a 200.
pub async fn serve<F, R>(kept: &Kept, caller: &ApiCaller, uri: &Uri, draw: F) -> Result<Response, ApiError>
where
    F: Future<Output = Result<R, ApiError>>,
    R: IntoResponse,
{
    let generation = caller.generation.0;
    let p = &caller.principal;
    let key = Key {
        user: p.user_id,
        role: p.role,
        footprint: p.footprint,
        organisation: p.organisation,
        path_and_query: uri.path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_default(),
    };
    if let Some(body) = kept.get(generation, &key) {
        return Ok(json(body));
    }
    let response = draw.await?.into_response();
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    let (head, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_ANSWER_BYTES * 64).await.map_err(|e| ApiError::Internal(anyhow::anyhow!("reading an answer: {e}")))?;
    kept.put(generation, key, bytes.clone());
    Ok(Response::from_parts(head, Body::from(bytes)))
}
