//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.
//!
//! Per delivery stream ([`Firehose::delivery_stream`]): the buffer gauge, the counters (with
//! the transform's Ok/Dropped/ProcessingFailed counts), the destination's kind and, for each
//! destination the learner can take down, its status (up or down, retrying since, next
//! attempt). Beside it: [`Firehose::retry_attempts`] (the retry timeline),
//! [`Firehose::delivered_objects`] and [`Firehose::error_objects`] (keys in S3; read them
//! through `s3.object_preview`, which decompresses), [`Firehose::redshift_tables`] (rows after
//! each COPY) and [`Firehose::opensearch_query`] (documents by field = value).

use serde::Serialize;

use super::destinations::{Document, Domain, RedshiftTable};
use super::model::{
    Attempt, DeliveredObject, DestinationCounters, DestinationKind, Encryption, Source, Stage,
    Target,
};
use super::source::reader_name;
use super::transform::Transform;
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
    /// Batches flushed but not yet through their destination (Firehose retries them).
    pub pending_objects: u64,
    pub tags: Vec<(String, String)>,
    /// `S3`, `Redshift`, `OpenSearch` or `Elasticsearch`.
    pub destination_kind: String,
    /// The transformation, when one is configured.
    pub transform: Option<TransformView>,
    /// Each destination the learner can take down: S3 first, then Redshift or OpenSearch.
    pub destinations: Vec<DestinationStatus>,
    pub redshift: Option<RedshiftView>,
    pub opensearch: Option<OpenSearchView>,
    pub encryption: Encryption,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TransformView {
    pub lambda_arn: String,
    /// The built-in the function name selects, with its arguments.
    pub transform: Transform,
}

