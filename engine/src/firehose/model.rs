//! Firehose state: delivery streams, their destination (S3), the buffer filling toward it, the
//! objects delivered; and the service's typed events and wake-ups.
//!
//! A buffer holds its records as shared `Arc<[u8]>`, so a checkpoint clone of a 128 MiB buffer
//! copies pointers, not data.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::sim::SimTime;

pub const MIB: u64 = 1024 * 1024;

/// AWS's BufferingHints defaults (for S3 destinations).
pub const DEFAULT_SIZE_MBS: u32 = 5;
pub const DEFAULT_INTERVAL_SECONDS: u32 = 300;

/// Firehose retries S3 delivery for up to 24 hours, then the data is lost.
pub const S3_RETRY_WINDOW_MS: u64 = 24 * 3_600_000;
/// Back-off between delivery attempts to an unavailable bucket: AWS does not publish its
/// schedule, so the sandbox doubles from 5 s up to 5 minutes (a readable retry timeline, and
/// a few hundred attempts over the 24 hours rather than thousands).
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compression {
    Uncompressed,
    Gzip,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::Uncompressed => "UNCOMPRESSED",
            Compression::Gzip => "GZIP",
        }
    }

    /// The file extension Firehose appends to object names.
    pub fn extension(self) -> &'static str {
        match self {
            Compression::Uncompressed => "",
            Compression::Gzip => ".gz",
        }
    }
}

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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardCursor {
    pub iterator: Option<String>,
    /// Sequence number of the last record read (to resume after an expired iterator).
    pub last_sequence_number: Option<String>,
    /// Read to the end of a closed shard.
    pub done: bool,
    /// Start at LATEST (the shard was open when reading began) rather than TRIM_HORIZON.
    pub from_latest: bool,
    pub records_read: u64,
}

/// The S3 destination (both the S3 and the ExtendedS3 shapes describe it).
#[derive(Clone, Debug, PartialEq)]
pub struct S3Destination {
    /// `destinationId-000000000001`.
    pub id: String,
    pub role_arn: String,
    pub bucket_arn: String,
    pub bucket: String,
    pub prefix: Option<String>,
    pub error_output_prefix: Option<String>,
    pub size_mbs: u32,
    pub interval_seconds: u32,
    pub compression: Compression,
    pub file_extension: Option<String>,
    pub encryption: serde_json::Value,
    pub cloud_watch_logging: serde_json::Value,
}

impl S3Destination {
    pub fn size_limit_bytes(&self) -> u64 {
        self.size_mbs as u64 * MIB
    }

    pub fn interval_ms(&self) -> u64 {
        self.interval_seconds as u64 * 1000
    }

    /// The extension delivered objects get: FileExtension if set, else the compression's.
    pub fn extension(&self) -> &str {
        match self.file_extension.as_deref() {
            Some(e) if !e.is_empty() => e,
            _ => self.compression.extension(),
        }
    }
}

/// The records waiting to be delivered, in arrival order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Buffer {
    pub records: Vec<Arc<[u8]>>,
    pub bytes: u64,
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
        self.records.is_empty()
    }
}

/// An object built from a flushed buffer, not yet in S3 (the bucket was unavailable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingObject {
    pub key: String,
    pub bytes: Arc<[u8]>,
    pub records: u64,
    /// Uncompressed bytes.
    pub raw_bytes: u64,
    pub first_arrival_ms: i64,
    /// When the first attempt failed (the 24-hour retry window starts there).
    pub first_failed_at: SimTime,
    pub attempts: u32,
}

/// What the destination has done so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DestinationCounters {
    pub records_in: u64,
    pub bytes_in: u64,
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
    pub destination: S3Destination,
    pub buffer: Buffer,
    pub pending: VecDeque<PendingObject>,
    pub retry_scheduled: bool,
    pub counters: DestinationCounters,
    /// The newest delivered objects (the store keeps every object; this is the stream's own
    /// history for the UI), oldest first.
    pub delivered: VecDeque<DeliveredObject>,
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
    /// Delivery of the object failed; Firehose retries.
    DeliveryFailed {
        stream: String,
        key: String,
        attempt: u32,
        code: String,
    },
    /// Retrying failed for 24 hours: the records are lost.
    DeliveryAbandoned {
        stream: String,
        key: String,
        records: u64,
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
}
