//! Per-session state: what each session has been served, for session limits and per-session
//! category caps. Bounded: entries expire after a TTL, and the store never holds more than its
//! cap; a flood of new session ids evicts the least recently seen sessions, it cannot grow
//! memory.

use dashmap::DashMap;

use crate::engine::Exposure;

/// A session's key: a keyed hash of account id and session id, so the store holds no ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionKey(pub [u8; 16]);

#[derive(Debug)]
struct Entry {
    exposure: Exposure,
    last_seen_ms: i64,
}

/// Invariant: `len() <= cap` after every `record`. No map guard is held across an `.await`:
/// every method is synchronous.
#[derive(Debug)]
pub struct SessionStore {
    map: DashMap<SessionKey, Entry>,
    ttl_ms: i64,
    cap: usize,
}

impl SessionStore {
    pub fn new(ttl_seconds: u64, cap: usize) -> Self {
        Self {
            map: DashMap::new(),
            ttl_ms: i64::try_from(ttl_seconds.saturating_mul(1000)).unwrap_or(i64::MAX),
            cap: cap.max(1),
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The session's exposure so far; empty for an unknown or expired session.
    pub fn snapshot(&self, key: &SessionKey, now_ms: i64) -> Exposure {
        match self.map.get(key) {
            Some(e) if now_ms - e.last_seen_ms < self.ttl_ms => e.exposure.clone(),
            _ => Exposure::default(),
        }
    }

    /// Adds what a response served to the session, creating it (first seen `now_ms`) if new.
    pub fn record(&self, key: SessionKey, delta: &Exposure, now_ms: i64) {
        if let Some(mut e) = self.map.get_mut(&key) {
            if now_ms.saturating_sub(e.last_seen_ms) >= self.ttl_ms {
                e.exposure = Exposure::default();
                e.exposure.first_seen_ms = now_ms;
            }
            e.exposure.merge(delta);
            // Overlapping calls finish out of order: the clock of a session never goes back.
            e.last_seen_ms = e.last_seen_ms.max(now_ms);
            return;
        }
        if self.map.len() >= self.cap {
            self.make_room(now_ms);
        }
        let mut exposure = Exposure {
            first_seen_ms: now_ms,
            ..Default::default()
        };
        exposure.merge(delta);
        self.map.insert(
            key,
            Entry {
                exposure,
                last_seen_ms: now_ms,
            },
        );
    }

    /// Removes expired sessions; returns how many went.
    pub fn sweep(&self, now_ms: i64) -> usize {
        let before = self.map.len();
        self.map
            .retain(|_, e| now_ms - e.last_seen_ms < self.ttl_ms);
        before - self.map.len()
    }

    /// Expired entries first; if that is not enough, the least recently seen eighth, so a
    /// flood pays for one scan per `cap / 8` inserts rather than one per insert.
    fn make_room(&self, now_ms: i64) {
        self.sweep(now_ms);
        if self.map.len() < self.cap {
            return;
        }
        let mut ages: Vec<(i64, SessionKey)> = self
            .map
            .iter()
            .map(|e| (e.last_seen_ms, *e.key()))
            .collect();
        let n = (self.cap / 8).max(1).min(ages.len());
        ages.select_nth_unstable_by_key(n - 1, |(t, _)| *t);
        for (_, k) in &ages[..n] {
            self.map.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> SessionKey {
        let mut k = [0; 16];
        k[..4].copy_from_slice(&i.to_le_bytes());
        SessionKey(k)
    }

    #[test]
    fn flood_never_exceeds_cap_and_recent_sessions_survive() {
        let s = SessionStore::new(3600, 100);
        s.record(key(0), &Exposure::default(), 1_000_000);
        for i in 1..10_000u32 {
            s.record(key(i), &Exposure::default(), i64::from(i));
            assert!(s.len() <= 100);
        }
        assert!(s.snapshot(&key(9_999), 10_000).first_seen_ms > 0);
        assert!(
            s.snapshot(&key(0), 10_000).first_seen_ms > 0,
            "most recent survives"
        );
    }

    #[test]
    fn entries_expire_after_ttl() {
        let s = SessionStore::new(10, 100);
        let d = Exposure {
            items_served: 3,
            ..Default::default()
        };
        s.record(key(1), &d, 1_000);
        assert_eq!(s.snapshot(&key(1), 5_000).items_served, 3);
        assert_eq!(s.snapshot(&key(1), 11_000).items_served, 0);
        assert_eq!(s.sweep(11_000), 1);
        assert!(s.is_empty());
    }
}
