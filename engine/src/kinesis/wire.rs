//! Request and response shapes, member for member as botocore's `kinesis/2013-12-02` model
//! names them. Every request member is optional here so that a missing required member reaches
//! validation (and gets AWS's "Member must not be null") instead of failing to parse.
//! Blobs travel as base64; timestamps as epoch seconds (floats), as AWS JSON 1.1 does.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Prefix that marks a deserialisation error whose text is already AWS's.
pub(crate) const AWS_TEXT: &str = "aws-text:";

/// Record data. Shared, so a record read many times is never copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blob(pub Arc<[u8]>);

impl Blob {
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v.into())
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.into())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Blob")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Blob, E> {
                decode_blob(v).map_err(|m| E::custom(format!("{AWS_TEXT}{m}")))
            }
        }
        d.deserialize_str(V)
    }
}

/// Base64 as the Java service reads it, with its wording for each way it can be wrong.
fn decode_blob(v: &str) -> Result<Blob, String> {
    // Well-formed input (nearly all of it) decodes at once; the checks below only word the
    // error.
    if let Ok(bytes) = STANDARD.decode(v) {
        return Ok(Blob::from(bytes));
    }
    let prefix = format!("'{v}' can not be converted to a Blob: ");
    if !v.len().is_multiple_of(4) {
        return Err(format!(
            "{prefix}Base64 encoded length is expected a multiple of 4 bytes but found: {}",
            v.len()
        ));
    }
    let body = v.trim_end_matches('=');
    if let Some(c) = v.chars().find(|c| !(c.is_ascii_alphanumeric() || "+/=".contains(*c))) {
        return Err(format!("{prefix}Invalid Base64 character: '{c}'"));
    }
    if body.contains('=') || v.len() - body.len() > 2 {
        return Err(format!("{prefix}Invalid Base64 character: '='"));
    }
    STANDARD
        .decode(v)
        .map(Blob::from)
        .map_err(|_| format!("{prefix}Invalid last non-pad Base64 character dectected"))
}

