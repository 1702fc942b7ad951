//! The token of a reviewer's link: `{link id}-{signature}`, the signature an HMAC (the
//! server's key) over the link id, the version it opens and the day it expires. A changed
//! id, version or expiry (in the URL or in the database) no longer verifies, so one link
//! cannot open another version, and the database row alone cannot stretch a link's life.

use chrono::NaiveDate;

use crate::auth::keys::ServerKey;
use crate::db::report_links::ReportLink;

const PURPOSE: &str = "report-link/v1";

/// The longest token accepted: an id of up to 19 digits, a dash and a 43-character signature.
const TOKEN_MAX: usize = 64;

fn signed_data(link_id: i64, version_id: i64, expires_on: NaiveDate) -> Vec<u8> {
    format!("{link_id}/{version_id}/{expires_on}").into_bytes()
}

pub fn token(key: &ServerKey, link: &ReportLink) -> String {
    format!("{}-{}", link.id, key.sign(PURPOSE, &signed_data(link.id, link.version_id, link.expires_on)))
}

/// The link id a token names, before the signature is checked (None: not a token at all).
pub fn link_id(token: &str) -> Option<i64> {
    if token.len() > TOKEN_MAX {
        return None;
    }
    let (id, _) = token.split_once('-')?;
    id.parse().ok().filter(|id: &i64| *id > 0)
}

/// Whether the token is the one this link was given.
pub fn verifies(key: &ServerKey, token: &str, link: &ReportLink) -> bool {
    let Some((id, signature)) = token.split_once('-') else { return false };
    id.parse::<i64>().ok() == Some(link.id) && key.verify(PURPOSE, &signed_data(link.id, link.version_id, link.expires_on), signature)
}

/// Why a link does not open, checked in this order: a link that is not ours says nothing
/// more about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotValid,
    Revoked,
    Expired,
}

/// Opens through the last day of `expires_on` (UTC).
pub fn check(key: &ServerKey, token: &str, link: Option<&ReportLink>, today: NaiveDate) -> Result<(), Refusal> {
    let Some(link) = link.filter(|l| verifies(key, token, l)) else { return Err(Refusal::NotValid) };
    if link.revoked_at.is_some() {
        return Err(Refusal::Revoked);
    }
    if today > link.expires_on {
        return Err(Refusal::Expired);
    }
    Ok(())
}
