//! Slowing down password guessing: after too many failures in a window, for one username or
//! from one address, sign-in is refused until the window has moved on. Kept in memory: a
//! restart forgets it, which is acceptable for one server and keeps sign-in off the disk.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures for one username before it is locked for the rest of the window.
pub const PER_USERNAME: usize = 5;
/// Failures from one address (many usernames) before it is locked.
pub const PER_ADDRESS: usize = 20;
/// Past this many keys the map is pruned of expired entries, bounding its memory.
const MAX_KEYS: usize = 50_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

fn user_key(username: &str) -> String {
    format!("user:{}", username.trim().to_lowercase())
}

fn addr_key(addr: IpAddr) -> String {
    format!("addr:{addr}")
}

impl LoginThrottle {
    pub fn is_blocked(&self, username: &str, addr: IpAddr) -> bool {
        let mut map = self.failures.lock().expect("throttle lock");
        let now = Instant::now();
        let mut count = |key: String| {
            map.get_mut(&key).map_or(0, |q| {
                while q.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
                    q.pop_front();
                }
                q.len()
            })
        };
        count(user_key(username)) >= PER_USERNAME || count(addr_key(addr)) >= PER_ADDRESS
    }

    pub fn record_failure(&self, username: &str, addr: IpAddr) {
        let mut map = self.failures.lock().expect("throttle lock");
        let now = Instant::now();
        if map.len() > MAX_KEYS {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) <= WINDOW));
        }
        for key in [user_key(username), addr_key(addr)] {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// A successful sign-in clears the username's failures (not the address's).
    pub fn clear_user(&self, username: &str) {
        self.failures.lock().expect("throttle lock").remove(&user_key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_is_locked_after_five_failures_whatever_its_case() {
        let t = LoginThrottle::default();
        let addr: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..PER_USERNAME {
            assert!(!t.is_blocked("cio.ghft", addr));
            t.record_failure("CIO.GHFT", addr);
        }
        assert!(t.is_blocked("cio.ghft", addr));
        assert!(!t.is_blocked("pmo", addr), "other usernames from the address are not yet locked");
        t.clear_user("cio.ghft");
        assert!(!t.is_blocked("cio.ghft", addr));
    }

    #[test]
    fn an_address_is_locked_after_twenty_failures_across_usernames() {
        let t = LoginThrottle::default();
        let addr: IpAddr = "10.0.0.9".parse().unwrap();
        for i in 0..PER_ADDRESS {
            t.record_failure(&format!("guess{i}"), addr);
        }
        assert!(t.is_blocked("pmo", addr));
        assert!(!t.is_blocked("pmo", "10.0.0.10".parse().unwrap()));
    }
}
