//! Password checks, bounded: argon2 takes 19 MiB and tens of milliseconds per check, so at
//! most one check per core runs at once; the rest wait briefly, then are turned away (503).
//! Without this, 100 parallel wrong passwords took the server to 2 GB.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::password;

/// How long an attempt waits for a free slot before it is told to come back.
pub const WAIT: Duration = Duration::from_secs(2);

pub struct PasswordChecks {
    slots: Arc<Semaphore>,
    size: usize,
    counters: Arc<Counters>,
}

#[derive(Default)]
struct Counters {
    running: AtomicUsize,
    peak: AtomicUsize,
    done: AtomicU64,
}

impl Default for PasswordChecks {
    fn default() -> Self {
        let size = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordChecks { slots: Arc::new(Semaphore::new(size)), size, counters: Arc::default() }
    }
}

impl PasswordChecks {
    /// Check a password (see `password::verify_blocking`). `None` when every slot stayed busy
    /// for `WAIT`: the caller answers 503.
    pub async fn verify(&self, given: String, stored: Option<String>) -> anyhow::Result<Option<bool>> {
        let Ok(Ok(slot)) = tokio::time::timeout(WAIT, self.slots.clone().acquire_owned()).await else {
            return Ok(None);
        };
        let counters = self.counters.clone();
        // The slot moves into the blocking task: if the client goes away, the check still
        // holds its slot until argon2 has finished and its memory is freed.
        let ok = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let now = counters.running.fetch_add(1, Ordering::SeqCst) + 1;
            counters.peak.fetch_max(now, Ordering::SeqCst);
            let ok = password::verify_blocking(&given, stored);
            counters.running.fetch_sub(1, Ordering::SeqCst);
            counters.done.fetch_add(1, Ordering::SeqCst);
            ok
        })
        .await??;
        Ok(Some(ok))
    }

    /// How many checks may run at once (the number of cores).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The most checks that ever ran at once.
    pub fn peak(&self) -> usize {
        self.counters.peak.load(Ordering::SeqCst)
    }

    /// Take every slot, as a flood of checks would; they are free again when the result is
    /// dropped. For tests of the busy answer.
    pub async fn hold_all(&self) -> tokio::sync::OwnedSemaphorePermit {
        self.slots.clone().acquire_many_owned(self.size as u32).await.expect("the semaphore is never closed")
    }

    /// How many checks have run.
    pub fn done(&self) -> u64 {
        self.counters.done.load(Ordering::SeqCst)
    }
}
