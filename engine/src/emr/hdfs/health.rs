//! DataNode health as the NameNode sees it, and what it does about it: a silent DataNode is
//! stale after 30 s and dead after 630 s; a dead node's replicas are dropped, which leaves
//! blocks under-replicated (re-replicated by the redundancy monitor every 3 s, at most 2
//! copies per source node at a time) or missing (no replica left). Decommissioning (a core
//! node shrunk away) copies a node's blocks elsewhere before it goes.

use super::{
    placement, HdfsEvent, HdfsWake, Replica, COPY_BYTES_PER_SEC, DEAD_AFTER_MS, MAX_STREAMS,
    REDUNDANCY_INTERVAL_MS, STALE_AFTER_MS, WORK_MULTIPLIER,
};
use crate::emr::model::{Cluster, Event, Node, Wake};
use crate::sim::{Ctx, SimTime};

/// A DataNode's state as `hdfs dfsadmin -report` and the NameNode UI show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DataNodeState {
    Live,
    Stale,
    Dead,
    Decommissioning,
}

impl DataNodeState {
    pub fn as_str(self) -> &'static str {
        match self {
            DataNodeState::Live => "live",
            DataNodeState::Stale => "stale",
            DataNodeState::Dead => "dead",
            DataNodeState::Decommissioning => "decommissioning",
        }
    }
}

/// How the NameNode sees `node` at virtual time `now`.
pub fn state(node: &Node, now: SimTime) -> DataNodeState {
    match node.silent_since {
        Some(t) if now >= t + DEAD_AFTER_MS => DataNodeState::Dead,
        Some(t) if now >= t + STALE_AFTER_MS => DataNodeState::Stale,
        _ if node.decommissioning => DataNodeState::Decommissioning,
        _ => DataNodeState::Live,
    }
}

/// A replica a client can read now: its instance is up, its DataNode serves, its disk is
/// whole.
pub fn readable(cluster: &Cluster, r: &Replica) -> bool {
    cluster.node(&r.node).is_some_and(|n| {
        n.is_alive() && n.silent_since.is_none() && n.disks.get(r.disk).is_some_and(|d| !d.failed)
    })
}

/// A replica the NameNode counts toward the block's replication: on a DataNode it has not
/// declared dead (a declared-dead node's replicas are already dropped) and that is not being
/// decommissioned. A silent node's replicas still count until it is declared dead: that is
/// why re-replication waits 10 minutes 30 seconds.
fn counted(cluster: &Cluster, r: &Replica) -> bool {
    cluster.node(&r.node).is_some_and(|n| !n.decommissioning)
}

/// DataNodes that can take new replicas now.
pub fn storable_nodes(cluster: &Cluster) -> usize {
    cluster.nodes.iter().filter(|n| placement::can_store(n)).count()
}

/// The replicas a block should have now: its file's replication, capped by the DataNodes that
/// can hold one ("the maximum number of replicas created is the total number of DataNodes").
pub fn target_replicas(cluster: &Cluster, file_replication: u16) -> usize {
    (file_replication as usize).min(storable_nodes(cluster))
}

fn emit(cluster: &Cluster, ctx: &mut Ctx<'_>, e: HdfsEvent) {
    ctx.emit(Event::hdfs(&cluster.id, e));
}

fn schedule(cluster: &Cluster, ctx: &mut Ctx<'_>, at: SimTime, wake: HdfsWake) {
    ctx.schedule_at(
        at,
        Wake::Hdfs { cluster: cluster.id.clone(), generation: cluster.generation, wake },
    );
}

/// The node's DataNode stops heartbeating now (the instance is lost, its heartbeat stopped, or
/// a failed disk stopped the DataNode). The NameNode will mark it stale, then dead.
pub fn silence(cluster: &mut Cluster, ctx: &mut Ctx<'_>, node_id: &str) {
    let now = ctx.now;
    let Some(node) = cluster.nodes.iter_mut().find(|n| n.id == node_id) else { return };
    if !node.is_datanode() || node.silent_since.is_some() || !cluster.hdfs.running {
        return;
    }
    node.silent_since = Some(now);
    node.heartbeat_serial += 1;
    let serial = node.heartbeat_serial;
    let id = node.id.clone();
    // In-flight copies to or from a silent node fail.
    cluster.hdfs.copies.retain(|_, (from, to)| *from != id && *to != id);
    schedule(cluster, ctx, now + STALE_AFTER_MS, HdfsWake::Stale { node: id.clone(), serial });
    schedule(cluster, ctx, now + DEAD_AFTER_MS, HdfsWake::Dead { node: id, serial });
}

