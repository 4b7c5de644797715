//! The records of one shard, oldest first, addressed by position (the sequence number is
//! derived from it).
//!
//! Records live in chunks shared through `Arc`, so cloning the whole service for a checkpoint
//! copies pointers, not data: a checkpoint of a stream holding a million records costs a few
//! hundred reference-count increments.

use std::collections::VecDeque;
use std::sync::Arc;

/// One stored record. Its sequence number is derived from its position in the shard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    pub arrival_ms: i64,
    /// The record index in its sequence number, from the stream's shared counter: grows
    /// within a shard, not by one.
    pub index: u64,
    pub partition_key: Arc<str>,
    pub data: Arc<[u8]>,
}

impl StoredRecord {
    /// What counts toward the shard's throughput: data plus partition key.
    pub fn size(&self) -> u64 {
        (self.data.len() + self.partition_key.len()) as u64
    }
}

const CHUNK: usize = 1024;

/// The records of one shard, oldest first, addressed by position.
#[derive(Clone, Debug, Default)]
pub struct RecordLog {
    chunks: VecDeque<Arc<Vec<StoredRecord>>>,
    /// Position of `chunks[0][0]`.
    base: u64,
    /// First position still readable (older ones were trimmed by retention).
    start: u64,
    /// Position the next record gets.
    end: u64,
}

impl RecordLog {
    pub fn start(&self) -> u64 {
        self.start
    }
    pub fn end(&self) -> u64 {
        self.end
    }
    pub fn len(&self) -> u64 {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn push(&mut self, record: StoredRecord) -> u64 {
        if self.chunks.back().is_none_or(|c| c.len() >= CHUNK) {
            self.chunks.push_back(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.back_mut() {
            // Copies the chunk only if a checkpoint still shares it.
            Arc::make_mut(last).push(record);
        }
        self.end += 1;
        self.end - 1
    }

    pub fn get(&self, position: u64) -> Option<&StoredRecord> {
        if position < self.start || position >= self.end {
            return None;
        }
        let i = (position - self.base) as usize;
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// Records from `from` on, oldest first.
    pub fn iter_from(&self, from: u64) -> impl Iterator<Item = (u64, &StoredRecord)> {
        let from = from.max(self.start).min(self.end);
        let i = (from - self.base) as usize;
        let (c, o) = (i / CHUNK, i % CHUNK);
        self.chunks
            .iter()
            .skip(c)
            .enumerate()
            .flat_map(move |(k, chunk)| chunk.iter().skip(if k == 0 { o } else { 0 }))
            .zip(from..)
            .map(|(r, p)| (p, r))
    }

    /// First position whose record arrived at or after `unix_ms` (`end` if none).
    pub fn first_at_or_after(&self, unix_ms: i64) -> u64 {
        let (mut lo, mut hi) = (self.start, self.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(r) if r.arrival_ms < unix_ms => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    /// Drops records that arrived before `cutoff_ms`; returns how many.
    pub fn trim_before(&mut self, cutoff_ms: i64) -> u64 {
        let first = self.start;
        while self.get(self.start).is_some_and(|r| r.arrival_ms < cutoff_ms) {
            // Whole chunks at a time when the chunk's last record is old enough.
            let i = (self.start - self.base) as usize;
            let chunk_end = self.base + ((i / CHUNK + 1) * CHUNK) as u64;
            let last = chunk_end.min(self.end) - 1;
            if self.get(last).is_some_and(|r| r.arrival_ms < cutoff_ms) {
                self.start = last + 1;
            } else {
                self.start += 1;
            }
        }
        while self.start - self.base >= CHUNK as u64 && !self.chunks.is_empty() {
            self.chunks.pop_front();
            self.base += CHUNK as u64;
        }
        self.start - first
    }
}
