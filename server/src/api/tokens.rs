//! Personal API tokens: made (`ldr_` and 32 random bytes, base64url), stored only as their
//! SHA-256, and checked on every API request that carries `Authorization: Bearer`. Unknown,
//! revoked, expired and disabled-holder tokens get one and the same 401, so a refusal tells
//! a prober nothing. Failed look-ups share one allowance (`rate_limit::FAILED_LOOKUPS`):
//! once it is spent, tokens not seen to work get 429 before any look-up until it refills. A
//! good token is rate-limited per token (`rate_limit`) and its holder is the caller, loaded as
//! a session loads its person.

pub mod command;

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Days, NaiveDate, NaiveDateTime};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::caller::{ApiCaller, Via};
use super::problem::ApiError;
use super::rate_limit::{Limiter, FAILED_LOOKUPS};
use crate::db::api_tokens;
use crate::web::AppState;

/// Every token starts so, which lets secret scanners (and people) recognise a leaked one.
pub const TOKEN_PREFIX: &str = "ldr_";
/// 32 random bytes are 43 base64url characters.
const TOKEN_LENGTH: usize = TOKEN_PREFIX.len() + 43;
/// The characters shown on the page to tell tokens apart: the prefix and 8 more (48 bits).
const SHOWN_LENGTH: usize = TOKEN_PREFIX.len() + 8;
/// A token's use is written at most this often (see [`LastUsed`]).
const RECORD_USE_EVERY: Duration = Duration::from_secs(60);

/// A token just made: its text, shown once and never stored, and what is stored.
pub struct NewSecret {
    pub text: String,
    pub sha256: String,
    pub prefix: String,
}

pub fn new_secret() -> NewSecret {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let text = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    NewSecret { sha256: sha256_hex(&text), prefix: text[..SHOWN_LENGTH].to_string(), text }
}

/// The stored form of a token. A fast hash is right here, unlike for passwords: the text
/// holds 256 random bits, so hashing faster helps no guesser, and it costs a request nothing.
/// The look-up by hash is an index seek; its timing can reveal nothing useful about a hash
/// whose preimage cannot be chosen to match.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Now on the app's clock (which tests move with `AuthState::advance_clock`), to the second.
pub fn now(state: &AppState) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(state.auth.now_unix(), 0).map(|t| t.naive_utc()).unwrap_or_default()
}

/// A token whose last day is `last_day` works until that day ends (UTC).
pub fn expires_after(last_day: NaiveDate) -> NaiveDateTime {
    last_day.checked_add_days(Days::new(1)).unwrap_or(last_day).and_time(chrono::NaiveTime::MIN)
}

/// What the API keeps about tokens between requests: the rate limiter of each token, the one
/// allowance of failed look-ups, the tokens seen to work, and when each token's use was last
/// written.
pub struct TokenState {
    pub limiter: Limiter,
    /// One bucket (key [`FAILED`]) for every failed look-up, whatever the token.
    pub failed_lookups: Limiter,
    known: Known,
    last_used: LastUsed,
}

impl Default for TokenState {
    fn default() -> Self {
        TokenState {
            limiter: Limiter::default(),
            failed_lookups: Limiter::new(FAILED_LOOKUPS),
            known: Known::default(),
            last_used: LastUsed::default(),
        }
    }
}

/// The failed look-ups' one bucket.
const FAILED: i64 = 0;

/// The caller holding this bearer token, or 401 (the same for every reason), or 429.
pub async fn authenticate(state: &AppState, bearer: &str) -> Result<ApiCaller, ApiError> {
    // Not even shaped like a token: no look-up.
    if bearer.len() != TOKEN_LENGTH || !bearer.starts_with(TOKEN_PREFIX) {
        return Err(ApiError::Unauthorised);
    }
    let tokens = &state.auth.api_tokens;
    let too_many = |retry_after_seconds| ApiError::TooManyRequests { retry_after_seconds };
    let hash = sha256_hex(bearer);
    // Failed look-ups share one allowance: once it is spent, a token not seen to work is
    // refused before the look-up, so guessing costs the database nothing more.
    if !tokens.known.contains(&hash) {
        tokens.failed_lookups.check(FAILED, state.auth.now()).map_err(too_many)?;
    }
    let now = now(state);
    let found = api_tokens::find_by_hash(&state.pool, &hash).await?;
    let Some(token) = found.filter(|t| now < t.expires_at) else {
        // A revoked or expired token is a stranger from now on.
        tokens.known.remove(&hash);
        tokens.failed_lookups.take(FAILED, state.auth.now()).map_err(too_many)?;
        return Err(ApiError::Unauthorised);
    };
    tokens.known.insert(hash);
    tokens.limiter.take(token.id, state.auth.now()).map_err(too_many)?;
    if tokens.last_used.due(token.id, state.auth.now()) {
        record_use(state, token.id, now);
    }
    Ok(ApiCaller { principal: token.holder.principal, via: Via::Token(token.id), generation: token.generation })
}

