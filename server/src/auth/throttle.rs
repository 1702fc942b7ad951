//! Slowing down password guessing without handing anyone a lock-out weapon.
//!
//! Every attempt is counted *before* its password is checked, under one lock, so parallel
//! guesses cannot slip past the count. Per username, the first 5 attempts are free; after
//! that each further check must wait a delay that doubles from 5 seconds to at most 1 minute,
//! and attempts inside the delay are refused unchecked (429), the right password included.
//! Nobody is ever locked out for longer than that minute, and a browser that has signed in to
//! the account before (the signed known-device cookie) has a count of its own that a
//! stranger's guesses do not touch. Per address, 100 attempts are free (a whole trust behind
//! one proxy), then the delay doubles from 1 second to at most 30 seconds. A successful sign-in
//! clears the username's count and gives its attempt back to the address. A count is
//! forgotten after 15 minutes without attempts. Kept in memory: a restart forgets it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The free attempts and the growing delay after them, for one kind of key.
pub struct Limit {
    pub free: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

pub const PER_USERNAME: Limit = Limit { free: 5, first_delay: Duration::from_secs(5), max_delay: Duration::from_secs(60) };
pub const PER_ADDRESS: Limit = Limit { free: 100, first_delay: Duration::from_secs(1), max_delay: Duration::from_secs(30) };
/// A key with no attempt for this long starts again from zero.
pub const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// Past this many keys the map is pruned of forgotten entries, bounding its memory (a key is
/// at most ~80 bytes: usernames are bounded before they get here).
const MAX_KEYS: usize = 50_000;

struct Record {
    attempts: u32,
    last: Instant,
    next_at: Instant,
}

impl Limit {
    /// The delay after the `attempts`-th attempt: none while free, then doubling, capped.
    fn delay(&self, attempts: u32) -> Duration {
        if attempts < self.free {
            return Duration::ZERO;
        }
        let doublings = (attempts - self.free).min(16);
        (self.first_delay * 2u32.pow(doublings)).min(self.max_delay)
    }
}

/// An admitted attempt: what to clear if it succeeds.
pub struct Ticket {
    username_keys: [String; 2],
    addr_key: Option<String>,
}

#[derive(Default)]
pub struct LoginThrottle {
    records: Mutex<HashMap<String, Record>>,
}

fn user_key(username: &str) -> String {
    format!("user:{}", username.to_lowercase())
}

fn device_key(username: &str) -> String {
    format!("device:{}", username.to_lowercase())
}

fn addr_key(addr: IpAddr) -> String {
    format!("addr:{addr}")
}

impl LoginThrottle {
    /// Count an attempt before its check, or say how long to wait (and count nothing).
    /// `known_device`: the browser carries a valid known-device cookie for this username.
    pub fn admit(&self, username: &str, addr: IpAddr, known_device: bool, now: Instant) -> Result<Ticket, Duration> {
        let mut map = self.records.lock().expect("throttle lock");
        if map.len() > MAX_KEYS {
            map.retain(|_, r| now.saturating_duration_since(r.last) <= FORGET_AFTER);
        }
        let keys: Vec<(String, &Limit)> = if known_device {
            vec![(device_key(username), &PER_USERNAME)]
        } else {
            vec![(user_key(username), &PER_USERNAME), (addr_key(addr), &PER_ADDRESS)]
        };
        let wait = keys
            .iter()
            .filter_map(|(key, _)| map.get(key))
            .filter(|r| now.saturating_duration_since(r.last) <= FORGET_AFTER)
            .map(|r| r.next_at.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if !wait.is_zero() {
            return Err(wait);
        }
        for (key, limit) in &keys {
            let r = map.entry(key.clone()).or_insert(Record { attempts: 0, last: now, next_at: now });
            if now.saturating_duration_since(r.last) > FORGET_AFTER {
                r.attempts = 0;
            }
            r.attempts += 1;
            r.last = now;
            r.next_at = now + limit.delay(r.attempts);
        }
        Ok(Ticket { username_keys: [user_key(username), device_key(username)], addr_key: (!known_device).then(|| addr_key(addr)) })
    }

    /// The attempt succeeded: the username starts again, and the address gets its attempt back
    /// (so a proxy's successful sign-ins never use up its allowance).
    pub fn succeeded(&self, ticket: Ticket) {
        let mut map = self.records.lock().expect("throttle lock");
        for key in &ticket.username_keys {
            map.remove(key);
        }
        if let Some(r) = ticket.addr_key.and_then(|k| map.get_mut(&k)) {
            r.attempts = r.attempts.saturating_sub(1);
            if r.attempts < PER_ADDRESS.free {
                r.next_at = r.last;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADDR: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn a_username_gets_five_free_attempts_then_a_delay_that_doubles_to_a_minute() {
        let t = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..PER_USERNAME.free {
            assert!(t.admit("CIO.GHFT", ADDR, false, start).is_ok());
        }
        assert_eq!(t.admit("cio.ghft", ADDR, false, start).err(), Some(Duration::from_secs(5)), "whatever its case");
        assert!(t.admit("pmo", ADDR, false, start).is_ok(), "other usernames are not slowed");
        let mut now = start;
        for expected in [5, 10, 20, 40, 60, 60] {
            now += Duration::from_secs(expected);
            assert!(t.admit("cio.ghft", ADDR, false, now).is_ok(), "after {expected} s");
            assert!(t.admit("cio.ghft", ADDR, false, now).is_err());
        }
        assert!(t.admit("cio.ghft", ADDR, false, now + FORGET_AFTER + Duration::from_secs(1)).is_ok(), "forgotten after 15 min");
    }

    #[test]
    fn a_known_device_has_its_own_count_and_success_clears_the_username() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..PER_USERNAME.free {
            t.admit("cio.ghft", ADDR, false, now).unwrap();
        }
        assert!(t.admit("cio.ghft", ADDR, false, now).is_err());
        let ticket = t.admit("cio.ghft", ADDR, true, now).expect("the owner's browser is not slowed by strangers");
        t.succeeded(ticket);
        assert!(t.admit("cio.ghft", ADDR, false, now).is_ok(), "a sign-in resets the username's count");
    }

    #[test]
    fn an_address_gets_a_hundred_free_attempts_and_successes_are_given_back() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..PER_ADDRESS.free - 1 {
            t.admit(&format!("guess{i}"), ADDR, false, now).unwrap();
        }
        for _ in 0..10 {
            let ticket = t.admit("pmo", ADDR, false, now).unwrap();
            t.succeeded(ticket);
        }
        t.admit("last", ADDR, false, now).unwrap();
        assert_eq!(t.admit("another", ADDR, false, now).err(), Some(Duration::from_secs(1)));
        assert!(t.admit("another", "10.0.0.10".parse().unwrap(), false, now).is_ok(), "other addresses are not slowed");
    }
}
