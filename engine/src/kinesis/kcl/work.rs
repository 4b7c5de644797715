//! Each tick of an application: sync and balance the leases, read every lease a live worker
//! holds whose parents are done, and age the ones not read; and the SDK's retries of a
//! throttled read.

use super::deploy::ensure_registered;
use super::leases::{balance, sync_leases};
use super::read::{process_fan_out, process_polling, Poll};
use super::{Checkpoint, Retrieval, SDK_RETRIES, SDK_RETRY_BASE_MS};
use crate::kinesis::model::StreamStatus;
use crate::kinesis::{Kinesis, Wake};
use crate::sim::Ctx;

pub(crate) fn tick(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str, serial: u64) {
    let Some(a) = k.apps.get(app).filter(|a| a.serial == serial) else { return };
    let next = a.next_tick_in(ctx);
    ctx.schedule_in(next, Wake::Kcl { app: app.to_string(), serial });
    let stream_name = a.stream.clone();
    let ready = k
        .streams
        .get(&stream_name)
        .is_some_and(|s| matches!(s.status, StreamStatus::Active | StreamStatus::Updating));
    if !ready {
        return;
    }
    sync_leases(k, ctx, app);
    balance(k, ctx, app);
    let Some(a) = k.apps.get(app) else { return };
    let work: Vec<u32> = a
        .leases
        .values()
        .filter(|l| l.checkpoint != Checkpoint::ShardEnd && l.retrying == 0)
        .filter(|l| l.owner.is_some_and(|w| a.workers.get(&w).is_some_and(|w| w.alive)))
        .filter(|l| {
            // Parents first: a child waits until every parent that still has a lease is done.
            l.parents
                .iter()
                .all(|p| a.leases.get(p).is_none_or(|pl| pl.checkpoint == Checkpoint::ShardEnd))
        })
        .map(|l| l.shard)
        .collect();
    let fan_out = a.retrieval == Retrieval::FanOut;
    if fan_out {
        ensure_registered(k, ctx, app, &stream_name);
    }
    let mut read = Vec::new();
    for shard in work {
        let ok = if fan_out {
            process_fan_out(k, ctx, app, &stream_name, shard)
        } else {
            match process_polling(k, ctx, app, &stream_name, shard) {
                Poll::Read => true,
                Poll::Throttled => {
                    schedule_retry(k, ctx, app, shard, serial, 1);
                    false
                }
                Poll::Failed | Poll::Skipped => false,
            }
        };
        if ok {
            read.push(shard);
        }
    }
    unread_ages(k, ctx, app, |s| !read.contains(&s));
}

fn schedule_retry(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str, shard: u32, serial: u64, n: u8) {
    let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) else { return };
    if n > SDK_RETRIES {
        l.retrying = 0;
        return;
    }
    l.retrying = n;
    let ceiling = SDK_RETRY_BASE_MS << (n - 1);
    let delay = ceiling / 2 + ctx.rng.below(ceiling / 2 + 1);
    ctx.schedule_in(delay, Wake::KclRetry { app: app.to_string(), shard, serial, attempt: n });
}

/// The SDK's retry of a throttled GetRecords, if the lease is still this deployment's and still
/// waiting for it.
pub(crate) fn retry(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    shard: u32,
    serial: u64,
    attempt: u8,
) {
    let Some(a) = k.apps.get_mut(app).filter(|a| a.serial == serial) else { return };
    let live = |w: u16| a.workers.get(&w).is_some_and(|w| w.alive);
    let Some(l) = a.leases.get(&shard).filter(|l| l.retrying == attempt) else { return };
    let runnable = l.checkpoint != Checkpoint::ShardEnd && l.owner.is_some_and(live);
    if let Some(l) = a.leases.get_mut(&shard) {
        l.retrying = 0;
    }
    if !runnable {
        return;
    }
    let stream = a.stream.clone();
    match process_polling(k, ctx, app, &stream, shard) {
        Poll::Read => {}
        Poll::Throttled => {
            schedule_retry(k, ctx, app, shard, serial, attempt + 1);
            unread_ages(k, ctx, app, |s| s == shard);
        }
        Poll::Failed | Poll::Skipped => unread_ages(k, ctx, app, |s| s == shard),
    }
}

/// A lease that was not read this time (never read yet, refused by the read limit, waiting for
/// its parent, or owned by a dead worker) is as far behind as its oldest unprocessed record is
/// old, and that grows every second, as GetRecords.IteratorAgeMilliseconds would; keeping the
/// last read's figure would show a consumer that never got a record as 0 ms behind.
fn unread_ages(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str, unread: impl Fn(u32) -> bool) {
    let unix_ms = ctx.unix_ms();
    let Some(a) = k.apps.get_mut(app) else { return };
    let Some(stream) = k.streams.get(&a.stream) else { return };
    for l in a.leases.values_mut().filter(|l| unread(l.shard)) {
        let Some(shard) = stream.shard(l.shard) else { continue };
        let next = match l.checkpoint {
            Checkpoint::TrimHorizon => shard.records.start(),
            Checkpoint::At(p) => (p + 1).max(shard.records.start()),
            Checkpoint::ShardEnd => continue,
        };
        l.millis_behind_latest =
            shard.records.get(next).map_or(0, |r| (unix_ms - r.arrival_ms).max(0) as u64);
    }
}