/// One destination's health as the outage toggles and the retry timeline show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DestinationStatus {
    pub target: Target,
    /// The learner took it down.
    pub down: bool,
    /// When the batch at the head of the queue first failed on this destination.
    pub retrying_since: Option<SimTime>,
    /// When the next attempt is due.
    pub next_attempt_at: Option<SimTime>,
    /// Failed attempts of that batch so far.
    pub attempts: u32,
    /// The retry duration (ms) after which Firehose gives up on this destination.
    pub retry_window_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedshiftView {
    pub cluster_jdbc_url: String,
    pub table: String,
    pub columns: Vec<String>,
    pub copy_options: Option<String>,
    pub retry_seconds: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenSearchView {
    /// DomainARN or ClusterEndpoint: the key of [`Firehose::opensearch_domain`].
    pub domain: String,
    pub index_name: String,
    pub index_rotation_period: String,
    pub retry_seconds: u32,
    pub s3_backup_mode: String,
    pub elasticsearch: bool,
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
                // The hints the buffer follows (OpenSearch has its own).
                size_in_mbs: (s.buffer_limit_bytes() / super::model::MIB) as u32,
                interval_in_seconds: (s.buffer_interval_ms() / 1000) as u32,
                compression: d.compression.as_str().to_string(),
            },
            buffer: BufferView {
                records: s.buffer.records.len() as u64,
                bytes: s.buffer.bytes,
                size_limit_bytes: s.buffer_limit_bytes(),
                first_arrival_unix_ms: s.buffer.first_arrival_ms,
                first_at: s.buffer.first_at,
                flush_at: s.buffer.flush_at,
            },
            counters: s.counters.clone(),
            pending_objects: s.pending.len() as u64,
            tags: s.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            destination_kind: match &s.kind {
                DestinationKind::S3 => "S3",
                DestinationKind::Redshift(_) => "Redshift",
                DestinationKind::OpenSearch(o) if o.elasticsearch => "Elasticsearch",
                DestinationKind::OpenSearch(_) => "OpenSearch",
            }
            .to_string(),
            transform: s.processing.as_ref().map(|p| TransformView {
                lambda_arn: p.lambda_arn.clone(),
                transform: p.transform.clone(),
            }),
            destinations: {
                let mut targets = vec![Target::S3];
                if s.target() != Target::S3 {
                    targets.push(s.target());
                }
                targets.into_iter().map(|t| status(s, t)).collect()
            },
            redshift: match &s.kind {
                DestinationKind::Redshift(r) => Some(RedshiftView {
                    cluster_jdbc_url: r.cluster_jdbc_url.clone(),
                    table: r.copy.table.clone(),
                    columns: r.copy.columns.clone(),
                    copy_options: r
                        .copy_command
                        .get("CopyOptions")
                        .and_then(|v| v.as_str())
                        .map(str::to_string),
                    retry_seconds: r.retry_seconds,
                }),
                _ => None,
            },
            opensearch: match &s.kind {
                DestinationKind::OpenSearch(o) => Some(OpenSearchView {
                    domain: o.domain(),
                    index_name: o.index_name.clone(),
                    index_rotation_period: o.rotation.as_str().to_string(),
                    retry_seconds: o.retry_seconds,
                    s3_backup_mode: o.s3_backup_mode.clone(),
                    elasticsearch: o.elasticsearch,
                }),
                _ => None,
            },
            encryption: s.encryption.clone(),
        })
    }

    /// The retry timeline: failed attempts and the successes that ended them, oldest first
    /// (the newest 500).
    pub fn retry_attempts(&self, name: &str) -> Vec<Attempt> {
        self.streams.get(name).map(|s| s.attempts.iter().cloned().collect()).unwrap_or_default()
    }

    /// Objects written under the error prefix (processing-failed records, failed documents,
    /// Redshift manifests), oldest first.
    pub fn error_objects(&self, name: &str) -> Vec<DeliveredObject> {
        self.streams
            .get(name)
            .map(|s| s.error_objects.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Every simulated Redshift table, by (ClusterJDBCURL, table).
    pub fn redshift_tables(&self) -> Vec<&RedshiftTable> {
        self.tables.values().collect()
    }

    pub fn redshift_table(&self, cluster_jdbc_url: &str, table: &str) -> Option<&RedshiftTable> {
        self.tables.get(&(cluster_jdbc_url.to_string(), table.to_string()))
    }

    /// The table a Redshift delivery stream loads into (once its first COPY ran).
    pub fn redshift_table_of(&self, name: &str) -> Option<&RedshiftTable> {
        match &self.streams.get(name)?.kind {
            DestinationKind::Redshift(r) => self.redshift_table(&r.cluster_jdbc_url, &r.copy.table),
            _ => None,
        }
    }

    /// Every simulated OpenSearch domain, by DomainARN or ClusterEndpoint.
    pub fn opensearch_domains(&self) -> Vec<&Domain> {
        self.domains.values().collect()
    }

    pub fn opensearch_domain(&self, domain: &str) -> Option<&Domain> {
        self.domains.get(domain)
    }

    /// Documents of `domain` in indices matching `index` (exact, `prefix*`, or empty for all)
    /// whose field `field` equals `value` (empty `field`: every document).
    pub fn opensearch_query(
        &self,
        domain: &str,
        index: &str,
        field: &str,
        value: &str,
    ) -> Vec<Document> {
        self.domains.get(domain).map(|d| d.query(index, field, value)).unwrap_or_default()
    }

    /// The objects this delivery stream delivered, oldest first (the newest 1,000).
    pub fn delivered_objects(&self, name: &str) -> Vec<DeliveredObject> {
        self.streams.get(name).map(|s| s.delivered.iter().cloned().collect()).unwrap_or_default()
    }
}

/// The status of one destination of a delivery stream.
fn status(s: &super::model::DeliveryStream, t: Target) -> DestinationStatus {
    let head = s.pending.front().filter(|b| {
        let stage_target = match b.stage {
            Stage::Copy { .. } => Target::Redshift,
            Stage::Index => Target::OpenSearch,
            _ => Target::S3,
        };
        stage_target == t && b.attempts > 0
    });
    let retry_window_ms = match (&s.kind, t) {
        (DestinationKind::Redshift(r), Target::Redshift) => r.retry_seconds as u64 * 1000,
        (DestinationKind::OpenSearch(o), Target::OpenSearch) => o.retry_seconds as u64 * 1000,
        _ => super::model::S3_RETRY_WINDOW_MS,
    };
    DestinationStatus {
        target: t,
        down: s.outages.contains(&t),
        retrying_since: head.and_then(|b| b.first_failed_at),
        next_attempt_at: head
            .and_then(|_| s.attempts.back())
            .filter(|a| a.target == t && !a.ok)
            .and_then(|a| a.next_attempt_at),
        attempts: head.map_or(0, |b| b.attempts),
        retry_window_ms,
    }
}
