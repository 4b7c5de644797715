//! Firehose buffering and delivery to S3, end to end through the API: exact flush times, key
//! formats, compression, configuration updates, a Kinesis stream as source, bucket outages.

use crate::support;
use std::io::Read;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use engine::api::ApiError;
use engine::firehose::{Event as F, FlushReason};
use engine::s3::S3Command;
use engine::{Command, Event, World};
use serde_json::{json, Value};

const MIB: usize = 1024 * 1024;

fn world() -> World {
    support::world(11)
}

fn call(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    support::call(w, "Firehose_20150804", action, body)
}

fn bucket(w: &mut World, name: &str) {
    w.apply(Command::S3(S3Command::CreateBucket { bucket: name.into() })).result.expect("bucket");
}

fn s3_config(extra: Value) -> Value {
    let mut c = json!({
        "RoleARN": "arn:aws:iam::000000000000:role/firehose",
        "BucketARN": "arn:aws:s3:::lake",
    });
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    c
}

/// A DirectPut delivery stream to bucket `lake`, ACTIVE when this returns.
fn delivery_stream(w: &mut World, name: &str, extra: Value) {
    let body =
        json!({"DeliveryStreamName": name, "ExtendedS3DestinationConfiguration": s3_config(extra)});
    call(w, "CreateDeliveryStream", body).expect("create");
    w.advance_by(w.config().transition_delay_ms);
}

fn put(w: &mut World, name: &str, data: &[u8]) {
    call(
        w,
        "PutRecord",
        json!({"DeliveryStreamName": name, "Record": {"Data": STANDARD.encode(data)}}),
    )
    .expect("put");
}

