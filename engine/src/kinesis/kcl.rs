//! A KCL-style consumer application: workers share the shards through leases (one per shard,
//! kept in what would be the application's DynamoDB table), process records, checkpoint by
//! sequence number, take over a dead worker's leases once they expire, and start a child shard
//! only after its parents were read to the end (SHARD_END).
//!
//! Retrieval is either polling (GetShardIterator + GetRecords, sharing the shard's 2 MiB/s with
//! every other classic consumer) or enhanced fan-out (a registered consumer with its own
//! 2 MiB/s per shard, fed by SubscribeToShard), as KCL 2.x offers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{shard_id, StreamStatus};
use super::ops::{
    self, register_stream_consumer, subscribe_to_shard,
};
use super::wire::*;
use super::reader::{self, Read, ShardCursor};
use super::{sequence, ActorCommand, Event, Kinesis, Wake};
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, SimTime};

/// KCL's failoverTimeMillis default: a lease not renewed for this long may be taken.
pub const FAILOVER_MS: u64 = 10_000;

/// The AWS SDK retries a throttled call itself before the KCL sees the error: up to 3 times,
/// after a delay with "equal jitter" (half the ceiling plus a random part of the other half),
/// the ceiling doubling from this base. A refused reader thus asks again within a fraction of a
/// second while the reader that just succeeded waits its whole interval, which is what shares a
/// shard's read limit between classic consumers over time.
const SDK_RETRIES: u8 = 3;
const SDK_RETRY_BASE_MS: u64 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retrieval {
    /// GetRecords every `interval_ms` (KCL's idleTimeBetweenReadsInMillis, default 1000), at
    /// most `max_records` per call (KCL's maxRecords, default 10000).
    Polling { interval_ms: u32, max_records: u32 },
    /// Enhanced fan-out through a consumer registered under the application's name.
    FanOut,
}

/// Where a lease's shard has been processed up to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Checkpoint {
    TrimHorizon,
    /// Everything up to and including this position is processed.
    At(u64),
    ShardEnd,
}

#[derive(Clone, Debug)]
pub struct Lease {
    pub shard: u32,
    pub parents: Vec<u32>,
    pub owner: Option<u16>,
    pub checkpoint: Checkpoint,
    /// Bumped on every take, as the KCL's leaseCounter.
    pub counter: u64,
    pub renewed: SimTime,
    pub processed: u64,
    pub millis_behind_latest: u64,
    iterator: Option<String>,
    /// The attempt of the SDK retry pending for a throttled read (0: none); the regular poll
    /// leaves the lease to it.
    retrying: u8,
}

#[derive(Clone, Debug)]
pub struct Worker {
    pub alive: bool,
}

#[derive(Clone, Debug)]
pub struct KclApp {
    pub name: String,
    pub stream: String,
    pub retrieval: Retrieval,
    pub workers: BTreeMap<u16, Worker>,
    pub leases: BTreeMap<u32, Lease>,
    serial: u64,
    next_worker: u16,
}

pub fn worker_name(app: &str, worker: u16) -> String {
    format!("{app}-worker-{worker}")
}

impl KclApp {
    fn interval(&self) -> u64 {
        match self.retrieval {
            Retrieval::Polling { interval_ms, .. } => (interval_ms as u64).clamp(200, 60_000),
            Retrieval::FanOut => 1_000,
        }
    }

    /// When the application first runs after a (re)start: real workers come up at arbitrary
    /// moments, so two applications started together do not poll in lockstep.
    fn first_tick_in(&self, ctx: &mut Ctx<'_>) -> u64 {
        1 + ctx.rng.below(self.interval())
    }

    /// The wait before the next tick. A polling worker sleeps idleTimeBetweenReads after
    /// processing, and processing takes a varying time, so real pollers drift against each
    /// other; without that drift the classic readers of a shard would meet at the same instants
    /// in the same order and the first ones would take the shared 2 MiB/s every time. The wait
    /// is uniform within half the interval either side, so the mean stays the interval; a
    /// narrower spread leaves two pollers in one relative phase for long enough that one of
    /// them keeps finding the shard's allowance just spent.
    /// Fan-out applications only checkpoint what was pushed: they keep a steady beat.
    fn next_tick_in(&self, ctx: &mut Ctx<'_>) -> u64 {
        let i = self.interval();
        match self.retrieval {
            Retrieval::Polling { .. } => i - i / 2 + ctx.rng.below(i + 1),
            Retrieval::FanOut => i,
        }
    }
}

