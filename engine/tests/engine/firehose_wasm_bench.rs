//! The PutRecordBatch-to-S3 throughput of benches/firehose.rs (typed path), measured in wasm
//! (Node), to compare with the native figure. Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --profile bench
//! -p engine --target wasm32-unknown-unknown --test engine -- firehose_wasm_bench --nocapture`.

use engine::firehose::ops;
use engine::firehose::wire::{Blob, PutRecordBatchInput, Record};
use engine::s3::S3Command;
use engine::{Command, World, WorldConfig};
use wasm_bindgen_test::*;

const BATCH: usize = 500;
const RECORD_BYTES: usize = 100;

fn world(compression: &str) -> World {
    let mut w = World::new(WorldConfig::for_bench(1));
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "lake".into() }));
    let body = format!(
        r#"{{"DeliveryStreamName":"bench","ExtendedS3DestinationConfiguration":{{"RoleARN":"arn:aws:iam::000000000000:role/r","BucketARN":"arn:aws:s3:::lake","CompressionFormat":"{compression}","BufferingHints":{{"SizeInMBs":1,"IntervalInSeconds":60}}}}}}"#
    );
    assert!(w.apply(Command::api("Firehose_20150804.CreateDeliveryStream", body)).result.is_ok());
    w.advance_by(1_000);
    w
}

fn record() -> Vec<u8> {
    let mut r = br#"{"id":12345,"pad":""#.to_vec();
    r.resize(RECORD_BYTES - 2, b'x');
    r.extend_from_slice(b"\"}");
    r
}

fn rate(compression: &str, ms: f64) -> f64 {
    let mut w = world(compression);
    let data = Blob::from(record());
    let start = js_sys::Date::now();
    let mut batches = 0u64;
    while js_sys::Date::now() - start < ms {
        w.with_services(|s, ctx| {
            let req = PutRecordBatchInput {
                delivery_stream_name: Some("bench".into()),
                records: Some((0..BATCH).map(|_| Record { data: Some(data.clone()) }).collect()),
            };
            assert_eq!(ops::put_record_batch(s, ctx, req).map(|o| o.failed_put_count), Ok(0));
        });
        batches += 1;
    }
    w.advance_by(60_000);
    let secs = (js_sys::Date::now() - start) / 1000.0;
    let delivered =
        w.view().firehose().delivery_stream("bench").map_or(0, |s| s.counters.records_delivered);
    assert_eq!(delivered, batches * BATCH as u64, "every record delivered");
    delivered as f64 / secs
}

#[wasm_bindgen_test]
fn put_record_batch_to_s3_records_per_second() {
    for compression in ["UNCOMPRESSED", "GZIP", "Snappy"] {
        rate(compression, 1_000.0); // warm-up: V8's optimising tier
        let r = rate(compression, 3_000.0);
        console_log!(
            "wasm firehose PutRecordBatch 500x100B -> S3 ({compression}): {r:.0} records/s"
        );
    }
}
