//! Signing in and out, and knowing who is signed in.

pub mod checks;
pub mod csrf;
pub mod device;
pub mod keys;
pub mod login;
pub mod password;
pub mod second_factor;
pub mod signed_in;
pub mod throttle;
pub mod totp;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sqlx::SqlitePool;

pub use signed_in::SignedIn;

use crate::web::error::AppError;

/// Session key holding the signed-in user's id.
pub const USER_ID: &str = "user_id";

/// What sign-in keeps between requests: the guessing throttle, the bounded password checks,
/// the server key, and the clock that throttling and session lifetimes read.
#[derive(Default)]
pub struct AuthState {
    pub throttle: throttle::LoginThrottle,
    pub checks: checks::PasswordChecks,
    key: OnceLock<keys::ServerKey>,
    /// Seconds added to the real clock. Only tests move it, to see a delay or a session
    /// lifetime run out without waiting for it.
    clock_offset: AtomicU64,
    /// The API tokens' rate limiter and last-used bookkeeping (`api::tokens`).
    pub api_tokens: crate::api::tokens::TokenState,
}

impl AuthState {
    /// Read (or make, at the first start) the server key; `web::app` calls it once.
    pub async fn load_key(&self, pool: &SqlitePool) -> anyhow::Result<()> {
        let key = keys::ServerKey::load_or_create(pool).await?;
        let _ = self.key.set(key);
        Ok(())
    }

    pub fn key(&self) -> Result<&keys::ServerKey, AppError> {
        self.key.get().ok_or_else(|| AppError::internal("the server key was not loaded"))
    }

    fn offset(&self) -> Duration {
        Duration::from_secs(self.clock_offset.load(Ordering::SeqCst))
    }

    /// Now, for the throttle.
    pub fn now(&self) -> Instant {
        Instant::now() + self.offset()
    }

    /// Now as Unix seconds, for session lifetimes.
    pub fn now_unix(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.offset().as_secs() as i64
    }

    /// Move the clock forward (tests only: see `clock_offset`).
    pub fn advance_clock(&self, by: Duration) {
        self.clock_offset.fetch_add(by.as_secs(), Ordering::SeqCst);
    }
}
