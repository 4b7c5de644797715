//! Control plane and enhanced fan-out through the API: pagination, tags, rescaling, modes,
//! encryption, monitoring, consumers and subscriptions.

use crate::support;
use engine::api::ApiError;
use engine::World;
use serde_json::Value;

fn call(w: &mut World, action: &str, body: &str) -> Result<Value, ApiError> {
    support::call(w, "Kinesis_20131202", action, body)
}

fn ok(w: &mut World, action: &str, body: &str) -> Value {
    call(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["ShardId"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn world() -> World {
    support::world(2)
}

#[test]
fn pagination_of_streams_and_shards() {
    let mut w = world();
    for name in ["c", "a", "b"] {
        ok(&mut w, "CreateStream", &format!(r#"{{"StreamName":"{name}","ShardCount":5}}"#));
    }
    w.advance_by(1_000);
    let page = ok(&mut w, "ListStreams", r#"{"Limit":2}"#);
    assert_eq!(page["StreamNames"], serde_json::json!(["a", "b"]));
    assert_eq!(page["HasMoreStreams"], true);
    let token = page["NextToken"].as_str().unwrap_or_default().to_string();
    let rest = ok(&mut w, "ListStreams", &format!(r#"{{"NextToken":"{token}"}}"#));
    assert_eq!(rest["StreamNames"], serde_json::json!(["c"]));
    assert_eq!(rest["StreamSummaries"][0]["StreamStatus"], "ACTIVE");

    let d = ok(&mut w, "DescribeStream", r#"{"StreamName":"a","Limit":2}"#);
    assert_eq!(
        ids(&d["StreamDescription"], "Shards"),
        vec!["shardId-000000000000", "shardId-000000000001"]
    );
    assert_eq!(d["StreamDescription"]["HasMoreShards"], true);
    let d = ok(
        &mut w,
        "DescribeStream",
        r#"{"StreamName":"a","ExclusiveStartShardId":"shardId-000000000003"}"#,
    );
    assert_eq!(ids(&d["StreamDescription"], "Shards"), vec!["shardId-000000000004"]);

    let l = ok(&mut w, "ListShards", r#"{"StreamName":"a","MaxResults":3}"#);
    assert_eq!(ids(&l, "Shards").len(), 3);
    let token = l["NextToken"].as_str().unwrap_or_default().to_string();
    let l2 = ok(&mut w, "ListShards", &format!(r#"{{"NextToken":"{token}"}}"#));
    assert_eq!(ids(&l2, "Shards"), vec!["shardId-000000000003", "shardId-000000000004"]);
    assert_eq!(
        call(&mut w, "ListShards", &format!(r#"{{"StreamName":"a","NextToken":"{token}"}}"#))
            .map_err(|e| e.message),
        Err("NextToken and StreamName cannot be provided together.".to_string())
    );
    w.advance_by(301_000);
    assert_eq!(
        call(&mut w, "ListShards", &format!(r#"{{"NextToken":"{token}"}}"#))
            .map_err(|e| e.code.to_string()),
        Err("ExpiredNextTokenException".to_string())
    );
}

#[test]
fn update_shard_count_scales_through_splits_and_merges() {
    let mut w = world();
    ok(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    let out = ok(
        &mut w,
        "UpdateShardCount",
        r#"{"StreamName":"s","TargetShardCount":5,"ScalingType":"UNIFORM_SCALING"}"#,
    );
    assert_eq!(
        (out["CurrentShardCount"].as_u64(), out["TargetShardCount"].as_u64()),
        (Some(3), Some(5))
    );
    w.advance_by(1_000);
    let open = ok(&mut w, "ListShards", r#"{"StreamName":"s","ShardFilter":{"Type":"AT_LATEST"}}"#);
    let shards = open["Shards"].as_array().cloned().unwrap_or_default();
    assert_eq!(shards.len(), 5);
    // Each new shard has real parents, and the five ranges are AWS's even split.
    assert!(shards.iter().all(|s| s.get("ParentShardId").is_some()));
    assert_eq!(
        shards[0]["HashKeyRange"]["EndingHashKey"],
        "68056473384187692692674921486353642290"
    );
    let e = call(
        &mut w,
        "UpdateShardCount",
        r#"{"StreamName":"s","TargetShardCount":11,"ScalingType":"UNIFORM_SCALING"}"#,
    );
    assert_eq!(
        e.map_err(|e| (e.code.to_string(), e.message)),
        Err((
            "LimitExceededException".to_string(),
            "UpdateShardCount cannot scale up over double your current open shard count. Current \
             open shard count: 5, Target shard count: 11"
                .to_string()
        ))
    );
    ok(
        &mut w,
        "UpdateShardCount",
        r#"{"StreamName":"s","TargetShardCount":3,"ScalingType":"UNIFORM_SCALING"}"#,
    );
    w.advance_by(1_000);
    let summary = ok(&mut w, "DescribeStreamSummary", r#"{"StreamName":"s"}"#);
    assert_eq!(summary["StreamDescriptionSummary"]["OpenShardCount"], 3);
    let limits = ok(&mut w, "DescribeLimits", "{}");
    assert_eq!(
        (limits["ShardLimit"].as_u64(), limits["OpenShardCount"].as_u64()),
        (Some(500), Some(3))
    );
}

#[test]
fn tags_modes_encryption_and_monitoring() {
    let mut w = world();
    let arn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    ok(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1,"Tags":{"team":"data"}}"#);
    w.advance_by(1_000);
    ok(&mut w, "AddTagsToStream", r#"{"StreamName":"s","Tags":{"env":"dev"}}"#);
    ok(&mut w, "TagResource", &format!(r#"{{"ResourceARN":"{arn}","Tags":{{"cost":"1"}}}}"#));
    let t = ok(&mut w, "ListTagsForStream", r#"{"StreamName":"s"}"#);
    assert_eq!(t["Tags"].as_array().map(Vec::len), Some(3));
    ok(&mut w, "RemoveTagsFromStream", r#"{"StreamName":"s","TagKeys":["env"]}"#);
    ok(&mut w, "UntagResource", &format!(r#"{{"ResourceARN":"{arn}","TagKeys":["cost"]}}"#));
    let t = ok(&mut w, "ListTagsForResource", &format!(r#"{{"ResourceARN":"{arn}"}}"#));
    assert_eq!(t["Tags"], serde_json::json!([{"Key": "team", "Value": "data"}]));

    let m = ok(
        &mut w,
        "EnableEnhancedMonitoring",
        r#"{"StreamName":"s","ShardLevelMetrics":["IncomingBytes"]}"#,
    );
    assert_eq!(m["DesiredShardLevelMetrics"], serde_json::json!(["IncomingBytes"]));

    ok(
        &mut w,
        "StartStreamEncryption",
        r#"{"StreamName":"s","EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}"#,
    );
    assert_eq!(
        call(
            &mut w,
            "StartStreamEncryption",
            r#"{"StreamName":"s","EncryptionType":"KMS","KeyId":"k"}"#
        )
        .map_err(|e| e.message),
        Err("Stream s under account 000000000000 not ACTIVE, instead in state UPDATING".to_string())
    );
    w.advance_by(1_000);
    let put = ok(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"a"}"#);
    assert_eq!(put["EncryptionType"], "KMS");

    ok(
        &mut w,
        "UpdateStreamMode",
        &format!(r#"{{"StreamARN":"{arn}","StreamModeDetails":{{"StreamMode":"ON_DEMAND"}}}}"#),
    );
    w.advance_by(1_000);
    let s = ok(&mut w, "DescribeStreamSummary", &format!(r#"{{"StreamARN":"{arn}"}}"#));
    assert_eq!(s["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
    assert_eq!(
        call(
            &mut w,
            "SplitShard",
            r#"{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"100"}"#
        )
        .map_err(|e| (e.code.to_string(), e.message)),
        Err((
            "ValidationException".to_string(),
            "Request is invalid. Stream s under account 000000000000 is in On-Demand mode."
                .to_string()
        ))
    );
}

#[test]
fn enhanced_fan_out_consumers_and_subscriptions() {
    let mut w = world();
    let arn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    ok(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    let reg = ok(
        &mut w,
        "RegisterStreamConsumer",
        &format!(r#"{{"StreamARN":"{arn}","ConsumerName":"app"}}"#),
    );
    let consumer_arn = reg["Consumer"]["ConsumerARN"].as_str().unwrap_or_default().to_string();
    assert_eq!(consumer_arn, format!("{arn}/consumer/app:1767225601"));
    assert_eq!(reg["Consumer"]["ConsumerStatus"], "CREATING");
    let sub = format!(
        r#"{{"ConsumerARN":"{consumer_arn}","ShardId":"shardId-000000000000","StartingPosition":{{"Type":"TRIM_HORIZON"}}}}"#
    );
    assert_eq!(
        call(&mut w, "SubscribeToShard", &sub).map_err(|e| e.code.to_string()),
        Err("ResourceInUseException".to_string())
    );
    w.advance_by(1_000);
    for i in 0..5 {
        ok(
            &mut w,
            "PutRecord",
            &format!(r#"{{"StreamName":"s","Data":"AA==","PartitionKey":"k{i}"}}"#),
        );
    }
    let first = ok(&mut w, "SubscribeToShard", &sub);
    let event = &first["EventStream"]["SubscribeToShardEvent"];
    assert_eq!(event["Records"].as_array().map(Vec::len), Some(5));
    assert_eq!(event["ContinuationSequenceNumber"].as_str().map(str::len), Some(56));
    assert_eq!(
        call(&mut w, "SubscribeToShard", &sub).map_err(|e| e.code.to_string()),
        Err("ResourceInUseException".to_string())
    );
    let list = ok(&mut w, "ListStreamConsumers", &format!(r#"{{"StreamARN":"{arn}"}}"#));
    assert_eq!(list["Consumers"][0]["ConsumerStatus"], "ACTIVE");
    let d = ok(
        &mut w,
        "DescribeStreamConsumer",
        &format!(r#"{{"StreamARN":"{arn}","ConsumerName":"app"}}"#),
    );
    assert_eq!(d["ConsumerDescription"]["StreamARN"], arn);
    assert_eq!(
        call(&mut w, "DeleteStream", r#"{"StreamName":"s"}"#).map_err(|e| e.code.to_string()),
        Err("ResourceInUseException".to_string())
    );
    ok(&mut w, "DeregisterStreamConsumer", &format!(r#"{{"ConsumerARN":"{consumer_arn}"}}"#));
    w.advance_by(1_000);
    assert_eq!(
        call(&mut w, "DescribeStreamConsumer", &format!(r#"{{"ConsumerARN":"{consumer_arn}"}}"#))
            .map_err(|e| e.code.to_string()),
        Err("ResourceNotFoundException".to_string())
    );
    ok(&mut w, "DeleteStream", r#"{"StreamName":"s"}"#);
}

#[test]
fn retention_trims_old_records() {
    let mut w = world();
    ok(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    ok(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"old"}"#);
    w.advance_by(23 * 3_600_000);
    ok(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"AA==","PartitionKey":"new"}"#);
    w.advance_by(3_600_001);
    let it = ok(
        &mut w,
        "GetShardIterator",
        r#"{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"TRIM_HORIZON"}"#,
    );
    let out = ok(
        &mut w,
        "GetRecords",
        &format!(r#"{{"ShardIterator":"{}"}}"#, it["ShardIterator"].as_str().unwrap_or_default()),
    );
    let keys: Vec<&str> = out["Records"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["PartitionKey"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(keys, vec!["new"]);
    let view = &w.view().kinesis().streams()[0];
    assert_eq!(view.shards[0].records, 1);
    assert_eq!(view.shards[0].written, 2);
}
