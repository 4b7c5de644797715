//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.

use serde::Serialize;

use super::kcl::{worker_name, Checkpoint, Retrieval};
use super::metrics::SecondMetrics;
use super::model::shard_id;
use super::producer::{KeyDistribution, ProducerStats};
use super::Kinesis;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StreamView {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub mode: String,
    pub retention_hours: u32,
    pub created_unix_ms: i64,
    pub open_shards: u32,
    pub encryption: String,
    pub shards: Vec<ShardView>,
    pub consumers: Vec<ConsumerView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShardView {
    pub shard_id: String,
    pub number: u32,
    pub parent_shard_id: Option<String>,
    pub adjacent_parent_shard_id: Option<String>,
    pub starting_hash_key: String,
    pub ending_hash_key: String,
    /// The same range as numbers, for drawing and picking split points without parsing.
    pub hash_range: HashKeyRange,
    pub open: bool,
    /// Records still readable (not yet past retention).
    pub records: u64,
    /// Records ever written.
    pub written: u64,
    /// The last minute, one entry per second with activity, oldest first.
    pub metrics: Vec<SecondMetrics>,
    /// How far behind each reader of this shard is (its latest MillisBehindLatest).
    pub readers: Vec<ReaderLagView>,
}

/// A shard's hash key range, both ends inclusive, as the numbers Kinesis compares a record's
/// hash key with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HashKeyRange {
    pub start: u128,
    pub end: u128,
}

impl HashKeyRange {
    pub fn contains(&self, hash_key: u128) -> bool {
        self.start <= hash_key && hash_key <= self.end
    }