pub(crate) fn command(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    command: &ActorCommand,
) -> Result<String, ApiError> {
    let missing = |app: &str| {
        ApiError::new(ErrorCode::ResourceNotFound, format!("Application {app} not found."))
    };
    match command {
        ActorCommand::StartKcl { app, stream, workers, retrieval } => {
            if k.apps.contains_key(app) {
                return Err(ApiError::new(
                    ErrorCode::ResourceInUse,
                    format!("Application {app} already exists."),
                ));
            }
            k.next_generation += 1;
            let serial = k.next_generation;
            let mut a = KclApp {
                name: app.clone(),
                stream: stream.clone(),
                retrieval: retrieval.clone(),
                workers: BTreeMap::new(),
                leases: BTreeMap::new(),
                serial,
                next_worker: 0,
            };
            for _ in 0..(*workers).clamp(1, 64) {
                add_worker(&mut a, ctx);
            }
            if *retrieval == Retrieval::FanOut {
                register_fan_out(k, ctx, app, stream)?;
            }
            let first = a.first_tick_in(ctx);
            k.apps.insert(app.clone(), a);
            ctx.schedule_in(first, Wake::Kcl { app: app.clone(), serial });
            Ok("{}".into())
        }
        ActorCommand::SetRetrieval { app, retrieval } => {
            let a = k.apps.get(app).ok_or_else(|| missing(app))?;
            if a.retrieval == *retrieval {
                return Ok("{}".into());
            }
            let stream = a.stream.clone();
            let switches = (a.retrieval == Retrieval::FanOut) != (*retrieval == Retrieval::FanOut);
            if *retrieval == Retrieval::FanOut {
                register_fan_out(k, ctx, app, &stream)?;
            }
            if switches {
                // The old deployment's SubscribeToShard connections close with it; the new
                // one starts from the checkpoints in the lease table.
                end_subscriptions(k, ctx, &stream, app);
            }
            k.next_generation += 1;
            let serial = k.next_generation;
            let Some(a) = k.apps.get_mut(app) else { return Err(missing(app)) };
            a.retrieval = retrieval.clone();
            // A new serial retires the old deployment's pending tick, so a shorter interval
            // takes effect now rather than after the old one.
            a.serial = serial;
            for l in a.leases.values_mut() {
                // The old deployment's pending SDK retries went with it.
                l.retrying = 0;
                if switches {
                    l.iterator = None;
                }
            }
            let first = a.first_tick_in(ctx);
            ctx.schedule_in(first, Wake::Kcl { app: app.clone(), serial });
            Ok("{}".into())
        }
        ActorCommand::StopKcl { app } => {
            let a = k.apps.remove(app).ok_or_else(|| missing(app))?;
            for (id, w) in a.workers {
                if w.alive {
                    ctx.emit(Event::WorkerStopped {
                        app: app.clone(),
                        worker: worker_name(app, id),
                    });
                }
            }
            Ok("{}".into())
        }
        ActorCommand::AddWorker { app } => {
            let a = k.apps.get_mut(app).ok_or_else(|| missing(app))?;
            add_worker(a, ctx);
            Ok("{}".into())
        }
        ActorCommand::KillWorker { app, worker } => {
            let a = k.apps.get_mut(app).ok_or_else(|| missing(app))?;
            match a.workers.get_mut(worker) {
                Some(w) if w.alive => {
                    w.alive = false;
                    ctx.emit(Event::WorkerStopped {
                        app: app.clone(),
                        worker: worker_name(app, *worker),
                    });
                    Ok("{}".into())
                }
                _ => Err(ApiError::new(
                    ErrorCode::ResourceNotFound,
                    format!("Worker {} not found.", worker_name(app, *worker)),
                )),
            }
        }
        _ => Ok("{}".into()),
    }
}

/// KCL registers its enhanced fan-out consumer under the application name (an existing one of
/// that name is reused, as a redeployed application finds its own).
fn register_fan_out(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
) -> Result<(), ApiError> {
    let req = RegisterStreamConsumerInput {
        stream_arn: Some(ops::stream_arn(ctx, stream)),
        consumer_name: Some(app.to_string()),
        ..RegisterStreamConsumerInput::default()
    };
    match register_stream_consumer(k, ctx, req) {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::ResourceInUse => Ok(()),
        Err(e) => Err(e),
    }
}

fn end_subscriptions(k: &mut Kinesis, ctx: &mut Ctx<'_>, stream: &str, consumer: &str) {
    let Some(c) = k.streams.get_mut(stream).and_then(|s| s.consumers.get_mut(consumer)) else {
        return;
    };
    for shard in std::mem::take(&mut c.subscriptions).into_keys() {
        ctx.emit(Event::SubscriptionEnded {
            stream: stream.to_string(),
            consumer: consumer.to_string(),
            shard_id: shard_id(shard),
            reason: "application redeployed".to_string(),
        });
    }
}

fn add_worker(a: &mut KclApp, ctx: &mut Ctx<'_>) {
    let id = a.next_worker;
    a.next_worker = a.next_worker.saturating_add(1);
    a.workers.insert(id, Worker { alive: true });
    ctx.emit(Event::WorkerStarted { app: a.name.clone(), worker: worker_name(&a.name, id) });
}

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

