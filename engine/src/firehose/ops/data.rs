//! The data plane: PutRecord and PutRecordBatch into a DirectPut delivery stream's buffer.

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::*;
use crate::firehose::delivery;
use crate::firehose::model::Source;
use crate::firehose::wire::*;

/// A record's data: at most 1,000 KiB.
pub const MAX_RECORD_BYTES: usize = 1_024_000;
/// PutRecordBatch: at most 500 records and 4 MiB of data per call.
pub const MAX_BATCH_RECORDS: usize = 500;
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// A RecordId: opaque, long and unique, as AWS's are.
fn record_id(ctx: &mut Ctx<'_>) -> String {
    let mut b = [0u8; 48];
    ctx.rng.fill(&mut b);
    STANDARD.encode(b)
}

/// The per-delivery-stream quotas of a DirectPut stream (us-east-1's defaults: 2,000
/// PutRecord+PutRecordBatch requests, 500,000 records and 5 MiB per second), counted in
/// one-second windows of virtual time, only when the world enforces limits. A call over any of
/// them is refused whole, with nothing buffered.
fn check_throughput(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    records: u64,
    bytes: u64,
) -> Result<(), ApiError> {
    if !ctx.config.limits {
        return Ok(());
    }
    let Some(s) = services.firehose.streams.get_mut(name) else { return Ok(()) };
    let second = ctx.now / 1000;
    if s.window.second != second {
        s.window = crate::firehose::model::PutWindow { second, ..Default::default() };
    }
    let w = &s.window;
    use crate::firehose::model::*;
    let over = if w.requests + 1 > LIMIT_REQUESTS_PER_SECOND {
        Some("requests")
    } else if w.records + records > LIMIT_RECORDS_PER_SECOND {
        Some("records")
    } else if w.bytes + bytes > LIMIT_BYTES_PER_SECOND {
        Some("bytes")
    } else {
        None
    };
    if let Some(limit) = over {
        s.counters.puts_throttled += 1;
        ctx.emit(crate::firehose::Event::PutThrottled {
            stream: name.to_string(),
            records,
            limit: limit.into(),
        });
        return Err(slow_down());
    }
    let w = &mut s.window;
    w.requests += 1;
    w.records += records;
    w.bytes += bytes;
    Ok(())
}

/// Whether data at rest is encrypted (the puts' `Encrypted`).
fn encrypted(services: &Services, name: &str) -> bool {
    services.firehose.streams.get(name).is_some_and(|s| s.encryption.status == "ENABLED")
}

/// The delivery stream a put goes to: ACTIVE (one being created or deleted is not found to the
/// data plane) and fed by direct puts.
fn direct_put_target(services: &mut Services, ctx: &Ctx<'_>, name: &str) -> Result<(), ApiError> {
    let account = &ctx.config.account_id;
    match services.firehose.streams.get(name) {
        Some(s) if s.status == DeliveryStreamStatus::Active => match s.source {
            Source::DirectPut => Ok(()),
            Source::KinesisStream(_) => Err(not_for_kinesis_source()),
        },
        _ => Err(not_found(name, account)),
    }
}

pub fn put_record(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: PutRecordInput,
) -> Result<PutRecordOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    if v.required("record", req.record.as_ref()) {
        let data = req.record.as_ref().and_then(|r| r.data.as_ref());
        if v.required("record.data", data) {
            v.blob("record.data", data.map(Blob::len), Some(0), Some(MAX_RECORD_BYTES));
        }
    }
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    direct_put_target(services, ctx, &name)?;
    let data = req.record.and_then(|r| r.data).unwrap_or_default();
    check_throughput(services, ctx, &name, 1, data.len() as u64)?;
    let record_id = record_id(ctx);
    delivery::accept(services, ctx, &name, vec![data.0], "PutRecord");
    Ok(PutRecordOutput { record_id, encrypted: encrypted(services, &name) })
}

pub fn put_record_batch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: PutRecordBatchInput,
) -> Result<PutRecordBatchOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    if v.required("records", req.records.as_ref()) {
        let records = req.records.as_deref().unwrap_or_default();
        let shown = || {
            let inner: Vec<String> = records
                .iter()
                .map(|r| match &r.data {
                    // AWS shows each blob as the Java ByteBuffer it deserialized.
                    Some(d) => format!(
                        "Record(data=java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}])",
                        n = d.len()
                    ),
                    None => "Record(data=null)".into(),
                })
                .collect();
            format!("[{}]", inner.join(", "))
        };
        v.collection("records", &shown, records.len(), Some(1), Some(MAX_BATCH_RECORDS));
        for (i, r) in records.iter().enumerate() {
            let member = format!("records.{}.member.data", i + 1);
            if v.is_full() {
                break;
            }
            if v.required(&member, r.data.as_ref()) {
                v.blob(&member, r.data.as_ref().map(Blob::len), Some(0), Some(MAX_RECORD_BYTES));
            }
        }
    }
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let records = req.records.unwrap_or_default();
    let total: usize = records.iter().map(|r| r.data.as_ref().map_or(0, Blob::len)).sum();
    if total > MAX_BATCH_BYTES {
        return Err(batch_too_large());
    }
    direct_put_target(services, ctx, &name)?;
    check_throughput(services, ctx, &name, records.len() as u64, total as u64)?;
    let request_responses = records
        .iter()
        .map(|_| PutRecordBatchResponseEntry {
            record_id: Some(record_id(ctx)),
            error_code: None,
            error_message: None,
        })
        .collect();
    let data: Vec<Arc<[u8]>> = records.into_iter().map(|r| r.data.unwrap_or_default().0).collect();
    delivery::accept(services, ctx, &name, data, "PutRecordBatch");
    let encrypted = encrypted(services, &name);
    Ok(PutRecordBatchOutput { failed_put_count: 0, encrypted, request_responses })
}
