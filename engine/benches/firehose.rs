//! PutRecordBatch of 500 records of 100 bytes into a DirectPut delivery stream, through the
//! buffer to delivered S3 objects (1 MiB size hint: an object every 21 batches), uncompressed
//! and GZIP, with and without a transform; through the typed operation and through the JSON
//! dispatch (what the local endpoint and the console use). Criterion reports records/s.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use engine::firehose::ops;
use engine::firehose::wire::{Blob, PutRecordBatchInput, Record};
use engine::s3::S3Command;
use engine::{Command, World, WorldConfig};

const BATCH: usize = 500;
const RECORD_BYTES: usize = 100;

fn world(compression: &str, transform: bool) -> World {
    // The engine's own speed, not the quota (5 MiB/s per delivery stream).
    let mut w = World::new(WorldConfig::for_bench(1));
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "lake".into() }));
    let processing = if transform {
        r#","ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:000000000000:function:sandbox-keep-fields:id"}]}]}"#
    } else {
        ""
    };
    let body = format!(
        r#"{{"DeliveryStreamName":"bench","ExtendedS3DestinationConfiguration":{{"RoleARN":"arn:aws:iam::000000000000:role/r","BucketARN":"arn:aws:s3:::lake","CompressionFormat":"{compression}","BufferingHints":{{"SizeInMBs":1,"IntervalInSeconds":60}}{processing}}}}}"#
    );
    let out = w.apply(Command::api("Firehose_20150804.CreateDeliveryStream", body));
    assert!(out.result.is_ok(), "{out:?}");
    w.advance_by(1_000);
    w
}

/// A 100-byte JSON record (so the transform has work to do).
fn record() -> Vec<u8> {
    let mut r = br#"{"id":12345,"pad":""#.to_vec();
    r.resize(RECORD_BYTES - 2, b'x');
    r.extend_from_slice(b"\"}");
    r
}

fn delivered(w: &World) -> u64 {
    w.view().firehose().delivery_stream("bench").map_or(0, |s| s.counters.records_delivered)
}

fn put_batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("firehose_put_record_batch_500x100B_to_s3");
    g.sample_size(15)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(BATCH as u64));
    let data = Blob::from(record());
    let body = {
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, record());
        let records: Vec<String> = (0..BATCH).map(|_| format!(r#"{{"Data":"{b64}"}}"#)).collect();
        format!(r#"{{"DeliveryStreamName":"bench","Records":[{}]}}"#, records.join(","))
    };
    for (compression, transform) in
        [("UNCOMPRESSED", false), ("GZIP", false), ("Snappy", false), ("UNCOMPRESSED", true)]
    {
        let label = format!("{compression}{}", if transform { "+transform" } else { "" });
        g.bench_with_input(BenchmarkId::new("typed", &label), &(), |b, _| {
            b.iter_custom(|iters| {
                let mut w = world(compression, transform);
                let start = Instant::now();
                for _ in 0..iters {
                    w.with_services(|s, ctx| {
                        let req = PutRecordBatchInput {
                            delivery_stream_name: Some("bench".into()),
                            records: Some(
                                (0..BATCH).map(|_| Record { data: Some(data.clone()) }).collect(),
                            ),
                        };
                        let out = ops::put_record_batch(s, ctx, req).map(|o| o.failed_put_count);
                        assert_eq!(out, Ok(0));
                    });
                }
                // Whatever is still buffered goes out on the interval: delivered, every record.
                w.advance_by(60_000);
                let elapsed = start.elapsed();
                assert_eq!(delivered(&w), iters * BATCH as u64);
                elapsed
            })
        });
        g.bench_with_input(BenchmarkId::new("json", &label), &(), |b, _| {
            b.iter_custom(|iters| {
                let mut w = world(compression, transform);
                let start = Instant::now();
                for _ in 0..iters {
                    let out =
                        w.apply(Command::api("Firehose_20150804.PutRecordBatch", body.as_str()));
                    assert!(out.result.is_ok());
                }
                w.advance_by(60_000);
                let elapsed = start.elapsed();
                assert_eq!(delivered(&w), iters * BATCH as u64);
                elapsed
            })
        });
    }
    g.finish();
}

criterion_group!(benches, put_batch);
criterion_main!(benches);
