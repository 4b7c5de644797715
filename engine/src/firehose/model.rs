//! Firehose state: delivery streams, their destination (S3), the buffer filling toward it, the
//! objects delivered; and the service's typed events and wake-ups.
//!
//! A buffer holds its records as shared `Arc<[u8]>`, so a checkpoint clone of a 128 MiB buffer
//! copies pointers, not data.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::sim::SimTime;

pub const MIB: u64 = 1024 * 1024;

/// AWS's BufferingHints defaults (for S3 destinations).
pub const DEFAULT_SIZE_MBS: u32 = 5;
pub const DEFAULT_INTERVAL_SECONDS: u32 = 300;

/// Firehose retries S3 delivery for up to 24 hours, then the data is lost.
pub const S3_RETRY_WINDOW_MS: u64 = 24 * 3_600_000;
/// Back-off between delivery attempts to an unavailable destination (S3, Redshift, OpenSearch):
/// AWS does not publish its schedule, so the sandbox doubles from 5 s up to 5 minutes (a
/// readable retry timeline, and a few hundred attempts over 24 hours rather than thousands).
/// The last attempt is placed exactly at the end of the retry duration (24 h for S3,
/// RetryOptions.DurationInSeconds for Redshift and OpenSearch, counted from the first failed
/// attempt), so giving up happens at first failure + duration, to the millisecond.
pub const S3_RETRY_FIRST_DELAY_MS: u64 = 5_000;
pub const S3_RETRY_MAX_DELAY_MS: u64 = 300_000;
/// A Kinesis stream source: Firehose calls GetRecords once per second per shard.
pub const SOURCE_POLL_EVERY_MS: u64 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeliveryStreamStatus {
    Creating,
    Active,
    Deleting,
}

impl DeliveryStreamStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStreamStatus::Creating => "CREATING",
            DeliveryStreamStatus::Active => "ACTIVE",
            DeliveryStreamStatus::Deleting => "DELETING",
        }
    }
}

pub use super::settings::*;
pub use super::tap::{Tap, TAP_KEPT};
pub use crate::compression::Compression;

/// Where the delivery stream's records come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// PutRecord and PutRecordBatch.
    DirectPut,
    /// Firehose reads a Kinesis data stream like a consumer.
    KinesisStream(KinesisSource),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KinesisSource {
    pub stream_arn: String,
    pub stream_name: String,
    pub role_arn: String,
    /// When reading began (DeliveryStartTimestamp): the stream became ACTIVE.
    pub started_ms: Option<i64>,
    /// Read position per shard number.
    pub shards: BTreeMap<u32, ShardCursor>,
    /// Shards open when reading began start at LATEST; later ones (children after a reshard)
    /// at TRIM_HORIZON.
    pub initialized: bool,
}

/// Where the source is in one shard: the Kinesis reader's cursor.
pub use crate::kinesis::reader::ShardCursor;

/// A destination a learner can take down (`FirehoseCommand::SetDestinationOutage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    S3,
    Redshift,
    OpenSearch,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::S3 => "S3",
            Target::Redshift => "Redshift",
            Target::OpenSearch => "OpenSearch",
        }
    }
}

/// A record the transform marked ProcessingFailed, waiting to be written under the error
/// prefix with the next flush.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedRecord {
    pub data: Arc<[u8]>,
    pub arrival_ms: i64,
    pub code: String,
    pub message: String,
}

/// The records waiting to be delivered, in arrival order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Buffer {
    pub records: Vec<Arc<[u8]>>,
    /// Arrival (Unix ms) of each record.
    pub arrivals: Vec<i64>,
    pub bytes: u64,
    /// Records the transform failed; they leave with the next flush, to the error prefix.
    pub failed: Vec<FailedRecord>,
    /// Arrival of the oldest record (Unix ms): dates the object's prefix and name.
    pub first_arrival_ms: Option<i64>,
    pub first_at: Option<SimTime>,
    /// When the interval hint flushes it.
    pub flush_at: Option<SimTime>,
    /// Tells the wake-up of this buffer apart from one of an earlier, already flushed buffer.
    pub serial: u64,
}

impl Buffer {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.failed.is_empty()
    }
}

/// What a flushed batch still has to go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Write the batch's object to S3: the delivered object (S3), the staged object
    /// (Redshift, a COPY follows) or the backup of all documents (OpenSearch AllDocuments).
    Store { key: String, bytes: Arc<[u8]> },
    /// Redshift COPY from the staged object.
    Copy { key: String },
    /// OpenSearch bulk request of the batch's records.
    Index,
    /// Write an object under the error prefix (transform failures, failed documents, a
    /// Redshift manifest of skipped objects).
    StoreError { key: String, bytes: Arc<[u8]>, error_type: String },
}

/// A flushed buffer on its way to the destination. Batches are delivered in order: one being
/// retried holds the ones behind it, as Firehose's delivery does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub records: Vec<Arc<[u8]>>,
    pub arrivals: Vec<i64>,
    /// Uncompressed bytes.
    pub raw_bytes: u64,
    pub first_arrival_ms: i64,
    pub stage: Stage,
    /// Failed attempts at the current stage.
    pub attempts: u32,
    /// When the current stage first failed: its retry duration counts from there.
    pub first_failed_at: Option<SimTime>,
}

