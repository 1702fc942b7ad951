//! How often one API token may ask: a token bucket per token, in memory. A bucket holds up to
//! `burst` requests and refills at `per_second`; a request finding it empty is refused with
//! the seconds until one is back (429 with `Retry-After`). Other tokens are unaffected.
//!
//! In memory, per process: a restart forgets the buckets (everyone starts full), which errs on
//! the side of letting analysts work. Only tokens that authenticated get a bucket, so the map
//! grows with live tokens, not with what strangers send; it is bounded all the same.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The allowance of one token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests a second, sustained.
    pub per_second: f64,
    /// Requests that may come at once after a quiet spell.
    pub burst: f64,
}

/// An analyst's script paging through every list is well under this; a loop gone wrong, or a
/// leaked token being drained, is slowed to a pace the server shrugs off (it serves thousands
/// a second). The one place these numbers live.
pub const DEFAULT: RateLimit = RateLimit { per_second: 10.0, burst: 50.0 };

/// The one allowance shared by every failed token look-up (unknown, revoked, expired or
/// disabled-holder tokens, `tokens::authenticate`): a mistyped or just-revoked token is a few
/// a minute; a prober sending random well-shaped tokens to make the server seek the index is
/// held to 20 a second once the burst is spent.
pub const FAILED_LOOKUPS: RateLimit = RateLimit { per_second: 20.0, burst: 100.0 };

/// More tokens than any deployment issues; beyond it, full buckets (idle tokens) are dropped,
/// which changes nothing since a missing bucket starts full.
const MOST_BUCKETS: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    left: f64,
    at: Instant,
}

struct Inner {
    limit: RateLimit,
    buckets: HashMap<i64, Bucket>,
}

pub struct Limiter {
    inner: Mutex<Inner>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new(DEFAULT)
    }
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Self {
        Limiter { inner: Mutex::new(Inner { limit, buckets: HashMap::new() }) }
    }

    /// Change the allowance (tests set a small one); buckets already made keep what they hold.
    pub fn set_limit(&self, limit: RateLimit) {
        self.lock().limit = limit;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave a bucket half-written: take it anyway.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Take one request from `key`'s bucket at `now`, or say in how many whole seconds (at
    /// least 1) one will be back.
    pub fn take(&self, key: i64, now: Instant) -> Result<(), u64> {
        let mut inner = self.lock();
        let limit = inner.limit;
        if inner.buckets.len() >= MOST_BUCKETS && !inner.buckets.contains_key(&key) {
            inner.buckets.retain(|_, b| refilled(b, limit, now) < limit.burst);
            if inner.buckets.len() >= MOST_BUCKETS {
                inner.buckets.clear();
            }
        }
        let bucket = inner.buckets.entry(key).or_insert(Bucket { left: limit.burst, at: now });
        bucket.left = refilled(bucket, limit, now);
        bucket.at = now;
        wait(bucket.left, limit)?;
        bucket.left -= 1.0;
        Ok(())
    }

    /// Whether `key`'s bucket holds a request at `now`, without taking it; if not, in how many
    /// whole seconds (at least 1) one will be back.
    pub fn check(&self, key: i64, now: Instant) -> Result<(), u64> {
        let inner = self.lock();
        let Some(bucket) = inner.buckets.get(&key) else { return Ok(()) };
        wait(refilled(bucket, inner.limit, now), inner.limit)
    }
}

/// Nothing to wait for when a bucket holds a request, else the whole seconds until it does.
fn wait(left: f64, limit: RateLimit) -> Result<(), u64> {
    if left >= 1.0 {
        Ok(())
    } else {
        let wait = (1.0 - left) / limit.per_second.max(f64::MIN_POSITIVE);
        Err((wait.ceil() as u64).max(1))
    }
}

fn refilled(b: &Bucket, limit: RateLimit, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(b.at).min(Duration::from_secs(86_400));
    (b.left + elapsed.as_secs_f64() * limit.per_second).min(limit.burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_the_next_request_waits_for_the_refill() {
        let limiter = Limiter::default();
        limiter.set_limit(RateLimit { per_second: 0.5, burst: 3.0 });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take(1, t0), Ok(()));
        }
        assert_eq!(limiter.take(1, t0), Err(2), "one request back after two seconds at 0.5 a second");
        assert_eq!(limiter.take(2, t0), Ok(()), "another token has its own bucket");
        assert_eq!(limiter.take(1, t0 + Duration::from_secs(2)), Ok(()));
        assert!(limiter.take(1, t0 + Duration::from_secs(2)).is_err());
    }

    #[test]
    fn checking_a_bucket_takes_nothing_from_it() {
        let limiter = Limiter::new(RateLimit { per_second: 1.0, burst: 1.0 });
        let t0 = Instant::now();
        assert_eq!(limiter.check(3, t0), Ok(()), "a bucket never used is full");
        assert_eq!(limiter.check(3, t0), Ok(()));
        assert_eq!(limiter.take(3, t0), Ok(()));
        assert_eq!(limiter.check(3, t0), Err(1));
        assert_eq!(limiter.check(3, t0 + Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn a_bucket_never_holds_more_than_its_burst() {
        let limiter = Limiter::default();
        limiter.set_limit(RateLimit { per_second: 100.0, burst: 2.0 });
        let t0 = Instant::now();
        assert_eq!(limiter.take(7, t0), Ok(()));
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(limiter.take(7, later), Ok(()));
        assert_eq!(limiter.take(7, later), Ok(()));
        assert!(limiter.take(7, later).is_err(), "an hour's quiet refills to the burst, no further");
    }

    #[test]
    fn the_buckets_stay_bounded_however_many_tokens_ask() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for key in 0..(MOST_BUCKETS as i64 + 10) {
            limiter.take(key, t0).unwrap();
        }
        assert!(limiter.lock().buckets.len() <= MOST_BUCKETS);
    }
}