/// "Last used" is kept to the minute, so a token's use is written at most once a minute, by
/// a task of its own: the request neither waits for the write lock nor fails if the write
/// does. The UPDATE is conditional (only if not written within the minute), so a second
/// server or a restart cannot make it write more often, and it appends no audit entry: that
/// would drop every kept page (`web/page_cache.rs`) at each analyst's first call a minute.
fn record_use(state: &AppState, id: i64, at: NaiveDateTime) {
    let pool = state.pool.clone();
    let not_since = at - chrono::Duration::from_std(RECORD_USE_EVERY).unwrap_or_default();
    tokio::spawn(async move {
        if let Err(e) = api_tokens::touch(&pool, id, at, not_since).await {
            tracing::warn!(token = id, error = %e, "could not record an API token's use");
        }
    });
}

/// The hashes of tokens that authenticated, so that while failed look-ups are over their
/// allowance a token seen to work is still looked up (and so still refused the moment it is
/// revoked). In memory and bounded: past the bound it starts again, which only means a
/// working token unseen since is refused with 429 during a flood, never let in.
#[derive(Default)]
struct Known(Mutex<HashSet<String>>);

impl Known {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn contains(&self, hash: &str) -> bool {
        self.lock().contains(hash)
    }

    fn insert(&self, hash: String) {
        let mut known = self.lock();
        if known.len() >= MOST_REMEMBERED && !known.contains(&hash) {
            known.clear();
        }
        known.insert(hash);
    }

    fn remove(&self, hash: &str) {
        self.lock().remove(hash);
    }
}

/// When each token's use was last handed to [`record_use`], in memory and bounded.
#[derive(Default)]
struct LastUsed(Mutex<HashMap<i64, Instant>>);

/// Past this many tokens, entries older than a minute (which no longer hold anything back)
/// are dropped.
const MOST_REMEMBERED: usize = 10_000;

impl LastUsed {
    /// Whether this use should be written (and if so, remember that it was).
    fn due(&self, id: i64, now: Instant) -> bool {
        let mut seen = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.get(&id).is_some_and(|&at| now.saturating_duration_since(at) < RECORD_USE_EVERY) {
            return false;
        }
        if seen.len() >= MOST_REMEMBERED {
            seen.retain(|_, at| now.saturating_duration_since(*at) < RECORD_USE_EVERY);
        }
        seen.insert(id, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_is_prefixed_random_and_stored_only_as_its_hash() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a.text, b.text);
        assert_eq!(a.text.len(), TOKEN_LENGTH);
        assert!(a.text.starts_with("ldr_") && a.text.starts_with(&a.prefix) && a.prefix.len() == 12);
        assert_eq!(a.sha256, sha256_hex(&a.text));
        assert_eq!(a.sha256.len(), 64);
        assert!(!a.sha256.contains(&a.text[4..]));
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_tokens_use_is_recorded_at_most_once_a_minute() {
        let seen = LastUsed::default();
        let t0 = Instant::now();
        assert!(seen.due(1, t0));
        assert!(!seen.due(1, t0 + Duration::from_secs(59)));
        assert!(seen.due(2, t0), "each token on its own");
        assert!(seen.due(1, t0 + Duration::from_secs(60)));
    }

    #[test]
    fn the_last_day_is_included() {
        let day = NaiveDate::from_ymd_opt(2017, 3, 31).unwrap();
        assert_eq!(expires_after(day).to_string(), "2017-04-01 00:00:00");
    }
}
