//! Where replicas go: Hadoop's default block placement (BlockPlacementPolicyDefault). "If the
//! writer is on a datanode, the 1st replica is placed on the local machine, otherwise a random
//! datanode"; the 2nd and 3rd on other racks and nodes. EMR runs no rack topology script, so
//! every node is in `/default-rack` and the other replicas go to random distinct nodes. Inside a
//! node the disk is picked round-robin (RoundRobinVolumeChoosingPolicy), which the sandbox
//! does by block count.

use std::collections::BTreeMap;

use super::Replica;
use crate::emr::model::{Cluster, Node};
use crate::sim::Ctx;

const GIB: u64 = 1024 * 1024 * 1024;

/// A DataNode that can take a new replica now: its instance is up, its DataNode heartbeats,
/// it is not being decommissioned, and a disk has room.
pub fn can_store(node: &Node) -> bool {
    node.is_datanode()
        && node.is_alive()
        && node.silent_since.is_none()
        && !node.decommissioning
        && node.disks.iter().any(|d| !d.failed)
}

/// Bytes stored on each (node, disk) by the replicas the NameNode knows of.
pub fn usage(cluster: &Cluster) -> BTreeMap<(String, usize), u64> {
    let mut used = BTreeMap::new();
    for b in cluster.hdfs.blocks.values() {
        for r in &b.replicas {
            *used.entry((r.node.clone(), r.disk)).or_insert(0) += b.len;
        }
    }
    used
}

/// Capacity of one disk in bytes.
pub fn disk_capacity(node: &Node, disk: usize) -> u64 {
    node.disks.get(disk).map_or(0, |d| d.size_gib as u64 * GIB)
}

/// Picks up to `replication` distinct nodes (and a disk on each) for a block of `len` bytes,
/// avoiding `exclude` (nodes that already hold it).
pub fn choose_targets(
    cluster: &Cluster,
    ctx: &mut Ctx<'_>,
    writer: Option<&str>,
    replication: u16,
    exclude: &[String],
    len: u64,
) -> Vec<Replica> {
    let used = usage(cluster);
    let has_room = |n: &Node| pick_disk(n, &used, len, cluster.hdfs.next_block_id).is_some();
    let mut candidates: Vec<&Node> = cluster
        .nodes
        .iter()
        .filter(|n| can_store(n) && !exclude.contains(&n.id) && has_room(n))
        .collect();
    let mut chosen: Vec<&Node> = Vec::new();
    if let Some(i) = writer.and_then(|w| candidates.iter().position(|n| n.id == w)) {
        chosen.push(candidates.remove(i));
    }
    while chosen.len() < replication as usize && !candidates.is_empty() {
        let i = ctx.rng.below(candidates.len() as u64) as usize;
        chosen.push(candidates.remove(i));
    }
    chosen
        .into_iter()
        .filter_map(|n| {
            pick_disk(n, &used, len, cluster.hdfs.next_block_id)
                .map(|disk| Replica { node: n.id.clone(), disk })
        })
        .collect()
}

/// The disk a new replica goes to: round-robin over the node's healthy disks with room.
fn pick_disk(
    node: &Node,
    used: &BTreeMap<(String, usize), u64>,
    len: u64,
    salt: u64,
) -> Option<usize> {
    let healthy: Vec<usize> = (0..node.disks.len())
        .filter(|&d| !node.disks[d].failed)
        .filter(|&d| {
            let u = used.get(&(node.id.clone(), d)).copied().unwrap_or(0);
            u + len <= disk_capacity(node, d)
        })
        .collect();
    if healthy.is_empty() {
        return None;
    }
    healthy.get((salt % healthy.len() as u64) as usize).copied()
}