fn flushes(w: &World) -> Vec<(u64, FlushReason, u64, u64, String)> {
    w.log()
        .recent(w.log().len())
        .filter_map(|r| match &r.event {
            Event::Firehose(F::BufferFlushed { reason, records, bytes, key, .. }) => {
                Some((r.at, *reason, *records, *bytes, key.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn one_kib_a_second_with_60_s_hint_flushes_60_s_after_the_first_record() {
    let mut w = world();
    bucket(&mut w, "lake");
    let hints = json!({"BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}});
    delivery_stream(&mut w, "clicks", hints);
    let t0 = 1_000;
    w.advance_to(t0);
    for i in 0..150u64 {
        w.advance_to(t0 + i * 1_000);
        put(&mut w, "clicks", &[b'x'; 1024]);
    }
    let f = flushes(&w);
    // The interval is counted from each buffer's first record; the flush due at a record's
    // time runs before the record (the world's ordering rule), so each object holds 60.
    assert_eq!(f[0].0, t0 + 60_000);
    assert_eq!((f[0].1, f[0].2, f[0].3), (FlushReason::Interval, 60, 60 * 1024));
    assert_eq!(f[1].0, t0 + 120_000);
    assert_eq!(f[1].2, 60);
    let view = w.view().firehose().delivery_stream("clicks").unwrap();
    assert_eq!(view.buffer.records, 30);
    assert_eq!(view.buffer.first_at, Some(t0 + 120_000));
    assert_eq!(view.buffer.flush_at, Some(t0 + 180_000));
    assert_eq!(view.counters.objects_delivered, 2);
    assert_eq!(w.view().s3().objects("lake", "").len(), 2);
}

#[test]
fn two_mib_a_second_with_a_1_mib_hint_flushes_on_size() {
    let mut w = world();
    bucket(&mut w, "lake");
    let hints = json!({"BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 900}});
    delivery_stream(&mut w, "big", hints);
    let t0 = w.now();
    // 256 KiB every 125 ms is 2 MiB/s: the 4th record fills 1 MiB exactly.
    for i in 0..8u64 {
        w.advance_to(t0 + i * 125);
        put(&mut w, "big", &vec![b'y'; MIB / 4]);
    }
    let f = flushes(&w);
    assert_eq!(f.len(), 2);
    assert_eq!((f[0].0, f[0].1, f[0].2, f[0].3), (t0 + 375, FlushReason::Size, 4, MIB as u64));
    assert_eq!((f[1].0, f[1].1), (t0 + 875, FlushReason::Size));
    // The size flush starts a new buffer: its interval wake-up is the only one that counts.
    w.advance_by(1_000_000);
    assert_eq!(flushes(&w).len(), 2);
}

#[test]
fn default_key_format() {
    let mut w = world();
    bucket(&mut w, "lake");
    delivery_stream(&mut w, "orders", json!({"BufferingHints": {"IntervalInSeconds": 0}}));
    w.advance_to(3_723_000); // 01:02:03 on 2026-01-01
    put(&mut w, "orders", b"{\"a\":1}");
    w.advance_by(1);
    let key = flushes(&w)[0].4.clone();
    let head = "2026/01/01/01/orders-1-2026-01-01-01-02-03-";
    assert!(key.starts_with(head), "{key}");
    let id = &key[head.len()..];
    assert_eq!(id.split('-').map(str::len).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{key}");
    // Records are delivered as they came: no newline added.
    assert_eq!(w.view().s3().object_content("lake", &key).unwrap(), b"{\"a\":1}");
}

#[test]
fn custom_prefix_with_expressions_and_a_plain_prefix() {
    let mut w = world();
    bucket(&mut w, "lake");
    delivery_stream(
        &mut w,
        "exp",
        json!({
            "Prefix": "logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/!{firehose:random-string}/",
            "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
            "BufferingHints": {"IntervalInSeconds": 0}
        }),
    );
    delivery_stream(
        &mut w,
        "plain",
        json!({"Prefix": "raw/", "BufferingHints": {"IntervalInSeconds": 0}}),
    );
    put(&mut w, "exp", b"a");
    put(&mut w, "plain", b"b");
    w.advance_by(1);
    let keys: Vec<String> = flushes(&w).into_iter().map(|f| f.4).collect();
    let exp = &keys[0];
    assert!(exp.starts_with("logs/year=2026/month=01/"), "{exp}");
    let rest = &exp["logs/year=2026/month=01/".len()..];
    let (random, name) = rest.split_once('/').unwrap();
    assert_eq!(random.len(), 11);
    assert!(name.starts_with("exp-1-2026-01-01-00-00-"), "{name}");
    // A prefix without expressions gets the default time prefix after it.
    assert!(keys[1].starts_with("raw/2026/01/01/00/plain-1-2026-01-01-00-00-"), "{}", keys[1]);
}

#[test]
fn gzip_objects_round_trip() {
    let mut w = world();
    bucket(&mut w, "lake");
    delivery_stream(
        &mut w,
        "gz",
        json!({"CompressionFormat": "GZIP", "BufferingHints": {"IntervalInSeconds": 60}}),
    );
    let mut expected = Vec::new();
    for i in 0..200 {
        let line = format!("{{\"n\":{i},\"text\":\"the quick brown fox\"}}\n");
        expected.extend_from_slice(line.as_bytes());
        put(&mut w, "gz", line.as_bytes());
    }
    w.advance_by(61_000);
    let key = flushes(&w)[0].4.clone();
    assert!(key.ends_with(".gz"), "{key}");
    let s3 = &w.view().s3();
    let stored = s3.object_bytes("lake", &key).unwrap();
    assert_eq!(&stored[..2], &[0x1f, 0x8b]);
    assert!(stored.len() < expected.len() / 4, "compressed {}", stored.len());
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&stored[..]).read_to_end(&mut out).unwrap();
    assert_eq!(out, expected);
    let preview = s3.object_preview("lake", &key, 20).unwrap();
    assert!(preview.decompressed && preview.truncated);
    assert_eq!(preview.text, "{\"n\":0,\"text\":\"the q");
    // The S3 view says who wrote it.
    let details = s3.object_details("lake", &key).unwrap();
    assert_eq!((details.written_by.as_str(), details.writer_kind), ("Firehose gz", "firehose"));
    let folder = &key[..key.rfind('/').unwrap() + 1];
    assert_eq!(s3.level("lake", folder).objects[0].written_by, "Firehose gz");
}

#[test]
fn update_destination_bumps_the_version_and_delivers_the_old_buffer_first() {
    let mut w = world();
    bucket(&mut w, "lake");
    delivery_stream(&mut w, "up", json!({}));
    put(&mut w, "up", b"old");
    let stale = call(
        &mut w,
        "UpdateDestination",
        json!({"DeliveryStreamName": "up", "CurrentDeliveryStreamVersionId": "7",
               "DestinationId": "destinationId-000000000001",
               "ExtendedS3DestinationUpdate": {"Prefix": "v2/"}}),
    )
    .unwrap_err();
    assert_eq!(stale.code, "ConcurrentModificationException");
    call(
        &mut w,
        "UpdateDestination",
        json!({"DeliveryStreamName": "up", "CurrentDeliveryStreamVersionId": "1",
               "DestinationId": "destinationId-000000000001",
               "ExtendedS3DestinationUpdate": {"Prefix": "v2/", "BufferingHints": {"IntervalInSeconds": 10}}}),
    )
    .expect("update");
    put(&mut w, "up", b"new");
    w.advance_by(10_000);
    let f = flushes(&w);
    assert_eq!(f[0].1, FlushReason::ConfigurationUpdate);
    assert!(f[0].4.starts_with("2026/01/01/00/up-1-"), "{}", f[0].4);
    assert!(f[1].4.starts_with("v2/2026/01/01/00/up-2-"), "{}", f[1].4);
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "up"})).unwrap();
    let d = &d["DeliveryStreamDescription"];
    assert_eq!(d["VersionId"], "2");
    let s3d = &d["Destinations"][0]["ExtendedS3DestinationDescription"];
    assert_eq!(s3d["Prefix"], "v2/");
    assert_eq!(s3d["BufferingHints"], json!({"SizeInMBs": 5, "IntervalInSeconds": 10}));
    assert!(d["LastUpdateTimestamp"].is_number());
}

#[test]
fn missing_bucket_is_retried_until_it_exists() {
    let mut w = world();
    delivery_stream(&mut w, "wait", json!({"BufferingHints": {"IntervalInSeconds": 0}}));
    put(&mut w, "wait", b"patience");
    w.advance_by(12_000);
    let failures: Vec<String> = w
        .log()
        .recent(w.log().len())
        .filter_map(|r| match &r.event {
            Event::Firehose(F::DeliveryFailed { code, .. }) => Some(code.clone()),
            _ => None,
        })
        .collect();
    // Attempts at 0 s, 5 s and 15 s (doubling back-off): two so far.
    assert_eq!(failures, vec!["S3.NoSuchBucket", "S3.NoSuchBucket"]);
    bucket(&mut w, "lake");
    w.advance_by(10_000);
    let view = w.view().firehose().delivery_stream("wait").unwrap();
    assert_eq!((view.pending_objects, view.counters.objects_delivered), (0, 1));
    let key = &w.view().firehose().delivered_objects("wait")[0].key;
    assert_eq!(w.view().s3().object_content("lake", key).unwrap(), b"patience");
}

#[test]
fn a_kinesis_stream_as_source_is_read_like_a_consumer() {
    let mut w = world();
    bucket(&mut w, "lake");
    let k = |w: &mut World, action: &str, body: Value| {
        w.apply(Command::api(format!("Kinesis_20131202.{action}"), body.to_string())).result
    };
    k(&mut w, "CreateStream", json!({"StreamName": "events", "ShardCount": 2})).expect("stream");
    w.advance_by(1_000);
    let body = json!({
        "DeliveryStreamName": "from-stream",
        "DeliveryStreamType": "KinesisStreamAsSource",
        "KinesisStreamSourceConfiguration": {
            "KinesisStreamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/events",
            "RoleARN": "arn:aws:iam::000000000000:role/firehose"
        },
        "ExtendedS3DestinationConfiguration": s3_config(json!({"BufferingHints": {"IntervalInSeconds": 60}}))
    });
    call(&mut w, "CreateDeliveryStream", body).expect("create");
    w.advance_by(1_000);
    let put = call(
        &mut w,
        "PutRecord",
        json!({"DeliveryStreamName": "from-stream", "Record": {"Data": "YQ=="}}),
    );
    assert_eq!(
        put.unwrap_err().message,
        "This operation is not permitted on KinesisStreamAsSource delivery stream type."
    );
    let mut expected = 0;
    for i in 0..20 {
        let data = STANDARD.encode(format!("r{i};"));
        k(
            &mut w,
            "PutRecord",
            json!({"StreamName": "events", "PartitionKey": format!("k{i}"), "Data": data}),
        )
        .expect("kinesis put");
        expected += format!("r{i};").len();
        w.advance_by(100);
    }
    w.advance_by(70_000);
    let reads = w
        .log()
        .recent(w.log().len())
        .filter(|r| {
            matches!(&r.event, Event::Kinesis(engine::kinesis::Event::RecordsRead { reader, .. })
                if reader == "firehose/from-stream")
        })
        .count();
    assert!(reads >= 2, "Firehose reads through GetRecords ({reads} reads)");
    let view = w.view().firehose().delivery_stream("from-stream").unwrap();
    assert_eq!(view.counters.records_delivered, 20);
    assert_eq!(view.counters.bytes_delivered, expected as u64);
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "from-stream"}))
        .unwrap();
    let src = &d["DeliveryStreamDescription"]["Source"]["KinesisStreamSourceDescription"];
    assert!(src["DeliveryStartTimestamp"].is_number());
}