/// A lease for every shard the stream lists (KCL's shard sync).
fn sync_leases(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str) {
    let Some(a) = k.apps.get_mut(app) else { return };
    let Some(stream) = k.streams.get(&a.stream) else { return };
    for s in &stream.shards {
        if a.leases.contains_key(&s.number) {
            continue;
        }
        // A closed shard with nothing left to read (never written, or emptied by retention)
        // needs no lease; its children need not wait for it.
        if !s.is_open() && s.records.is_empty() {
            continue;
        }
        a.leases.insert(
            s.number,
            Lease {
                shard: s.number,
                parents: s.parent.into_iter().chain(s.adjacent_parent).collect(),
                owner: None,
                checkpoint: Checkpoint::TrimHorizon,
                counter: 0,
                renewed: ctx.now,
                processed: 0,
                millis_behind_latest: 0,
                iterator: None,
                retrying: 0,
            },
        );
        ctx.emit(Event::LeaseCreated { app: app.to_string(), shard_id: shard_id(s.number) });
    }
}

/// Renews live workers' leases, frees expired ones, and hands out leases so every live worker
/// holds about the same number (taking free leases first, then stealing one per tick from the
/// busiest worker, as the KCL does).
fn balance(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str) {
    let Some(a) = k.apps.get_mut(app) else { return };
    let now = ctx.now;
    let alive: Vec<u16> = a.workers.iter().filter(|(_, w)| w.alive).map(|(&id, _)| id).collect();
    for l in a.leases.values_mut() {
        match l.owner {
            Some(w) if alive.contains(&w) => l.renewed = now,
            _ => {}
        }
    }
    if alive.is_empty() {
        return;
    }
    let active: Vec<u32> = a
        .leases
        .values()
        .filter(|l| l.checkpoint != Checkpoint::ShardEnd)
        .map(|l| l.shard)
        .collect();
    let target = active.len().div_ceil(alive.len());
    let count = |a: &KclApp, w: u16| {
        active.iter().filter(|s| a.leases.get(s).and_then(|l| l.owner) == Some(w)).count()
    };
    for &w in &alive {
        while count(a, w) < target {
            // A free lease: never owned, or its owner stopped renewing it long enough ago.
            let free = active.iter().copied().find(|s| {
                a.leases.get(s).is_some_and(|l| match l.owner {
                    None => true,
                    Some(o) => !alive.contains(&o) && now.saturating_sub(l.renewed) >= FAILOVER_MS,
                })
            });
            let stolen = free.is_none().then(|| {
                let busiest =
                    alive.iter().copied().max_by_key(|&o| (count(a, o), std::cmp::Reverse(o)))?;
                if count(a, busiest) <= target {
                    return None;
                }
                active
                    .iter()
                    .copied()
                    .rev()
                    .find(|s| a.leases.get(s).and_then(|l| l.owner) == Some(busiest))
            });
            let Some(shard) = free.or(stolen.flatten()) else { break };
            let Some(l) = a.leases.get_mut(&shard) else { break };
            let from = l.owner.map(|o| worker_name(app, o));
            l.owner = Some(w);
            l.counter += 1;
            l.renewed = now;
            l.iterator = None;
            ctx.emit(Event::LeaseTaken {
                app: app.to_string(),
                shard_id: shard_id(shard),
                worker: worker_name(app, w),
                from_worker: from,
            });
            if stolen.is_some() {
                break;
            }
        }
    }
}

fn checkpoint_at(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
    shard: u32,
    cp: Checkpoint,
) {
    let Some(l) = k.apps.get_mut(app).and_then(|a| a.leases.get_mut(&shard)) else { return };
    if l.checkpoint == cp {
        return;
    }
    l.checkpoint = cp;
    let worker = worker_name(app, l.owner.unwrap_or_default());
    match cp {
        Checkpoint::At(p) => {
            let seq = k
                .streams
                .get(stream)
                .map(|s| {
                    s.sequence_number(
                        shard,
                        p,
                        s.shard(shard).and_then(|x| x.records.get(p)).map_or(0, |r| r.arrival_ms),
                    )
                })
                .unwrap_or_default();
            ctx.emit(Event::Checkpointed {
                app: app.to_string(),
                shard_id: shard_id(shard),
                worker,
                sequence_number: seq,
            });
        }
        Checkpoint::ShardEnd => {
            ctx.emit(Event::ShardEnded { app: app.to_string(), shard_id: shard_id(shard), worker })
        }
        Checkpoint::TrimHorizon => {}
    }
}

/// How a lease's GetRecords went.
enum Poll {
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
fn process_polling(
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
fn process_fan_out(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    app: &str,
    stream: &str,
    shard: u32,
) -> bool {
    let Some(s) = k.streams.get(stream) else { return false };
    let Some(consumer) = s.consumers.get(app) else { return false };
    if consumer.status != super::model::ConsumerStatus::Active {
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
                    k.streams.get(stream).and_then(|s| sequence::locate(s, shard, &r.sequence_number))
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
