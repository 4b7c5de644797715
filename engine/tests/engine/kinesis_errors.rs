//! AWS's exact texts for bad input, driven end to end through the API dispatch.

use crate::support;
use engine::api::ApiError;
use engine::{Command, World};
use serde_json::Value;

fn world() -> World {
    support::world(7)
}

fn call(w: &mut World, action: &str, body: &str) -> Result<Value, ApiError> {
    support::call(w, "Kinesis_20131202", action, body)
}

fn fails(w: &mut World, action: &str, body: &str) -> (String, String) {
    support::failure(call(w, action, body), action)
}

fn active(w: &mut World, name: &str, shards: u32) {
    call(w, "CreateStream", &format!(r#"{{"StreamName":"{name}","ShardCount":{shards}}}"#))
        .expect("create");
    w.advance_by(1_000);
}

const ACCOUNT: &str = "000000000000";

#[test]
fn missing_stream_name_and_shard_count() {
    let mut w = world();
    assert_eq!(
        fails(&mut w, "CreateStream", "{}"),
        (
            "ValidationException".into(),
            "2 validation errors detected: Value null at 'shardCount' failed to satisfy \
             constraint: Member must not be null; Value null at 'streamName' failed to satisfy \
             constraint: Member must not be null"
                .into()
        )
    );
}

#[test]
fn empty_stream_name_and_zero_shards() {
    let mut w = world();
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":"","ShardCount":0}"#).1,
        "3 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: \
         Member must have value greater than or equal to 1; Value '' at 'streamName' failed to \
         satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
         Value '' at 'streamName' failed to satisfy constraint: Member must have length greater \
         than or equal to 1"
    );
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":0}"#).1,
        "1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: \
         Member must have value greater than or equal to 1"
    );
}