/// Handles one of HDFS's wake-ups; returns the nodes whose decommissioning finished (the
/// caller terminates their instances).
pub fn wake(cluster: &mut Cluster, ctx: &mut Ctx<'_>, wake: HdfsWake) -> Vec<String> {
    if !cluster.hdfs.running {
        return Vec::new();
    }
    match wake {
        HdfsWake::Stale { node, serial } => {
            if heartbeat_serial(cluster, &node) == Some(serial) {
                let state = DataNodeState::Stale.as_str().to_string();
                emit(cluster, ctx, HdfsEvent::DataNodeState { node, state });
            }
            Vec::new()
        }
        HdfsWake::Dead { node, serial } => {
            if heartbeat_serial(cluster, &node) == Some(serial) {
                declare_dead(cluster, ctx, &node);
            }
            Vec::new()
        }
        HdfsWake::Monitor => monitor(cluster, ctx),
        HdfsWake::CopyDone { block } => {
            copy_done(cluster, ctx, block);
            wake_monitor(cluster, ctx);
            Vec::new()
        }
    }
}

fn heartbeat_serial(cluster: &Cluster, node: &str) -> Option<u64> {
    cluster.node(node).filter(|n| n.silent_since.is_some()).map(|n| n.heartbeat_serial)
}

/// The NameNode declares the node dead: its replicas no longer count; blocks left without any
/// are missing.
fn declare_dead(cluster: &mut Cluster, ctx: &mut Ctx<'_>, node: &str) {
    let state = DataNodeState::Dead.as_str().to_string();
    emit(cluster, ctx, HdfsEvent::DataNodeState { node: node.to_string(), state });
    let mut lost = Vec::new();
    let mut missing = Vec::new();
    for b in cluster.hdfs.blocks.values_mut() {
        let before = b.replicas.len();
        b.replicas.retain(|r| r.node != node);
        if b.replicas.len() < before {
            lost.push(b.name());
            if b.replicas.is_empty() {
                missing.push((b.id, b.name(), b.path.clone()));
            }
        }
    }
    if let Some(n) = cluster.nodes.iter_mut().find(|n| n.id == node) {
        n.decommissioning = false;
    }
    for block in lost {
        emit(cluster, ctx, HdfsEvent::ReplicaLost { block, node: node.to_string() });
    }
    for (id, block, path) in missing {
        cluster.hdfs.missing.insert(id);
        emit(cluster, ctx, HdfsEvent::BlockMissing { block, path });
    }
    wake_monitor(cluster, ctx);
}

/// Schedules a monitor run if there is redundancy work and none is scheduled.
pub fn wake_monitor(cluster: &mut Cluster, ctx: &mut Ctx<'_>) {
    if cluster.hdfs.monitor_scheduled || !cluster.hdfs.running || !has_work(cluster) {
        return;
    }
    cluster.hdfs.monitor_scheduled = true;
    schedule(cluster, ctx, ctx.now + REDUNDANCY_INTERVAL_MS, HdfsWake::Monitor);
}

fn has_work(cluster: &Cluster) -> bool {
    !cluster.hdfs.copies.is_empty()
        || cluster.nodes.iter().any(|n| n.decommissioning && n.is_alive())
        || needing_copies(cluster).next().is_some()
        || excess(cluster).next().is_some()
}

/// Blocks with fewer counted replicas than their target (and at least one replica to copy
/// from), fewest replicas first.
fn needing_copies(cluster: &Cluster) -> impl Iterator<Item = (u64, usize)> + '_ {
    let mut out: Vec<(usize, u64, usize)> = Vec::new();
    for b in cluster.hdfs.blocks.values() {
        let Some(rep) = file_replication(cluster, &b.path) else { continue };
        let have = b.replicas.iter().filter(|r| counted(cluster, r)).count();
        let in_flight = cluster.hdfs.copies.contains_key(&b.id) as usize;
        let want = target_replicas(cluster, rep);
        if have + in_flight < want && b.replicas.iter().any(|r| readable(cluster, r)) {
            out.push((have, b.id, want - have - in_flight));
        }
    }
    out.sort();
    out.into_iter().map(|(_, id, n)| (id, n))
}

/// Blocks with more counted replicas than their file's replication (after `-setrep` lowered
/// it): the extra replicas are removed.
fn excess(cluster: &Cluster) -> impl Iterator<Item = (u64, usize)> + '_ {
    cluster.hdfs.blocks.values().filter_map(|b| {
        let rep = file_replication(cluster, &b.path)? as usize;
        let have = b.replicas.iter().filter(|r| counted(cluster, r)).count();
        (have > rep).then(|| (b.id, have - rep))
    })
}

fn file_replication(cluster: &Cluster, path: &str) -> Option<u16> {
    match &cluster.hdfs.entries.get(path)?.kind {
        super::EntryKind::File { replication, .. } => Some(*replication),
        super::EntryKind::Dir => None,
    }
}

/// One run of the redundancy monitor: schedules copies for under-replicated blocks, removes
/// excess replicas, finishes decommissioning nodes whose blocks are safe elsewhere.
fn monitor(cluster: &mut Cluster, ctx: &mut Ctx<'_>) -> Vec<String> {
    cluster.hdfs.monitor_scheduled = false;
    let budget = WORK_MULTIPLIER * storable_nodes(cluster).max(1);
    let work: Vec<(u64, usize)> = needing_copies(cluster).take(budget).collect();
    for (block, _) in work {
        schedule_copy(cluster, ctx, block);
    }
    let extra: Vec<(u64, usize)> = excess(cluster).collect();
    for (id, n) in extra {
        remove_excess(cluster, ctx, id, n);
    }
    let done = finish_decommissions(cluster, ctx);
    wake_monitor(cluster, ctx);
    done
}

