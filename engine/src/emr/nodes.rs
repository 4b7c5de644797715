//! Instances coming and going: building a node of an instance group (its EC2 ids, addresses
//! and disks), losing one (a fault, or EC2InstanceIdsToTerminate), and resizing a group (new
//! nodes provisioned; core nodes shrunk only after HDFS has copied their blocks elsewhere).

use super::model::{
    Cluster, Disk, GroupState, InstanceGroup, Node, NodeState, Reason, Role, Times, Wake,
};
use super::{hdfs, ids, lifecycle, mapreduce, texts};
use crate::emr::model::Event;
use crate::sim::{Ctx, Services};

/// A new instance grows to RUNNING in this long (the sandbox's figure: provisioning plus
/// joining the cluster).
pub const GROW_MS: u64 = lifecycle::PROVISION_MS + lifecycle::APPLICATIONS_MS;
/// A task node leaves after YARN has drained it (the sandbox's figure; AWS's graceful
/// decommission timeout is up to an hour when containers are running).
pub const TASK_SHRINK_MS: u64 = 30_000;

/// A node of `group`, not yet provisioned.
pub fn build(ctx: &mut Ctx<'_>, group: &InstanceGroup, created_ms: i64) -> Node {
    let t = group.instance_type;
    let mut disks = Vec::new();
    for (i, gb) in t.instance_store_gb.iter().enumerate() {
        disks.push(Disk {
            device: format!("/dev/nvme{}n1", i + 1),
            volume_id: String::new(),
            size_gib: *gb,
            instance_store: true,
            failed: false,
        });
    }
    for (i, (gib, _)) in group.ebs.iter().enumerate() {
        disks.push(Disk {
            device: format!("/dev/sd{}", (b'b' + i as u8) as char),
            volume_id: ids::volume(ctx.rng),
            size_gib: *gib,
            instance_store: false,
            failed: false,
        });
    }
    Node {
        id: ids::instance(ctx.rng),
        ec2_id: ids::ec2_instance(ctx.rng),
        group_id: group.id.clone(),
        role: group.role,
        instance_type: t,
        market: group.market.clone(),
        private_ip: ids::private_ip(ctx.rng),
        public_ip: ids::public_ip(ctx.rng),
        state: NodeState::Provisioning,
        reason: Reason::default(),
        times: Times::new(created_ms),
        disks,
        silent_since: None,
        datanode: group.role == Role::Core,
        nodemanager: group.role != Role::Master,
        decommissioning: false,
        heartbeat_serial: 0,
    }
}

/// The EBS volumes each instance of the group gets: the request's EbsConfiguration, or EMR's
/// defaults for an EBS-only type.
pub fn ebs_volumes(
    t: &super::catalog::InstanceType,
    requested: Option<Vec<(u32, String)>>,
) -> Vec<(u32, String)> {
    match requested {
        Some(v) => v,
        None => t.default_ebs_gib.iter().map(|g| (*g, "gp2".to_string())).collect(),
    }
}

fn index(c: &Cluster, node: &str) -> Option<usize> {
    c.nodes.iter().position(|n| n.id == node || n.ec2_id == node)
}

/// The instance is gone (terminated by a fault or on request): YARN loses its containers,
/// HDFS its DataNode (noticed after the heartbeat marks); losing the primary node ends the
/// cluster.
pub fn lose(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, node: &str, message: &str) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    let Some(i) = index(c, node).filter(|&i| c.nodes[i].is_alive()) else { return };
    let now = ctx.unix_ms();
    c.nodes[i].times.ended_ms = Some(now);
    c.nodes[i].reason = Reason::coded("INSTANCE_FAILURE", message);
    let (role, node_id) = (c.nodes[i].role, c.nodes[i].id.clone());
    lifecycle::set_node_state(c, ctx, i, NodeState::Terminated);
    if role == Role::Master {
        lifecycle::master_lost(services, ctx, id);
        return;
    }
    hdfs::health::silence(c, ctx, &node_id);
    mapreduce::node_lost(services, ctx, id, &node_id);
}

/// The node's DataNode stops heartbeating (the instance stays up).
pub fn stop_heartbeat(c: &mut Cluster, ctx: &mut Ctx<'_>, node: &str) {
    if let Some(i) = index(c, node) {
        let node_id = c.nodes[i].id.clone();
        hdfs::health::silence(c, ctx, &node_id);
    }
}

/// One of the node's disks fails. HDFS's `dfs.datanode.failed.volumes.tolerated` is 0 by
/// default, so the DataNode shuts down: the NameNode hears nothing more from it.
pub fn lose_disk(c: &mut Cluster, ctx: &mut Ctx<'_>, node: &str, disk: usize) {
    let Some(i) = index(c, node) else { return };
    if let Some(d) = c.nodes[i].disks.get_mut(disk) {
        d.failed = true;
    }
    let node_id = c.nodes[i].id.clone();
    hdfs::health::silence(c, ctx, &node_id);
}

/// Grows a group by `more` instances: PROVISIONING now, RUNNING after [`GROW_MS`].
pub fn grow(c: &mut Cluster, ctx: &mut Ctx<'_>, group: &str, more: u32) {
    let now = ctx.unix_ms();
    let Some(g) = c.group(group).cloned() else { return };
    for _ in 0..more {
        let n = build(ctx, &g, now);
        c.nodes.push(n);
        let i = c.nodes.len() - 1;
        lifecycle::set_node_state(c, ctx, i, NodeState::Provisioning);
    }
    schedule_resize(c, ctx, group, GROW_MS);
}

