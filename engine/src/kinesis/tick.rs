//! What Kinesis does when one of its wake-ups comes due: finishing a state transition
//! (CREATING/UPDATING -> ACTIVE, DELETING -> gone), trimming records past retention, scaling an
//! on-demand stream, pushing to fan-out subscriptions, and running the simulated actors.

use super::model::{
    shard_id, ConsumerStatus, PendingChange, Shard, Stream, StreamMode, StreamStatus,
    SUBSCRIPTION_PUSH_EVERY_MS,
};
use super::routing::uniform_ranges;
use super::{kcl, ops, producer, Event, Kinesis, Wake};
use crate::sim::{Ctx, Services};

/// How often retention is enforced and on-demand capacity reconsidered.
pub const SWEEP_EVERY_MS: u64 = 60_000;

/// Handles one of the service's wake-ups.
pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    handle(&mut services.kinesis, ctx, wake)
}

fn handle(k: &mut Kinesis, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::StreamTransition { stream, generation } => {
            finish_transition(k, ctx, &stream, generation)
        }
        Wake::ConsumerTransition { stream, consumer, generation } => {
            consumer_transition(k, ctx, &stream, &consumer, generation)
        }
        Wake::RetentionSweep { stream, generation } => {
            if k.streams.get(&stream).is_some_and(|s| s.generation == generation) {
                trim_stream(k, ctx, &stream);
                ctx.schedule_in(SWEEP_EVERY_MS, Wake::RetentionSweep { stream, generation });
            }
        }
        Wake::OnDemandCheck { stream, generation } => on_demand_check(k, ctx, &stream, generation),
        Wake::SubscriptionPush { stream, consumer, shard, serial } => {
            subscription_push(k, ctx, &stream, &consumer, shard, serial)
        }
        Wake::Producer { id, serial } => producer::tick(k, ctx, &id, serial),
        Wake::Kcl { app, serial } => kcl::tick(k, ctx, &app, serial),
        Wake::KclRetry { app, shard, serial, attempt } => {
            kcl::retry(k, ctx, &app, shard, serial, attempt)
        }
    }
}

fn finish_transition(k: &mut Kinesis, ctx: &mut Ctx<'_>, name: &str, generation: u64) {
    let Some(stream) = k.streams.get_mut(name).filter(|s| s.generation == generation) else {
        return;
    };
    if stream.status == StreamStatus::Deleting {
        // Its resource policies go with it (and those of its consumers).
        let arn = stream.arn.clone();
        let consumer_prefix = format!("{arn}/consumer/");
        k.policies.retain(|p, _| *p != arn && !p.starts_with(&consumer_prefix));
        k.streams.remove(name);
        ctx.emit(Event::StreamDeleted { stream: name.to_string() });
        return;
    }
    let was_creating = stream.status == StreamStatus::Creating;
    for change in std::mem::take(&mut stream.pending) {
        apply(stream, ctx, change);
    }
    stream.rebuild_routing();
    stream.status = StreamStatus::Active;
    let on_demand = stream.mode == StreamMode::OnDemand;
    ctx.emit(Event::StreamStatusChanged { stream: name.to_string(), status: "ACTIVE".into() });
    if was_creating {
        ctx.schedule_in(
            SWEEP_EVERY_MS,
            Wake::RetentionSweep { stream: name.to_string(), generation },
        );
    }
    if on_demand && (was_creating || !k.on_demand_watch.contains(name)) {
        k.on_demand_watch.insert(name.to_string());
        ctx.schedule_in(
            SWEEP_EVERY_MS,
            Wake::OnDemandCheck { stream: name.to_string(), generation },
        );
    }
}

fn apply(stream: &mut Stream, ctx: &mut Ctx<'_>, change: PendingChange) {
    match change {
        PendingChange::Create { shards } => {
            for range in uniform_ranges(shards) {
                open_shard(stream, ctx, range, None, None);
            }
        }
        PendingChange::Split { shard, new_starting_hash_key } => {
            split(stream, ctx, shard, new_starting_hash_key);
        }
        PendingChange::Merge { shard, adjacent } => {
            merge(stream, ctx, shard, adjacent);
        }
        PendingChange::Uniform { target } => uniform(stream, ctx, target),
        PendingChange::Mode(mode) => {
            stream.mode = mode;
            ctx.emit(Event::StreamUpdated {
                stream: stream.name.clone(),
                what: format!("StreamMode={}", mode.as_str()),
            });
        }
        PendingChange::Encryption(key) => {
            let what = if key.is_some() { "EncryptionType=KMS" } else { "EncryptionType=NONE" };
            stream.encryption_key = key;
            ctx.emit(Event::StreamUpdated { stream: stream.name.clone(), what: what.into() });
        }
    }
}

