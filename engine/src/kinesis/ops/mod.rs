//! One function per API action: typed request in, typed response or AWS's error out. The API
//! dispatch, the console and the simulated actors all call these same functions.

mod consumers;
mod control;
mod data;
pub(crate) mod messages;
mod policies;
mod tags;

pub use consumers::*;
pub use control::*;
pub use data::*;
pub use policies::*;
pub use tags::*;

use serde::de::DeserializeOwned;

use crate::api::json::call;
use crate::api::validate::{self, Validator};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::model::{Stream, StreamStatus};
use super::{wire, Kinesis};
use messages::*;

/// Runs `Kinesis_20131202.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    let k = &mut services.kinesis;
    crate::kinesis::access::authorize(k, ctx, action, body).map_err(|e| e.with_action(action))?;
    match action {
        "AddTagsToStream" => call_empty(k, ctx, body, add_tags_to_stream),
        "CreateStream" => call_empty(k, ctx, body, create_stream),
        "DecreaseStreamRetentionPeriod" => {
            call_empty(k, ctx, body, decrease_stream_retention_period)
        }
        "DeleteResourcePolicy" => call_empty(k, ctx, body, delete_resource_policy),
        "DeleteStream" => call_empty(k, ctx, body, delete_stream),
        "DeregisterStreamConsumer" => call_empty(k, ctx, body, deregister_stream_consumer),
        "DescribeAccountSettings" => call(k, ctx, body, describe_account_settings),
        "DescribeLimits" => call(k, ctx, body, describe_limits),
        "DescribeStream" => call(k, ctx, body, describe_stream),
        "DescribeStreamConsumer" => call(k, ctx, body, describe_stream_consumer),
        "DescribeStreamSummary" => call(k, ctx, body, describe_stream_summary),
        "DisableEnhancedMonitoring" => call(k, ctx, body, disable_enhanced_monitoring),
        "EnableEnhancedMonitoring" => call(k, ctx, body, enable_enhanced_monitoring),
        "GetRecords" => call(k, ctx, body, get_records),
        "GetResourcePolicy" => call(k, ctx, body, get_resource_policy),
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
        "PutResourcePolicy" => call_empty(k, ctx, body, put_resource_policy),
        "RegisterStreamConsumer" => call(k, ctx, body, register_stream_consumer),
        "RemoveTagsFromStream" => call_empty(k, ctx, body, remove_tags_from_stream),
        "SplitShard" => call_empty(k, ctx, body, split_shard),
        "StartStreamEncryption" => call_empty(k, ctx, body, start_stream_encryption),
        "StopStreamEncryption" => call_empty(k, ctx, body, stop_stream_encryption),
        "SubscribeToShard" => call(k, ctx, body, subscribe_to_shard),
        "TagResource" => call_empty(k, ctx, body, tag_resource),
        "UntagResource" => call_empty(k, ctx, body, untag_resource),
        "UpdateAccountSettings" => call(k, ctx, body, update_account_settings),
        "UpdateMaxRecordSize" => call_empty(k, ctx, body, update_max_record_size),
        "UpdateShardCount" => call(k, ctx, body, update_shard_count),
        "UpdateStreamMode" => call_empty(k, ctx, body, update_stream_mode),
        "UpdateStreamWarmThroughput" => call(k, ctx, body, update_stream_warm_throughput),
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
    let Some(arn) = arn else { return Err(name_or_arn_needed()) };
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

/// A shard id as AWS reads one: `<anything>-<digits>` or `<digits>` (`shardId-000000000001`,
/// `shard-1`, `-00001`, `1`), the number a Java int. `None` when it names no shard number: AWS
/// then answers "Could not find shard <the id as sent>". The number is then shown as
/// `shardId-` and 12 digits, whatever form it came in.
pub(crate) fn parse_shard_id(text: &str) -> Option<u32> {
    // AWS takes what lies between the first and second hyphen, or the whole id if that is
    // empty (kinesalite's suite recorded each form).
    let digits = match text.split('-').nth(1) {
        Some(part) if !part.is_empty() => part,
        _ => text,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    let n: u64 = if significant.is_empty() { 0 } else { significant.parse().ok()? };
    u32::try_from(n).ok().filter(|&n| n <= i32::MAX as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ids() {
        assert_eq!(parse_shard_id("shardId-000000000001"), Some(1));
        assert_eq!(parse_shard_id("7"), Some(7));
        assert_eq!(parse_shard_id("shard-1"), Some(1));
        assert_eq!(parse_shard_id("a-00002147483647"), Some(2147483647));
        assert_eq!(parse_shard_id("-00002147483647"), Some(2147483647));
        assert_eq!(parse_shard_id("__kinesalite_test_0.5-0"), Some(0));
        for bad in [
            "",
            "shardId-",
            "shardId-x",
            "shardId-9999999999999",
            "shardId-002147483648",
            "2147483648",
            "2.14E4",
            "ABKLFD8",
            "shardId-4294967296",
            &"9".repeat(30),
        ] {
            assert_eq!(parse_shard_id(bad), None, "{bad}");
        }
    }
}
