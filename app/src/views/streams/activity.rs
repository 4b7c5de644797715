//! What the Streams view derives from the event log: record dots on their way through the
//! shards, and running counts of throttles and retries. A fold over events, so it can be rebuilt
//! from the log after a rewind.

use std::sync::Arc;

use engine::kinesis::Event as K;
use engine::{Event, EventRecord};

use super::keyspace::{key_fraction, WINDOW_MS};

/// At most this many dots per shard; beyond it, arrivals are merged into batches.
pub const MAX_DOTS_PER_SHARD: usize = 40;
/// Arrivals on a shard closer together than this are drawn as one batch.
const MERGE_MS: u64 = WINDOW_MS / MAX_DOTS_PER_SHARD as u64;

/// Records that landed on a shard together, drawn as one dot.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// The event's position in the log: unique, so a good key.
    pub id: u64,
    pub shard_id: Arc<str>,
    /// Virtual ms of arrival.
    pub at: u64,
    pub count: u32,
    pub bytes: u64,
    /// The first record's partition key, hash key and sequence number.
    pub key: Arc<str>,
    pub hash: Arc<str>,
    /// The hash key was given as ExplicitHashKey (not the MD5 of the partition key).
    pub explicit: bool,
    pub sequence_number: Arc<str>,
    /// Where the hash key sits on the key space (0 top, 1 bottom).
    pub fraction: f64,
}

/// Everything the view keeps from the event log of one stream.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    pub stream: String,
    pub dots: Vec<Dot>,
    /// Records refused with ProvisionedThroughputExceededException on write.
    pub write_throttled: u64,
    /// GetRecords calls refused by the read limit.
    pub read_throttled: u64,
    /// Records producers sent again after a throttle.
    pub retries: u64,
    /// Records producers gave up on.
    pub dropped: u64,
    /// Records trimmed by retention.
    pub expired: u64,
}

impl Activity {
    pub fn new(stream: &str) -> Self {
        Activity { stream: stream.to_string(), ..Activity::default() }
    }

    /// Folds one event in; returns whether anything the view shows changed.
    pub fn apply(&mut self, record: &EventRecord) -> bool {
        let Event::Kinesis(event) = &record.event else { return false };
        match event {
            K::RecordsPut {
                stream,
                shard_id,
                count,
                bytes,
                first_sequence_number,
                sample_partition_key,
                sample_hash_key,
                explicit_hash_key,
                ..
            } if *stream == self.stream => {
                self.add_dot(Dot {
                    id: record.seq,
                    shard_id: shard_id.as_str().into(),
                    at: record.at,
                    count: *count,
                    bytes: *bytes,
                    key: sample_partition_key.as_str().into(),
                    hash: sample_hash_key.as_str().into(),
                    explicit: *explicit_hash_key,
                    sequence_number: first_sequence_number.as_str().into(),
                    fraction: key_fraction(sample_hash_key),
                });
                true
            }
            K::Throttled { stream, operation, records, .. } if *stream == self.stream => {
                if operation == "GetRecords" {
                    self.read_throttled += 1;
                } else {
                    self.write_throttled += *records as u64;
                }
                true
            }
            K::ProducerRetrying { stream, records, .. } if *stream == self.stream => {
                self.retries += *records as u64;
                true
            }
            K::RecordsDropped { stream, records, .. } if *stream == self.stream => {
                self.dropped += *records as u64;
                true
            }
            K::RecordsExpired { stream, shard_id, count } if *stream == self.stream => {
                self.expired += count;
                // The oldest dots of that shard go first, as the records did.
                let mut left = *count;
                self.dots.retain(|d| {
                    if left > 0 && *d.shard_id == **shard_id {
                        left = left.saturating_sub(d.count as u64);
                        false
                    } else {
                        true
                    }
                });
                true
            }
            _ => false,
        }
    }

    fn add_dot(&mut self, dot: Dot) {
        if let Some(last) = self.dots.iter_mut().rev().find(|d| d.shard_id == dot.shard_id) {
            if dot.at.saturating_sub(last.at) < MERGE_MS {
                last.count += dot.count;
                last.bytes += dot.bytes;
                return;
            }
        }
        self.dots.push(dot);
    }

