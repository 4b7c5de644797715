//! One function per API action: typed request in, typed response or AWS's error out. The API
//! dispatch, the console and the simulated actors all call these same functions.

mod consumers;
mod control;
mod data;
mod tags;

pub use consumers::*;
pub use control::*;
pub use data::*;
pub use tags::*;

use serde::de::DeserializeOwned;

use crate::api::json::call;
use crate::api::validate::{self, Validator};
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

use super::model::{Stream, StreamStatus};
use super::{wire, Kinesis};

/// Runs `Kinesis_20131202.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    let k = &mut services.kinesis;
    match action {
        "AddTagsToStream" => call_empty(k, ctx, body, add_tags_to_stream),
        "CreateStream" => call_empty(k, ctx, body, create_stream),
        "DecreaseStreamRetentionPeriod" => {
            call_empty(k, ctx, body, decrease_stream_retention_period)
        }
        "DeleteStream" => call_empty(k, ctx, body, delete_stream),
        "DeregisterStreamConsumer" => call_empty(k, ctx, body, deregister_stream_consumer),
        "DescribeLimits" => call(k, ctx, body, describe_limits),
        "DescribeStream" => call(k, ctx, body, describe_stream),
        "DescribeStreamConsumer" => call(k, ctx, body, describe_stream_consumer),
        "DescribeStreamSummary" => call(k, ctx, body, describe_stream_summary),
        "DisableEnhancedMonitoring" => call(k, ctx, body, disable_enhanced_monitoring),
        "EnableEnhancedMonitoring" => call(k, ctx, body, enable_enhanced_monitoring),
        "GetRecords" => call(k, ctx, body, get_records),
        "GetShardIterator" => call(k, ctx, body, get_shard_iterator),
        "IncreaseStreamRetentionPeriod" => {
            call_empty(k, ctx, body, increase_stream_retention_period)
        }
        "ListShards" => call(k, ctx, body, list_shards),
        "ListStreamConsumers" => call(k, ctx, body, list_stream_consumers),
        "ListStreams" => call(k, ctx, body, list_streams),
        "ListTagsForResource" => call(k, ctx, body, list_tags_for_resource),
        "ListTagsForStream" => call(k, ctx, body, list_tags_for_stream),
        "MergeShards" => call_empty(k, ctx, body, merge_shards),
        "PutRecord" => call(k, ctx, body, put_record),
        "PutRecords" => call(k, ctx, body, put_records),
        "RegisterStreamConsumer" => call(k, ctx, body, register_stream_consumer),
        "RemoveTagsFromStream" => call_empty(k, ctx, body, remove_tags_from_stream),
        "SplitShard" => call_empty(k, ctx, body, split_shard),
        "StartStreamEncryption" => call_empty(k, ctx, body, start_stream_encryption),
        "StopStreamEncryption" => call_empty(k, ctx, body, stop_stream_encryption),
        "SubscribeToShard" => call(k, ctx, body, subscribe_to_shard),
        "TagResource" => call_empty(k, ctx, body, tag_resource),
        "UntagResource" => call_empty(k, ctx, body, untag_resource),
        "UpdateShardCount" => call(k, ctx, body, update_shard_count),
        "UpdateStreamMode" => call_empty(k, ctx, body, update_stream_mode),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// For actions whose output has no members: AWS answers with an empty body.
fn call_empty<Req: DeserializeOwned>(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    body: &str,
    op: fn(&mut Kinesis, &mut Ctx<'_>, Req) -> Result<wire::Empty, ApiError>,
) -> Result<String, ApiError> {
    call(k, ctx, body, op).map(|_| String::new())
}

// ----- AWS's texts ---------------------------------------------------------------------------

pub(crate) fn stream_not_found(name: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Stream {name} under account {account} not found."),
    )
}

pub(crate) fn not_active(name: &str, account: &str, status: StreamStatus) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceInUse,
        format!(
            "Stream {name} under account {account} not ACTIVE, instead in state {}",
            status.as_str()
        ),
    )
}

pub(crate) fn invalid_argument(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message)
}

pub(crate) fn rate_exceeded(shard_id: &str, stream: &str, account: &str) -> String {
    format!("Rate exceeded for shard {shard_id} in stream {stream} under account {account}.")
}

pub(crate) fn throughput_exceeded(shard_id: &str, stream: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ProvisionedThroughputExceeded,
        rate_exceeded(shard_id, stream, account),
    )
}

pub(crate) fn shard_limit_exceeded(ctx: &Ctx<'_>, current: u32, limit: u32, more: u32) -> ApiError {
    ApiError::new(
        ErrorCode::LimitExceeded,
        format!(
            "This request would exceed the shard limit for the account {} in {}. Current shard \
             count for the account: {current}. Limit: {limit}. Number of additional shards that \
             would have resulted from this request: {more}. Refer to the AWS Service Limits page \
             (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current \
             limits and how to request higher limits.",
            ctx.config.account_id, ctx.config.region
        ),
    )
}

