//! The known-device cookie: set when someone signs in, it names the account, signed with the
//! server key. On that browser the account's sign-in count is its own, so a stranger guessing
//! the account's password cannot slow its owner down (OWASP's "device cookies"). It grants
//! nothing else: the password is still checked.

use axum::http::{HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use tower_sessions::cookie::time::Duration;

use super::keys::{read_cookie, sign_in_cookie, ServerKey};

const COOKIE: &str = "ldr_device";
const PURPOSE: &str = "known-device";
const LIFETIME: Duration = Duration::days(90);

/// Whether this browser has signed in to `username` before.
pub fn is_known(key: &ServerKey, headers: &HeaderMap, username: &str) -> bool {
    let Some(value) = read_cookie(headers, COOKIE) else { return false };
    let Some((name, signature)) = value.split_once('.') else { return false };
    let username = username.to_lowercase();
    name == URL_SAFE_NO_PAD.encode(&username) && key.verify(PURPOSE, username.as_bytes(), signature)
}

/// The cookie that marks this browser as known for `username`.
pub fn cookie(key: &ServerKey, username: &str, secure: bool) -> HeaderValue {
    let username = username.to_lowercase();
    let value = format!("{}.{}", URL_SAFE_NO_PAD.encode(&username), key.sign(PURPOSE, username.as_bytes()));
    sign_in_cookie(COOKIE, value, LIFETIME, secure)
}
