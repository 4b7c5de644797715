//! Every text Kinesis answers with, in one place: the operations name the error, this file words
//! it as AWS does. The texts come from AWS's answers as kinesalite's AWS-recorded suite and the
//! API Reference give them; `account` is the 12-digit account id.

use crate::api::{ApiError, ErrorCode};

use crate::kinesis::model::StreamStatus;

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message)
}

fn not_found(message: String) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound, message)
}

fn in_use(message: String) -> ApiError {
    ApiError::new(ErrorCode::ResourceInUse, message)
}

fn limit(message: String) -> ApiError {
    ApiError::new(ErrorCode::LimitExceeded, message)
}

// ----- streams --------------------------------------------------------------------------------

pub fn stream_not_found(name: &str, account: &str) -> ApiError {
    not_found(format!("Stream {name} under account {account} not found."))
}

pub fn stream_exists(name: &str, account: &str) -> ApiError {
    in_use(format!("Stream {name} under account {account} already exists."))
}

pub fn not_active(name: &str, account: &str, status: StreamStatus) -> ApiError {
    in_use(format!(
        "Stream {name} under account {account} not ACTIVE, instead in state {}",
        status.as_str()
    ))
}

pub fn still_creating(name: &str, account: &str) -> ApiError {
    in_use(format!("Stream {name} under account {account} is in CREATING state."))
}

pub fn has_consumers(name: &str, account: &str) -> ApiError {
    in_use(format!("Stream {name} under account {account} has registered consumers."))
}

pub fn name_or_arn_needed() -> ApiError {
    ApiError::new(ErrorCode::Validation, "Either StreamName or StreamARN must be provided.")
}

pub fn on_demand_refusal(name: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Validation,
        format!("Request is invalid. Stream {name} under account {account} is in On-Demand mode."),
    )
}

pub fn already_in_mode(name: &str, account: &str, mode: &str) -> ApiError {
    invalid(format!("Stream {name} under account {account} is already in {mode} mode."))
}

pub fn shard_limit_exceeded(
    account: &str,
    region: &str,
    current: u32,
    limit_: u32,
    more: u32,
) -> ApiError {
    limit(format!(
        "This request would exceed the shard limit for the account {account} in {region}. Current \
         shard count for the account: {current}. Limit: {limit_}. Number of additional shards \
         that would have resulted from this request: {more}. Refer to the AWS Service Limits page \
         (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current \
         limits and how to request higher limits."
    ))
}

pub fn on_demand_stream_limit(account: &str, region: &str, limit_: u32) -> ApiError {
    limit(format!(
        "This request would exceed the on-demand stream limit for the account {account} in \
         {region}. Limit: {limit_}."
    ))
}

pub fn invalid_next_token(token: &str) -> ApiError {
    invalid(format!("Invalid NextToken: {token}"))
}

pub fn token_expired() -> ApiError {
    ApiError::new(ErrorCode::ExpiredNextToken, "The token has expired.")
}

pub fn token_and_name() -> ApiError {
    invalid("NextToken and StreamName cannot be provided together.".into())
}

pub fn token_or_name() -> ApiError {
    invalid("Either NextToken or StreamName should be provided.".into())
}

pub fn filter_needs_timestamp(kind: &str) -> ApiError {
    invalid(format!("Timestamp must be specified for the {kind} ShardFilter type."))
}

pub fn filter_needs_shard_id() -> ApiError {
    invalid("ShardId must be specified for the AFTER_SHARD_ID ShardFilter type.".into())
}

// ----- settings -------------------------------------------------------------------------------

pub fn retention_too_short(hours: i64) -> ApiError {
    invalid(format!(
        "Minimum allowed retention period is 24 hours. Requested retention period ({hours} hours) \
         is too short."
    ))
}

pub fn retention_too_long(hours: i64) -> ApiError {
    invalid(format!(
        "Maximum allowed retention period is 8760 hours. Requested retention period ({hours} \
         hours) is too long."
    ))
}

pub fn retention_not_longer(name: &str, hours: i64, current: i64) -> ApiError {
    invalid(format!(
        "Requested retention period ({hours} hours) for stream {name} can not be shorter than \
         existing retention period ({current} hours). Use DecreaseRetentionPeriod API."
    ))
}

pub fn retention_not_shorter(name: &str, hours: i64, current: i64) -> ApiError {
    invalid(format!(
        "Requested retention period ({hours} hours) for stream {name} can not be longer than \
         existing retention period ({current} hours). Use IncreaseRetentionPeriod API."
    ))
}

pub fn encryption_type_unsupported(kind: &str) -> ApiError {
    invalid(format!("Encryption type {kind} is not supported for this operation; use KMS."))
}

// ----- shards and resharding ------------------------------------------------------------------

/// A shard id that names no shard number (`ABKLFD8`), or a number the stream does not have.
pub fn could_not_find_shard(shard: &str, stream: &str, account: &str) -> ApiError {
    not_found(format!("Could not find shard {shard} in stream {stream} under account {account}."))
}

pub fn shard_does_not_exist(shard: &str, stream: &str, account: &str) -> ApiError {
    not_found(format!("Shard {shard} in stream {stream} under account {account} does not exist"))
}

