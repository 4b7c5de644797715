//! PutRecords then GetRecords of 100-byte records on 1, 4 and 64 shards, through the typed
//! operations and through the JSON dispatch (what the local endpoint and the console use); and
//! the cost of cloning a stream holding a million records (what a checkpoint pays).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use engine::kinesis::ops;
use engine::kinesis::wire::{
    Blob, GetRecordsInput, GetShardIteratorInput, PutRecordsInput, PutRecordsRequestEntry,
    StreamRef,
};
use engine::{Command, World, WorldConfig};

const BATCH: usize = 500;
const RECORD_BYTES: usize = 100;

fn world(shards: u32) -> World {
    // The engine's own speed, not the quota: a real stream of 64 shards takes 64,000 records/s.
    let mut w = World::new(WorldConfig::for_bench(1));
    let out = w.apply(Command::api(
        "Kinesis_20131202.CreateStream",
        format!(r#"{{"StreamName":"bench","ShardCount":{shards}}}"#),
    ));
    assert!(out.result.is_ok());
    w.advance_by(1_000);
    w
}

fn keys() -> Vec<String> {
    (0..BATCH).map(|i| format!("customer-{i}")).collect()
}

/// LATEST iterators for every shard.
fn iterators(w: &mut World, shards: u32) -> Vec<String> {
    (0..shards)
        .map(|n| {
            w.with_services(|s, ctx| {
                let req = GetShardIteratorInput {
                    stream: StreamRef::name("bench"),
                    shard_id: Some(format!("shardId-{n:012}")),
                    shard_iterator_type: Some("LATEST".into()),
                    ..GetShardIteratorInput::default()
                };
                ops::get_shard_iterator(s.kinesis(), ctx, req)
                    .map(|o| o.shard_iterator)
                    .unwrap_or_default()
            })
        })
        .collect()
}

fn typed_round(w: &mut World, keys: &[String], data: &Blob, its: &mut [String]) -> usize {
    w.with_services(|s, ctx| {
        let req = PutRecordsInput {
            records: Some(
                keys.iter()
                    .map(|k| PutRecordsRequestEntry {
                        data: Some(data.clone()),
                        explicit_hash_key: None,
                        partition_key: Some(k.clone()),
                    })
                    .collect(),
            ),
            stream_name: Some("bench".into()),
            ..PutRecordsInput::default()
        };
        let put = ops::put_records(s.kinesis(), ctx, req).map(|o| o.failed_record_count);
        assert_eq!(put, Ok(0));
        let mut read = 0;
        for it in its.iter_mut() {
            let req = GetRecordsInput {
                shard_iterator: Some(std::mem::take(it)),
                ..GetRecordsInput::default()
            };
            if let Ok(out) = ops::get_records(s.kinesis(), ctx, req) {
                read += out.records.len();
                *it = out.next_shard_iterator.unwrap_or_default();
            }
        }
        read
    })
}

fn json_round(w: &mut World, put_body: &str, its: &mut [String]) -> usize {
    let out = w.apply(Command::api("Kinesis_20131202.PutRecords", put_body));
    assert!(out.result.is_ok());
    let mut read = 0;
    for it in its.iter_mut() {
        let out = w.apply(Command::api(
            "Kinesis_20131202.GetRecords",
            format!(r#"{{"ShardIterator":"{it}"}}"#),
        ));
        let body = out.result.unwrap_or_default();
        read += body.matches("\"SequenceNumber\"").count();
        // A client reads NextShardIterator out of the response.
        let key = "\"NextShardIterator\":\"";
        if let Some(i) = body.find(key) {
            let rest = &body[i + key.len()..];
            *it = rest[..rest.find('"').unwrap_or(0)].to_string();
        }
    }
    read
}

fn put_get(c: &mut Criterion) {
    let mut g = c.benchmark_group("put_then_get_100B");
    g.sample_size(15)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(BATCH as u64));
    let keys = keys();
    let data = Blob::from(vec![b'x'; RECORD_BYTES]);
    let put_body = {
        let b64 = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            vec![b'x'; RECORD_BYTES],
        );
        let records: Vec<String> =
            keys.iter().map(|k| format!(r#"{{"Data":"{b64}","PartitionKey":"{k}"}}"#)).collect();
        format!(r#"{{"StreamName":"bench","Records":[{}]}}"#, records.join(","))
    };
    for shards in [1u32, 4, 64] {
        g.bench_with_input(BenchmarkId::new("typed", shards), &shards, |b, &shards| {
            b.iter_custom(|iters| {
                let mut w = world(shards);
                let mut its = iterators(&mut w, shards);
                let start = Instant::now();
                for _ in 0..iters {
                    let read = typed_round(&mut w, &keys, &data, &mut its);
                    assert_eq!(read, BATCH);
                }
                start.elapsed()
            })
        });
        g.bench_with_input(BenchmarkId::new("json", shards), &shards, |b, &shards| {
            b.iter_custom(|iters| {
                let mut w = world(shards);
                let mut its = iterators(&mut w, shards);
                let start = Instant::now();
                for _ in 0..iters {
                    let read = json_round(&mut w, &put_body, &mut its);
                    assert_eq!(read, BATCH);
                }
                start.elapsed()
            })
        });
    }
    g.finish();
}

fn checkpoint_clone(c: &mut Criterion) {
    let mut g = c.benchmark_group("checkpoint");
    g.sample_size(20);
    let mut w = world(4);
    let keys = keys();
    let data = Blob::from(vec![b'x'; RECORD_BYTES]);
    let mut its = iterators(&mut w, 4);
    for _ in 0..(1_000_000 / BATCH) {
        typed_round(&mut w, &keys, &data, &mut its);
    }
    g.bench_function("clone_stream_with_1M_records", |b| {
        b.iter(|| w.with_services(|s, _| s.kinesis().clone()))
    });
    g.finish();
}

criterion_group!(benches, put_get, checkpoint_clone);
criterion_main!(benches);
