//! The server key: HMAC-SHA256 over small values the browser carries back to us (the sign-in
//! form's CSRF cookie, the known-device cookie), so a forged or planted cookie is useless.
//! Made once and kept in the database, so a restart does not void forms or devices.

use axum::http::{header, HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use sqlx::SqlitePool;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::{Cookie, SameSite};

use crate::db::secrets;

const NAME: &str = "cookie_hmac_key";

pub struct ServerKey([u8; 32]);

impl ServerKey {
    /// The database's key, made at the first start.
    pub async fn load_or_create(pool: &SqlitePool) -> anyhow::Result<Self> {
        let mut fresh = [0u8; 32];
        rand::rng().fill_bytes(&mut fresh);
        let stored = secrets::get_or_create(pool, NAME, &fresh).await?;
        let key: [u8; 32] = stored.try_into().map_err(|_| anyhow::anyhow!("the stored {NAME} is not 32 bytes"))?;
        Ok(ServerKey(key))
    }

    fn mac(&self, purpose: &str, data: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        // The purpose keeps a value signed for one use from being replayed as another.
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        mac
    }

    /// The signature of `data` for `purpose`, URL-safe base64.
    pub fn sign(&self, purpose: &str, data: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(purpose, data).finalize().into_bytes())
    }

    /// Whether `signature` is `sign(purpose, data)`, compared in constant time.
    pub fn verify(&self, purpose: &str, data: &[u8], signature: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature) else { return false };
        self.mac(purpose, data).verify_slice(&bytes).is_ok()
    }
}

/// 32 random bytes, URL-safe base64 (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The value of the request's cookie `name`, if it carries one of sane length.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name && c.value().len() <= 256)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value for a cookie only the sign-in page reads: HttpOnly, SameSite=Lax,
/// Secure behind HTTPS, path /login.
pub fn sign_in_cookie(name: &str, value: String, max_age: Duration, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((name, value)).path("/login").http_only(true).same_site(SameSite::Lax).secure(secure).max_age(max_age);
    HeaderValue::from_str(&cookie.build().to_string()).expect("base64 and fixed attributes make a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_purpose_and_data() {
        let key = ServerKey([7; 32]);
        let sig = key.sign("login-csrf", b"nonce");
        assert!(key.verify("login-csrf", b"nonce", &sig));
        assert!(!key.verify("device", b"nonce", &sig));
        assert!(!key.verify("login-csrf", b"other", &sig));
        assert!(!ServerKey([8; 32]).verify("login-csrf", b"nonce", &sig));
        assert!(!key.verify("login-csrf", b"nonce", "not base64!"));
    }
}
