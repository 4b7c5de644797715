//! The append-only event log, kept as a ring of the most recent `capacity` events so memory
//! stays bounded in a long run. A running fingerprint covers every event ever appended, so
//! determinism can be checked even after the ring has dropped the oldest ones.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

use super::hash::StableHasher;
use super::{Event, EventRecord, SimTime};

#[derive(Clone, Debug)]
pub struct EventLog {
    ring: VecDeque<EventRecord>,
    capacity: usize,
    total: u64,
    fingerprint: u64,
}

/// What `events_since` hands back to a reader.
#[derive(Clone, Debug, PartialEq)]
pub struct EventBatch {
    pub events: Vec<EventRecord>,
    /// Pass this as the cursor next time.
    pub next: u64,
    /// Events the reader never saw because the ring dropped them first.
    pub missed: u64,
}

impl EventLog {
    pub fn new(capacity: usize) -> Self {
        Self {
            ring: VecDeque::new(),
            capacity: capacity.max(1),
            total: 0,
            fingerprint: StableHasher::default().finish(),
        }
    }

    pub fn push(&mut self, at: SimTime, event: Event) {
        let record = EventRecord { seq: self.total, at, event };
        let mut h = StableHasher::with_state(self.fingerprint);
        record.hash(&mut h);
        self.fingerprint = h.finish();
        self.total += 1;
        if self.ring.len() == self.capacity {
            self.ring.pop_front();
        }
        self.ring.push_back(record);
    }

    /// Events with `seq >= cursor`, oldest first.
    pub fn events_since(&self, cursor: u64) -> EventBatch {
        let first = self.first_seq();
        let start = cursor.max(first).min(self.total);
        let skip = (start - first) as usize;
        EventBatch {
            events: self.ring.iter().skip(skip).cloned().collect(),
            next: self.total,
            missed: first.saturating_sub(cursor),
        }
    }

    /// Calls `f` on each event with `seq >= cursor` without cloning; returns the next cursor.
    pub fn for_each_since(&self, cursor: u64, mut f: impl FnMut(&EventRecord)) -> u64 {
        let first = self.first_seq();
        let skip = (cursor.max(first).min(self.total) - first) as usize;
        self.ring.iter().skip(skip).for_each(&mut f);
        self.total
    }

    /// The most recent events, newest last.
    pub fn recent(&self, n: usize) -> impl DoubleEndedIterator<Item = &EventRecord> {
        self.ring.iter().skip(self.ring.len().saturating_sub(n))
    }

    /// Forgets everything from `total` on, restoring the fingerprint it had then (a rewind).
    pub fn truncate(&mut self, total: u64, fingerprint: u64) {
        while self.ring.back().is_some_and(|r| r.seq >= total) {
            self.ring.pop_back();
        }
        self.total = total;
        self.fingerprint = fingerprint;
    }

    pub fn first_seq(&self) -> u64 {
        self.ring.front().map_or(self.total, |r| r.seq)
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.ring.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ring.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::WorldEvent;

    fn ev(i: u64) -> Event {
        WorldEvent::Started { seed: i }.into()
    }

    #[test]
    fn ring_keeps_the_newest_and_counts_what_was_missed() {
        let mut log = EventLog::new(3);
        for i in 0..5 {
            log.push(i * 10, ev(i));
        }
        assert_eq!(log.len(), 3);
        let b = log.events_since(0);
        assert_eq!(b.events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2, 3, 4]);
        assert_eq!((b.next, b.missed), (5, 2));
        let b = log.events_since(4);
        assert_eq!((b.events.len(), b.missed), (1, 0));
        assert!(log.events_since(5).events.is_empty());
    }

    #[test]
    fn fingerprint_depends_on_every_event_and_truncate_restores_it() {
        let mut a = EventLog::new(2);
        let mut b = EventLog::new(100);
        for i in 0..10 {
            a.push(i, ev(i));
            b.push(i, ev(i));
        }
        // Ring size does not change the fingerprint.
        assert_eq!(a.fingerprint(), b.fingerprint());
        let mut c = EventLog::new(100);
        for i in 0..10 {
            c.push(i, ev(if i == 3 { 99 } else { i }));
        }
        assert_ne!(b.fingerprint(), c.fingerprint());

        let mut d = EventLog::new(100);
        for i in 0..6 {
            d.push(i, ev(i));
        }
        let (total, fp) = (d.total(), d.fingerprint());
        for i in 6..10 {
            d.push(i, ev(i));
        }
        d.truncate(total, fp);
        assert_eq!(d.total(), 6);
        assert_eq!(d.events_since(0).events.len(), 6);
        for i in 6..10 {
            d.push(i, ev(i));
        }
        assert_eq!(d.fingerprint(), b.fingerprint());
    }
}
