//! Per-shard, per-second metrics, as CloudWatch's shard-level metrics would show them:
//! IncomingBytes/Records, WriteProvisionedThroughputExceeded, OutgoingBytes/Records,
//! ReadProvisionedThroughputExceeded, GetRecords.IteratorAgeMilliseconds. The last minute is kept.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use crate::sim::SimTime;

const KEEP_SECONDS: usize = 60;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SecondMetrics {
    /// Virtual second (ms / 1000) these counts belong to.
    pub second: u64,
    pub incoming_bytes: u64,
    pub incoming_records: u64,
    /// Records refused by the write limit.
    pub write_throttled: u64,
    pub outgoing_bytes: u64,
    pub outgoing_records: u64,
    /// GetRecords calls (and fan-out pushes) refused by the read limit.
    pub read_throttled: u64,
    pub get_records_calls: u64,
    /// Oldest record handed to any reader in this second, how long it had waited.
    pub max_iterator_age_ms: u64,
}

/// How far one reader (a consumer application, a fan-out consumer, or `api`) is behind on a
/// shard, as of its latest read: GetRecords.IteratorAgeMilliseconds per consumer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReaderLag {
    pub millis_behind_latest: u64,
    /// Virtual time of that read.
    pub at: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct ShardMetrics {
    seconds: VecDeque<SecondMetrics>,
    lag: BTreeMap<String, ReaderLag>,
}

impl ShardMetrics {
    pub fn at(&mut self, now: SimTime) -> &mut SecondMetrics {
        let second = now / 1000;
        if self.seconds.back().is_none_or(|s| s.second != second) {
            if self.seconds.len() == KEEP_SECONDS {
                self.seconds.pop_front();
            }
            self.seconds.push_back(SecondMetrics { second, ..SecondMetrics::default() });
        }
        // Just pushed or matched above, so never empty here; the default keeps it panic-free.
        if self.seconds.is_empty() {
            self.seconds.push_back(SecondMetrics { second, ..SecondMetrics::default() });
        }
        let last = self.seconds.len() - 1;
        &mut self.seconds[last]
    }

    pub fn record_lag(&mut self, reader: &str, now: SimTime, millis_behind_latest: u64) {
        let lag = ReaderLag { millis_behind_latest, at: now };
        match self.lag.get_mut(reader) {
            Some(l) => *l = lag,
            None => {
                self.lag.insert(reader.to_string(), lag);
            }
        }
    }

    /// Each reader's latest lag on this shard, by reader name.
    pub fn lags(&self) -> impl Iterator<Item = (&str, ReaderLag)> {
        self.lag.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The kept seconds, oldest first. Seconds with no activity are absent.
    pub fn seconds(&self) -> impl Iterator<Item = &SecondMetrics> {
        self.seconds.iter()
    }
}