    /// Whether the two ranges meet with no gap between them (what MergeShards requires).
    pub fn is_adjacent_to(&self, other: &HashKeyRange) -> bool {
        self.end.checked_add(1) == Some(other.start) || other.end.checked_add(1) == Some(self.start)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReaderLagView {
    pub reader: String,
    pub millis_behind_latest: u64,
    /// Virtual time of its latest read.
    pub at: u64,
}

/// What a closed shard still holds, for drawing its lane draining: its records leave it only
/// through retention, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RemainingRecordsView {
    pub records: u64,
    /// Arrival times (Unix ms, as ApproximateArrivalTimestamp) of the oldest and the newest
    /// record still readable; subtract `World::now_unix_ms() - World::now()` for virtual time.
    pub oldest_arrival_unix_ms: i64,
    pub newest_arrival_unix_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsumerView {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub subscriptions: Vec<SubscriptionView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionView {
    pub shard_id: String,
    /// Records of the shard not yet pushed.
    pub records_behind: u64,
    pub millis_behind_latest: u64,
    pub ends_at: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerView {
    pub id: String,
    pub stream: String,
    pub rate: u32,
    pub record_bytes: u32,
    pub keys: KeyDistribution,
    pub batch: u16,
    pub stats: ProducerStats,
    pub waiting_retries: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KclView {
    pub app: String,
    pub stream: String,
    pub retrieval: Retrieval,
    pub workers: Vec<WorkerView>,
    pub leases: Vec<LeaseView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkerView {
    pub worker: String,
    pub alive: bool,
    pub leases: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeaseView {
    pub shard_id: String,
    pub parent_shard_ids: Vec<String>,
    pub owner: Option<String>,
    /// `TRIM_HORIZON`, `SHARD_END` or the sequence number last checkpointed.
    pub checkpoint: String,
    pub lease_counter: u64,
    pub records_processed: u64,
    /// The consumer's lag on this shard (what GetRecords.IteratorAgeMilliseconds shows).
    pub millis_behind_latest: u64,
    /// Waiting for a parent shard to be finished.
    pub blocked_by_parent: bool,
}

/// Read-only handle on Kinesis for the UI, from `world.view().kinesis()`: every answer is a
/// plain `*View` (or wire) value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    k: &'a Kinesis,
    #[allow(dead_code)]
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(k: &'a Kinesis, now_unix_ms: i64) -> Self {
        Self { k, now_unix_ms }
    }
}

impl Snapshot<'_> {
    /// Every stream, by name.
    pub fn streams(&self) -> Vec<StreamView> {
        self.k.streams.keys().filter_map(|n| self.stream(n)).collect()
    }

    pub fn stream_names(&self) -> Vec<String> {
        self.k.streams.keys().cloned().collect()
    }

    pub fn stream(&self, name: &str) -> Option<StreamView> {
        let s = self.k.streams.get(name)?;
        Some(StreamView {
            name: s.name.clone(),
            arn: s.arn.clone(),
            status: s.status.as_str().to_string(),
            mode: s.mode.as_str().to_string(),
            retention_hours: s.retention_hours,
            created_unix_ms: s.created_ms,
            open_shards: s.open_shard_count(),
            encryption: if s.encryption_key.is_some() { "KMS" } else { "NONE" }.to_string(),
            shards: s
                .shards
                .iter()
                .map(|sh| ShardView {
                    shard_id: sh.id(),
                    number: sh.number,
                    parent_shard_id: sh.parent.map(shard_id),
                    adjacent_parent_shard_id: sh.adjacent_parent.map(shard_id),
                    starting_hash_key: sh.starting_hash_key.to_string(),
                    ending_hash_key: sh.ending_hash_key.to_string(),
                    hash_range: HashKeyRange {
                        start: sh.starting_hash_key,
                        end: sh.ending_hash_key,
                    },
                    open: sh.is_open(),
                    records: sh.records.len(),
                    written: sh.records.end(),
                    metrics: sh.metrics.seconds().copied().collect(),
                    readers: sh
                        .metrics
                        .lags()
                        .map(|(reader, l)| ReaderLagView {
                            reader: reader.to_string(),
                            millis_behind_latest: l.millis_behind_latest,
                            at: l.at,
                        })
                        .collect(),
                })
                .collect(),
            consumers: s
                .consumers
                .values()
                .map(|c| ConsumerView {
                    name: c.name.clone(),
                    arn: c.arn.clone(),
                    status: c.status.as_str().to_string(),
                    subscriptions: c
                        .subscriptions
                        .iter()
                        .map(|(&n, sub)| {
                            let shard = s.shard(n);
                            SubscriptionView {
                                shard_id: shard_id(n),
                                records_behind: shard
                                    .map_or(0, |x| x.records.end().saturating_sub(sub.position)),
                                millis_behind_latest: shard
                                    .and_then(|x| x.records.get(sub.position))
                                    .map_or(0, |r| (self.now_unix_ms - r.arrival_ms).max(0) as u64),
                                ends_at: sub.ends,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The open shard a record with this partition key (and no explicit hash key) goes to
    /// now: the MD5 of the key routed as PutRecord routes it.
    pub fn shard_for_partition_key(&self, stream: &str, partition_key: &str) -> Option<String> {
        let s = self.k.streams.get(stream)?;
        s.route(super::routing::hash_of_partition_key(partition_key)).map(shard_id)
    }

    /// Per-second metrics of one shard (the last minute).
    pub fn shard_metrics(&self, stream: &str, shard: u32) -> Vec<SecondMetrics> {
        self.k
            .streams
            .get(stream)
            .and_then(|s| s.shard(shard))
            .map(|s| s.metrics.seconds().copied().collect())
            .unwrap_or_default()
    }

    /// The records a closed shard still holds, or `None` for an open shard (still written,
    /// read its metrics instead), an emptied one, or one that does not exist.
    pub fn closed_shard_remaining(&self, stream: &str, shard: u32) -> Option<RemainingRecordsView> {
        let sh = self.k.streams.get(stream)?.shard(shard).filter(|s| !s.is_open())?;
        let log = &sh.records;
        let oldest = log.get(log.start())?;
        let newest = log.get(log.end().checked_sub(1)?)?;
        Some(RemainingRecordsView {
            records: log.len(),
            oldest_arrival_unix_ms: oldest.arrival_ms,
            newest_arrival_unix_ms: newest.arrival_ms,
        })
    }

    pub fn producers(&self) -> Vec<ProducerView> {
        self.k
            .producers
            .values()
            .map(|p| ProducerView {
                id: p.id.clone(),
                stream: p.stream.clone(),
                rate: p.rate,
                record_bytes: p.record_bytes,
                keys: p.keys.clone(),
                batch: p.batch,
                stats: p.stats.clone(),
                waiting_retries: p.retry_queue_len(),
            })
            .collect()
    }

    pub fn kcl_apps(&self) -> Vec<KclView> {
        self.k
            .apps
            .values()
            .map(|a| KclView {
                app: a.name.clone(),
                stream: a.stream.clone(),
                retrieval: a.retrieval.clone(),
                workers: a
                    .workers
                    .iter()
                    .map(|(&id, w)| WorkerView {
                        worker: worker_name(&a.name, id),
                        alive: w.alive,
                        leases: a
                            .leases
                            .values()
                            .filter(|l| l.owner == Some(id) && l.checkpoint != Checkpoint::ShardEnd)
                            .count() as u32,
                    })
                    .collect(),
                leases: a
                    .leases
                    .values()
                    .map(|l| LeaseView {
                        shard_id: shard_id(l.shard),
                        parent_shard_ids: l.parents.iter().map(|&p| shard_id(p)).collect(),
                        owner: l.owner.map(|o| worker_name(&a.name, o)),
                        checkpoint: match l.checkpoint {
                            Checkpoint::TrimHorizon => "TRIM_HORIZON".into(),
                            Checkpoint::ShardEnd => "SHARD_END".into(),
                            Checkpoint::At(p) => self
                                .k
                                .streams
                                .get(&a.stream)
                                .map(|s| s.sequence_number(l.shard, p, 0))
                                .unwrap_or_default(),
                        },
                        lease_counter: l.counter,
                        records_processed: l.processed,
                        millis_behind_latest: l.millis_behind_latest,
                        blocked_by_parent: l.parents.iter().any(|p| {
                            a.leases.get(p).is_some_and(|pl| pl.checkpoint != Checkpoint::ShardEnd)
                        }),
                    })
                    .collect(),
            })
            .collect()
    }
}