impl Batch {
    pub fn records(&self) -> u64 {
        self.records.len() as u64
    }
}

/// What the destination has done so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DestinationCounters {
    /// Records accepted (before the transform, if any).
    pub records_in: u64,
    pub bytes_in: u64,
    /// Records that reached the destination: in a delivered S3 object, loaded as table rows
    /// (Redshift) or indexed as documents (OpenSearch).
    pub records_delivered: u64,
    /// Uncompressed bytes delivered.
    pub bytes_delivered: u64,
    /// Bytes written to S3 (after compression).
    pub object_bytes_written: u64,
    pub objects_delivered: u64,
    pub flushes_by_size: u64,
    pub flushes_by_interval: u64,
    pub flushes_by_update: u64,
    pub delivery_failures: u64,
    /// Records lost after the 24-hour retry window.
    pub records_lost: u64,
    /// The transform's results (records reaching it).
    pub transform_ok: u64,
    pub transform_dropped: u64,
    pub transform_failed: u64,
    /// Records written under the error prefix (transform failures, failed documents, records
    /// of objects a Redshift manifest lists as skipped).
    pub records_to_error_prefix: u64,
    pub error_objects: u64,
    pub rows_loaded: u64,
    pub documents_indexed: u64,
    /// Puts refused with ServiceUnavailableException (the throughput limits).
    pub puts_throttled: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveredObject {
    pub bucket: String,
    pub key: String,
    pub records: u64,
    /// Uncompressed.
    pub bytes: u64,
    /// As stored.
    pub object_bytes: u64,
    pub first_arrival_ms: i64,
    pub delivered_ms: i64,
}

/// One delivery attempt that failed, or the success that ended a run of failures: the retry
/// timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub at: SimTime,
    pub target: Target,
    /// The object key, `COPY <table>` or `bulk <index>`.
    pub what: String,
    /// 1 for the first attempt of this stage.
    pub attempt: u32,
    pub ok: bool,
    pub code: Option<String>,
    /// When the next attempt is due (none: it succeeded, or retrying stopped).
    pub next_attempt_at: Option<SimTime>,
}

/// At most this many attempts are remembered per stream.
pub const ATTEMPT_HISTORY: usize = 500;

/// DeliveryStreamEncryptionConfiguration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Encryption {
    /// ENABLED, ENABLING, DISABLED, DISABLING.
    pub status: String,
    pub key_type: Option<String>,
    pub key_arn: Option<String>,
    /// Tells a transition's wake-up apart from a superseded one.
    pub serial: u64,
}

impl Default for Encryption {
    fn default() -> Self {
        Self { status: "DISABLED".into(), key_type: None, key_arn: None, serial: 0 }
    }
}

/// Direct puts in the current one-second window (the throughput limits).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PutWindow {
    pub second: u64,
    pub requests: u64,
    pub records: u64,
    pub bytes: u64,
}

/// AWS's default per-delivery-stream quotas in us-east-1, us-west-2 and eu-west-1.
pub const LIMIT_RECORDS_PER_SECOND: u64 = 500_000;
pub const LIMIT_REQUESTS_PER_SECOND: u64 = 2_000;
pub const LIMIT_BYTES_PER_SECOND: u64 = 5 * MIB;

#[derive(Clone, Debug)]
pub struct DeliveryStream {
    pub name: String,
    pub arn: String,
    pub status: DeliveryStreamStatus,
    pub source: Source,
    pub created_ms: i64,
    pub updated_ms: Option<i64>,
    /// VersionId: 1 at creation, one more with each UpdateDestination.
    pub version: u64,
    /// Distinguishes this stream from an earlier one of the same name (stale wake-ups).
    pub generation: u64,
    pub tags: BTreeMap<String, String>,
    /// The S3 destination, or the S3Configuration of a Redshift or OpenSearch destination.
    pub destination: S3Destination,
    pub kind: DestinationKind,
    /// Whether the S3 description is the Extended one.
    pub extended: bool,
    pub processing: Option<super::transform::Processing>,
    pub buffer: Buffer,
    pub pending: VecDeque<Batch>,
    pub retry_scheduled: bool,
    /// Destinations the learner took down.
    pub outages: BTreeSet<Target>,
    pub counters: DestinationCounters,
    /// The newest delivered objects (the store keeps every object; this is the stream's own
    /// history for the UI), oldest first.
    pub delivered: VecDeque<DeliveredObject>,
    /// Error objects written (keys), oldest first.
    pub error_objects: VecDeque<DeliveredObject>,
    pub attempts: VecDeque<Attempt>,
    pub encryption: Encryption,
    pub window: PutWindow,
    /// What a DirectPut stream accepted, for Kinesis Data Analytics inputs to pull.
    pub tap: Tap,
}

/// At most this many delivered objects are remembered per stream.
pub const DELIVERED_HISTORY: usize = 1000;

