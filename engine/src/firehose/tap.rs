//! The tap of a DirectPut delivery stream: what it accepted, for Kinesis Data Analytics to read
//! the way it reads a shard (Firehose never calls into Analytics).

use std::collections::VecDeque;
use std::sync::Arc;

/// The records a DirectPut delivery stream accepted, newest last, numbered from 0. A Kinesis
/// Data Analytics application reading the delivery stream pulls from it with its own cursor,
/// the way it reads a shard (Firehose knows nothing of its readers). Bounded: the oldest go.
#[derive(Clone, Debug, Default)]
pub struct Tap {
    records: VecDeque<Arc<[u8]>>,
    /// Number of the record after the newest.
    end: u64,
}

/// At most this many accepted records stay in a tap.
pub const TAP_KEPT: usize = 100_000;

impl Tap {
    pub fn offer(&mut self, records: &[Arc<[u8]>]) {
        for r in records {
            if self.records.len() == TAP_KEPT {
                self.records.pop_front();
            }
            self.records.push_back(r.clone());
            self.end += 1;
        }
    }

    /// Where a new reader starts: after everything accepted so far.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// The records from `cursor` on, and the cursor for next time. A cursor past the end
    /// (the delivery stream was deleted and made again) reads the new stream from its start.
    pub fn since(&self, cursor: u64) -> (Vec<Arc<[u8]>>, u64) {
        let start = self.end - self.records.len() as u64;
        let from = if cursor > self.end { start } else { cursor.max(start) };
        let records = self.records.iter().skip((from - start) as usize).cloned().collect();
        (records, self.end)
    }
}