pub fn already_resharded(shard: &str, stream: &str, account: &str) -> ApiError {
    invalid(format!(
        "Shard {shard} in stream {stream} under account {account} has already been merged or \
         split, and thus is not eligible for merging or splitting."
    ))
}

pub fn split_key_outside(
    key: &str,
    shard: &str,
    stream: &str,
    account: &str,
    range: (u128, u128),
) -> ApiError {
    let (start, end) = range;
    invalid(format!(
        "NewStartingHashKey {key} used in SplitShard() on shard {shard} in stream {stream} under \
         account {account} is not both greater than one plus the shard's StartingHashKey {start} \
         and less than the shard's EndingHashKey {end}."
    ))
}

pub fn not_adjacent(a: &str, b: &str, stream: &str, account: &str) -> ApiError {
    invalid(format!(
        "Shards {a} and {b} in stream {stream} under account {account} are not an adjacent pair \
         of shards eligible for merging"
    ))
}

/// UpdateShardCount's three refusals share their tail.
pub enum ScalingRefusal {
    OverLimit(u32),
    OverDouble,
    UnderHalf,
}

pub fn scaling_refused(why: ScalingRefusal, open: u32, target: u32) -> ApiError {
    let counts = format!("Current open shard count: {open}, Target shard count: {target}");
    limit(match why {
        ScalingRefusal::OverLimit(max) => format!(
            "Target shard count or number of open shards cannot be greater than {max}. {counts}"
        ),
        ScalingRefusal::OverDouble => format!(
            "UpdateShardCount cannot scale up over double your current open shard count. {counts}"
        ),
        ScalingRefusal::UnderHalf => format!(
            "UpdateShardCount cannot scale down below half your current open shard count. {counts}"
        ),
    })
}

// ----- tags -----------------------------------------------------------------------------------

pub fn too_many_tags(stream: &str, account: &str, max: usize) -> ApiError {
    invalid(format!(
        "Failed to add tags to stream {stream} under account {account} because a given stream \
         cannot have more than {max} tags associated with it."
    ))
}

/// A tag key or value with a character outside AWS's set (`;`, `,`, a tab, a newline).
pub fn tag_characters() -> ApiError {
    invalid(
        "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white \
         space, _ . / = + - % @."
            .into(),
    )
}

/// A tag with `%`: listed as valid by the first text, refused by the service all the same.
pub fn tag_percent(adding: bool, stream: &str, account: &str) -> ApiError {
    let (verb, prep) = if adding { ("add", "to") } else { ("remove", "from") };
    invalid(format!(
        "Failed to {verb} tags {prep} stream {stream} under account {account} because some tags \
         contained illegal characters. The allowed characters are Unicode letters, white-spaces, \
         '_',',','/','=','+','-','@'."
    ))
}

pub fn resource_not_found(arn: &str) -> ApiError {
    not_found(format!("Resource {arn} not found."))
}

// ----- records --------------------------------------------------------------------------------

pub fn rate_exceeded(shard: &str, stream: &str, account: &str) -> String {
    format!("Rate exceeded for shard {shard} in stream {stream} under account {account}.")
}

pub fn throughput_exceeded(shard: &str, stream: &str, account: &str) -> ApiError {
    ApiError::new(ErrorCode::ProvisionedThroughputExceeded, rate_exceeded(shard, stream, account))
}

pub fn invalid_explicit_hash_key(text: &str) -> ApiError {
    invalid(format!(
        "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified \
         value was {text}"
    ))
}

/// A record over the stream's MaxRecordSizeInKiB, worded as the model's length check.
pub fn record_too_large(member: &str, data_len: usize, max: usize) -> ApiError {
    ApiError::new(
        ErrorCode::Validation,
        format!(
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim={data_len} \
             cap={data_len}]' at '{member}' failed to satisfy constraint: Member must have length \
             less than or equal to {max}"
        ),
    )
}

pub fn records_too_large(limit_mb: u64) -> ApiError {
    invalid(format!("Records size exceeds {limit_mb} MB limit"))
}

pub fn invalid_ordering(text: &str, stream: &str, account: &str) -> ApiError {
    invalid(format!(
        "ExclusiveMinimumSequenceNumber {text} used in PutRecord on stream {stream} under account \
         {account} is invalid."
    ))
}

/// PutRecords' per-record answer when no open shard takes a record (a stream caught between
/// reshardings; never a panic).
pub const INTERNAL_FAILURE: &str = "Internal service failure.";

pub fn no_open_shard() -> ApiError {
    ApiError::new(ErrorCode::InternalFailureException, "No open shard holds this hash key.")
}

// ----- iterators ------------------------------------------------------------------------------

pub fn iterator_type_and_sequence(kind: &str, with_sequence: bool) -> ApiError {
    let what = if with_sequence { "also a" } else { "no" };
    invalid(format!(
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and \
         StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. \
         Request specified {kind} and {what} StartingSequenceNumber."
    ))
}

pub fn timestamp_needed() -> ApiError {
    invalid(
        "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current \
         request has no timestamp parameter."
            .into(),
    )
}

