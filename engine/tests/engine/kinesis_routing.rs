//! Partition key routing and the shard layout, as AWS_FACTS pins them.

use crate::support;
use engine::{World, WorldConfig};
use serde_json::Value;

fn call(w: &mut World, action: &str, body: &str) -> Value {
    support::call(w, "Kinesis_20131202", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

#[test]
fn three_shards_split_the_hash_space_evenly() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    let d = call(&mut w, "DescribeStream", r#"{"StreamName":"s"}"#);
    let ranges: Vec<(String, String, String)> = d["StreamDescription"]["Shards"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["ShardId"].as_str().unwrap_or_default().to_string(),
                        s["HashKeyRange"]["StartingHashKey"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        s["HashKeyRange"]["EndingHashKey"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expect = |id: &str, a: &str, b: &str| (id.to_string(), a.to_string(), b.to_string());
    assert_eq!(
        ranges,
        vec![
            expect("shardId-000000000000", "0", "113427455640312821154458202477256070484"),
            expect(
                "shardId-000000000001",
                "113427455640312821154458202477256070485",
                "226854911280625642308916404954512140969"
            ),
            expect(
                "shardId-000000000002",
                "226854911280625642308916404954512140970",
                "340282366920938463463374607431768211455"
            ),
        ]
    );
    let starting = d["StreamDescription"]["Shards"][0]["SequenceNumberRange"]
        ["StartingSequenceNumber"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(starting.len(), 56);
    assert!(starting.bytes().all(|b| b.is_ascii_digit()));
}

#[test]
fn keys_a_b_e_f_land_on_shards_0_1_2_1() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    let mut last_seq: std::collections::BTreeMap<String, String> = Default::default();
    for (key, shard) in [("a", 0), ("b", 1), ("e", 2), ("f", 1), ("a", 0)] {
        let out = call(
            &mut w,
            "PutRecord",
            &format!(r#"{{"StreamName":"s","Data":"aGVsbG8=","PartitionKey":"{key}"}}"#),
        );
        let id = out["ShardId"].as_str().unwrap_or_default().to_string();
        assert_eq!(id, format!("shardId-{shard:012}"), "key {key}");
        let seq = out["SequenceNumber"].as_str().unwrap_or_default().to_string();
        assert_eq!(seq.len(), 56);
        if let Some(prev) = last_seq.insert(id, seq.clone()) {
            assert!(prev < seq, "sequence numbers grow within a shard");
        }
    }
}

#[test]
fn explicit_hash_key_overrides_the_partition_key() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    let out = call(
        &mut w,
        "PutRecord",
        r#"{"StreamName":"s","Data":"","PartitionKey":"a","ExplicitHashKey":"226854911280625642308916404954512140970"}"#,
    );
    assert_eq!(out["ShardId"], "shardId-000000000002");
}

/// The events a put left: (sample partition key, sample hash key, explicit hash key).
fn samples_put(w: &World) -> Vec<(String, String, bool)> {
    w.events_since(0)
        .events
        .into_iter()
        .filter_map(|r| match r.event {
            engine::Event::Kinesis(engine::kinesis::Event::RecordsPut {
                sample_partition_key,
                sample_hash_key,
                explicit_hash_key,
                ..
            }) => Some((sample_partition_key, sample_hash_key, explicit_hash_key)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_put_event_says_whether_the_hash_key_was_explicit() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    call(&mut w, "PutRecord", r#"{"StreamName":"s","Data":"","PartitionKey":"a"}"#);
    call(
        &mut w,
        "PutRecord",
        r#"{"StreamName":"s","Data":"","PartitionKey":"a","ExplicitHashKey":"226854911280625642308916404954512140970"}"#,
    );
    call(
        &mut w,
        "PutRecords",
        r#"{"StreamName":"s","Records":[{"Data":"","PartitionKey":"b","ExplicitHashKey":"7"}]}"#,
    );
    let md5_of_a = engine::kinesis::routing::hash_of_partition_key("a").to_string();
    assert_eq!(
        samples_put(&w),
        vec![
            ("a".to_string(), md5_of_a, false),
            ("a".to_string(), "226854911280625642308916404954512140970".to_string(), true),
            ("b".to_string(), "7".to_string(), true),
        ]
    );
}

#[test]
fn shard_views_carry_their_hash_key_range_as_numbers_and_text() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
    w.advance_by(1_000);
    let view = w.view().kinesis().stream("s").expect("stream s");
    let middle = &view.shards[1];
    assert_eq!(middle.starting_hash_key, "113427455640312821154458202477256070485");
    assert_eq!(middle.hash_range.start, 113_427_455_640_312_821_154_458_202_477_256_070_485);
    assert_eq!(middle.hash_range.end.to_string(), middle.ending_hash_key);
    assert!(middle.hash_range.is_adjacent_to(&view.shards[0].hash_range));
    assert!(middle.hash_range.is_adjacent_to(&view.shards[2].hash_range));
    assert!(!view.shards[0].hash_range.is_adjacent_to(&view.shards[2].hash_range));
    assert!(view.shards[2].hash_range.contains(u128::MAX));
    // The keys of keys_a_b_e_f_land_on_shards_0_1_2_1, asked of the view instead of a put.
    let k = w.view().kinesis();
    let shard_of = |key: &str| k.shard_for_partition_key("s", key);
    assert_eq!(shard_of("a").as_deref(), Some("shardId-000000000000"));
    assert_eq!(shard_of("e").as_deref(), Some("shardId-000000000002"));
    assert_eq!(shard_of("f").as_deref(), Some("shardId-000000000001"));
    assert_eq!(k.shard_for_partition_key("nope", "a"), None);
}

#[test]
fn reads_return_what_was_written_with_child_shards_at_the_end() {
    let mut w = World::new(WorldConfig::with_seed(1));
    call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
    w.advance_by(1_000);
    for i in 0..3 {
        call(
            &mut w,
            "PutRecord",
            &format!(r#"{{"StreamName":"s","Data":"AA==","PartitionKey":"k{i}"}}"#),
        );
    }
    call(
        &mut w,
        "SplitShard",
        r#"{"StreamName":"s","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"170141183460469231731687303715884105728"}"#,
    );
    w.advance_by(1_000);
    let it = call(
        &mut w,
        "GetShardIterator",
        r#"{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"TRIM_HORIZON"}"#,
    );
    let out = call(
        &mut w,
        "GetRecords",
        &format!(r#"{{"ShardIterator":"{}"}}"#, it["ShardIterator"].as_str().unwrap_or_default()),
    );
    assert_eq!(out["Records"].as_array().map(Vec::len), Some(3));
    assert!(out.get("NextShardIterator").is_none(), "closed and drained: {out}");
    let children: Vec<&str> = out["ChildShards"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["ShardId"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(children, vec!["shardId-000000000001", "shardId-000000000002"]);
    assert_eq!(out["ChildShards"][0]["ParentShards"][0], "shardId-000000000000");
    assert_eq!(out["MillisBehindLatest"], 0);
    let shards =
        call(&mut w, "ListShards", r#"{"StreamName":"s","ShardFilter":{"Type":"AT_LATEST"}}"#);
    assert_eq!(shards["Shards"].as_array().map(Vec::len), Some(2));
}
