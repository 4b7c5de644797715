//! Nothing panics, whatever arrives: random bodies for every action, and random strings where
//! hash keys, sequence numbers, shard ids and iterators go.
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use engine::{Command, World, WorldConfig};
use proptest::prelude::*;

const ACTIONS: [&str; 32] = [
    "AddTagsToStream",
    "CreateStream",
    "DecreaseStreamRetentionPeriod",
    "DeleteStream",
    "DeregisterStreamConsumer",
    "DescribeLimits",
    "DescribeStream",
    "DescribeStreamConsumer",
    "DescribeStreamSummary",
    "DisableEnhancedMonitoring",
    "EnableEnhancedMonitoring",
    "GetRecords",
    "GetShardIterator",
    "IncreaseStreamRetentionPeriod",
    "ListShards",
    "ListStreamConsumers",
    "ListStreams",
    "ListTagsForResource",
    "ListTagsForStream",
    "MergeShards",
    "PutRecord",
    "PutRecords",
    "RegisterStreamConsumer",
    "RemoveTagsFromStream",
    "SplitShard",
    "StartStreamEncryption",
    "StopStreamEncryption",
    "SubscribeToShard",
    "TagResource",
    "UntagResource",
    "UpdateShardCount",
    "UpdateStreamMode",
];

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "[ -~]{0,20}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("s"),
            Just("shardId-000000000000"),
            Just("TRIM_HORIZON"),
            Just("AT_SEQUENCE_NUMBER"),
            Just("340282366920938463463374607431768211456"),
            Just("AAAAAAAAAAE="),
            Just("arn:aws:kinesis:us-east-1:000000000000:stream/s"),
            Just("49000000000000000000000000000000000000000000000000000"),
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("StreamName".to_string()),
                    Just("ShardCount".to_string()),
                    Just("ShardId".to_string()),
                    Just("ShardIteratorType".to_string()),
                    Just("StartingSequenceNumber".to_string()),
                    Just("Records".to_string()),
                    Just("Data".to_string()),
                    Just("PartitionKey".to_string()),
                    Just("ExplicitHashKey".to_string()),
                    Just("ShardIterator".to_string()),
                    Just("NewStartingHashKey".to_string()),
                    Just("ShardToSplit".to_string()),
                    Just("Limit".to_string()),
                    Just("Tags".to_string()),
                    Just("StreamARN".to_string()),
                    Just("ConsumerARN".to_string()),
                    Just("StartingPosition".to_string()),
                    Just("Type".to_string()),
                    Just("Timestamp".to_string()),
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_body_gets_an_answer(action in 0usize..ACTIONS.len(), body in json_value(), raw in "[ -~]{0,40}") {
        let mut w = World::new(WorldConfig::with_seed(1));
        w.apply(Command::api("Kinesis_20131202.CreateStream", r#"{"StreamName":"s","ShardCount":2}"#));
        w.advance_by(1_000);
        let target = format!("Kinesis_20131202.{}", ACTIONS[action]);
        let _ = w.apply(Command::api(target.clone(), body.to_string()));
        let _ = w.apply(Command::api(target, raw));
        w.advance_by(10_000);
    }
}

#[test]
fn forged_iterators_get_answers() {
    use engine::kinesis::iterator::ShardIterator;
    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api("Kinesis_20131202.CreateStream", r#"{"StreamName":"s","ShardCount":2}"#));
    w.advance_by(1_000);
    for (issued_ms, shard, position, stream_secs) in [
        (i64::MIN, 0, 0, 1_767_225_600),
        (i64::MAX, 0, 0, 1_767_225_600),
        (1_767_225_600_500, 99, 0, 1_767_225_600),
        (1_767_225_600_500, 1, u64::MAX, 1_767_225_600),
        (1_767_225_600_500, 1, 5, 0),
    ] {
        let it = ShardIterator { stream: "s".into(), stream_secs, shard, position, issued_ms };
        let out = w.apply(Command::api(
            "Kinesis_20131202.GetRecords",
            format!(r#"{{"ShardIterator":"{}"}}"#, it.encode()),
        ));
        let _ = out.result;
    }
    for token in [
        "",
        "x",
        "c2hhcmRzCnMKMQotOTIyMzM3MjAzNjg1NDc3NTgwOA",
        "c3RyZWFtcwpzCi05MjIzMzcyMDM2ODU0Nzc1ODA4",
    ] {
        let _ = w.apply(Command::api(
            "Kinesis_20131202.ListShards",
            format!(r#"{{"NextToken":"{token}"}}"#),
        ));
        let _ = w.apply(Command::api(
            "Kinesis_20131202.ListStreams",
            format!(r#"{{"NextToken":"{token}"}}"#),
        ));
    }
}
