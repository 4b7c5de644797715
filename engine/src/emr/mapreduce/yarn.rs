//! YARN's view of the cluster: which nodes run a NodeManager, how much container memory each
//! has free (`yarn.nodemanager.resource.memory-mb` minus what the running containers hold),
//! and where the next container goes. The ResourceManager is on the primary node; NodeManagers
//! on core and task nodes (and the primary node of a single-node cluster). A map's container
//! goes to a node holding its split's block when one has room (data-local), else to the node
//! with the most free memory (rack-local: EMR runs one rack).

use super::Locality;
use crate::emr::catalog::InstanceType;
use crate::emr::model::{Cluster, Node, NodeState, Role};

/// A node that can run containers now.
pub fn usable(n: &Node) -> bool {
    n.is_nodemanager() && n.state == NodeState::Running && !n.decommissioning
}

/// Container memory free on `node`.
pub fn free_mib(c: &Cluster, node: &Node) -> u32 {
    let used: u32 = c
        .jobs
        .values()
        .flat_map(|j| j.containers_in_use())
        .filter(|k| k.node == node.id)
        .map(|k| k.mib)
        .sum();
    node.instance_type.yarn_mib.saturating_sub(used)
}

/// The instance type whose container sizes the job uses (`mapreduce.map.memory.mb` and
/// friends come from the core nodes' type; a single-node cluster's from the primary node).
pub fn sizing_type(c: &Cluster) -> &'static InstanceType {
    c.group_of_role(Role::Core)
        .or_else(|| c.group_of_role(Role::Master))
        .map_or(&crate::emr::catalog::INSTANCE_TYPES[2], |g| g.instance_type)
}

/// Where a container of `mib` goes: a preferred node with room first (data-local), else the
/// usable node with the most free memory (rack-local: every node is on EMR's one rack, and an
/// S3 split's "localhost" resolves to it too).
pub fn place(c: &Cluster, mib: u32, preferred: &[String]) -> Option<(String, Locality)> {
    let room = |n: &&Node| usable(n) && free_mib(c, n) >= mib;
    if !preferred.is_empty() {
        if let Some(n) = c.nodes.iter().filter(room).find(|n| preferred.contains(&n.id)) {
            return Some((n.id.clone(), Locality::DataLocal));
        }
    }
    let best = c.nodes.iter().filter(room).max_by(|a, b| {
        free_mib(c, a).cmp(&free_mib(c, b)).then_with(|| {
            // Ties go to the earlier node (max_by keeps the last maximum, so compare reversed).
            let ia = c.nodes.iter().position(|n| n.id == a.id);
            let ib = c.nodes.iter().position(|n| n.id == b.id);
            ib.cmp(&ia)
        })
    })?;
    Some((best.id.clone(), Locality::RackLocal))
}