pub(crate) fn on_demand_refusal(name: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Validation,
        format!("Request is invalid. Stream {name} under account {account} is in On-Demand mode."),
    )
}

/// Shard quota per account and region ("Quotas and limits": 500 in us-east-1, us-west-2 and
/// eu-west-1; 200 elsewhere).
pub fn shard_limit(region: &str) -> u32 {
    match region {
        "us-east-1" | "us-west-2" | "eu-west-1" => 500,
        _ => 200,
    }
}

/// On-demand streams per account (the default quota).
pub const ON_DEMAND_STREAM_LIMIT: u32 = 50;

// ----- shared checks -------------------------------------------------------------------------

/// StreamARN, StreamId, StreamName: the members most actions use to name a stream, checked in
/// AWS's (alphabetical) order.
pub(crate) fn check_stream_ref(
    v: &mut Validator,
    arn: Option<&str>,
    id: Option<&str>,
    name: Option<&str>,
) {
    v.string("streamARN", arn, Some(1), Some(2048), Some(validate::STREAM_ARN));
    v.string("streamId", id, Some(1), Some(24), Some(validate::STREAM_ID));
    v.string("streamName", name, Some(1), Some(128), Some(validate::NAME));
}

pub(crate) fn check_shard_id(v: &mut Validator, member: &str, value: Option<&str>, required: bool) {
    if required && !v.required(member, value.as_ref()) {
        return;
    }
    v.string(member, value, Some(1), Some(128), Some(validate::NAME));
}

pub fn stream_arn(ctx: &Ctx<'_>, name: &str) -> String {
    format!("arn:aws:kinesis:{}:{}:stream/{name}", ctx.config.region, ctx.config.account_id)
}

/// The stream a request names, by StreamName or StreamARN (the name wins when both are given).
pub(crate) fn resolve_name(
    ctx: &Ctx<'_>,
    name: Option<&str>,
    arn: Option<&str>,
) -> Result<String, ApiError> {
    if let Some(name) = name {
        return Ok(name.to_string());
    }
    let Some(arn) = arn else {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "Either StreamName or StreamARN must be provided.",
        ));
    };
    // Only this account's streams in this region exist.
    let prefix = format!("arn:aws:kinesis:{}:{}:stream/", ctx.config.region, ctx.config.account_id);
    match arn.strip_prefix(&prefix) {
        Some(n) if validate::is_name(n) => Ok(n.to_string()),
        _ => Err(stream_not_found(arn, &ctx.config.account_id)),
    }
}

impl Kinesis {
    /// A stream that exists (any status but DELETING).
    pub(crate) fn existing(&mut self, ctx: &Ctx<'_>, name: &str) -> Result<&mut Stream, ApiError> {
        match self.streams.get_mut(name) {
            Some(s) if s.status != StreamStatus::Deleting => Ok(s),
            _ => Err(stream_not_found(name, &ctx.config.account_id)),
        }
    }

    /// A stream in any status, DELETING included (what Describe calls show until it is gone).
    pub(crate) fn any_status(
        &mut self,
        ctx: &Ctx<'_>,
        name: &str,
    ) -> Result<&mut Stream, ApiError> {
        self.streams.get_mut(name).ok_or_else(|| stream_not_found(name, &ctx.config.account_id))
    }

    /// A stream that takes reads and writes: ACTIVE or UPDATING (a stream being created or
    /// deleted is "not found" to the data plane).
    pub(crate) fn readable(&mut self, ctx: &Ctx<'_>, name: &str) -> Result<&mut Stream, ApiError> {
        match self.streams.get_mut(name) {
            Some(s) if matches!(s.status, StreamStatus::Active | StreamStatus::Updating) => Ok(s),
            _ => Err(stream_not_found(name, &ctx.config.account_id)),
        }
    }

    /// A stream that accepts a configuration change now: ACTIVE.
    pub(crate) fn active(&mut self, ctx: &Ctx<'_>, name: &str) -> Result<&mut Stream, ApiError> {
        let account = ctx.config.account_id.as_str();
        let s = self.existing(ctx, name)?;
        if s.status != StreamStatus::Active {
            return Err(not_active(name, account, s.status));
        }
        Ok(s)
    }

    /// Open shards in the whole account (what the shard quota counts).
    pub(crate) fn open_shards_in_account(&self) -> u32 {
        self.streams.values().map(|s| s.open_shard_count()).sum()
    }
}

/// `shardId-000000000001` or a bare `1`, as AWS accepts both. `None` when it names no shard
/// number at all.
pub(crate) fn parse_shard_id(text: &str) -> Option<u32> {
    let digits = text.strip_prefix("shardId-").unwrap_or(text);
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok().and_then(|n| u32::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ids() {
        assert_eq!(parse_shard_id("shardId-000000000001"), Some(1));
        assert_eq!(parse_shard_id("7"), Some(7));
        for bad in
            ["", "shardId-", "shardId-x", "shardId-9999999999999", "-1", "shardId-4294967296"]
        {
            assert_eq!(parse_shard_id(bad), None, "{bad}");
        }
    }
}