fn open_shard(
    stream: &mut Stream,
    ctx: &mut Ctx<'_>,
    range: (u128, u128),
    parent: Option<u32>,
    adjacent_parent: Option<u32>,
) -> u32 {
    let number = stream.shards.len() as u32;
    let mut shard = Shard::new(number, range, ctx.now, ctx.unix_ms());
    if parent.is_some() {
        // A shard made by resharding is created in the second after its parents closed: its
        // StartingSequenceNumber's time is one second past their EndingSequenceNumber's (as
        // kinesalite's suite recorded AWS's).
        shard.created_ms = (ctx.unix_ms().div_euclid(1000) + 1) * 1000;
    }
    shard.parent = parent;
    shard.adjacent_parent = adjacent_parent;
    stream.shards.push(shard);
    ctx.emit(Event::ShardOpened {
        stream: stream.name.clone(),
        shard_id: shard_id(number),
        starting_hash_key: range.0.to_string(),
        ending_hash_key: range.1.to_string(),
    });
    number
}

fn close_shard(stream: &mut Stream, ctx: &mut Ctx<'_>, number: u32) {
    let unix_ms = ctx.unix_ms();
    if let Some(s) = stream.shards.get_mut(number as usize) {
        s.closed_ms = Some(unix_ms);
    }
    ctx.emit(Event::ShardClosed { stream: stream.name.clone(), shard_id: shard_id(number) });
}

fn split(stream: &mut Stream, ctx: &mut Ctx<'_>, parent: u32, at: u128) -> Option<(u32, u32)> {
    let p = stream.shard(parent).filter(|s| s.is_open())?;
    let (start, end) = (p.starting_hash_key, p.ending_hash_key);
    if at <= start || at > end {
        return None;
    }
    close_shard(stream, ctx, parent);
    let a = open_shard(stream, ctx, (start, at - 1), Some(parent), None);
    let b = open_shard(stream, ctx, (at, end), Some(parent), None);
    ctx.emit(Event::ShardSplit {
        stream: stream.name.clone(),
        parent: shard_id(parent),
        children: vec![shard_id(a), shard_id(b)],
    });
    stream.rebuild_routing();
    Some((a, b))
}

fn merge(stream: &mut Stream, ctx: &mut Ctx<'_>, a: u32, b: u32) -> Option<u32> {
    let (sa, sb) = (stream.shard(a)?, stream.shard(b)?);
    if !sa.is_open() || !sb.is_open() {
        return None;
    }
    let range = (
        sa.starting_hash_key.min(sb.starting_hash_key),
        sa.ending_hash_key.max(sb.ending_hash_key),
    );
    close_shard(stream, ctx, a);
    close_shard(stream, ctx, b);
    let child = open_shard(stream, ctx, range, Some(a), Some(b));
    ctx.emit(Event::ShardsMerged {
        stream: stream.name.clone(),
        parents: vec![shard_id(a), shard_id(b)],
        child: shard_id(child),
    });
    stream.rebuild_routing();
    Some(child)
}

/// UpdateShardCount's uniform scaling, done the way AWS does it: by splitting and merging, so
/// every new shard has real parents (at most two) and consumers keep parent-before-child order.
/// First every open shard that straddles a boundary of the target layout is split at it; then
/// the shards inside each target range are merged pairwise, left to right.
fn uniform(stream: &mut Stream, ctx: &mut Ctx<'_>, target: u32) {
    let targets = uniform_ranges(target);
    for &(boundary, _) in targets.iter().skip(1) {
        let straddling = stream
            .shards
            .iter()
            .find(|s| {
                s.is_open() && s.starting_hash_key < boundary && boundary <= s.ending_hash_key
            })
            .map(|s| s.number);
        if let Some(n) = straddling {
            split(stream, ctx, n, boundary);
        }
    }
    for (start, end) in targets {
        loop {
            let mut inside: Vec<(u128, u32)> = stream
                .shards
                .iter()
                .filter(|s| s.is_open() && s.starting_hash_key >= start && s.ending_hash_key <= end)
                .map(|s| (s.starting_hash_key, s.number))
                .collect();
            inside.sort_unstable();
            match inside.as_slice() {
                [(_, a), (_, b), ..] => {
                    if merge(stream, ctx, *a, *b).is_none() {
                        break;
                    }
                }
                _ => break,
            }
        }
    }
    stream.rebuild_routing();
}

fn consumer_transition(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    stream: &str,
    consumer: &str,
    generation: u64,
) {
    let Some(s) = k.streams.get_mut(stream) else { return };
    let Some(c) = s.consumers.get_mut(consumer).filter(|c| c.generation == generation) else {
        return;
    };
    match c.status {
        ConsumerStatus::Creating => {
            c.status = ConsumerStatus::Active;
            ctx.emit(Event::ConsumerStatusChanged {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
                status: "ACTIVE".into(),
            });
        }
        ConsumerStatus::Deleting => {
            if let Some(c) = s.consumers.remove(consumer) {
                k.policies.remove(&c.arn);
            }
            ctx.emit(Event::ConsumerDeregistered {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
            });
        }
        ConsumerStatus::Active => {}
    }
}

/// Drops every record older than the stream's retention period.
pub fn trim_stream(k: &mut Kinesis, ctx: &mut Ctx<'_>, name: &str) {
    trim(k, ctx, name, None)
}

