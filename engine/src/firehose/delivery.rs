//! The buffer and the delivery to S3: records enter the buffer; it is flushed when it reaches
//! SizeInMBs or when IntervalInSeconds has passed since its first record, whichever comes
//! first; each flush writes one object (records concatenated as they came, no delimiter added,
//! as AWS does), retried for up to 24 hours while the bucket is unavailable.

use std::io::Write;
use std::sync::Arc;

use super::model::*;
use super::{keys, Event, Wake};
use crate::sim::{Ctx, Services};

/// Adds records to the delivery stream's buffer, flushing on size as soon as it is reached.
pub(crate) fn accept(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    records: Vec<Arc<[u8]>>,
    source: &str,
) {
    let mut run = (0u32, 0u64);
    for data in records {
        let Some(s) = services.firehose.streams.get_mut(name) else { return };
        let len = data.len() as u64;
        let b = &mut s.buffer;
        if b.is_empty() {
            b.first_arrival_ms = Some(ctx.unix_ms());
            b.first_at = Some(ctx.now);
            let at = ctx.now.saturating_add(s.destination.interval_ms());
            b.flush_at = Some(at);
            let wake = Wake::Flush {
                stream: name.to_string(),
                generation: s.generation,
                serial: b.serial,
            };
            ctx.schedule_at(at, wake);
        }
        b.records.push(data);
        b.bytes += len;
        s.counters.records_in += 1;
        s.counters.bytes_in += len;
        run = (run.0 + 1, run.1 + len);
        if s.buffer.bytes >= s.destination.size_limit_bytes() {
            emit_buffered(services, ctx, name, run, source);
            run = (0, 0);
            flush(services, ctx, name, FlushReason::Size);
        }
    }
    if run.0 > 0 {
        emit_buffered(services, ctx, name, run, source);
    }
}

fn emit_buffered(
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

/// Empties the buffer into one object and delivers it. Nothing happens to an empty buffer.
pub(crate) fn flush(services: &mut Services, ctx: &mut Ctx<'_>, name: &str, reason: FlushReason) {
    let Some(s) = services.firehose.streams.get_mut(name) else { return };
    if s.buffer.is_empty() {
        return;
    }
    let serial = s.buffer.serial + 1;
    let buffer = std::mem::replace(&mut s.buffer, Buffer { serial, ..Buffer::default() });
    let first_arrival_ms = buffer.first_arrival_ms.unwrap_or_else(|| ctx.unix_ms());
    let mut raw = Vec::with_capacity(buffer.bytes as usize);
    for r in &buffer.records {
        raw.extend_from_slice(r);
    }
    let d = &s.destination;
    let bytes: Arc<[u8]> = match d.compression {
        Compression::Uncompressed => raw.into(),
        Compression::Gzip => gzip(&raw).into(),
    };
    let key = keys::object_key(
        d.prefix.as_deref(),
        name,
        s.version,
        first_arrival_ms,
        d.extension(),
        ctx.rng,
    );
    let records = buffer.records.len() as u64;
    match reason {
        FlushReason::Size => s.counters.flushes_by_size += 1,
        FlushReason::Interval => s.counters.flushes_by_interval += 1,
        FlushReason::ConfigurationUpdate => s.counters.flushes_by_update += 1,
    }
    ctx.emit(Event::BufferFlushed {
        stream: name.to_string(),
        reason,
        records,
        bytes: buffer.bytes,
        key: key.clone(),
        oldest_record_age_ms: (ctx.unix_ms() - first_arrival_ms).max(0) as u64,
    });
    s.pending.push_back(PendingObject {
        key,
        bytes,
        records,
        raw_bytes: buffer.bytes,
        first_arrival_ms,
        first_failed_at: ctx.now,
        attempts: 0,
    });
    // Objects are delivered in order: a new one waits behind any that are being retried.
    if s.pending.len() == 1 {
        deliver_pending(services, ctx, name);
    }
}

/// Writes the pending objects to S3, oldest first, until one fails; schedules a retry then.
pub(crate) fn deliver_pending(services: &mut Services, ctx: &mut Ctx<'_>, name: &str) {
    let Services { firehose, s3, .. } = services;
    let Some(s) = firehose.streams.get_mut(name) else { return };
    while let Some(p) = s.pending.front_mut() {
        let bucket = s.destination.bucket.clone();
        match s3.put_object(ctx, &bucket, &p.key, p.bytes.clone()) {
            Ok(_) => {
                let Some(p) = s.pending.pop_front() else { break };
                let c = &mut s.counters;
                c.records_delivered += p.records;
                c.bytes_delivered += p.raw_bytes;
                c.object_bytes_written += p.bytes.len() as u64;
                c.objects_delivered += 1;
                if s.delivered.len() >= DELIVERED_HISTORY {
                    s.delivered.pop_front();
                }
                s.delivered.push_back(DeliveredObject {
                    bucket,
                    key: p.key,
                    records: p.records,
                    bytes: p.raw_bytes,
                    object_bytes: p.bytes.len() as u64,
                    first_arrival_ms: p.first_arrival_ms,
                    delivered_ms: ctx.unix_ms(),
                });
            }
            Err(e) => {
                if p.attempts == 0 {
                    p.first_failed_at = ctx.now;
                }
                p.attempts += 1;
                s.counters.delivery_failures += 1;
                ctx.emit(Event::DeliveryFailed {
                    stream: name.to_string(),
                    key: p.key.clone(),
                    attempt: p.attempts,
                    // Firehose reports S3 errors prefixed with the destination: S3.NoSuchBucket.
                    code: format!("S3.{}", e.code),
                });
                if ctx.now.saturating_sub(p.first_failed_at) >= S3_RETRY_WINDOW_MS {
                    let records = p.records;
                    let key = p.key.clone();
                    s.pending.pop_front();
                    s.counters.records_lost += records;
                    ctx.emit(Event::DeliveryAbandoned { stream: name.to_string(), key, records });
                    continue;
                }
                if !s.retry_scheduled {
                    s.retry_scheduled = true;
                    let delay = retry_delay(p.attempts);
                    ctx.schedule_in(
                        delay,
                        Wake::Retry { stream: name.to_string(), generation: s.generation },
                    );
                }
                break;
            }
        }
    }
}

/// Back-off between attempts: 5 s, doubling, at most 5 minutes.
pub fn retry_delay(attempts: u32) -> u64 {
    let doublings = attempts.saturating_sub(1).min(6);
    (S3_RETRY_FIRST_DELAY_MS << doublings).min(S3_RETRY_MAX_DELAY_MS)
}

/// Real gzip (deflate from flate2's pure-Rust backend: the same bytes on every platform).
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 4 + 32),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = e.write_all(raw);
    e.finish().unwrap_or_default()
}