#[test]
fn long_and_invalid_stream_names() {
    let mut w = world();
    let name = "a".repeat(129);
    assert_eq!(
        fails(&mut w, "CreateStream", &format!(r#"{{"StreamName":"{name}","ShardCount":1}}"#)).1,
        format!(
            "1 validation error detected: Value '{name}' at 'streamName' failed to satisfy \
             constraint: Member must have length less than or equal to 128"
        )
    );
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":"a b","ShardCount":1}"#).1,
        "1 validation error detected: Value 'a b' at 'streamName' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    );
}

#[test]
fn duplicate_and_unknown_streams() {
    let mut w = world();
    active(&mut w, "orders", 1);
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":"orders","ShardCount":1}"#),
        (
            "ResourceInUseException".into(),
            format!("Stream orders under account {ACCOUNT} already exists.")
        )
    );
    assert_eq!(
        fails(&mut w, "DescribeStream", r#"{"StreamName":"nope"}"#),
        (
            "ResourceNotFoundException".into(),
            format!("Stream nope under account {ACCOUNT} not found.")
        )
    );
    assert_eq!(
        fails(&mut w, "PutRecord", r#"{"StreamName":"nope","Data":"AA==","PartitionKey":"a"}"#).1,
        format!("Stream nope under account {ACCOUNT} not found.")
    );
}

#[test]
fn explicit_hash_key_out_of_range() {
    let mut w = world();
    active(&mut w, "s", 1);
    let too_big = "340282366920938463463374607431768211456";
    let body = format!(
        r#"{{"StreamName":"s","Data":"AA==","PartitionKey":"a","ExplicitHashKey":"{too_big}"}}"#
    );
    assert_eq!(
        fails(&mut w, "PutRecord", &body),
        (
            "InvalidArgumentException".into(),
            format!(
                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. \
                 Specified value was {too_big}"
            )
        )
    );
    assert_eq!(
        fails(
            &mut w,
            "PutRecord",
            r#"{"StreamName":"s","Data":"AA==","PartitionKey":"a","ExplicitHashKey":"-1"}"#
        )
        .1,
        "1 validation error detected: Value '-1' at 'explicitHashKey' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})"
    );
    // The largest hash key is fine.
    let ok = r#"{"StreamName":"s","Data":"AA==","PartitionKey":"a","ExplicitHashKey":"340282366920938463463374607431768211455"}"#;
    assert!(call(&mut w, "PutRecord", ok).is_ok());
}

#[test]
fn put_records_over_500() {
    let mut w = world();
    active(&mut w, "s", 1);
    let records = vec![r#"{"Data":"AA==","PartitionKey":"a"}"#; 501].join(",");
    let (code, message) =
        fails(&mut w, "PutRecords", &format!(r#"{{"StreamName":"s","Records":[{records}]}}"#));
    assert_eq!(code, "ValidationException");
    assert!(
        message.starts_with(
            "1 validation error detected: Value '[com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@"
        ),
        "{message}"
    );
    assert!(message.ends_with(
        "]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"
    ));
    assert_eq!(
        fails(&mut w, "PutRecords", r#"{"StreamName":"s","Records":[]}"#).1,
        "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: \
         Member must have length greater than or equal to 1"
    );
    assert_eq!(
        fails(
            &mut w,
            "PutRecords",
            r#"{"StreamName":"s","Records":[{"Data":"AA==","PartitionKey":""}]}"#
        )
        .1,
        "1 validation error detected: Value '' at 'records.1.member.partitionKey' failed to \
         satisfy constraint: Member must have length greater than or equal to 1"
    );
}

#[test]
fn split_key_outside_the_shard() {
    let mut w = world();
    active(&mut w, "s", 2);
    let body = r#"{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"170141183460469231731687303715884105728"}"#;
    assert_eq!(
        fails(&mut w, "SplitShard", body),
        (
            "InvalidArgumentException".into(),
            format!(
                "NewStartingHashKey 170141183460469231731687303715884105728 used in SplitShard() \
                 on shard shardId-000000000000 in stream s under account {ACCOUNT} is not both \
                 greater than one plus the shard's StartingHashKey 0 and less than the shard's \
                 EndingHashKey 170141183460469231731687303715884105727."
            )
        )
    );
    assert_eq!(
        fails(
            &mut w,
            "SplitShard",
            r#"{"StreamName":"s","ShardToSplit":"shardId-000000000009","NewStartingHashKey":"5"}"#
        )
        .1,
        format!("Could not find shard shardId-000000000009 in stream s under account {ACCOUNT}.")
    );
}

#[test]
fn non_adjacent_merge_and_resharding_while_updating() {
    let mut w = world();
    active(&mut w, "s", 3);
    assert_eq!(
        fails(
            &mut w,
            "MergeShards",
            r#"{"StreamName":"s","ShardToMerge":"shardId-000000000000","AdjacentShardToMerge":"shardId-000000000002"}"#
        ),
        (
            "InvalidArgumentException".into(),
            format!(
                "Shards shardId-000000000000 and shardId-000000000002 in stream s under account \
                 {ACCOUNT} are not an adjacent pair of shards eligible for merging"
            )
        )
    );
    call(&mut w, "MergeShards", r#"{"StreamName":"s","ShardToMerge":"shardId-000000000000","AdjacentShardToMerge":"shardId-000000000001"}"#)
        .expect("merge");
    assert_eq!(
        fails(
            &mut w,
            "SplitShard",
            r#"{"StreamName":"s","ShardToSplit":"shardId-000000000002","NewStartingHashKey":"300000000000000000000000000000000000000"}"#
        ),
        (
            "ResourceInUseException".into(),
            format!("Stream s under account {ACCOUNT} not ACTIVE, instead in state UPDATING")
        )
    );
    w.advance_by(1_000);
    assert_eq!(
        fails(&mut w, "MergeShards", r#"{"StreamName":"s","ShardToMerge":"shardId-000000000000","AdjacentShardToMerge":"shardId-000000000001"}"#).1,
        format!(
            "Shard shardId-000000000000 in stream s under account {ACCOUNT} has already been \
             merged or split, and thus is not eligible for merging or splitting."
        )
    );
}

#[test]
fn retention_out_of_range() {
    let mut w = world();
    active(&mut w, "s", 1);
    assert_eq!(
        fails(
            &mut w,
            "IncreaseStreamRetentionPeriod",
            r#"{"StreamName":"s","RetentionPeriodHours":23}"#
        ),
        (
            "InvalidArgumentException".into(),
            "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) \
             is too short."
                .into()
        )
    );
    assert_eq!(
        fails(
            &mut w,
            "IncreaseStreamRetentionPeriod",
            r#"{"StreamName":"s","RetentionPeriodHours":8761}"#
        )
        .1,
        "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) \
         is too long."
    );
    assert_eq!(
        fails(
            &mut w,
            "DecreaseStreamRetentionPeriod",
            r#"{"StreamName":"s","RetentionPeriodHours":48}"#
        )
        .1,
        "Requested retention period (48 hours) for stream s can not be longer than existing \
         retention period (24 hours). Use IncreaseRetentionPeriod API."
    );
    call(
        &mut w,
        "IncreaseStreamRetentionPeriod",
        r#"{"StreamName":"s","RetentionPeriodHours":8760}"#,
    )
    .expect("increase");
    assert_eq!(
        fails(
            &mut w,
            "IncreaseStreamRetentionPeriod",
            r#"{"StreamName":"s","RetentionPeriodHours":100}"#
        )
        .1,
        "Requested retention period (100 hours) for stream s can not be shorter than existing \
         retention period (8760 hours). Use DecreaseRetentionPeriod API."
    );
}

#[test]
fn expired_and_garbage_iterators() {
    let mut w = world();
    active(&mut w, "s", 1);
    let it = call(
        &mut w,
        "GetShardIterator",
        r#"{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"TRIM_HORIZON"}"#,
    )
    .expect("iterator")["ShardIterator"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    w.advance_by(300_001);
    assert_eq!(
        fails(&mut w, "GetRecords", &format!(r#"{{"ShardIterator":"{it}"}}"#)),
        (
            "ExpiredIteratorException".into(),
            "Iterator expired. The iterator was created at time Thu Jan 01 00:00:01 UTC 2026 \
             while right now it is Thu Jan 01 00:05:01 UTC 2026 which is further in the future \
             than the tolerated delay of 300000 milliseconds."
                .into()
        )
    );
    for garbage in ["AAAA", "x", "AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAA="] {
        assert_eq!(
            fails(&mut w, "GetRecords", &format!(r#"{{"ShardIterator":"{garbage}"}}"#)),
            ("InvalidArgumentException".into(), "Invalid ShardIterator.".into())
        );
    }
}

#[test]
fn malformed_sequence_numbers() {
    let mut w = world();
    active(&mut w, "s", 2);
    let body = |kind: &str, seq: &str| {
        format!(
            r#"{{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"{kind}","StartingSequenceNumber":"{seq}"}}"#
        )
    };
    // A number of the oldest layout whose shard creation time AWS refuses (year 2477).
    let far = "26227199374822427428162556223570313216";
    assert_eq!(
        fails(&mut w, "GetShardIterator", &body("AT_SEQUENCE_NUMBER", far)),
        (
            "InvalidArgumentException".into(),
            format!(
                "StartingSequenceNumber {far} used in GetShardIterator on shard \
                 shardId-000000000000 in stream s under account {ACCOUNT} is invalid."
            )
        )
    );
    // A small number is read in the oldest layout, whose low digits name a shard.
    assert_eq!(
        fails(&mut w, "GetShardIterator", &body("AT_SEQUENCE_NUMBER", "123")).1,
        "Invalid StartingSequenceNumber. It encodes shardId-000000000123, while it was used in a \
         call to a shard with shardId-000000000000"
    );
    // `0` names shard 0 in that layout, which no shard of today's streams uses: AWS answers
    // with a server fault and no message (HTTP 500).
    let zero =
        w.apply(Command::api("Kinesis_20131202.GetShardIterator", body("AT_SEQUENCE_NUMBER", "0")));
    let e = zero.result.expect_err("InternalFailure");
    assert_eq!(
        (e.code.as_str(), e.status, e.body()),
        ("InternalFailure", 500, r#"{"__type":"InternalFailure"}"#.to_string())
    );
    assert_eq!(
        fails(&mut w, "GetShardIterator", &body("AT_SEQUENCE_NUMBER", "abc")).1,
        "1 validation error detected: Value 'abc' at 'startingSequenceNumber' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})"
    );
    // A sequence number of shard 1 used on shard 0.
    let put = call(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"x","ExplicitHashKey":"340282366920938463463374607431768211455"}"#)
        .expect("put");
    let seq = put["SequenceNumber"].as_str().unwrap_or_default().to_string();
    assert_eq!(seq.len(), 56);
    assert_eq!(
        fails(&mut w, "GetShardIterator", &body("AFTER_SEQUENCE_NUMBER", &seq)).1,
        "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a \
         call to a shard with shardId-000000000000"
    );
    assert_eq!(
        fails(&mut w, "GetShardIterator", &body("TRIM_HORIZON", &seq)).1,
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and \
         StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. \
         Request specified TRIM_HORIZON and also a StartingSequenceNumber."
    );
    // A 56-digit number of no layout AWS knows (its last hex digit, the version, is f).
    let huge = format!("49{}{}", "9".repeat(10), "9".repeat(44));
    assert!(fails(&mut w, "GetShardIterator", &body("AT_SEQUENCE_NUMBER", &huge))
        .1
        .ends_with("is invalid."));
}

#[test]
fn protocol_errors() {
    let mut w = world();
    assert_eq!(fails(&mut w, "CreateStream", "{not json").0, "SerializationException");
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":"3"}"#),
        (
            "SerializationException".into(),
            "class java.lang.String can not be converted to an Integer".into()
        )
    );
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":5,"ShardCount":3}"#).1,
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an \
         String"
    );
    assert_eq!(
        fails(&mut w, "CreateStream", r#"{"StreamName":["s"],"ShardCount":3}"#).1,
        "Start of list found where not expected"
    );
    assert_eq!(
        fails(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"abc","PartitionKey":"a"}"#).1,
        "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 \
         bytes but found: 3"
    );
    assert_eq!(
        fails(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"ab$=","PartitionKey":"a"}"#).1,
        "'ab$=' can not be converted to a Blob: Invalid Base64 character: '$'"
    );
    assert_eq!(fails(&mut w, "FlyToTheMoon", "{}").0, "UnknownOperationException");
    let out = w.apply(Command::api("Kinesis_20131202.DescribeLimits", ""));
    assert!(out.result.is_ok());
}

#[test]
fn put_records_throttles_per_record() {
    let mut w = world();
    active(&mut w, "s", 1);
    let data = "A".repeat(1468); // 1101 bytes of data once decoded
    let records = vec![format!(r#"{{"Data":"{data}","PartitionKey":"a"}}"#); 500].join(",");
    let body = format!(r#"{{"StreamName":"s","Records":[{records}]}}"#);
    let first = call(&mut w, "PutRecords", &body).expect("first");
    assert_eq!(first["FailedRecordCount"], 0);
    let second = call(&mut w, "PutRecords", &body).expect("second");
    let failed = second["FailedRecordCount"].as_u64().unwrap_or_default();
    assert!(failed > 0, "1 MiB/s must bite: {failed}");
    let rejected = second["Records"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r.get("ErrorCode").is_some()))
        .cloned()
        .unwrap_or_default();
    assert_eq!(rejected["ErrorCode"], "ProvisionedThroughputExceededException");
    assert_eq!(
        rejected["ErrorMessage"],
        format!(
            "Rate exceeded for shard shardId-000000000000 in stream s under account {ACCOUNT}."
        )
    );
    // A second later the shard takes writes again.
    w.advance_by(1_000);
    assert_eq!(call(&mut w, "PutRecords", &body).expect("third")["FailedRecordCount"], 0);
}

#[test]
fn lifecycle_states() {
    let mut w = world();
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":2}"#).expect("create");
    let d = call(&mut w, "DescribeStream", r#"{"StreamName":"s"}"#).expect("describe");
    assert_eq!(d["StreamDescription"]["StreamStatus"], "CREATING");
    assert_eq!(d["StreamDescription"]["Shards"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        fails(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"a"}"#).0,
        "ResourceNotFoundException"
    );
    w.advance_by(500);
    let d = call(&mut w, "DescribeStream", r#"{"StreamName":"s"}"#).expect("describe");
    assert_eq!(d["StreamDescription"]["StreamStatus"], "ACTIVE");
    assert_eq!(
        d["StreamDescription"]["StreamARN"],
        format!("arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/s")
    );
    call(&mut w, "DeleteStream", r#"{"StreamName":"s"}"#).expect("delete");
    let d = call(
        &mut w,
        "DescribeStreamSummary",
        r#"{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s"}"#,
    )
    .expect("a stream being deleted is still described");
    assert_eq!(d["StreamDescriptionSummary"]["StreamStatus"], "DELETING");
    assert_eq!(
        fails(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"a"}"#).0,
        "ResourceNotFoundException"
    );
    w.advance_by(500);
    let l = call(&mut w, "ListStreams", "{}").expect("list");
    assert_eq!(l["StreamNames"].as_array().map(Vec::len), Some(0));
    assert_eq!(l["HasMoreStreams"], false);
}

#[test]
fn record_and_request_size_limits() {
    use base64::Engine;
    let mut w = world();
    active(&mut w, "s", 1);
    let big = base64::engine::general_purpose::STANDARD.encode(vec![0u8; 1_048_577]);
    assert_eq!(
        fails(
            &mut w,
            "PutRecord",
            &format!(r#"{{"StreamName":"s","Data":"{big}","PartitionKey":"a"}}"#)
        ),
        (
            "ValidationException".into(),
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 \
             cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less \
             than or equal to 1048576"
                .into()
        )
    );
    let chunk = base64::engine::general_purpose::STANDARD.encode(vec![0u8; 11_000]);
    let records = vec![format!(r#"{{"Data":"{chunk}","PartitionKey":"a"}}"#); 500].join(",");
    assert_eq!(
        fails(&mut w, "PutRecords", &format!(r#"{{"StreamName":"s","Records":[{records}]}}"#)),
        ("InvalidArgumentException".into(), "Records size exceeds 5 MB limit".into())
    );
}

#[test]
fn at_timestamp_in_the_future_is_refused() {
    let mut w = engine::World::new(engine::WorldConfig::with_seed(1));
    let call = |w: &mut engine::World, action: &str, body: &str| {
        w.apply(engine::Command::api(format!("Kinesis_20131202.{action}"), body)).result
    };
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#).unwrap();
    w.advance_by(1_000);
    let now_ms = w.now_unix_ms();
    let future = (now_ms + 3_600_000) as f64 / 1000.0;
    let body = format!(
        r#"{{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":{future}}}"#
    );
    let e = call(&mut w, "GetShardIterator", &body).unwrap_err();
    assert_eq!(e.code, "InvalidArgumentException");
    assert_eq!(
        e.message,
        format!(
            "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. \
             timestampInMillis: {}, currentTimestampInMillis: {now_ms}",
            now_ms + 3_600_000
        )
    );
    let past = (now_ms - 500) as f64 / 1000.0;
    let body = format!(
        r#"{{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":{past}}}"#
    );
    assert!(call(&mut w, "GetShardIterator", &body).is_ok());
}
