//! Properties over random sequences of puts, splits, merges and waits: every accepted record is
//! read exactly once, in sequence order within its shard, parents before children; no one-second
//! window admits more than a shard's write quota; the same commands give the same run.
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use crate::support;
use std::collections::BTreeMap;

use base64::Engine;
use engine::{World, WorldConfig};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Clone, Debug)]
enum Op {
    Put(Vec<u16>),
    Split { pick: u8, fraction: u8 },
    Merge { pick: u8 },
    Wait(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::collection::vec(any::<u16>(), 1..60).prop_map(Op::Put),
        1 => (any::<u8>(), 1u8..255).prop_map(|(pick, fraction)| Op::Split { pick, fraction }),
        1 => any::<u8>().prop_map(|pick| Op::Merge { pick }),
        2 => (0u16..2_000).prop_map(Op::Wait),
    ]
}

fn call(w: &mut World, action: &str, body: &str) -> Option<Value> {
    support::call(w, "Kinesis_20131202", action, body).ok()
}

/// Open shards as (start, end, id), by start.
fn open_shards(w: &mut World) -> Vec<(u128, u128, String)> {
    let out = call(w, "ListShards", r#"{"StreamName":"s","ShardFilter":{"Type":"AT_LATEST"}}"#);
    let mut v: Vec<(u128, u128, String)> = out
        .and_then(|o| o["Shards"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let key =
                |k: &str| s["HashKeyRange"][k].as_str().unwrap_or("0").parse::<u128>().unwrap_or(0);
            (
                key("StartingHashKey"),
                key("EndingHashKey"),
                s["ShardId"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn apply(w: &mut World, ops: &[Op], accepted: &mut BTreeMap<u64, (String, String)>) {
    let mut n = 0u64;
    for op in ops {
        match op {
            Op::Put(keys) => {
                let records: Vec<String> = keys
                    .iter()
                    .map(|k| {
                        n += 1;
                        let data = base64::engine::general_purpose::STANDARD.encode(n.to_string());
                        format!(r#"{{"Data":"{data}","PartitionKey":"k{k}"}}"#)
                    })
                    .collect();
                let first = n + 1 - keys.len() as u64;
                let body = format!(r#"{{"StreamName":"s","Records":[{}]}}"#, records.join(","));
                if let Some(out) = call(w, "PutRecords", &body) {
                    for (i, r) in
                        out["Records"].as_array().cloned().unwrap_or_default().iter().enumerate()
                    {
                        if let (Some(shard), Some(seq)) =
                            (r["ShardId"].as_str(), r["SequenceNumber"].as_str())
                        {
                            accepted.insert(first + i as u64, (shard.to_string(), seq.to_string()));
                        }
                    }
                }
            }
            Op::Split { pick, fraction } => {
                let open = open_shards(w);
                if open.is_empty() {
                    continue;
                }
                let (start, end, id) = &open[*pick as usize % open.len()];
                let key = start + (end - start) / 256 * *fraction as u128;
                let body = format!(
                    r#"{{"StreamName":"s","ShardToSplit":"{id}","NewStartingHashKey":"{key}"}}"#
                );
                let _ = call(w, "SplitShard", &body);
            }
            Op::Merge { pick } => {
                let open = open_shards(w);
                if open.len() < 2 {
                    continue;
                }
                let i = *pick as usize % (open.len() - 1);
                let body = format!(
                    r#"{{"StreamName":"s","ShardToMerge":"{}","AdjacentShardToMerge":"{}"}}"#,
                    open[i].2,
                    open[i + 1].2
                );
                let _ = call(w, "MergeShards", &body);
            }
            Op::Wait(ms) => w.advance_by(*ms as u64),
        }
    }
}

/// Reads every shard from TRIM_HORIZON to its end: (record number, shard, sequence) in read
/// order.
fn read_all(w: &mut World) -> Vec<(u64, String, String)> {
    let shards = call(w, "ListShards", r#"{"StreamName":"s"}"#)
        .and_then(|o| o["Shards"].as_array().cloned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for s in shards {
        let id = s["ShardId"].as_str().unwrap_or_default().to_string();
        let body =
            format!(r#"{{"StreamName":"s","ShardId":"{id}","ShardIteratorType":"TRIM_HORIZON"}}"#);
        let mut it = call(w, "GetShardIterator", &body)
            .and_then(|o| o["ShardIterator"].as_str().map(str::to_string));
        while let Some(iterator) = it.take() {
            let Some(r) =
                call(w, "GetRecords", &format!(r#"{{"ShardIterator":"{iterator}","Limit":7}}"#))
            else {
                break;
            };
            let records = r["Records"].as_array().cloned().unwrap_or_default();
            for rec in &records {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(rec["Data"].as_str().unwrap_or_default())
                    .unwrap_or_default();
                let n: u64 = String::from_utf8(data).unwrap_or_default().parse().unwrap_or(0);
                out.push((
                    n,
                    id.clone(),
                    rec["SequenceNumber"].as_str().unwrap_or_default().to_string(),
                ));
            }
            // An open shard is read to its current end; a closed one until the iterator ends.
            if records.is_empty() && r["MillisBehindLatest"] == 0 {
                break;
            }
            it = r["NextShardIterator"].as_str().map(str::to_string);
        }
    }
    out
}

fn no_limits() -> WorldConfig {
    let mut c = WorldConfig::with_seed(9);
    c.limits = false;
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_record_read_once_in_order_parents_first(ops in prop::collection::vec(op(), 1..30)) {
        let mut w = World::new(no_limits());
        call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":2}"#);
        w.advance_by(1_000);
        let mut accepted = BTreeMap::new();
        apply(&mut w, &ops, &mut accepted);
        w.advance_by(1_000);
        let read = read_all(&mut w);
        // Exactly once, on the shard and with the sequence number PutRecords reported.
        let mut seen: BTreeMap<u64, (String, String)> = BTreeMap::new();
        for (n, shard, seq) in &read {
            prop_assert!(seen.insert(*n, (shard.clone(), seq.clone())).is_none(), "record {} read twice", n);
        }
        prop_assert_eq!(&seen, &accepted);
        // In sequence order within a shard.
        let mut last: BTreeMap<&str, &str> = BTreeMap::new();
        for (_, shard, seq) in &read {
            if let Some(prev) = last.insert(shard.as_str(), seq.as_str()) {
                prop_assert!(prev < seq.as_str());
            }
        }
        // Parents before children: every record of a child was written after every record of
        // its parents.
        let shards = call(&mut w, "ListShards", r#"{"StreamName":"s"}"#)
            .and_then(|o| o["Shards"].as_array().cloned())
            .unwrap_or_default();
        let max_in = |id: &str| read.iter().filter(|r| r.1 == id).map(|r| r.0).max();
        let min_in = |id: &str| read.iter().filter(|r| r.1 == id).map(|r| r.0).min();
        for s in &shards {
            let id = s["ShardId"].as_str().unwrap_or_default();
            for parent in [s.get("ParentShardId"), s.get("AdjacentParentShardId")].into_iter().flatten() {
                if let (Some(p), Some(c)) = (max_in(parent.as_str().unwrap_or_default()), min_in(id)) {
                    prop_assert!(p < c, "parent {} record {} after child {} record {}", parent, p, id, c);
                }
            }
        }
    }

    #[test]
    fn no_second_admits_more_than_the_write_quota(
        steps in prop::collection::vec((1u16..500, 1u32..8_000, 0u16..700), 1..25)
    ) {
        let mut w = World::new(WorldConfig::with_seed(4));
        call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":1}"#);
        w.advance_by(1_000);
        let mut admitted: Vec<(u64, u64)> = Vec::new();
        for (count, size, wait) in steps {
            let data = base64::engine::general_purpose::STANDARD.encode(vec![7u8; size as usize]);
            let records = vec![format!(r#"{{"Data":"{data}","PartitionKey":"k"}}"#); count as usize].join(",");
            if let Some(out) = call(&mut w, "PutRecords", &format!(r#"{{"StreamName":"s","Records":[{records}]}}"#)) {
                let ok = out["Records"].as_array().map_or(0, |r| r.iter().filter(|r| r.get("SequenceNumber").is_some()).count());
                for _ in 0..ok {
                    admitted.push((w.now(), size as u64 + 1));
                }
            }
            w.advance_by(wait as u64);
        }
        for &(t, _) in &admitted {
            let window: Vec<&(u64, u64)> = admitted.iter().filter(|(u, _)| *u >= t && *u < t + 1_000).collect();
            prop_assert!(window.len() <= 1_000);
            prop_assert!(window.iter().map(|(_, b)| b).sum::<u64>() <= 1024 * 1024);
        }
    }

    #[test]
    fn same_commands_same_run(ops in prop::collection::vec(op(), 1..20)) {
        let run = || {
            let mut w = World::new(WorldConfig::with_seed(21));
            call(&mut w, "CreateStream", r#"{"StreamName":"s","ShardCount":3}"#);
            w.advance_by(1_000);
            apply(&mut w, &ops, &mut BTreeMap::new());
            w
        };
        let (a, b) = (run(), run());
        prop_assert_eq!(a.log_hash(), b.log_hash());
        let replayed = World::load(WorldConfig::with_seed(21), a.commands().to_vec(), a.now());
        prop_assert_eq!(replayed.log_hash(), a.log_hash());
    }
}
