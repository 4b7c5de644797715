#![cfg(not(target_arch = "wasm32"))]
//! Properties: every accepted record ends up in exactly one delivered object, in order; the
//! same seed and commands give the same event log.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use engine::s3::S3Command;
use engine::{Command, World, WorldConfig};
use proptest::prelude::*;
use serde_json::json;

fn setup(seed: u64, size_mbs: u32, interval_s: u32, gzip: bool) -> World {
    let mut w = World::new(WorldConfig::with_seed(seed));
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "lake".into() }));
    let body = json!({
        "DeliveryStreamName": "p",
        "ExtendedS3DestinationConfiguration": {
            "RoleARN": "arn:aws:iam::000000000000:role/r",
            "BucketARN": "arn:aws:s3:::lake",
            "CompressionFormat": if gzip { "GZIP" } else { "UNCOMPRESSED" },
            "BufferingHints": {"SizeInMBs": size_mbs, "IntervalInSeconds": interval_s}
        }
    });
    w.apply(Command::api("Firehose_20150804.CreateDeliveryStream", body.to_string()));
    w.advance_by(1_000);
    w
}

/// Puts `batches` (each a delay and record sizes); returns the bytes accepted, in order.
fn run(w: &mut World, batches: &[(u64, Vec<usize>)]) -> Vec<u8> {
    let mut accepted = Vec::new();
    let mut n = 0;
    for (delay, sizes) in batches {
        w.advance_by(*delay);
        let records: Vec<Vec<u8>> = sizes
            .iter()
            .map(|s| {
                n += 1;
                let mut r = format!("<{n}>").into_bytes();
                r.resize(r.len() + s, b'.');
                r
            })
            .collect();
        let body = json!({
            "DeliveryStreamName": "p",
            "Records": records.iter().map(|r| json!({"Data": STANDARD.encode(r)})).collect::<Vec<_>>()
        });
        let out = w.apply(Command::api("Firehose_20150804.PutRecordBatch", body.to_string()));
        if out.result.is_ok() {
            for r in records {
                accepted.extend_from_slice(&r);
            }
        }
    }
    accepted
}

fn delivered(w: &World) -> Vec<u8> {
    let v = w.view();
    let mut out = Vec::new();
    for o in v.services.firehose.delivered_objects("p") {
        out.extend(v.services.s3.object_content(&o.bucket, &o.key).expect("object"));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_record_in_exactly_one_object_in_order(
        interval in 0u32..=120,
        gzip in any::<bool>(),
        batches in prop::collection::vec(
            (0u64..20_000, prop::collection::vec(0usize..40_000, 1..40)), 1..25),
    ) {
        let mut w = setup(9, 1, interval, gzip);
        let accepted = run(&mut w, &batches);
        w.advance_by(interval as u64 * 1000 + 1);
        let view = w.view().services.firehose.delivery_stream("p").unwrap();
        prop_assert_eq!(view.buffer.records, 0);
        prop_assert_eq!(view.counters.records_delivered, view.counters.records_in);
        prop_assert_eq!(delivered(&w), accepted);
        // No object beyond the size hint by more than one record.
        for o in w.view().services.firehose.delivered_objects("p") {
            prop_assert!(o.bytes < 1024 * 1024 + 40_100);
        }
    }
}

#[test]
fn same_seed_same_event_log() {
    let batches: Vec<(u64, Vec<usize>)> = (0..40)
        .map(|i| (700 + i * 13, vec![1000 + i as usize * 10; 1 + (i as usize % 7)]))
        .collect();
    let mut a = setup(4, 1, 5, true);
    run(&mut a, &batches);
    a.advance_by(10_000);
    let mut b = setup(4, 1, 5, true);
    run(&mut b, &batches);
    b.advance_by(10_000);
    assert_eq!(a.log_hash(), b.log_hash());
    assert_eq!(delivered(&a), delivered(&b));
    // The replay of the command log lands on the same log.
    let r = World::load(a.config().clone(), a.commands().to_vec(), a.now());
    assert_eq!(r.log_hash(), a.log_hash());
    // Another seed names the objects differently (their random suffix).
    let mut c = setup(5, 1, 5, true);
    run(&mut c, &batches);
    c.advance_by(10_000);
    assert_ne!(c.log_hash(), a.log_hash());
}
