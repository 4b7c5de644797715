//! The lease table: a lease for every shard (KCL's shard sync), leases spread over the live
//! workers, and checkpoints.

use super::{worker_name, Checkpoint, KclApp, Lease, FAILOVER_MS};
use crate::kinesis::model::shard_id;
use crate::kinesis::{Event, Kinesis};
use crate::sim::Ctx;

/// A lease for every shard the stream lists (KCL's shard sync).
pub(super) fn sync_leases(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str) {
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
pub(super) fn balance(k: &mut Kinesis, ctx: &mut Ctx<'_>, app: &str) {
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

pub(super) fn checkpoint_at(
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
