//! A bounded map whose entries expire: the `jti` replay cache and the assessment store.
//!
//! Hand-written (about sixty lines) rather than a cache crate because the replay cache must
//! fail closed: a cache crate evicts the oldest entry when full, which would let a token
//! whose `jti` was evicted be replayed. Here a full map of unexpired entries refuses the
//! insert instead, and the caller decides (the replay cache answers 503; the assessment
//! store drops the oldest page, which only costs a reader a 404).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::time::Instant;

/// Why an insert did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The key is present and unexpired.
    Present,
    /// The map holds `capacity` unexpired entries.
    Full,
}

/// Entries with an expiry instant, at most `capacity` of them.
#[derive(Debug)]
pub struct Expiring<K, V> {
    capacity: usize,
    map: HashMap<K, (Instant, V)>,
    // Insertion order with each key's expiry, for eviction in order. Expiries need not be
    // monotonic (tokens carry their own), so `purge` scans this queue from the front
    // while the front has expired and skips keys that were re-inserted.
    order: VecDeque<(Instant, K)>,
    // No entry expires before this (a lower bound: the least expiry pushed since the last
    // purge). A full map purges only when something may have expired: purging scans every
    // entry, and the full assessment store did so on every insert (perf, bench/service.sh).
    earliest: Option<Instant>,
}

impl<K: Eq + Hash + Clone, V> Expiring<K, V> {
    /// An empty map for at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Expiring {
            capacity,
            map: HashMap::new(),
            order: VecDeque::new(),
            earliest: None,
        }
    }

    /// Number of entries, expired ones not yet purged included.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map holds no entry.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Drop every entry that expired at `now`.
    pub fn purge(&mut self, now: Instant) {
        self.map.retain(|_, (exp, _)| *exp > now);
        let map = &self.map;
        self.order
            .retain(|(exp, k)| map.get(k).is_some_and(|(e, _)| e == exp));
        self.earliest = self.map.values().map(|(e, _)| *e).min();
    }

    /// [`Expiring::purge`], when an entry may have expired at `now`: the same entries are
    /// kept (`order` may keep places of keys no longer there; eviction skips them).
    fn purge_expired(&mut self, now: Instant) {
        if self.earliest.is_some_and(|e| e <= now) {
            self.purge(now);
        }
    }

    /// Insert `key` until `expires`, refusing a present key or, when full, any key.
    pub fn insert_new(
        &mut self,
        key: K,
        value: V,
        expires: Instant,
        now: Instant,
    ) -> Result<(), Refused> {
        if let Some((exp, _)) = self.map.get(&key) {
            if *exp > now {
                return Err(Refused::Present);
            }
        }
        if self.map.len() >= self.capacity {
            self.purge_expired(now);
            if self.map.len() >= self.capacity {
                return Err(Refused::Full);
            }
        }
        self.push(key, value, expires, now);
        Ok(())
    }

    /// Insert `key`, evicting the oldest entries when full.
    pub fn insert_evicting(&mut self, key: K, value: V, expires: Instant, now: Instant) {
        if self.capacity == 0 {
            return;
        }
        if self.map.len() >= self.capacity {
            self.purge_expired(now);
        }
        while self.map.len() >= self.capacity {
            let Some((exp, k)) = self.order.pop_front() else {
                break;
            };
            if self.map.get(&k).is_some_and(|(e, _)| *e == exp) {
                self.map.remove(&k);
            }
        }
        self.push(key, value, expires, now);
    }

    fn push(&mut self, key: K, value: V, expires: Instant, now: Instant) {
        // A key re-inserted after it expired leaves its old place in `order`: purge before
        // that queue outgrows twice the capacity, so it stays bounded too.
        if self.order.len() >= 2 * self.capacity {
            self.purge(now);
        }
        self.earliest = Some(self.earliest.map_or(expires, |e| e.min(expires)));
        self.order.push_back((expires, key.clone()));
        self.map.insert(key, (expires, value));
    }

    /// The value of an unexpired `key`.
    pub fn get(&self, key: &K, now: Instant) -> Option<&V> {
        self.map
            .get(key)
            .and_then(|(exp, v)| (*exp > now).then_some(v))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::Duration;

    #[test]
    fn replay_is_refused_until_expiry_and_a_full_map_fails_closed() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut m = Expiring::new(2);
        m.insert_new("a", (), t0 + 10 * s, t0).unwrap();
        assert_eq!(
            m.insert_new("a", (), t0 + 10 * s, t0),
            Err(Refused::Present)
        );
        m.insert_new("b", (), t0 + 5 * s, t0).unwrap();
        assert_eq!(m.insert_new("c", (), t0 + 5 * s, t0), Err(Refused::Full));
        // "b" expires at 5 s: room again, "a" still refused.
        let t6 = t0 + 6 * s;
        m.insert_new("c", (), t0 + 20 * s, t6).unwrap();
        assert_eq!(
            m.insert_new("a", (), t0 + 20 * s, t6),
            Err(Refused::Present)
        );
        assert_eq!(m.len(), 2);
        // After "a" expires it may be inserted again.
        m.insert_new("a", (), t0 + 30 * s, t0 + 11 * s).unwrap();
    }

    #[test]
    fn evicting_insert_drops_the_oldest() {
        let t0 = Instant::now();
        let far = t0 + Duration::from_secs(100);
        let mut m = Expiring::new(2);
        m.insert_evicting(1, "one", far, t0);
        m.insert_evicting(2, "two", far, t0);
        m.insert_evicting(3, "three", far, t0);
        assert_eq!(m.get(&1, t0), None);
        assert_eq!(m.get(&2, t0), Some(&"two"));
        assert_eq!(m.get(&3, t0), Some(&"three"));
        assert_eq!(m.get(&3, far), None);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn a_full_store_purges_the_expired_before_evicting() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut m = Expiring::new(3);
        m.insert_evicting(1, (), t0 + 10 * s, t0);
        m.insert_evicting(2, (), t0 + 2 * s, t0);
        m.insert_evicting(3, (), t0 + 10 * s, t0);
        // Nothing expired: the oldest goes.
        m.insert_evicting(4, (), t0 + 10 * s, t0 + s);
        assert_eq!(m.get(&1, t0 + s), None);
        assert_eq!(m.len(), 3);
        // 2 expired at 2 s: it goes, not 3 (the oldest left).
        m.insert_evicting(5, (), t0 + 10 * s, t0 + 3 * s);
        assert_eq!(m.get(&3, t0 + 3 * s), Some(&()));
        assert_eq!(m.get(&4, t0 + 3 * s), Some(&()));
        assert_eq!(m.get(&5, t0 + 3 * s), Some(&()));
        assert_eq!(m.len(), 3);
        // Again full, nothing expired: 3 goes (a place of 1 or 2 left in the queue is
        // skipped).
        m.insert_evicting(6, (), t0 + 10 * s, t0 + 4 * s);
        assert_eq!(m.get(&3, t0 + 4 * s), None);
        assert_eq!(m.len(), 3);
    }
}