/// Shrinks a group by `fewer` instances (the newest first). Core nodes are decommissioned:
/// HDFS copies their blocks elsewhere before the instances go. Task nodes go after YARN
/// drains them.
pub fn shrink(c: &mut Cluster, ctx: &mut Ctx<'_>, group: &str, fewer: u32) {
    let leaving: Vec<String> = c
        .nodes
        .iter()
        .rev()
        .filter(|n| n.group_id == group && n.is_alive() && !n.decommissioning)
        .take(fewer as usize)
        .map(|n| n.id.clone())
        .collect();
    let core = c.group(group).is_some_and(|g| g.role == Role::Core);
    for node in &leaving {
        if core {
            hdfs::health::decommission(c, ctx, node);
        } else if let Some(i) = index(c, node) {
            c.nodes[i].decommissioning = true;
        }
    }
    if !core {
        schedule_resize(c, ctx, group, TASK_SHRINK_MS);
    }
}

fn schedule_resize(c: &mut Cluster, ctx: &mut Ctx<'_>, group: &str, ms: u64) {
    let Some(g) = c.groups.iter_mut().find(|g| g.id == group) else { return };
    g.resize_serial += 1;
    let serial = g.resize_serial;
    ctx.schedule_in(
        ms,
        Wake::Resized {
            cluster: c.id.clone(),
            generation: c.generation,
            group: group.into(),
            serial,
        },
    );
}

/// A resize's wake-up: new nodes are RUNNING, drained task nodes are gone.
pub fn resize_done(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: &str,
    generation: u64,
    group: &str,
    serial: u64,
) {
    let Some(c) = services.emr.current(id, generation) else { return };
    if c.state.is_ending() || c.group(group).is_none_or(|g| g.resize_serial != serial) {
        return;
    }
    let now = ctx.unix_ms();
    for i in 0..c.nodes.len() {
        let n = &c.nodes[i];
        if n.group_id != group || !n.is_alive() {
            continue;
        }
        if n.state == NodeState::Provisioning {
            c.nodes[i].times.ready_ms = Some(now);
            lifecycle::set_node_state(c, ctx, i, NodeState::Running);
            if c.nodes[i].is_datanode() && c.hdfs.running {
                let node = c.nodes[i].id.clone();
                ctx.emit(Event::hdfs(
                    &c.id,
                    hdfs::HdfsEvent::DataNodeState { node, state: "live".into() },
                ));
            }
        } else if n.decommissioning && !n.is_datanode() {
            end_instance(c, ctx, i, texts::INSTANCE_SHRUNK);
        }
    }
    hdfs::health::wake_monitor(c, ctx);
    settle_group(c, ctx, group);
    mapreduce::nodes_changed(services, ctx, id);
}

/// HDFS finished decommissioning a core node: its instance goes.
pub fn decommissioned(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, node: &str) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    let Some(i) = index(c, node) else { return };
    let group = c.nodes[i].group_id.clone();
    end_instance(c, ctx, i, texts::INSTANCE_SHRUNK);
    settle_group(c, ctx, &group);
    mapreduce::node_lost(services, ctx, id, node);
}

fn end_instance(c: &mut Cluster, ctx: &mut Ctx<'_>, i: usize, message: &str) {
    c.nodes[i].times.ended_ms = Some(ctx.unix_ms());
    c.nodes[i].decommissioning = false;
    c.nodes[i].reason = Reason::coded("INSTANCE_FAILURE", message);
    lifecycle::set_node_state(c, ctx, i, NodeState::Terminated);
}

/// A group whose instances all match its request is RUNNING again.
fn settle_group(c: &mut Cluster, ctx: &mut Ctx<'_>, group: &str) {
    let running = lifecycle::running_count(c, group);
    let busy = c.nodes.iter().any(|n| {
        n.group_id == group
            && n.is_alive()
            && (n.decommissioning || n.state == NodeState::Provisioning)
    });
    let cluster = c.id.clone();
    let Some(g) = c.groups.iter_mut().find(|g| g.id == group) else { return };
    if !busy && matches!(g.state, GroupState::Resizing | GroupState::Provisioning) {
        g.state = GroupState::Running;
        ctx.emit(Event::InstanceGroupStateChanged {
            cluster,
            group: group.into(),
            state: "RUNNING".into(),
        });
    }
    let _ = running;
}

/// Starts a resize of `group` to `count` instances (validated by the caller).
pub fn resize(c: &mut Cluster, ctx: &mut Ctx<'_>, group: &str, count: u32) {
    let alive = c
        .nodes
        .iter()
        .filter(|n| n.group_id == group && n.is_alive() && !n.decommissioning)
        .count() as u32;
    let cluster = c.id.clone();
    let Some(g) = c.groups.iter_mut().find(|g| g.id == group) else { return };
    let from = g.requested;
    g.requested = count;
    if count == alive {
        return;
    }
    g.state = GroupState::Resizing;
    ctx.emit(Event::InstanceGroupStateChanged {
        cluster: cluster.clone(),
        group: group.into(),
        state: "RESIZING".into(),
    });
    ctx.emit(Event::InstanceGroupResized { cluster, group: group.into(), from, to: count });
    if count > alive {
        grow(c, ctx, group, count - alive);
    } else {
        shrink(c, ctx, group, alive - count);
    }
}
