//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.

use serde::Serialize;

use super::model::{DeliveredObject, DestinationCounters, Source};
use super::source::reader_name;
use super::Firehose;
use crate::sim::SimTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryStreamView {
    pub name: String,
    pub arn: String,
    pub status: String,
    /// `DirectPut` or `KinesisStreamAsSource`.
    pub source_type: String,
    /// The Kinesis stream read, for a stream source.
    pub source_stream: Option<String>,
    /// How the source shows in the Kinesis stream's reader list.
    pub source_reader: Option<String>,
    pub version: u64,
    pub created_unix_ms: i64,
    pub destination: DestinationView,
    pub buffer: BufferView,
    pub counters: DestinationCounters,
    /// Objects built but not yet in S3 (the bucket is unavailable; Firehose retries).
    pub pending_objects: u64,
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DestinationView {
    pub destination_id: String,
    pub bucket: String,
    pub bucket_arn: String,
    pub prefix: Option<String>,
    pub error_output_prefix: Option<String>,
    pub size_in_mbs: u32,
    pub interval_in_seconds: u32,
    pub compression: String,
}

/// The buffer as a gauge: filling by size toward `size_limit_bytes`, by time toward
/// `flush_at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BufferView {
    pub records: u64,
    pub bytes: u64,
    pub size_limit_bytes: u64,
    /// Unix ms of the oldest record's arrival.
    pub first_arrival_unix_ms: Option<i64>,
    /// Virtual time of the oldest record's arrival.
    pub first_at: Option<SimTime>,
    /// Virtual time the interval hint flushes the buffer.
    pub flush_at: Option<SimTime>,
}

impl Firehose {
    pub fn delivery_stream_names(&self) -> Vec<String> {
        self.streams.keys().cloned().collect()
    }

    /// Every delivery stream, by name.
    pub fn delivery_streams(&self) -> Vec<DeliveryStreamView> {
        self.streams.keys().filter_map(|n| self.delivery_stream(n)).collect()
    }

    pub fn delivery_stream(&self, name: &str) -> Option<DeliveryStreamView> {
        let s = self.streams.get(name)?;
        let d = &s.destination;
        let source_stream = match &s.source {
            Source::KinesisStream(k) => Some(k.stream_name.clone()),
            Source::DirectPut => None,
        };
        Some(DeliveryStreamView {
            name: s.name.clone(),
            arn: s.arn.clone(),
            status: s.status.as_str().to_string(),
            source_type: s.type_name().to_string(),
            source_reader: source_stream.as_ref().map(|_| reader_name(name)),
            source_stream,
            version: s.version,
            created_unix_ms: s.created_ms,
            destination: DestinationView {
                destination_id: d.id.clone(),
                bucket: d.bucket.clone(),
                bucket_arn: d.bucket_arn.clone(),
                prefix: d.prefix.clone(),
                error_output_prefix: d.error_output_prefix.clone(),
                size_in_mbs: d.size_mbs,
                interval_in_seconds: d.interval_seconds,
                compression: d.compression.as_str().to_string(),
            },
            buffer: BufferView {
                records: s.buffer.records.len() as u64,
                bytes: s.buffer.bytes,
                size_limit_bytes: d.size_limit_bytes(),
                first_arrival_unix_ms: s.buffer.first_arrival_ms,
                first_at: s.buffer.first_at,
                flush_at: s.buffer.flush_at,
            },
            counters: s.counters.clone(),
            pending_objects: s.pending.len() as u64,
            tags: s.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        })
    }

    /// The objects this delivery stream delivered, oldest first (the newest 1,000).
    pub fn delivered_objects(&self, name: &str) -> Vec<DeliveredObject> {
        self.streams.get(name).map(|s| s.delivered.iter().cloned().collect()).unwrap_or_default()
    }
}
