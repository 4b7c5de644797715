//! What a goal or a question measures in a run: counts over a window of virtual time, read
//! from the event log (which keeps the newest 100,000 events, minutes of the busiest preset),
//! and the services' read-only views. Nothing here changes the world.

use std::collections::BTreeMap;

use engine::kinesis::Event as KinesisEvent;
use engine::sim::SimTime;
use engine::{Event, EventRecord, World};

/// Calls `f` on every event at virtual times `from..to`, newest first.
pub fn scan(world: &World, from: SimTime, to: SimTime, mut f: impl FnMut(&EventRecord)) {
    let log = world.log();
    log.recent(log.len()).rev().take_while(|e| e.at >= from).filter(|e| e.at < to).for_each(&mut f);
}

/// The last `seconds` whole seconds before now (the second under way is not finished), or
/// `None` while the clock has not run that long.
pub fn last_seconds(world: &World, seconds: u32) -> Option<(SimTime, SimTime)> {
    let to = world.now() / 1000 * 1000;
    let from = to.checked_sub(seconds as u64 * 1000)?;
    Some((from, to))
}

/// One shard's writes over a window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardWrites {
    pub accepted: u64,
    /// Records refused with ProvisionedThroughputExceededException.
    pub throttled: u64,
    /// The busiest second's accepted records.
    pub peak_per_second: u64,
}

/// A stream's writes over `from..to`: per second accepted, and per shard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamWrites {
    /// Accepted records in each whole second of the window, oldest first.
    pub per_second: Vec<u64>,
    pub throttled: u64,
    /// By shard id.
    pub shards: BTreeMap<String, ShardWrites>,
}

impl StreamWrites {
    pub fn accepted(&self) -> u64 {
        self.per_second.iter().sum()
    }

    pub fn slowest_second(&self) -> u64 {
        self.per_second.iter().copied().min().unwrap_or(0)
    }

    pub fn throttled_shards(&self) -> usize {
        self.shards.values().filter(|s| s.throttled > 0).count()
    }
}

pub fn stream_writes(world: &World, stream: &str, from: SimTime, to: SimTime) -> StreamWrites {
    let seconds = (to.saturating_sub(from) / 1000) as usize;
    let mut w = StreamWrites { per_second: vec![0; seconds], ..StreamWrites::default() };
    let mut per_shard_second: BTreeMap<(String, u64), u64> = BTreeMap::new();
    scan(world, from, to, |e| match &e.event {
        Event::Kinesis(KinesisEvent::RecordsPut { stream: s, shard_id, count, .. })
            if s == stream =>
        {
            let i = ((e.at - from) / 1000) as usize;
            if let Some(slot) = w.per_second.get_mut(i) {
                *slot += *count as u64;
            }
            w.shards.entry(shard_id.clone()).or_default().accepted += *count as u64;
            *per_shard_second.entry((shard_id.clone(), e.at / 1000)).or_default() += *count as u64;
        }
        Event::Kinesis(KinesisEvent::Throttled {
            stream: s, shard_id, operation, records, ..
        }) if s == stream && operation.starts_with("PutRecord") => {
            w.throttled += *records as u64;
            w.shards.entry(shard_id.clone()).or_default().throttled += *records as u64;
        }
        _ => {}
    });
    for ((shard, _), n) in per_shard_second {
        let s = w.shards.entry(shard).or_default();
        s.peak_per_second = s.peak_per_second.max(n);
    }
    w
}

/// GetRecords calls refused by a stream's read limits over `from..to`.
pub fn read_throttles(world: &World, stream: &str, from: SimTime, to: SimTime) -> u64 {
    let mut n = 0;
    scan(world, from, to, |e| {
        if let Event::Kinesis(KinesisEvent::Throttled { stream: s, operation, .. }) = &e.event {
            if s == stream && !operation.starts_with("PutRecord") {
                n += 1;
            }
        }
    });
    n
}

/// How far behind the tip a consumer application is: its worst lease's MillisBehindLatest,
/// and the records it has processed. `None` when no such application runs.
pub fn consumer_lag(world: &World, app: &str) -> Option<(u64, u64)> {
    let apps = world.view().kinesis().kcl_apps();
    let a = apps.iter().find(|a| a.app == app)?;
    let live = a.leases.iter().filter(|l| l.checkpoint != "SHARD_END");
    let worst = live.clone().map(|l| l.millis_behind_latest).max().unwrap_or(0);
    let processed = a.leases.iter().map(|l| l.records_processed).sum();
    Some((worst, processed))
}

/// The delivery latency (arrival of the oldest record to delivery, ms) of each object a
/// delivery stream wrote to its destination, oldest first.
pub fn delivery_latencies(world: &World, delivery_stream: &str) -> Vec<u64> {
    world
        .view()
        .firehose()
        .delivered_objects(delivery_stream)
        .iter()
        .map(|o| o.delivered_ms.saturating_sub(o.first_arrival_ms).max(0) as u64)
        .collect()
}

/// Thousands separators, as the views print counts: `12,345`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
