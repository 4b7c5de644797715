//! Reading one lease's shard: a GetRecords through the shared reader (polling), or
//! accounting for what the lease's SubscribeToShard pushed (fan-out); then checkpointing.

use super::leases::checkpoint_at;
use super::{Checkpoint, Retrieval};
use crate::kinesis::model::{shard_id, ConsumerStatus};
use crate::kinesis::ops::subscribe_to_shard;
use crate::kinesis::reader::{self, Read, ShardCursor};
use crate::kinesis::sequence;
use crate::kinesis::wire::{StartingPosition, SubscribeToShardInput};
use crate::kinesis::Kinesis;
use crate::sim::Ctx;

/// How a lease's GetRecords went.
pub(super) enum Poll {
    /// Answered, with records or without.
    Read,
    /// Refused by the shard's read limit.
    Throttled,
    /// Another error (expired iterator, shard gone): the next poll starts afresh.
    Failed,
    /// Nothing to call (no such lease, no iterator to be had).
    Skipped,
}

/// One GetRecords for the lease.
pub(super) fn process_polling(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
    shard: u32,
) -> Poll {
    let Some(a) = k.apps.get(app) else { return Poll::Skipped };
    let Some(l) = a.leases.get(&shard) else { return Poll::Skipped };
    let limit = match a.retrieval {
        Retrieval::Polling { max_records, .. } => max_records.clamp(1, 10_000) as i64,
        Retrieval::FanOut => 10_000,
    };
    // The lease is the cursor: its iterator, and its checkpoint to resume after.
    let mut cursor = ShardCursor {
        iterator: l.iterator.clone(),
        last_sequence_number: match l.checkpoint {
            Checkpoint::At(p) => k.streams.get(stream).map(|s| s.sequence_number(shard, p, 0)),
            _ => None,
        },
        ..ShardCursor::default()
    };
    let (batch, closed) = match reader::read(k, ctx, app, stream, shard, &mut cursor, limit) {
        Read::Records(batch) => (batch, false),
        Read::ShardClosed { last, .. } => (last, true),
        Read::IteratorExpired => {
            if let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) {
                l.iterator = None;
            }
            return Poll::Failed;
        }
        Read::Throttled => return Poll::Throttled,
        Read::Failed => return Poll::Failed,
        Read::Unavailable => return Poll::Skipped,
    };
    let last = batch.records.last().and_then(|r| {
        k.streams.get(stream).and_then(|s| sequence::locate(s, shard, &r.sequence_number))
    });
    if let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) {
        l.processed += batch.records.len() as u64;
        l.millis_behind_latest = batch.millis_behind_latest;
        l.iterator = cursor.iterator;
    }
    if let Some(p) = last {
        checkpoint_at(k, ctx, app, stream, shard, Checkpoint::At(p));
    }
    if closed {
        checkpoint_at(k, ctx, app, stream, shard, Checkpoint::ShardEnd);
    }
    Poll::Read
}

/// Accounts for what the lease's subscription pushed, or subscribes; true if an open
/// subscription set the lease's lag.
pub(super) fn process_fan_out(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
    shard: u32,
) -> bool {
    let Some(s) = k.streams.get(stream) else { return false };
    let Some(consumer) = s.consumers.get(app) else { return false };
    if consumer.status != ConsumerStatus::Active {
        return false;
    }
    let consumer_arn = consumer.arn.clone();
    let unix_ms = ctx.unix_ms();
    let checkpoint = k.apps.get(app).and_then(|a| a.leases.get(&shard)).map(|l| l.checkpoint);
    let sub = consumer.subscriptions.get(&shard).map(|sub| (sub.position, sub.finished));
    let shard_state = s.shard(shard);
    match sub {
        Some((position, finished)) => {
            // What the subscription delivered is processed; checkpoint at its last record.
            let behind = shard_state
                .and_then(|x| x.records.get(position))
                .map_or(0, |r| (unix_ms - r.arrival_ms).max(0) as u64);
            let done_before = match checkpoint {
                Some(Checkpoint::At(p)) => p + 1,
                _ => shard_state.map_or(0, |x| x.records.start()),
            };
            let delivered = position.saturating_sub(done_before);
            if let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) {
                l.processed += delivered;
                l.millis_behind_latest = behind;
            }
            if delivered > 0 {
                checkpoint_at(k, ctx, app, stream, shard, Checkpoint::At(position - 1));
            }
            if finished {
                checkpoint_at(k, ctx, app, stream, shard, Checkpoint::ShardEnd);
            }
            true
        }
        None => {
            let (kind, seq) = match checkpoint {
                Some(Checkpoint::At(p)) => {
                    ("AFTER_SEQUENCE_NUMBER", Some(s.sequence_number(shard, p, 0)))
                }
                _ => ("TRIM_HORIZON", None),
            };
            let req = SubscribeToShardInput {
                consumer_arn: Some(consumer_arn),
                shard_id: Some(shard_id(shard)),
                starting_position: Some(StartingPosition {
                    kind: Some(kind.to_string()),
                    sequence_number: seq,
                    timestamp: None,
                }),
                stream_id: None,
            };
            if let Ok(out) = subscribe_to_shard(k, ctx, req) {
                let e = out.event_stream.subscribe_to_shard_event;
                let n = e.records.len() as u64;
                let last = e.records.last().and_then(|r| {
                    k.streams
                        .get(stream)
                        .and_then(|s| sequence::locate(s, shard, &r.sequence_number))
                });
                if let Some(p) = last {
                    if let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) {
                        l.processed += n;
                    }
                    checkpoint_at(k, ctx, app, stream, shard, Checkpoint::At(p));
                }
                if e.child_shards.is_some() {
                    checkpoint_at(k, ctx, app, stream, shard, Checkpoint::ShardEnd);
                }
            }
            false
        }
    }
}