impl DeliveryStream {
    pub fn type_name(&self) -> &'static str {
        match self.source {
            Source::DirectPut => "DirectPut",
            Source::KinesisStream(_) => "KinesisStreamAsSource",
        }
    }

    /// The buffer's size hint: the OpenSearch BufferingHints for OpenSearch, else the S3
    /// destination's (Redshift buffers by its S3Configuration's).
    pub fn buffer_limit_bytes(&self) -> u64 {
        match &self.kind {
            DestinationKind::OpenSearch(o) => o.size_mbs as u64 * MIB,
            _ => self.destination.size_limit_bytes(),
        }
    }

    pub fn buffer_interval_ms(&self) -> u64 {
        match &self.kind {
            DestinationKind::OpenSearch(o) => o.interval_seconds as u64 * 1000,
            _ => self.destination.interval_ms(),
        }
    }

    pub fn target(&self) -> Target {
        match self.kind {
            DestinationKind::S3 => Target::S3,
            DestinationKind::Redshift(_) => Target::Redshift,
            DestinationKind::OpenSearch(_) => Target::OpenSearch,
        }
    }
}

// ----- events ---------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlushReason {
    /// The buffer reached SizeInMBs.
    Size,
    /// IntervalInSeconds passed since the buffer's first record.
    Interval,
    /// UpdateDestination: what was buffered is delivered under the old configuration.
    ConfigurationUpdate,
}

/// Everything a learner can watch Firehose do. Integers and strings only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    DeliveryStreamCreated {
        stream: String,
        source: String,
        bucket: String,
    },
    DeliveryStreamStatusChanged {
        stream: String,
        status: String,
    },
    DeliveryStreamDeleted {
        stream: String,
    },
    /// UpdateDestination or tags changed; `version` is the VersionId after it.
    DeliveryStreamUpdated {
        stream: String,
        version: u64,
        what: String,
    },
    /// The transform ran on a put's records (Lambda results Ok, Dropped, ProcessingFailed).
    RecordsTransformed {
        stream: String,
        ok: u32,
        dropped: u32,
        failed: u32,
    },
    /// Records entered the buffer; the totals after them let the UI draw the gauge.
    RecordsBuffered {
        stream: String,
        records: u32,
        bytes: u64,
        buffer_records: u64,
        buffer_bytes: u64,
        /// `PutRecord`, `PutRecordBatch`, or the Kinesis shard it was read from.
        source: String,
    },
    BufferFlushed {
        stream: String,
        reason: FlushReason,
        records: u64,
        /// Uncompressed bytes.
        bytes: u64,
        key: String,
        /// How long the oldest record waited (arrival to flush): the delivery latency.
        oldest_record_age_ms: u64,
    },
    /// A delivery attempt failed; Firehose retries at `retry_at` (virtual time), or, without
    /// one, gives up (see DeliveryAbandoned and ErrorObjectWritten).
    DeliveryFailed {
        stream: String,
        /// `S3`, `Redshift` or `OpenSearch`.
        target: String,
        key: String,
        attempt: u32,
        code: String,
        retry_at: Option<u64>,
    },
    /// A retried delivery went through after `attempts` failed attempts.
    DeliveryRecovered {
        stream: String,
        target: String,
        key: String,
        attempts: u32,
    },
    /// Retrying S3 failed for 24 hours: the records are lost.
    DeliveryAbandoned {
        stream: String,
        key: String,
        records: u64,
    },
    /// A Redshift COPY loaded rows from the staged object.
    RowsLoaded {
        stream: String,
        table: String,
        key: String,
        rows: u64,
    },
    /// A bulk request indexed documents (`failed` were refused one by one and go to S3).
    DocumentsIndexed {
        stream: String,
        index: String,
        documents: u64,
        failed: u64,
    },
    /// An object under the error prefix: `error_type` is the `!{firehose:error-output-type}`
    /// (`processing-failed`, `AmazonOpenSearchService-failed`, `elasticsearch-failed`) or
    /// `redshift-manifest` for a manifest of skipped objects.
    ErrorObjectWritten {
        stream: String,
        key: String,
        records: u64,
        error_type: String,
    },
    /// The learner took a destination down or brought it back.
    DestinationOutage {
        stream: String,
        target: String,
        down: bool,
    },
    EncryptionStatusChanged {
        stream: String,
        status: String,
    },
    /// A put over the throughput limits was refused (ServiceUnavailableException).
    PutThrottled {
        stream: String,
        records: u64,
        /// `requests`, `records` or `bytes`.
        limit: String,
    },
    /// The buffer was discarded (the delivery stream was deleted).
    BufferDiscarded {
        stream: String,
        records: u64,
        bytes: u64,
    },
}

/// Scheduled wake-ups of the Firehose service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    /// CREATING -> ACTIVE, DELETING -> gone.
    Transition { stream: String, generation: u64 },
    /// The interval hint of buffer `serial` is up.
    Flush { stream: String, generation: u64, serial: u64 },
    /// Try the pending deliveries again.
    Retry { stream: String, generation: u64 },
    /// Read the Kinesis source stream.
    SourcePoll { stream: String, generation: u64 },
    /// ENABLING -> ENABLED, DISABLING -> DISABLED.
    Encryption { stream: String, generation: u64, serial: u64 },
}
