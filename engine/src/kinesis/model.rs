//! Kinesis state: streams, shards, enhanced fan-out consumers; and the service's typed events
//! and wake-ups. The records a shard holds are its [`RecordLog`] ([`super::records`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::limits::{ReadAllowance, WriteWindow};
use super::metrics::ShardMetrics;
pub use super::records::{RecordLog, StoredRecord};
use super::sequence;
use crate::sim::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StreamStatus {
    Creating,
    Deleting,
    Active,
    Updating,
}

impl StreamStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStatus::Creating => "CREATING",
            StreamStatus::Deleting => "DELETING",
            StreamStatus::Active => "ACTIVE",
            StreamStatus::Updating => "UPDATING",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StreamMode {
    Provisioned,
    OnDemand,
}

impl StreamMode {
    pub fn as_str(self) -> &'static str {
        match self {
            StreamMode::Provisioned => "PROVISIONED",
            StreamMode::OnDemand => "ON_DEMAND",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PROVISIONED" => Some(StreamMode::Provisioned),
            "ON_DEMAND" => Some(StreamMode::OnDemand),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsumerStatus {
    Creating,
    Deleting,
    Active,
}

impl ConsumerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumerStatus::Creating => "CREATING",
            ConsumerStatus::Deleting => "DELETING",
            ConsumerStatus::Active => "ACTIVE",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Shard {
    /// `shardId-000000000003` is number 3.
    pub number: u32,
    pub parent: Option<u32>,
    pub adjacent_parent: Option<u32>,
    pub starting_hash_key: u128,
    pub ending_hash_key: u128,
    pub created_ms: i64,
    /// When resharding closed it; a closed shard takes no writes but stays readable until its
    /// records pass retention.
    pub closed_ms: Option<i64>,
    pub records: RecordLog,
    pub write: WriteWindow,
    /// Shared by every classic (GetRecords) consumer.
    pub read: ReadAllowance,
    pub metrics: ShardMetrics,
}

pub fn shard_id(number: u32) -> String {
    format!("shardId-{number:012}")
}

impl Shard {
    pub fn new(number: u32, range: (u128, u128), now: SimTime, unix_ms: i64) -> Self {
        Self {
            number,
            parent: None,
            adjacent_parent: None,
            starting_hash_key: range.0,
            ending_hash_key: range.1,
            created_ms: unix_ms,
            closed_ms: None,
            records: RecordLog::default(),
            write: WriteWindow::default(),
            read: ReadAllowance::new(now),
            metrics: ShardMetrics::default(),
        }
    }

    pub fn id(&self) -> String {
        shard_id(self.number)
    }

    pub fn is_open(&self) -> bool {
        self.closed_ms.is_none()
    }

    pub fn contains(&self, hash: u128) -> bool {
        self.starting_hash_key <= hash && hash <= self.ending_hash_key
    }
}

/// A change that takes effect when the stream's UPDATING (or CREATING) delay has passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingChange {
    Create { shards: u32 },
    Split { shard: u32, new_starting_hash_key: u128 },
    Merge { shard: u32, adjacent: u32 },
    Uniform { target: u32 },
    Mode(StreamMode),
    Encryption(Option<String>),
}

/// An enhanced fan-out consumer.
#[derive(Clone, Debug)]
pub struct Consumer {
    pub name: String,
    pub arn: String,
    pub status: ConsumerStatus,
    pub created_ms: i64,
    pub generation: u64,
    pub tags: BTreeMap<String, String>,
    /// Open SubscribeToShard connections, by shard number.
    pub subscriptions: BTreeMap<u32, Subscription>,
}

#[derive(Clone, Debug)]
pub struct Subscription {
    /// Next position to push.
    pub position: u64,
    pub started: SimTime,
    /// A subscription lasts 5 minutes; the client then subscribes again.
    pub ends: SimTime,
    /// This consumer's own 2 MiB/s on this shard.
    pub allowance: ReadAllowance,
    /// Tells wake-ups of an older subscription to the same shard apart.
    pub serial: u64,
    /// The shard was drained and closed: the last event listed the children.
    pub finished: bool,
}

pub const SUBSCRIPTION_LIFETIME_MS: u64 = 300_000;
/// How often a subscription pushes what has arrived (AWS pushes within about 70 ms; the sandbox
/// batches into 200 ms so animations stay readable).
pub const SUBSCRIPTION_PUSH_EVERY_MS: u64 = 200;

#[derive(Clone, Debug)]
pub struct Stream {
    pub name: String,
    pub arn: String,
    pub status: StreamStatus,
    pub mode: StreamMode,
    pub created_ms: i64,
    /// Distinguishes this stream from an earlier one of the same name (stale wake-ups).
    pub generation: u64,
    pub retention_hours: u32,
    /// Index = shard number.
    pub shards: Vec<Shard>,
    /// Open shards by starting hash key: (start, end, shard number), sorted.
    pub routing: Vec<(u128, u128, u32)>,
    pub tags: BTreeMap<String, String>,
    pub encryption_key: Option<String>,
    pub enhanced_metrics: BTreeSet<String>,
    pub consumers: BTreeMap<String, Consumer>,
    pub pending: Vec<PendingChange>,
    pub max_record_kib: u32,
    /// The next record index (sequence numbers' shared counter).
    pub next_record_index: u64,
    /// UpdateStreamWarmThroughput's target, MiB/s (on-demand streams only).
    pub warm_throughput_mibps: Option<u32>,
    /// Highest write rate seen in any one second (on-demand scaling follows it).
    pub peak_write_bytes_per_sec: u64,
    pub peak_write_records_per_sec: u64,
}

impl Stream {
    pub fn stream_secs(&self) -> u64 {
        (self.created_ms.max(0) / 1000) as u64
    }