pub fn timestamp_in_future(asked_ms: i64, now_ms: i64) -> ApiError {
    invalid(format!(
        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. \
         timestampInMillis: {asked_ms}, currentTimestampInMillis: {now_ms}"
    ))
}

pub fn invalid_starting_sequence(
    text: &str,
    operation: &str,
    shard: &str,
    stream: &str,
    account: &str,
) -> ApiError {
    invalid(format!(
        "StartingSequenceNumber {text} used in {operation} on shard {shard} in stream {stream} \
         under account {account} is invalid."
    ))
}

pub fn sequence_of_other_shard(encoded: &str, shard: &str) -> ApiError {
    invalid(format!(
        "Invalid StartingSequenceNumber. It encodes {encoded}, while it was used in a call to a \
         shard with {shard}"
    ))
}

pub fn sequence_of_other_stream(
    text: &str,
    operation: &str,
    shard: &str,
    stream: &str,
    account: &str,
) -> ApiError {
    invalid(format!(
        "StartingSequenceNumber {text} used in {operation} on shard {shard} in stream {stream} \
         under account {account} is invalid because it did not come from this stream."
    ))
}

pub fn invalid_iterator_type(kind: &str) -> ApiError {
    invalid(format!("Invalid ShardIteratorType: {kind}"))
}

pub fn invalid_shard_iterator() -> ApiError {
    invalid("Invalid ShardIterator.".into())
}

/// `created` and `now` in AWS's clock format (`Thu Jan 22 01:22:02 UTC 2015`).
pub fn iterator_expired(created: &str, now: &str, lifetime_ms: i64) -> ApiError {
    ApiError::new(
        ErrorCode::ExpiredIterator,
        format!(
            "Iterator expired. The iterator was created at time {created} while right now it is \
             {now} which is further in the future than the tolerated delay of {lifetime_ms} \
             milliseconds."
        ),
    )
}

/// AWS's answer to a StartingSequenceNumber too small to hold any layout (`0`): a server
/// fault with no message, HTTP 500, as kinesalite recorded it.
pub fn internal_failure() -> ApiError {
    let mut e = ApiError::new(ErrorCode::InternalFailure, "");
    e.status = 500;
    e
}

// ----- consumers ------------------------------------------------------------------------------

pub fn consumer_not_found(what: &str, account: &str) -> ApiError {
    not_found(format!("Consumer {what}, account {account} not found."))
}

pub fn consumer_ref_needed() -> ApiError {
    invalid("Either ConsumerARN or both ConsumerName and StreamARN must be provided.".into())
}

pub fn consumer_exists(name: &str, stream: &str, account: &str) -> ApiError {
    in_use(format!("Consumer {name} under stream {stream} already exists for account {account}."))
}

pub fn consumer_limit(max: usize, stream: &str, account: &str) -> ApiError {
    limit(format!("Consumer limit of {max} reached for stream {stream} under account {account}."))
}

pub fn consumers_creating(stream: &str, account: &str) -> ApiError {
    limit(format!(
        "Too many consumers of stream {stream} under account {account} are in CREATING state; at \
         most 5 may be created at the same time."
    ))
}

pub fn consumer_not_active(arn: &str) -> ApiError {
    in_use(format!("Consumer {arn} is not in ACTIVE state."))
}

pub fn subscription_exists(arn: &str, shard: &str) -> ApiError {
    in_use(format!("Another active subscription exists for consumer {arn} on shard {shard}."))
}

// ----- resource policies and capacity ---------------------------------------------------------

/// AWS's AccessDenied text, worded by `iam_policy::access_denied_message`.
pub fn access_denied(message: String) -> ApiError {
    ApiError::new(ErrorCode::AccessDenied, message)
}

/// A policy IAM would refuse (MalformedPolicyDocument's words).
pub fn malformed_policy(reason: &str) -> ApiError {
    invalid(format!("Policy is not a valid IAM policy document: {reason}"))
}

/// DeleteResourcePolicy on a resource without one (moto's wording, which emulates AWS's).
pub fn no_policy(arn: &str) -> ApiError {
    not_found(format!("No resource policy found for resource ARN {arn}."))
}

pub fn warm_throughput_needs_on_demand(name: &str, account: &str) -> ApiError {
    invalid(format!(
        "Warm throughput is only supported for on-demand streams. Stream {name} under account \
         {account} is in PROVISIONED mode."
    ))
}

pub fn warm_throughput_needs_commitment(account: &str) -> ApiError {
    invalid(format!(
        "Warm throughput requires the minimum throughput billing commitment. Enable it for \
         account {account} with UpdateAccountSettings first."
    ))
}

pub fn warm_throughput_limit(asked: i64, max: u32) -> ApiError {
    limit(format!(
        "Requested warm throughput of {asked} MiBps exceeds the maximum of {max} MiBps for an \
         on-demand stream."
    ))
}

// ----- the simulated actors (learner commands, not AWS operations) ----------------------------

/// A producer or KCL application the learner's command names that is not running.
pub fn actor_not_found(kind: &str, name: &str) -> ApiError {
    not_found(format!("{kind} {name} not found."))
}