/// A point in time, Unix milliseconds inside the engine, epoch seconds on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Division of integers-as-floats is exact IEEE arithmetic: the same on every platform.
        s.serialize_f64(self.0 as f64 / 1000.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Date")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp(v.saturating_mul(1000)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Ok(Timestamp((v.min(i64::MAX as u64) as i64).saturating_mul(1000)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("{AWS_TEXT}Invalid timestamp: {v}")));
                }
                // Rounding of a product is exact IEEE arithmetic; `as` saturates.
                Ok(Timestamp((v * 1000.0).round() as i64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                if let Some(ms) = crate::sim::parse_iso(v) {
                    return Ok(Timestamp(ms));
                }
                match v.parse::<f64>() {
                    Ok(x) if x.is_finite() => Ok(Timestamp((x * 1000.0).round() as i64)),
                    _ => Err(E::custom(format!(
                        "{AWS_TEXT}class java.lang.String can not be converted to a Date"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

// ----- shared pieces -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamModeDetails {
    #[serde(rename = "StreamMode", skip_serializing_if = "Option::is_none")]
    pub stream_mode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HashKeyRange {
    #[serde(rename = "StartingHashKey")]
    pub starting_hash_key: String,
    #[serde(rename = "EndingHashKey")]
    pub ending_hash_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SequenceNumberRange {
    #[serde(rename = "StartingSequenceNumber")]
    pub starting_sequence_number: String,
    #[serde(rename = "EndingSequenceNumber", skip_serializing_if = "Option::is_none")]
    pub ending_sequence_number: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Shard {
    #[serde(rename = "ShardId")]
    pub shard_id: String,
    #[serde(rename = "ParentShardId", skip_serializing_if = "Option::is_none")]
    pub parent_shard_id: Option<String>,
    #[serde(rename = "AdjacentParentShardId", skip_serializing_if = "Option::is_none")]
    pub adjacent_parent_shard_id: Option<String>,
    #[serde(rename = "HashKeyRange")]
    pub hash_key_range: HashKeyRange,
    #[serde(rename = "SequenceNumberRange")]
    pub sequence_number_range: SequenceNumberRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChildShard {
    #[serde(rename = "ShardId")]
    pub shard_id: String,
    #[serde(rename = "ParentShards")]
    pub parent_shards: Vec<String>,
    #[serde(rename = "HashKeyRange")]
    pub hash_key_range: HashKeyRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnhancedMetrics {
    #[serde(rename = "ShardLevelMetrics")]
    pub shard_level_metrics: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    #[serde(rename = "SequenceNumber")]
    pub sequence_number: String,
    #[serde(rename = "ApproximateArrivalTimestamp")]
    pub approximate_arrival_timestamp: Timestamp,
    #[serde(rename = "Data")]
    pub data: Blob,
    #[serde(rename = "PartitionKey")]
    pub partition_key: Arc<str>,
    #[serde(rename = "EncryptionType", skip_serializing_if = "Option::is_none")]
    pub encryption_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

pub type TagMap = BTreeMap<String, String>;

/// How a request names its stream: by name, by ARN, or both.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct StreamRef {
    #[serde(rename = "StreamName")]
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

impl StreamRef {
    pub fn name(name: &str) -> Self {
        Self { stream_name: Some(name.to_string()), ..Self::default() }
    }
}

// ----- control plane -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CreateStreamInput {
    #[serde(rename = "StreamName")]
    pub stream_name: Option<String>,
    #[serde(rename = "ShardCount")]
    pub shard_count: Option<i64>,
    #[serde(rename = "StreamModeDetails")]
    pub stream_mode_details: Option<StreamModeDetails>,
    #[serde(rename = "Tags")]
    pub tags: Option<TagMap>,
    #[serde(rename = "WarmThroughputMiBps")]
    pub warm_throughput_mibps: Option<i64>,
    #[serde(rename = "MaxRecordSizeInKiB")]
    pub max_record_size_in_kib: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct DeleteStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "EnforceConsumerDeletion")]
    pub enforce_consumer_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct DescribeStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
    #[serde(rename = "ExclusiveStartShardId")]
    pub exclusive_start_shard_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StreamDescription {
    #[serde(rename = "StreamName")]
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    #[serde(rename = "StreamStatus")]
    pub stream_status: String,
    #[serde(rename = "StreamModeDetails")]
    pub stream_mode_details: StreamModeDetails,
    #[serde(rename = "Shards")]
    pub shards: Vec<Shard>,
    #[serde(rename = "HasMoreShards")]
    pub has_more_shards: bool,
    #[serde(rename = "RetentionPeriodHours")]
    pub retention_period_hours: u32,
    #[serde(rename = "StreamCreationTimestamp")]
    pub stream_creation_timestamp: Timestamp,
    #[serde(rename = "EnhancedMonitoring")]
    pub enhanced_monitoring: Vec<EnhancedMetrics>,
    #[serde(rename = "EncryptionType")]
    pub encryption_type: String,
    #[serde(rename = "KeyId", skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeStreamOutput {
    #[serde(rename = "StreamDescription")]
    pub stream_description: StreamDescription,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StreamDescriptionSummary {
    #[serde(rename = "StreamName")]
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    #[serde(rename = "StreamStatus")]
    pub stream_status: String,
    #[serde(rename = "StreamModeDetails")]
    pub stream_mode_details: StreamModeDetails,
    #[serde(rename = "RetentionPeriodHours")]
    pub retention_period_hours: u32,
    #[serde(rename = "StreamCreationTimestamp")]
    pub stream_creation_timestamp: Timestamp,
    #[serde(rename = "EnhancedMonitoring")]
    pub enhanced_monitoring: Vec<EnhancedMetrics>,
    #[serde(rename = "EncryptionType")]
    pub encryption_type: String,
    #[serde(rename = "KeyId", skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(rename = "OpenShardCount")]
    pub open_shard_count: u32,
    #[serde(rename = "ConsumerCount")]
    pub consumer_count: u32,
    #[serde(rename = "MaxRecordSizeInKiB")]
    pub max_record_size_in_kib: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeStreamSummaryOutput {
    #[serde(rename = "StreamDescriptionSummary")]
    pub stream_description_summary: StreamDescriptionSummary,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ListStreamsInput {
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
    #[serde(rename = "ExclusiveStartStreamName")]
    pub exclusive_start_stream_name: Option<String>,
    #[serde(rename = "NextToken")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StreamSummary {
    #[serde(rename = "StreamName")]
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    #[serde(rename = "StreamStatus")]
    pub stream_status: String,
    #[serde(rename = "StreamModeDetails")]
    pub stream_mode_details: StreamModeDetails,
    #[serde(rename = "StreamCreationTimestamp")]
    pub stream_creation_timestamp: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListStreamsOutput {
    #[serde(rename = "StreamNames")]
    pub stream_names: Vec<String>,
    #[serde(rename = "HasMoreStreams")]
    pub has_more_streams: bool,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(rename = "StreamSummaries")]
    pub stream_summaries: Vec<StreamSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ShardFilter {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "ShardId")]
    pub shard_id: Option<String>,
    #[serde(rename = "Timestamp")]
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ListShardsInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "NextToken")]
    pub next_token: Option<String>,
    #[serde(rename = "ExclusiveStartShardId")]
    pub exclusive_start_shard_id: Option<String>,
    #[serde(rename = "MaxResults")]
    pub max_results: Option<i64>,
    #[serde(rename = "StreamCreationTimestamp")]
    pub stream_creation_timestamp: Option<Timestamp>,
    #[serde(rename = "ShardFilter")]
    pub shard_filter: Option<ShardFilter>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListShardsOutput {
    #[serde(rename = "Shards")]
    pub shards: Vec<Shard>,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UpdateShardCountInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "TargetShardCount")]
    pub target_shard_count: Option<i64>,
    #[serde(rename = "ScalingType")]
    pub scaling_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UpdateShardCountOutput {
    #[serde(rename = "StreamName")]
    pub stream_name: String,
    #[serde(rename = "CurrentShardCount")]
    pub current_shard_count: u32,
    #[serde(rename = "TargetShardCount")]
    pub target_shard_count: u32,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SplitShardInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "ShardToSplit")]
    pub shard_to_split: Option<String>,
    #[serde(rename = "NewStartingHashKey")]
    pub new_starting_hash_key: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct MergeShardsInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "ShardToMerge")]
    pub shard_to_merge: Option<String>,
    #[serde(rename = "AdjacentShardToMerge")]
    pub adjacent_shard_to_merge: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RetentionInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "RetentionPeriodHours")]
    pub retention_period_hours: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AddTagsToStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "Tags")]
    pub tags: Option<TagMap>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RemoveTagsFromStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "TagKeys")]
    pub tag_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ListTagsForStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "ExclusiveStartTagKey")]
    pub exclusive_start_tag_key: Option<String>,
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListTagsForStreamOutput {
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    #[serde(rename = "HasMoreTags")]
    pub has_more_tags: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TagResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    #[serde(rename = "Tags")]
    pub tags: Option<TagMap>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UntagResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    #[serde(rename = "TagKeys")]
    pub tag_keys: Option<Vec<String>>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ListTagsForResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListTagsForResourceOutput {
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct StreamEncryptionInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "EncryptionType")]
    pub encryption_type: Option<String>,
    #[serde(rename = "KeyId")]
    pub key_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeLimitsOutput {
    #[serde(rename = "ShardLimit")]
    pub shard_limit: u32,
    #[serde(rename = "OpenShardCount")]
    pub open_shard_count: u32,
    #[serde(rename = "OnDemandStreamCount")]
    pub on_demand_stream_count: u32,
    #[serde(rename = "OnDemandStreamCountLimit")]
    pub on_demand_stream_count_limit: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UpdateStreamModeInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "StreamModeDetails")]
    pub stream_mode_details: Option<StreamModeDetails>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
    #[serde(rename = "WarmThroughputMiBps")]
    pub warm_throughput_mibps: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct EnhancedMonitoringInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "ShardLevelMetrics")]
    pub shard_level_metrics: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnhancedMonitoringOutput {
    #[serde(rename = "StreamName")]
    pub stream_name: String,
    #[serde(rename = "CurrentShardLevelMetrics")]
    pub current_shard_level_metrics: Vec<String>,
    #[serde(rename = "DesiredShardLevelMetrics")]
    pub desired_shard_level_metrics: Vec<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

// ----- data plane ----------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PutRecordInput {
    #[serde(rename = "StreamName")]
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
    #[serde(rename = "Data")]
    pub data: Option<Blob>,
    #[serde(rename = "PartitionKey")]
    pub partition_key: Option<String>,
    #[serde(rename = "ExplicitHashKey")]
    pub explicit_hash_key: Option<String>,
    #[serde(rename = "SequenceNumberForOrdering")]
    pub sequence_number_for_ordering: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PutRecordOutput {
    #[serde(rename = "ShardId")]
    pub shard_id: String,
    #[serde(rename = "SequenceNumber")]
    pub sequence_number: String,
    #[serde(rename = "EncryptionType")]
    pub encryption_type: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PutRecordsRequestEntry {
    #[serde(rename = "Data")]
    pub data: Option<Blob>,
    #[serde(rename = "ExplicitHashKey")]
    pub explicit_hash_key: Option<String>,
    #[serde(rename = "PartitionKey")]
    pub partition_key: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PutRecordsInput {
    #[serde(rename = "Records")]
    pub records: Option<Vec<PutRecordsRequestEntry>>,
    // Not flattened: serde's flatten buffers every member first, which would parse 500
    // records twice on the hot path.
    #[serde(rename = "StreamName")]
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PutRecordsResultEntry {
    #[serde(rename = "SequenceNumber", skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
    #[serde(rename = "ShardId", skip_serializing_if = "Option::is_none")]
    pub shard_id: Option<String>,
    #[serde(rename = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(rename = "ErrorMessage", skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PutRecordsOutput {
    #[serde(rename = "FailedRecordCount")]
    pub failed_record_count: u32,
    #[serde(rename = "Records")]
    pub records: Vec<PutRecordsResultEntry>,
    #[serde(rename = "EncryptionType")]
    pub encryption_type: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct GetShardIteratorInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    #[serde(rename = "ShardId")]
    pub shard_id: Option<String>,
    #[serde(rename = "ShardIteratorType")]
    pub shard_iterator_type: Option<String>,
    #[serde(rename = "StartingSequenceNumber")]
    pub starting_sequence_number: Option<String>,
    #[serde(rename = "Timestamp")]
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GetShardIteratorOutput {
    #[serde(rename = "ShardIterator")]
    pub shard_iterator: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct GetRecordsInput {
    #[serde(rename = "ShardIterator")]
    pub shard_iterator: Option<String>,
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GetRecordsOutput {
    #[serde(rename = "Records")]
    pub records: Vec<Record>,
    #[serde(rename = "NextShardIterator", skip_serializing_if = "Option::is_none")]
    pub next_shard_iterator: Option<String>,
    #[serde(rename = "MillisBehindLatest")]
    pub millis_behind_latest: u64,
    #[serde(rename = "ChildShards", skip_serializing_if = "Option::is_none")]
    pub child_shards: Option<Vec<ChildShard>>,
}

// ----- enhanced fan-out ----------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct RegisterStreamConsumerInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "ConsumerName")]
    pub consumer_name: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
    #[serde(rename = "Tags")]
    pub tags: Option<TagMap>,
}

/// DescribeStreamConsumer and DeregisterStreamConsumer name a consumer by ARN, or by stream ARN
/// and consumer name.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ConsumerRef {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "ConsumerName")]
    pub consumer_name: Option<String>,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: Option<String>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Consumer {
    #[serde(rename = "ConsumerName")]
    pub consumer_name: String,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: String,
    #[serde(rename = "ConsumerStatus")]
    pub consumer_status: String,
    #[serde(rename = "ConsumerCreationTimestamp")]
    pub consumer_creation_timestamp: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegisterStreamConsumerOutput {
    #[serde(rename = "Consumer")]
    pub consumer: Consumer,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsumerDescription {
    #[serde(rename = "ConsumerName")]
    pub consumer_name: String,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: String,
    #[serde(rename = "ConsumerStatus")]
    pub consumer_status: String,
    #[serde(rename = "ConsumerCreationTimestamp")]
    pub consumer_creation_timestamp: Timestamp,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeStreamConsumerOutput {
    #[serde(rename = "ConsumerDescription")]
    pub consumer_description: ConsumerDescription,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ListStreamConsumersInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    #[serde(rename = "NextToken")]
    pub next_token: Option<String>,
    #[serde(rename = "MaxResults")]
    pub max_results: Option<i64>,
    #[serde(rename = "StreamCreationTimestamp")]
    pub stream_creation_timestamp: Option<Timestamp>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListStreamConsumersOutput {
    #[serde(rename = "Consumers")]
    pub consumers: Vec<Consumer>,
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct StartingPosition {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "SequenceNumber")]
    pub sequence_number: Option<String>,
    #[serde(rename = "Timestamp")]
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SubscribeToShardInput {
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: Option<String>,
    #[serde(rename = "ShardId")]
    pub shard_id: Option<String>,
    #[serde(rename = "StartingPosition")]
    pub starting_position: Option<StartingPosition>,
    #[serde(rename = "StreamId")]
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscribeToShardEvent {
    #[serde(rename = "Records")]
    pub records: Vec<Record>,
    #[serde(rename = "ContinuationSequenceNumber")]
    pub continuation_sequence_number: String,
    #[serde(rename = "MillisBehindLatest")]
    pub millis_behind_latest: u64,
    #[serde(rename = "ChildShards", skip_serializing_if = "Option::is_none")]
    pub child_shards: Option<Vec<ChildShard>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscribeToShardEventStream {
    #[serde(rename = "SubscribeToShardEvent")]
    pub subscribe_to_shard_event: SubscribeToShardEvent,
}

/// Over HTTP this is an event stream that stays open for up to 5 minutes; through the engine's
/// dispatch the first event comes back at once and later ones appear in the event log as the
/// subscription pushes them (`Event::SubscriptionPushed`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscribeToShardOutput {
    #[serde(rename = "EventStream")]
    pub event_stream: SubscribeToShardEventStream,
}

/// For actions whose output has no members.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct NoInput {}
