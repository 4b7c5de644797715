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

/// One object a delivery stream wrote to S3 (delivered, or under the error prefix).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveredObjectView {
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

impl From<&DeliveredObject> for DeliveredObjectView {
    fn from(o: &DeliveredObject) -> Self {
        Self {
            bucket: o.bucket.clone(),
            key: o.key.clone(),
            records: o.records,
            bytes: o.bytes,
            object_bytes: o.object_bytes,
            first_arrival_ms: o.first_arrival_ms,
            delivered_ms: o.delivered_ms,
        }
    }
}

/// One delivery attempt that failed, or the success that ended a run of failures: a step of
/// the retry timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptView {
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

impl From<&Attempt> for AttemptView {
    fn from(a: &Attempt) -> Self {
        Self {
            at: a.at,
            target: a.target,
            what: a.what.clone(),
            attempt: a.attempt,
            ok: a.ok,
            code: a.code.clone(),
            next_attempt_at: a.next_attempt_at,
        }
    }
}

/// A simulated Redshift table: the rows the COPY commands loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RedshiftTableView {
    pub cluster_jdbc_url: String,
    pub table: String,
    pub columns: Vec<String>,
    /// Each row's values in column order (`None` is NULL).
    pub rows: Vec<Vec<Option<String>>>,
    /// COPY commands that loaded into it.
    pub copies: u64,
}

impl From<&RedshiftTable> for RedshiftTableView {
    fn from(t: &RedshiftTable) -> Self {
        Self {
            cluster_jdbc_url: t.cluster_jdbc_url.clone(),
            table: t.table.clone(),
            columns: t.columns.clone(),
            rows: t.rows.clone(),
            copies: t.copies,
        }
    }
}

/// A simulated OpenSearch domain: its indices and how many documents each holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DomainView {
    /// DomainARN or ClusterEndpoint.
    pub name: String,
    /// (index name, documents), in index-name order.
    pub indices: Vec<(String, usize)>,
}

impl From<&Domain> for DomainView {
    fn from(d: &Domain) -> Self {
        Self {
            name: d.name.clone(),
            indices: d.indices.iter().map(|(n, docs)| (n.clone(), docs.len())).collect(),
        }
    }
}

/// Read-only handle on Firehose for the UI, from `world.view().firehose()`: every answer is a
/// plain `*View` (or wire) value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    f: &'a Firehose,
    #[allow(dead_code)]
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(f: &'a Firehose, now_unix_ms: i64) -> Self {
        Self { f, now_unix_ms }
    }
}

impl Snapshot<'_> {
    pub fn delivery_stream_names(&self) -> Vec<String> {
        self.f.streams.keys().cloned().collect()
    }

    /// Every delivery stream, by name.
    pub fn delivery_streams(&self) -> Vec<DeliveryStreamView> {
        self.f.streams.keys().filter_map(|n| self.delivery_stream(n)).collect()
    }

    pub fn delivery_stream(&self, name: &str) -> Option<DeliveryStreamView> {
        let s = self.f.streams.get(name)?;
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
    pub fn retry_attempts(&self, name: &str) -> Vec<AttemptView> {
        self.f
            .streams
            .get(name)
            .map(|s| s.attempts.iter().map(AttemptView::from).collect())
            .unwrap_or_default()
    }

    /// Objects written under the error prefix (processing-failed records, failed documents,
    /// Redshift manifests), oldest first.
    pub fn error_objects(&self, name: &str) -> Vec<DeliveredObjectView> {
        self.f
            .streams
            .get(name)
            .map(|s| s.error_objects.iter().map(DeliveredObjectView::from).collect())
            .unwrap_or_default()
    }

    /// Every simulated Redshift table, by (ClusterJDBCURL, table).
    pub fn redshift_tables(&self) -> Vec<RedshiftTableView> {
        self.f.tables.values().map(RedshiftTableView::from).collect()
    }

    pub fn redshift_table(&self, cluster_jdbc_url: &str, table: &str) -> Option<RedshiftTableView> {
        self.f
            .tables
            .get(&(cluster_jdbc_url.to_string(), table.to_string()))
            .map(RedshiftTableView::from)
    }

    /// The table a Redshift delivery stream loads into (once its first COPY ran).
    pub fn redshift_table_of(&self, name: &str) -> Option<RedshiftTableView> {
        match &self.f.streams.get(name)?.kind {
            DestinationKind::Redshift(r) => self.redshift_table(&r.cluster_jdbc_url, &r.copy.table),
            _ => None,
        }
    }

    /// Every simulated OpenSearch domain, by DomainARN or ClusterEndpoint.
    pub fn opensearch_domains(&self) -> Vec<DomainView> {
        self.f.domains.values().map(DomainView::from).collect()
    }

    pub fn opensearch_domain(&self, domain: &str) -> Option<DomainView> {
        self.f.domains.get(domain).map(DomainView::from)
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
        self.f.domains.get(domain).map(|d| d.query(index, field, value)).unwrap_or_default()
    }

    /// The objects this delivery stream delivered, oldest first (the newest 1,000).
    pub fn delivered_objects(&self, name: &str) -> Vec<DeliveredObjectView> {
        self.f
            .streams
            .get(name)
            .map(|s| s.delivered.iter().map(DeliveredObjectView::from).collect())
            .unwrap_or_default()
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
