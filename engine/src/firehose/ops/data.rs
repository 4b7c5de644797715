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

/// The delivery stream a put goes to: ACTIVE (one being created or deleted is not found to the
/// data plane) and fed by direct puts.
fn direct_put_target(services: &mut Services, ctx: &Ctx<'_>, name: &str) -> Result<(), ApiError> {
    let account = &ctx.config.account_id;
    match services.firehose.streams.get(name) {
        Some(s) if s.status == DeliveryStreamStatus::Active => match s.source {
            Source::DirectPut => Ok(()),
            Source::KinesisStream(_) => Err(invalid_argument(
                "This operation is not permitted on KinesisStreamAsSource delivery stream type.",
            )),
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
    let record_id = record_id(ctx);
    delivery::accept(services, ctx, &name, vec![data.0], "PutRecord");
    Ok(PutRecordOutput { record_id, encrypted: false })
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
                    Some(d) => format!("Record(data={})", d.len()),
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
        return Err(invalid_argument(format!(
            "The total size of the records in the request, {total} bytes, exceeds the limit of \
             {MAX_BATCH_BYTES} bytes (4 MiB)."
        )));
    }
    direct_put_target(services, ctx, &name)?;
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
    Ok(PutRecordBatchOutput { failed_put_count: 0, encrypted: false, request_responses })
}
