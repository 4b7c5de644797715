//! The put+get throughput of benches/kinesis.rs, measured in wasm (Node), to compare with the
//! native figure (the goal: at least half of native). Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --profile bench
//! -p engine --target wasm32-unknown-unknown --test engine -- kinesis_wasm_bench --nocapture`.

use engine::kinesis::ops;
use engine::kinesis::wire::{
    Blob, GetRecordsInput, GetShardIteratorInput, PutRecordsInput, PutRecordsRequestEntry,
    StreamRef,
};
use engine::{Command, World, WorldConfig};
use wasm_bindgen_test::*;

const BATCH: usize = 500;

fn world(shards: u32) -> World {
    let mut w = World::new(WorldConfig::for_bench(1));
    let body = format!(r#"{{"StreamName":"bench","ShardCount":{shards}}}"#);
    assert!(w.apply(Command::api("Kinesis_20131202.CreateStream", body)).result.is_ok());
    w.advance_by(1_000);
    w
}

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
        assert!(ops::put_records(s.kinesis(), ctx, req).is_ok());
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

#[wasm_bindgen_test]
fn put_then_get_throughput() {
    let keys: Vec<String> = (0..BATCH).map(|i| format!("customer-{i}")).collect();
    let data = Blob::from(vec![b'x'; 100]);
    // Warm-up: V8 compiles hot wasm again with its optimising tier after a while.
    let mut w = world(4);
    let mut its = iterators(&mut w, 4);
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < 1_000.0 {
        typed_round(&mut w, &keys, &data, &mut its);
    }
    drop(w);
    for shards in [1u32, 4, 64] {
        let mut w = world(shards);
        let mut its = iterators(&mut w, shards);
        let start = js_sys::Date::now();
        let mut records = 0usize;
        while js_sys::Date::now() - start < 2_000.0 {
            records += typed_round(&mut w, &keys, &data, &mut its);
        }
        let secs = (js_sys::Date::now() - start) / 1000.0;
        console_log!(
            "wasm typed put_then_get_100B shards={shards}: {:.0} records/s",
            records as f64 / secs
        );
    }
}