/// The same for one shard (what a read of that shard needs).
pub fn trim_shard(k: &mut Kinesis, ctx: &mut Ctx<'_>, name: &str, shard: u32) {
    trim(k, ctx, name, Some(shard))
}

fn trim(k: &mut Kinesis, ctx: &mut Ctx<'_>, name: &str, only: Option<u32>) {
    let Some(stream) = k.streams.get_mut(name) else { return };
    let cutoff = ctx.unix_ms() - stream.retention_ms();
    for shard in &mut stream.shards {
        if only.is_some_and(|n| n != shard.number) {
            continue;
        }
        // Cheap check first: most calls find nothing to trim.
        if shard.records.get(shard.records.start()).is_none_or(|r| r.arrival_ms >= cutoff) {
            continue;
        }
        let n = shard.records.trim_before(cutoff);
        if n > 0 {
            ctx.emit(Event::RecordsExpired {
                stream: name.to_string(),
                shard_id: shard.id(),
                count: n,
            });
        }
    }
}

/// On-demand scaling. AWS ("Choosing the data stream capacity mode", on-demand mode): a new
/// on-demand stream can take 4 MiB/s of writes, and the stream "accommodates up to double its
/// previous peak write throughput", up to 200 MiB/s by default. The sandbox applies that rule
/// every minute: with P the highest per-second write rate seen in the last minute, it keeps at
/// least ceil(2P / 1 MiB) shards (and ceil(2P' / 1000) for P' records/s), growing by at most
/// double per step, up to 200 shards. Per-shard limits still apply, so one hot partition key
/// is still throttled, as in AWS.
fn on_demand_check(k: &mut Kinesis, ctx: &mut Ctx<'_>, name: &str, generation: u64) {
    let Some(stream) = k.streams.get_mut(name).filter(|s| s.generation == generation) else {
        k.on_demand_watch.remove(name);
        return;
    };
    if stream.mode != StreamMode::OnDemand {
        k.on_demand_watch.remove(name);
        return;
    }
    let mut per_second: std::collections::BTreeMap<u64, (u64, u64)> = Default::default();
    for shard in &stream.shards {
        for m in shard.metrics.seconds() {
            let e = per_second.entry(m.second).or_default();
            e.0 += m.incoming_bytes;
            e.1 += m.incoming_records;
        }
    }
    let window_start = (ctx.now / 1000).saturating_sub(60);
    let (peak_bytes, peak_records) =
        per_second.range(window_start..).fold((0, 0), |(b, r), (_, &(x, y))| (b.max(x), r.max(y)));
    stream.peak_write_bytes_per_sec = stream.peak_write_bytes_per_sec.max(peak_bytes);
    stream.peak_write_records_per_sec = stream.peak_write_records_per_sec.max(peak_records);
    let open = stream.open_shard_count();
    let needed =
        (2 * peak_bytes).div_ceil(super::limits::MIB).max((2 * peak_records).div_ceil(1000));
    // Warm throughput (UpdateStreamWarmThroughput) keeps its shards ready whatever the traffic.
    let warm = stream.warm_throughput_mibps.map_or(0, ops::shards_for);
    let target =
        (needed.min(200) as u32).max(ops::ON_DEMAND_INITIAL_SHARDS).max(warm).min(open * 2);
    if target > open && stream.status == StreamStatus::Active {
        uniform(stream, ctx, target);
        ctx.emit(Event::OnDemandScaled {
            stream: name.to_string(),
            from_shards: open,
            to_shards: target,
        });
    }
    ctx.schedule_in(SWEEP_EVERY_MS, Wake::OnDemandCheck { stream: name.to_string(), generation });
}

fn subscription_push(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    stream: &str,
    consumer: &str,
    shard: u32,
    serial: u64,
) {
    let current = k
        .streams
        .get(stream)
        .and_then(|s| s.consumers.get(consumer))
        .and_then(|c| c.subscriptions.get(&shard))
        .filter(|sub| sub.serial == serial)
        .map(|sub| sub.ends);
    let Some(ends) = current else { return };
    let end = |k: &mut Kinesis, ctx: &mut Ctx<'_>, reason: &str| {
        if let Some(c) = k.streams.get_mut(stream).and_then(|s| s.consumers.get_mut(consumer)) {
            c.subscriptions.remove(&shard);
        }
        ctx.emit(Event::SubscriptionEnded {
            stream: stream.to_string(),
            consumer: consumer.to_string(),
            shard_id: shard_id(shard),
            reason: reason.to_string(),
        });
    };
    if ctx.now >= ends {
        end(k, ctx, "expired after 5 minutes");
        return;
    }
    match ops::push(k, ctx, stream, consumer, shard) {
        Some(e) if e.child_shards.is_some() => end(k, ctx, "shard closed and drained"),
        Some(_) => ctx.schedule_in(
            SUBSCRIPTION_PUSH_EVERY_MS,
            Wake::SubscriptionPush {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
                shard,
                serial,
            },
        ),
        None => {}
    }
}