/// Starts one copy of `block` from a readable replica (a source with a free stream) to a
/// node that can take it.
fn schedule_copy(cluster: &mut Cluster, ctx: &mut Ctx<'_>, id: u64) {
    if cluster.hdfs.copies.contains_key(&id) {
        return;
    }
    let Some(b) = cluster.hdfs.blocks.get(&id) else { return };
    let streams = |node: &str| cluster.hdfs.copies.values().filter(|(f, _)| f == node).count();
    let Some(source) = b
        .replicas
        .iter()
        .filter(|r| readable(cluster, r))
        .map(|r| r.node.clone())
        .find(|n| streams(n) < MAX_STREAMS)
    else {
        return;
    };
    let holders: Vec<String> = b.replicas.iter().map(|r| r.node.clone()).collect();
    let len = b.len;
    let targets = placement::choose_targets(cluster, ctx, None, 1, &holders, len);
    let Some(target) = targets.into_iter().next() else { return };
    cluster.hdfs.copies.insert(id, (source, target.node));
    let ms = (len.saturating_mul(1000) / COPY_BYTES_PER_SEC).max(10);
    schedule(cluster, ctx, ctx.now + ms, HdfsWake::CopyDone { block: id });
}

fn copy_done(cluster: &mut Cluster, ctx: &mut Ctx<'_>, id: u64) {
    let Some((from, to)) = cluster.hdfs.copies.remove(&id) else { return };
    let Some(b) = cluster.hdfs.blocks.get(&id) else { return };
    let source_ok = b.replicas.iter().any(|r| r.node == from && readable(cluster, r));
    let target_ok = cluster.node(&to).is_some_and(placement::can_store);
    if !source_ok || !target_ok || b.replicas.iter().any(|r| r.node == to) {
        return;
    }
    let len = b.len;
    let holders: Vec<String> =
        cluster.nodes.iter().filter(|n| n.id != to).map(|n| n.id.clone()).collect();
    // The disk on the target: the placement policy's pick among that node's disks.
    let disk = placement::choose_targets(cluster, ctx, Some(&to), 1, &holders, len)
        .into_iter()
        .find(|r| r.node == to)
        .map_or(0, |r| r.disk);
    let Some(b) = cluster.hdfs.blocks.get_mut(&id) else { return };
    b.replicas.push(Replica { node: to.clone(), disk });
    let block = b.name();
    emit(cluster, ctx, HdfsEvent::BlockReplicated { block, from, to });
}

fn remove_excess(cluster: &mut Cluster, ctx: &mut Ctx<'_>, id: u64, n: usize) {
    let Some(b) = cluster.hdfs.blocks.get_mut(&id) else { return };
    let mut removed = Vec::new();
    for _ in 0..n {
        if let Some(r) = b.replicas.pop() {
            removed.push(r.node);
        }
    }
    let block = b.name();
    for node in removed {
        emit(cluster, ctx, HdfsEvent::ReplicaRemoved { block: block.clone(), node });
    }
}

/// Decommissioning nodes whose every block has its target replicas on other nodes: their
/// replicas are dropped and they are done.
fn finish_decommissions(cluster: &mut Cluster, ctx: &mut Ctx<'_>) -> Vec<String> {
    let leaving: Vec<String> = cluster
        .nodes
        .iter()
        .filter(|n| n.decommissioning && n.is_alive())
        .map(|n| n.id.clone())
        .collect();
    let mut done = Vec::new();
    for node in leaving {
        let safe = cluster.hdfs.blocks.values().all(|b| {
            if !b.replicas.iter().any(|r| r.node == node) {
                return true;
            }
            let rep = file_replication(cluster, &b.path).unwrap_or(1);
            let elsewhere =
                b.replicas.iter().filter(|r| r.node != node && counted(cluster, r)).count();
            elsewhere >= target_replicas(cluster, rep)
        });
        if safe {
            for b in cluster.hdfs.blocks.values_mut() {
                b.replicas.retain(|r| r.node != node);
            }
            emit(
                cluster,
                ctx,
                HdfsEvent::DataNodeState { node: node.clone(), state: "decommissioned".into() },
            );
            done.push(node);
        }
    }
    done
}

/// Starts decommissioning a core node's DataNode (a shrink): its blocks are copied off first.
pub fn decommission(cluster: &mut Cluster, ctx: &mut Ctx<'_>, node: &str) {
    let Some(n) = cluster.nodes.iter_mut().find(|n| n.id == node) else { return };
    n.decommissioning = true;
    let state = DataNodeState::Decommissioning.as_str().to_string();
    emit(cluster, ctx, HdfsEvent::DataNodeState { node: node.to_string(), state });
    wake_monitor(cluster, ctx);
}