    /// Drops dots that have crossed the flow area; returns whether any went.
    pub fn prune(&mut self, now: u64) -> bool {
        let before = self.dots.len();
        self.dots.retain(|d| now.saturating_sub(d.at) <= WINDOW_MS && d.at <= now);
        before != self.dots.len()
    }

    pub fn dots_of(&self, shard_id: &str) -> Vec<Dot> {
        self.dots.iter().filter(|d| &*d.shard_id == shard_id).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(seq: u64, at: u64, shard: &str, count: u32) -> EventRecord {
        EventRecord {
            seq,
            at,
            event: Event::Kinesis(K::RecordsPut {
                stream: "orders".into(),
                shard_id: shard.into(),
                count,
                bytes: count as u64 * 100,
                first_sequence_number: "1".into(),
                last_sequence_number: "2".into(),
                sample_partition_key: "key-0".into(),
                sample_hash_key: "170141183460469231731687303715884105728".into(),
                explicit_hash_key: false,
                producer: None,
            }),
        }
    }

    #[test]
    fn close_arrivals_merge_into_a_batch() {
        let mut a = Activity::new("orders");
        a.apply(&put(1, 1000, "s0", 10));
        a.apply(&put(2, 1100, "s0", 5));
        a.apply(&put(3, 1100, "s1", 5));
        a.apply(&put(4, 5000, "s0", 1));
        assert_eq!(a.dots.len(), 3);
        assert_eq!(a.dots[0].count, 15);
        assert!((a.dots[0].fraction - 0.5).abs() < 1e-9);
    }

    #[test]
    fn other_streams_are_ignored_and_old_dots_pruned() {
        let mut a = Activity::new("clicks");
        assert!(!a.apply(&put(1, 0, "s0", 1)));
        let mut a = Activity::new("orders");
        a.apply(&put(1, 0, "s0", 1));
        assert!(a.prune(WINDOW_MS + 1));
        assert!(a.dots.is_empty());
    }

    #[test]
    fn throttles_and_retries_are_counted() {
        let mut a = Activity::new("orders");
        let ev = |e| EventRecord { seq: 0, at: 0, event: Event::Kinesis(e) };
        a.apply(&ev(K::Throttled {
            stream: "orders".into(),
            shard_id: "s0".into(),
            operation: "PutRecords".into(),
            records: 7,
            reader: None,
        }));
        a.apply(&ev(K::Throttled {
            stream: "orders".into(),
            shard_id: "s0".into(),
            operation: "GetRecords".into(),
            records: 0,
            reader: Some("app".into()),
        }));
        a.apply(&ev(K::ProducerRetrying {
            producer: "p".into(),
            stream: "orders".into(),
            records: 3,
            attempt: 1,
            delay_ms: 100,
        }));
        // Another stream's producer retries and drops are not this stream's.
        a.apply(&ev(K::ProducerRetrying {
            producer: "q".into(),
            stream: "clicks".into(),
            records: 5,
            attempt: 1,
            delay_ms: 100,
        }));
        a.apply(&ev(K::RecordsDropped {
            producer: "q".into(),
            stream: "clicks".into(),
            records: 2,
        }));
        assert_eq!((a.write_throttled, a.read_throttled, a.retries, a.dropped), (7, 1, 3, 0));
    }

    #[test]
    fn expiry_removes_the_oldest_dots_of_the_shard() {
        let mut a = Activity::new("orders");
        a.apply(&put(1, 0, "s0", 2));
        a.apply(&put(2, 5000, "s0", 2));
        a.apply(&ev_expired(2));
        assert_eq!(a.dots.len(), 1);
        assert_eq!(a.dots[0].id, 2);
        assert_eq!(a.expired, 2);
    }

    fn ev_expired(count: u64) -> EventRecord {
        EventRecord {
            seq: 9,
            at: 9,
            event: Event::Kinesis(K::RecordsExpired {
                stream: "orders".into(),
                shard_id: "s0".into(),
                count,
            }),
        }
    }
}