    pub fn rebuild_routing(&mut self) {
        self.routing = self
            .shards
            .iter()
            .filter(|s| s.is_open())
            .map(|s| (s.starting_hash_key, s.ending_hash_key, s.number))
            .collect();
        self.routing.sort_unstable();
    }

    /// The open shard whose hash key range holds `hash`.
    pub fn route(&self, hash: u128) -> Option<u32> {
        let i = self.routing.partition_point(|&(start, _, _)| start <= hash);
        let &(_, end, n) = self.routing.get(i.checked_sub(1)?)?;
        (hash <= end).then_some(n)
    }

    pub fn open_shard_count(&self) -> u32 {
        self.routing.len() as u32
    }

    pub fn shard(&self, number: u32) -> Option<&Shard> {
        self.shards.get(number as usize)
    }

    /// The sequence number of the record at `position` (or, past the last record, of the
    /// next one to come).
    pub fn sequence_number(&self, shard: u32, position: u64, unix_ms: i64) -> String {
        sequence::at_position(self, shard, position, unix_ms)
    }

    /// Shards created by splitting or merging `parent`.
    pub fn children_of(&self, parent: u32) -> Vec<&Shard> {
        self.shards
            .iter()
            .filter(|s| s.parent == Some(parent) || s.adjacent_parent == Some(parent))
            .collect()
    }

    pub fn retention_ms(&self) -> i64 {
        self.retention_hours as i64 * 3_600_000
    }
}

// ----- events ---------------------------------------------------------------------------------

/// Everything a learner can watch Kinesis do. Integers and strings only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    StreamCreated {
        stream: String,
        mode: String,
        shards: u32,
    },
    StreamStatusChanged {
        stream: String,
        status: String,
    },
    StreamDeleted {
        stream: String,
    },
    /// Something about the stream changed without a status change (retention, tags, metrics).
    StreamUpdated {
        stream: String,
        what: String,
    },
    ShardOpened {
        stream: String,
        shard_id: String,
        starting_hash_key: String,
        ending_hash_key: String,
    },
    ShardSplit {
        stream: String,
        parent: String,
        children: Vec<String>,
    },
    ShardsMerged {
        stream: String,
        parents: Vec<String>,
        child: String,
    },
    ShardClosed {
        stream: String,
        shard_id: String,
    },
    /// One PutRecord(s) call's records that landed on one shard. The sample (the first of them)
    /// lets the UI draw a dot with its partition key, hash key and sequence number.
    RecordsPut {
        stream: String,
        shard_id: String,
        count: u32,
        bytes: u64,
        first_sequence_number: String,
        last_sequence_number: String,
        sample_partition_key: String,
        sample_hash_key: String,
        /// Whether the sample's hash key was given as ExplicitHashKey rather than being the MD5
        /// of its partition key.
        explicit_hash_key: bool,
        /// The simulated producer that sent them, if any.
        producer: Option<String>,
    },
    /// Requests refused for exceeding a shard's throughput.
    Throttled {
        stream: String,
        shard_id: String,
        operation: String,
        records: u32,
        reader: Option<String>,
    },
    RecordsRead {
        stream: String,
        shard_id: String,
        /// `GetRecords` callers are named by the actor that called (or `api`); fan-out
        /// consumers by their name.
        reader: String,
        count: u32,
        bytes: u64,
        first_sequence_number: String,
        millis_behind_latest: u64,
    },
    RecordsExpired {
        stream: String,
        shard_id: String,
        count: u64,
    },
    ConsumerRegistered {
        stream: String,
        consumer: String,
    },
    ConsumerStatusChanged {
        stream: String,
        consumer: String,
        status: String,
    },
    ConsumerDeregistered {
        stream: String,
        consumer: String,
    },
    SubscriptionStarted {
        stream: String,
        consumer: String,
        shard_id: String,
    },
    SubscriptionEnded {
        stream: String,
        consumer: String,
        shard_id: String,
        reason: String,
    },
    OnDemandScaled {
        stream: String,
        from_shards: u32,
        to_shards: u32,
    },
    ProducerStarted {
        producer: String,
        stream: String,
    },
    ProducerStopped {
        producer: String,
    },
    /// Throttled records the producer will send again after `delay_ms`.
    ProducerRetrying {
        producer: String,
        /// The stream it writes to (the UI counts retries per stream).
        stream: String,
        records: u32,
        attempt: u32,
        delay_ms: u64,
    },
    /// Records the producer gave up on after its last retry.
    RecordsDropped {
        producer: String,
        stream: String,
        records: u32,
    },
    WorkerStarted {
        app: String,
        worker: String,
    },
    WorkerStopped {
        app: String,
        worker: String,
    },
    LeaseCreated {
        app: String,
        shard_id: String,
    },
    LeaseTaken {
        app: String,
        shard_id: String,
        worker: String,
        from_worker: Option<String>,
    },
    Checkpointed {
        app: String,
        shard_id: String,
        worker: String,
        sequence_number: String,
    },
    /// The worker read its shard to the end and checkpointed SHARD_END: children may start.
    ShardEnded {
        app: String,
        shard_id: String,
        worker: String,
    },
}

/// Scheduled wake-ups of the Kinesis service. `KclRetry` is the SDK's retry of a throttled
/// GetRecords on one lease (`attempt` counts from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    StreamTransition { stream: String, generation: u64 },
    ConsumerTransition { stream: String, consumer: String, generation: u64 },
    RetentionSweep { stream: String, generation: u64 },
    OnDemandCheck { stream: String, generation: u64 },
    SubscriptionPush { stream: String, consumer: String, shard: u32, serial: u64 },
    Producer { id: String, serial: u64 },
    Kcl { app: String, serial: u64 },
    KclRetry { app: String, shard: u32, serial: u64, attempt: u8 },
}
