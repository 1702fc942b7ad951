//! Cursor pagination for every list: rows come in a stable order (the order the named query
//! gives), each with a key unique within its list; a page ends with an opaque cursor that
//! names its last row. The cursor is the key in URL-safe base64 with the server key's
//! signature over the key, the endpoint and its filters, so a tampered or borrowed cursor is
//! refused (400) rather than quietly starting somewhere else.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::params::ListQuery;
use super::problem::ApiError;
use crate::auth::keys::ServerKey;

const PURPOSE: &str = "api-cursor";

/// What a cursor is signed for: the endpoint and the filters (not `limit`, which may change
/// from page to page).
pub struct Listing<'a> {
    pub key: &'a ServerKey,
    pub endpoint: &'static str,
    pub query: &'a ListQuery,
}

impl Listing<'_> {
    fn signed(&self, row_key: &str) -> Vec<u8> {
        let q = self.query;
        let filters = [&q.footprint, &q.organisation, &q.quarter, &q.framework].map(|f| f.as_deref().unwrap_or(""));
        format!("{}\n{}\n{row_key}", self.endpoint, filters.join("\n")).into_bytes()
    }

    fn cursor(&self, row_key: &str) -> String {
        let sig = self.key.sign(PURPOSE, &self.signed(row_key));
        format!("{}.{sig}", URL_SAFE_NO_PAD.encode(row_key))
    }

    /// The row key a cursor names, if it is one this server made for this listing.
    fn after(&self, cursor: &str) -> Result<String, ApiError> {
        let refused = || ApiError::BadRequest("`cursor` is not one this listing gave.".to_string());
        let (key, sig) = cursor.split_once('.').ok_or_else(refused)?;
        let key = URL_SAFE_NO_PAD.decode(key).ok().and_then(|k| String::from_utf8(k).ok()).ok_or_else(refused)?;
        if !self.key.verify(PURPOSE, &self.signed(&key), sig) {
            return Err(refused());
        }
        Ok(key)
    }

    /// One page of `rows` (in their stable order, `key` unique per row): the rows after the
    /// cursor's, at most `limit`, and the cursor of the next page when more follow.
    pub fn page<T>(&self, rows: Vec<T>, key: impl Fn(&T) -> String) -> Result<(Vec<T>, Option<String>), ApiError> {
        let limit = self.query.limit()?;
        let start = match &self.query.cursor {
            None => 0,
            Some(cursor) => {
                let after = self.after(cursor)?;
                // The row has gone (it cannot with frozen figures, but a list may change).
                let at = rows.iter().position(|r| key(r) == after).ok_or_else(|| {
                    ApiError::BadRequest("`cursor` names a row no longer in this listing: start again without it.".to_string())
                })?;
                at + 1
            }
        };
        let total = rows.len();
        let page: Vec<T> = rows.into_iter().skip(start).take(limit).collect();
        let next = (start + page.len() < total).then(|| page.last().map(|r| self.cursor(&key(r)))).flatten();
        Ok((page, next))
    }
}
