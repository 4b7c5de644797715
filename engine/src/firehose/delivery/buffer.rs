//! Records in, batches out: the transform, the buffer and its flushes.

use super::*;

/// Passes records through the transform (if any) and adds the survivors to the delivery
/// stream's buffer, flushing on size as soon as it is reached.
pub(crate) fn accept(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    records: Vec<Arc<[u8]>>,
    source: &str,
) {
    let Some(s) = services.firehose.streams.get_mut(name) else { return };
    if s.source == crate::firehose::model::Source::DirectPut {
        // Readers of this delivery stream (Kinesis Data Analytics inputs) pull from its tap.
        s.tap.offer(&records);
    }
    // Counted as they arrive, before any transform.
    s.counters.records_in += records.len() as u64;
    s.counters.bytes_in += records.iter().map(|r| r.len() as u64).sum::<u64>();
    let records = match &s.processing {
        None => records,
        Some(p) => {
            let now_ms = ctx.unix_ms();
            let (mut ok, mut dropped, mut failed) = (Vec::new(), 0u32, 0u32);
            for r in records {
                match transform::apply(&p.transform, &r) {
                    Outcome::Ok(out) => ok.push(Arc::from(out)),
                    Outcome::Dropped => dropped += 1,
                    Outcome::ProcessingFailed(message) => {
                        failed += 1;
                        s.buffer.failed.push(FailedRecord {
                            data: r,
                            arrival_ms: now_ms,
                            code: transform::PROCESSING_FAILED_CODE.into(),
                            message,
                        });
                    }
                }
            }
            let c = &mut s.counters;
            c.transform_ok += ok.len() as u64;
            c.transform_dropped += dropped as u64;
            c.transform_failed += failed as u64;
            ctx.emit(Event::RecordsTransformed {
                stream: name.to_string(),
                ok: ok.len() as u32,
                dropped,
                failed,
            });
            if failed > 0 && s.buffer.records.is_empty() && s.buffer.failed.len() == failed as usize
            {
                start_buffer(s, ctx);
            }
            ok
        }
    };
    let mut run = (0u32, 0u64);
    for data in records {
        let Some(s) = services.firehose.streams.get_mut(name) else { return };
        let len = data.len() as u64;
        if s.buffer.is_empty() {
            start_buffer(s, ctx);
        }
        let b = &mut s.buffer;
        b.records.push(data);
        b.arrivals.push(ctx.unix_ms());
        b.bytes += len;
        run = (run.0 + 1, run.1 + len);
        if s.buffer.bytes >= s.buffer_limit_bytes() {
            emit_buffered(services, ctx, name, run, source);
            run = (0, 0);
            flush(services, ctx, name, FlushReason::Size);
        }
    }
    if run.0 > 0 {
        emit_buffered(services, ctx, name, run, source);
    }
}

/// Dates a new buffer and schedules its interval flush.
pub(super) fn start_buffer(s: &mut DeliveryStream, ctx: &mut Ctx<'_>) {
    let interval = s.buffer_interval_ms();
    let b = &mut s.buffer;
    b.first_arrival_ms = Some(ctx.unix_ms());
    b.first_at = Some(ctx.now);
    let at = ctx.now.saturating_add(interval);
    b.flush_at = Some(at);
    ctx.schedule_at(
        at,
        Wake::Flush { stream: s.name.clone(), generation: s.generation, serial: b.serial },
    );
}

pub(super) fn emit_buffered(
    services: &Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    run: (u32, u64),
    source: &str,
) {
    let Some(s) = services.firehose.streams.get(name) else { return };
    ctx.emit(Event::RecordsBuffered {
        stream: name.to_string(),
        records: run.0,
        bytes: run.1,
        buffer_records: s.buffer.records.len() as u64,
        buffer_bytes: s.buffer.bytes,
        source: source.to_string(),
    });
}

/// AWS's JSON error record for a record the transform failed.
pub(super) fn processing_failed_line(f: &FailedRecord, lambda_arn: &str, now_ms: i64) -> String {
    json!({
        "attemptsMade": 1,
        "arrivalTimestamp": f.arrival_ms,
        "errorCode": f.code,
        "errorMessage": f.message,
        "attemptEndingTimestamp": now_ms,
        "rawData": STANDARD.encode(&f.data),
        "lambdaArn": lambda_arn,
    })
    .to_string()
}

