//! Request and response shapes, member for member as botocore's `kinesis/2013-12-02` model
//! names them. Every request member is optional here so that a missing required member reaches
//! validation (and gets AWS's "Member must not be null") instead of failing to parse.
//! Blobs travel as base64; timestamps as epoch seconds (floats), as AWS JSON 1.1 does.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::api::wire::{Blob, Empty, NoInput, Timestamp};

// ----- shared pieces -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamModeDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_mode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HashKeyRange {
    pub starting_hash_key: String,
    pub ending_hash_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SequenceNumberRange {
    pub starting_sequence_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending_sequence_number: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Shard {
    pub shard_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_shard_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjacent_parent_shard_id: Option<String>,
    pub hash_key_range: HashKeyRange,
    pub sequence_number_range: SequenceNumberRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChildShard {
    pub shard_id: String,
    pub parent_shards: Vec<String>,
    pub hash_key_range: HashKeyRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnhancedMetrics {
    pub shard_level_metrics: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Record {
    pub sequence_number: String,
    pub approximate_arrival_timestamp: Timestamp,
    pub data: Blob,
    pub partition_key: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

pub type TagMap = BTreeMap<String, String>;

/// How a request names its stream: by name, by ARN, or both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamRef {
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_id: Option<String>,
}

impl StreamRef {
    pub fn name(name: &str) -> Self {
        Self { stream_name: Some(name.to_string()), ..Self::default() }
    }
}

// ----- control plane -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateStreamInput {
    pub stream_name: Option<String>,
    pub shard_count: Option<i64>,
    pub stream_mode_details: Option<StreamModeDetails>,
    pub tags: Option<TagMap>,
    #[serde(rename = "WarmThroughputMiBps")]
    pub warm_throughput_mibps: Option<i64>,
    #[serde(rename = "MaxRecordSizeInKiB")]
    pub max_record_size_in_kib: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub enforce_consumer_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub limit: Option<i64>,
    pub exclusive_start_shard_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamDescription {
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    pub stream_status: String,
    pub stream_mode_details: StreamModeDetails,
    pub shards: Vec<Shard>,
    pub has_more_shards: bool,
    pub retention_period_hours: u32,
    pub stream_creation_timestamp: Timestamp,
    pub enhanced_monitoring: Vec<EnhancedMetrics>,
    pub encryption_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStreamOutput {
    pub stream_description: StreamDescription,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamDescriptionSummary {
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    pub stream_status: String,
    pub stream_mode_details: StreamModeDetails,
    pub retention_period_hours: u32,
    pub stream_creation_timestamp: Timestamp,
    pub enhanced_monitoring: Vec<EnhancedMetrics>,
    pub encryption_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    pub open_shard_count: u32,
    pub consumer_count: u32,
    /// Only on on-demand streams of accounts with a minimum throughput billing commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warm_throughput: Option<WarmThroughput>,
    #[serde(rename = "MaxRecordSizeInKiB")]
    pub max_record_size_in_kib: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStreamSummaryOutput {
    pub stream_description_summary: StreamDescriptionSummary,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStreamsInput {
    pub limit: Option<i64>,
    pub exclusive_start_stream_name: Option<String>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSummary {
    pub stream_name: String,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    pub stream_status: String,
    pub stream_mode_details: StreamModeDetails,
    pub stream_creation_timestamp: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStreamsOutput {
    pub stream_names: Vec<String>,
    pub has_more_streams: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub stream_summaries: Vec<StreamSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShardFilter {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub shard_id: Option<String>,
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListShardsInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub next_token: Option<String>,
    pub exclusive_start_shard_id: Option<String>,
    pub max_results: Option<i64>,
    pub stream_creation_timestamp: Option<Timestamp>,
    pub shard_filter: Option<ShardFilter>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListShardsOutput {
    pub shards: Vec<Shard>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateShardCountInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub target_shard_count: Option<i64>,
    pub scaling_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateShardCountOutput {
    pub stream_name: String,
    pub current_shard_count: u32,
    pub target_shard_count: u32,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SplitShardInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub shard_to_split: Option<String>,
    pub new_starting_hash_key: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MergeShardsInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub shard_to_merge: Option<String>,
    pub adjacent_shard_to_merge: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RetentionInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub retention_period_hours: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddTagsToStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub tags: Option<TagMap>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemoveTagsFromStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub tag_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForStreamInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub exclusive_start_tag_key: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForStreamOutput {
    pub tags: Vec<Tag>,
    pub has_more_tags: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    pub tags: Option<TagMap>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    pub tag_keys: Option<Vec<String>>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceOutput {
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamEncryptionInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub encryption_type: Option<String>,
    pub key_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLimitsOutput {
    pub shard_limit: u32,
    pub open_shard_count: u32,
    pub on_demand_stream_count: u32,
    pub on_demand_stream_count_limit: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateStreamModeInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_mode_details: Option<StreamModeDetails>,
    pub stream_id: Option<String>,
    #[serde(rename = "WarmThroughputMiBps")]
    pub warm_throughput_mibps: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnhancedMonitoringInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub shard_level_metrics: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnhancedMonitoringOutput {
    pub stream_name: String,
    pub current_shard_level_metrics: Vec<String>,
    pub desired_shard_level_metrics: Vec<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

// ----- data plane ----------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordInput {
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_id: Option<String>,
    pub data: Option<Blob>,
    pub partition_key: Option<String>,
    pub explicit_hash_key: Option<String>,
    pub sequence_number_for_ordering: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordOutput {
    pub shard_id: String,
    pub sequence_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordsRequestEntry {
    pub data: Option<Blob>,
    pub explicit_hash_key: Option<String>,
    pub partition_key: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordsInput {
    pub records: Option<Vec<PutRecordsRequestEntry>>,
    // Not flattened: serde's flatten buffers every member first, which would parse 500
    // records twice on the hot path.
    pub stream_name: Option<String>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordsResultEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutRecordsOutput {
    pub failed_record_count: u32,
    pub records: Vec<PutRecordsResultEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetShardIteratorInput {
    #[serde(flatten)]
    pub stream: StreamRef,
    pub shard_id: Option<String>,
    pub shard_iterator_type: Option<String>,
    pub starting_sequence_number: Option<String>,
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetShardIteratorOutput {
    pub shard_iterator: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRecordsInput {
    pub shard_iterator: Option<String>,
    pub limit: Option<i64>,
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetRecordsOutput {
    pub records: Vec<Record>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_shard_iterator: Option<String>,
    pub millis_behind_latest: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_shards: Option<Vec<ChildShard>>,
}

// ----- enhanced fan-out ----------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegisterStreamConsumerInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub consumer_name: Option<String>,
    pub stream_id: Option<String>,
    pub tags: Option<TagMap>,
}

/// DescribeStreamConsumer and DeregisterStreamConsumer name a consumer by ARN, or by stream ARN
/// and consumer name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsumerRef {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub consumer_name: Option<String>,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: Option<String>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Consumer {
    pub consumer_name: String,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: String,
    pub consumer_status: String,
    pub consumer_creation_timestamp: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegisterStreamConsumerOutput {
    pub consumer: Consumer,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConsumerDescription {
    pub consumer_name: String,
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: String,
    pub consumer_status: String,
    pub consumer_creation_timestamp: Timestamp,
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStreamConsumerOutput {
    pub consumer_description: ConsumerDescription,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStreamConsumersInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
    pub stream_creation_timestamp: Option<Timestamp>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStreamConsumersOutput {
    pub consumers: Vec<Consumer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartingPosition {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub sequence_number: Option<String>,
    pub timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeToShardInput {
    #[serde(rename = "ConsumerARN")]
    pub consumer_arn: Option<String>,
    pub shard_id: Option<String>,
    pub starting_position: Option<StartingPosition>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeToShardEvent {
    pub records: Vec<Record>,
    pub continuation_sequence_number: String,
    pub millis_behind_latest: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_shards: Option<Vec<ChildShard>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeToShardEventStream {
    pub subscribe_to_shard_event: SubscribeToShardEvent,
}

/// Over HTTP this is an event stream that stays open for up to 5 minutes; through the engine's
/// dispatch the first event comes back at once and later ones appear in the event log as the
/// subscription pushes them (`Event::SubscriptionPushed`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscribeToShardOutput {
    pub event_stream: SubscribeToShardEventStream,
}

// ----- resource policies ---------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutResourcePolicyInput {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    pub stream_id: Option<String>,
    pub policy: Option<String>,
}

/// GetResourcePolicy's and DeleteResourcePolicy's request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcePolicyRef {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: Option<String>,
    pub stream_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetResourcePolicyOutput {
    pub policy: String,
}

/// GetResourcePolicy's request.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct GetResourcePolicyInput(pub ResourcePolicyRef);

/// DeleteResourcePolicy's request.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct DeleteResourcePolicyInput(pub ResourcePolicyRef);

// ----- account settings and capacity ---------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MinimumThroughputBillingCommitmentInput {
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAccountSettingsInput {
    pub minimum_throughput_billing_commitment: Option<MinimumThroughputBillingCommitmentInput>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MinimumThroughputBillingCommitmentOutput {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_allowed_end_at: Option<Timestamp>,
}

/// DescribeAccountSettings' and UpdateAccountSettings' answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountSettingsOutput {
    pub minimum_throughput_billing_commitment: MinimumThroughputBillingCommitmentOutput,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateMaxRecordSizeInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_id: Option<String>,
    #[serde(rename = "MaxRecordSizeInKiB")]
    pub max_record_size_in_kib: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateStreamWarmThroughputInput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: Option<String>,
    pub stream_name: Option<String>,
    pub stream_id: Option<String>,
    #[serde(rename = "WarmThroughputMiBps")]
    pub warm_throughput_mibps: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WarmThroughput {
    #[serde(rename = "TargetMiBps")]
    pub target_mibps: u32,
    #[serde(rename = "CurrentMiBps")]
    pub current_mibps: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateStreamWarmThroughputOutput {
    #[serde(rename = "StreamARN")]
    pub stream_arn: String,
    pub stream_name: String,
    pub warm_throughput: WarmThroughput,
}

/// IncreaseStreamRetentionPeriod's request (the same members as its decrease twin).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct IncreaseStreamRetentionPeriodInput(pub RetentionInput);

/// DecreaseStreamRetentionPeriod's request.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct DecreaseStreamRetentionPeriodInput(pub RetentionInput);

crate::api::api_inputs!("kinesis";
    AddTagsToStreamInput => "AddTagsToStream",
    CreateStreamInput => "CreateStream",
    DecreaseStreamRetentionPeriodInput => "DecreaseStreamRetentionPeriod",
    DeleteResourcePolicyInput => "DeleteResourcePolicy",
    DeleteStreamInput => "DeleteStream",
    DescribeStreamInput => "DescribeStream",
    GetRecordsInput => "GetRecords",
    GetResourcePolicyInput => "GetResourcePolicy",
    GetShardIteratorInput => "GetShardIterator",
    IncreaseStreamRetentionPeriodInput => "IncreaseStreamRetentionPeriod",
    ListShardsInput => "ListShards",
    ListStreamConsumersInput => "ListStreamConsumers",
    ListStreamsInput => "ListStreams",
    ListTagsForResourceInput => "ListTagsForResource",
    ListTagsForStreamInput => "ListTagsForStream",
    MergeShardsInput => "MergeShards",
    PutRecordInput => "PutRecord",
    PutRecordsInput => "PutRecords",
    PutResourcePolicyInput => "PutResourcePolicy",
    RegisterStreamConsumerInput => "RegisterStreamConsumer",
    RemoveTagsFromStreamInput => "RemoveTagsFromStream",
    SplitShardInput => "SplitShard",
    SubscribeToShardInput => "SubscribeToShard",
    TagResourceInput => "TagResource",
    UntagResourceInput => "UntagResource",
    UpdateAccountSettingsInput => "UpdateAccountSettings",
    UpdateMaxRecordSizeInput => "UpdateMaxRecordSize",
    UpdateShardCountInput => "UpdateShardCount",
    UpdateStreamModeInput => "UpdateStreamMode",
    UpdateStreamWarmThroughputInput => "UpdateStreamWarmThroughput",
);
