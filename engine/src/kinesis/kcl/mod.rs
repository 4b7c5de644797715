//! A KCL-style consumer application: workers share the shards through leases (one per shard,
//! kept in what would be the application's DynamoDB table), process records, checkpoint by
//! sequence number, take over a dead worker's leases once they expire, and start a child shard
//! only after its parents were read to the end (SHARD_END).
//!
//! Retrieval is either polling (GetShardIterator + GetRecords, sharing the shard's 2 MiB/s with
//! every other classic consumer) or enhanced fan-out (a registered consumer with its own
//! 2 MiB/s per shard, fed by SubscribeToShard), as KCL 2.x offers.
//!
//! In files: [`deploy`] (starting, redeploying and stopping an application, its workers),
//! [`leases`] (the lease table: shard sync, balancing, checkpoints), [`work`] (each tick of
//! the application and the SDK's retries), [`read`] (reading one lease's shard by polling or
//! fan-out). Here: the application's state.

mod deploy;
mod leases;
mod read;
mod work;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::{Ctx, SimTime};

pub(crate) use deploy::command;
pub(crate) use work::{retry, tick};

/// KCL's failoverTimeMillis default: a lease not renewed for this long may be taken.
pub const FAILOVER_MS: u64 = 10_000;

/// The AWS SDK retries a throttled call itself before the KCL sees the error: up to 3 times,
/// after a delay with "equal jitter" (half the ceiling plus a random part of the other half),
/// the ceiling doubling from this base. A refused reader thus asks again within a fraction of a
/// second while the reader that just succeeded waits its whole interval, which is what shares a
/// shard's read limit between classic consumers over time.
const SDK_RETRIES: u8 = 3;
const SDK_RETRY_BASE_MS: u64 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retrieval {
    /// GetRecords every `interval_ms` (KCL's idleTimeBetweenReadsInMillis, default 1000), at
    /// most `max_records` per call (KCL's maxRecords, default 10000).
    Polling { interval_ms: u32, max_records: u32 },
    /// Enhanced fan-out through a consumer registered under the application's name.
    FanOut,
}

/// Where a lease's shard has been processed up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Checkpoint {
    TrimHorizon,
    /// Everything up to and including this position is processed.
    At(u64),
    ShardEnd,
}

#[derive(Clone, Debug)]
pub struct Lease {
    pub shard: u32,
    pub parents: Vec<u32>,
    pub owner: Option<u16>,
    pub checkpoint: Checkpoint,
    /// Bumped on every take, as the KCL's leaseCounter.
    pub counter: u64,
    pub renewed: SimTime,
    pub processed: u64,
    pub millis_behind_latest: u64,
    iterator: Option<String>,
    /// The attempt of the SDK retry pending for a throttled read (0: none); the regular poll
    /// leaves the lease to it.
    retrying: u8,
}

#[derive(Clone, Debug)]
pub struct Worker {
    pub alive: bool,
}

#[derive(Clone, Debug)]
pub struct KclApp {
    pub name: String,
    pub stream: String,
    pub retrieval: Retrieval,
    pub workers: BTreeMap<u16, Worker>,
    pub leases: BTreeMap<u32, Lease>,
    serial: u64,
    next_worker: u16,
}

pub fn worker_name(app: &str, worker: u16) -> String {
    format!("{app}-worker-{worker}")
}

impl KclApp {
    fn interval(&self) -> u64 {
        match self.retrieval {
            Retrieval::Polling { interval_ms, .. } => (interval_ms as u64).clamp(200, 60_000),
            Retrieval::FanOut => 1_000,
        }
    }

    /// When the application first runs after a (re)start: real workers come up at arbitrary
    /// moments, so two applications started together do not poll in lockstep.
    fn first_tick_in(&self, ctx: &mut Ctx<'_>) -> u64 {
        1 + ctx.rng.below(self.interval())
    }

    /// The wait before the next tick. A polling worker sleeps idleTimeBetweenReads after
    /// processing, and processing takes a varying time, so real pollers drift against each
    /// other; without that drift the classic readers of a shard would meet at the same instants
    /// in the same order and the first ones would take the shared 2 MiB/s every time. The wait
    /// is uniform within half the interval either side, so the mean stays the interval; a
    /// narrower spread leaves two pollers in one relative phase for long enough that one of
    /// them keeps finding the shard's allowance just spent.
    /// Fan-out applications only checkpoint what was pushed: they keep a steady beat.
    fn next_tick_in(&self, ctx: &mut Ctx<'_>) -> u64 {
        let i = self.interval();
        match self.retrieval {
            Retrieval::Polling { .. } => i - i / 2 + ctx.rng.below(i + 1),
            Retrieval::FanOut => i,
        }
    }
}