/// Empties the buffer into a batch and starts its delivery. Nothing happens to an empty buffer.
pub(crate) fn flush(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, reason: FlushReason) {
    let Some(s) = services.firehose.streams.get_mut(name) else { return };
    if s.buffer.is_empty() {
        return;
    }
    let serial = s.buffer.serial + 1;
    let buffer = std::mem::replace(&mut s.buffer, Buffer { serial, ..Buffer::default() });
    let first_arrival_ms = buffer.first_arrival_ms.unwrap_or_else(|| ctx.unix_ms());
    let was_idle = s.pending.is_empty();
    match reason {
        FlushReason::Size => s.counters.flushes_by_size += 1,
        FlushReason::Interval => s.counters.flushes_by_interval += 1,
        FlushReason::ConfigurationUpdate => s.counters.flushes_by_update += 1,
    }
    if !buffer.failed.is_empty() {
        let lambda = s.processing.as_ref().map(|p| p.lambda_arn.clone()).unwrap_or_default();
        let now_ms = ctx.unix_ms();
        let mut text = String::new();
        for f in &buffer.failed {
            text.push_str(&processing_failed_line(f, &lambda, now_ms));
            text.push('\n');
        }
        let batch = error_batch(
            s,
            ctx,
            "processing-failed",
            text.into_bytes(),
            buffer.failed.iter().map(|f| f.data.clone()).collect(),
            buffer.failed.iter().map(|f| f.arrival_ms).collect(),
            first_arrival_ms,
        );
        s.pending.push_back(batch);
    }
    if !buffer.records.is_empty() {
        let records = buffer.records.len() as u64;
        let stage = match &s.kind {
            DestinationKind::OpenSearch(_) => Stage::Index,
            _ => {
                let mut raw = Vec::with_capacity(buffer.bytes as usize);
                for r in &buffer.records {
                    raw.extend_from_slice(r);
                }
                let d = &s.destination;
                let key = keys::object_key(
                    d.prefix.as_deref(),
                    name,
                    s.version,
                    first_arrival_ms,
                    d.extension(),
                    ctx.rng,
                );
                let bytes = compress(d.compression, &raw, &key, first_arrival_ms).into();
                Stage::Store { key, bytes }
            }
        };
        let key = match (&stage, &s.kind) {
            (Stage::Store { key, .. }, _) => key.clone(),
            (_, DestinationKind::OpenSearch(o)) => {
                o.rotation.index_name(&o.index_name, first_arrival_ms)
            }
            _ => String::new(),
        };
        ctx.emit(Event::BufferFlushed {
            stream: name.to_string(),
            reason,
            records,
            bytes: buffer.bytes,
            key,
            oldest_record_age_ms: (ctx.unix_ms() - first_arrival_ms).max(0) as u64,
        });
        s.pending.push_back(Batch {
            records: buffer.records,
            arrivals: buffer.arrivals,
            raw_bytes: buffer.bytes,
            first_arrival_ms,
            stage,
            attempts: 0,
            first_failed_at: None,
        });
    }
    // Batches are delivered in order: new ones wait behind any that are being retried.
    if was_idle && !s.retry_scheduled {
        deliver_pending(services, ctx, name);
    }
}

/// A batch that writes `text` under the error prefix, compressed as the S3 destination is.
pub(super) fn error_batch(
    s: &DeliveryStream,
    ctx: &mut Ctx<'_>,
    error_type: &str,
    text: Vec<u8>,
    records: Vec<Arc<[u8]>>,
    arrivals: Vec<i64>,
    first_arrival_ms: i64,
) -> Batch {
    let d = &s.destination;
    let key = format!(
        "{}{}",
        keys::error_key(
            d.error_output_prefix.as_deref(),
            error_type,
            &s.name,
            s.version,
            first_arrival_ms,
            ctx.rng
        ),
        d.compression.extension()
    );
    let bytes = compress(d.compression, &text, &key, first_arrival_ms).into();
    Batch {
        raw_bytes: text.len() as u64,
        records,
        arrivals,
        first_arrival_ms,
        stage: Stage::StoreError { key, bytes, error_type: error_type.to_string() },
        attempts: 0,
        first_failed_at: None,
    }
}
