//! A cluster's life on the virtual clock: STARTING (EC2 capacity, then the cluster software),
//! BOOTSTRAPPING (bootstrap actions), RUNNING or WAITING, TERMINATING, TERMINATED or
//! TERMINATED_WITH_ERRORS.
//!
//! AWS publishes no durations for these phases (a cluster is typically ready in 5 to 10
//! minutes; termination "up to 1-5 minutes"). The sandbox's choice, shown to the learner in the
//! cluster view: 2 minutes to provision EC2 capacity, 2 minutes to configure the cluster
//! software, 30 seconds to install applications plus 15 seconds per bootstrap action, and 1
//! minute to terminate.

use super::hdfs::{self, HdfsEvent};
use super::model::{
    Cluster, ClusterReason, ClusterState, Event, GroupState, NodeState, Phase, Reason, Role,
    StepState, Wake,
};
use super::{cost, steps, texts, Emr};
use crate::sim::{Ctx, Services};

pub const PROVISION_MS: u64 = 120_000;
pub const CONFIGURE_MS: u64 = 120_000;
pub const APPLICATIONS_MS: u64 = 30_000;
pub const BOOTSTRAP_ACTION_MS: u64 = 15_000;
pub const TERMINATE_MS: u64 = 60_000;

/// The lifecycle durations, for the view's "what the sandbox chose" note.
pub fn timings_note() -> String {
    format!(
        "AWS publishes no durations for a cluster's start and end. The sandbox takes {} s to \
         provision EC2 capacity, {} s to configure the cluster software, {} s to install \
         applications plus {} s per bootstrap action, and {} s to terminate.",
        PROVISION_MS / 1000,
        CONFIGURE_MS / 1000,
        APPLICATIONS_MS / 1000,
        BOOTSTRAP_ACTION_MS / 1000,
        TERMINATE_MS / 1000
    )
}

fn schedule(cluster: &Cluster, ctx: &mut Ctx<'_>, delay_ms: u64, phase: Phase) {
    let wake =
        Wake::Lifecycle { cluster: cluster.id.clone(), generation: cluster.generation, phase };
    ctx.schedule_in(delay_ms, wake);
}

/// Sets the cluster's state and reason, and says so in the event log.
pub fn set_state(cluster: &mut Cluster, ctx: &mut Ctx<'_>, state: ClusterState, reason: Reason) {
    cluster.state = state;
    cluster.reason = reason;
    ctx.emit(Event::ClusterStateChanged {
        cluster: cluster.id.clone(),
        state: state.as_str().to_string(),
        code: cluster.reason.code.clone(),
        message: cluster.reason.message.clone(),
    });
}

fn set_group_states(cluster: &mut Cluster, ctx: &mut Ctx<'_>, state: GroupState) {
    for g in &mut cluster.groups {
        if g.state != GroupState::Terminated {
            g.state = state;
            ctx.emit(Event::InstanceGroupStateChanged {
                cluster: cluster.id.clone(),
                group: g.id.clone(),
                state: state.as_str().to_string(),
            });
        }
    }
}

pub(crate) fn set_node_state(
    cluster: &mut Cluster,
    ctx: &mut Ctx<'_>,
    node: usize,
    state: NodeState,
) {
    let Some(n) = cluster.nodes.get_mut(node) else { return };
    n.state = state;
    ctx.emit(Event::NodeStateChanged {
        cluster: cluster.id.clone(),
        node: n.id.clone(),
        role: n.role.as_str().to_string(),
        state: state.as_str().to_string(),
    });
}

/// A new cluster enters the world: STARTING, provisioning EC2 capacity.
pub fn launch(emr: &mut Emr, ctx: &mut Ctx<'_>, mut cluster: Cluster) {
    set_state(&mut cluster, ctx, ClusterState::Starting, Reason::message(texts::PROVISIONING));
    for i in 0..cluster.nodes.len() {
        set_node_state(&mut cluster, ctx, i, NodeState::Provisioning);
    }
    schedule(&cluster, ctx, PROVISION_MS, Phase::Provisioned);
    emr.order.push(cluster.id.clone());
    emr.clusters.insert(cluster.id.clone(), cluster);
}

/// The next phase of a cluster's start or end.
pub fn on_phase(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: &str,
    generation: u64,
    phase: Phase,
) {
    let Some(c) = services.emr.current(id, generation) else { return };
    match phase {
        Phase::Provisioned if c.state == ClusterState::Starting => {
            for i in 0..c.nodes.len() {
                set_node_state(c, ctx, i, NodeState::Bootstrapping);
            }
            set_state(c, ctx, ClusterState::Starting, Reason::message(texts::CONFIGURING));
            schedule(c, ctx, CONFIGURE_MS, Phase::Configured);
        }
        Phase::Configured if c.state == ClusterState::Starting => {
            set_group_states(c, ctx, GroupState::Bootstrapping);
            // AWS's message for BOOTSTRAPPING is not known: the sandbox leaves it empty.
            set_state(c, ctx, ClusterState::Bootstrapping, Reason::default());
            let ms = APPLICATIONS_MS + BOOTSTRAP_ACTION_MS * c.bootstrap_actions.len() as u64;
            schedule(c, ctx, ms, Phase::Bootstrapped);
        }
        Phase::Bootstrapped if c.state == ClusterState::Bootstrapping => {
            become_ready(c, ctx);
            steps::advance(services, ctx, id);
        }
        Phase::Terminated if c.state == ClusterState::Terminating => finish(c, ctx),
        _ => {}
    }
}

/// Instances RUNNING, HDFS formatted with a DataNode on each core node, the cluster ready.
fn become_ready(c: &mut Cluster, ctx: &mut Ctx<'_>) {
    let now = ctx.unix_ms();
    for i in 0..c.nodes.len() {
        if c.nodes[i].state == NodeState::Bootstrapping {
            c.nodes[i].times.ready_ms = Some(now);
            set_node_state(c, ctx, i, NodeState::Running);
        }
    }
    for g in &mut c.groups {
        g.times.ready_ms = Some(now);
    }
    set_group_states(c, ctx, GroupState::Running);
    c.times.ready_ms = Some(now);
    let master_ip = c.master().map(|m| m.private_ip.clone()).unwrap_or_default();
    let pool = format!("BP-{}-{master_ip}-{now}", 1_000_000_000 + ctx.rng.below(1_000_000_000));
    c.hdfs.format(now, pool);
    let datanodes: Vec<String> = c.core_nodes().map(|n| n.id.clone()).collect();
    for node in datanodes {
        ctx.emit(Event::hdfs(&c.id, HdfsEvent::DataNodeState { node, state: "live".into() }));
    }
}

/// Starts terminating the cluster for `reason` (nothing happens if it is already ending).
/// Steps not yet done are cancelled (a RUNNING one is INTERRUPTED when the learner asked for
/// the termination, CANCELLED otherwise), running jobs are killed.
pub fn terminate(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, reason: ClusterReason) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    if c.state.is_ending() {
        return;
    }
    let message = match reason {
        ClusterReason::UserRequest => texts::USER_REQUEST,
        ClusterReason::AllStepsCompleted => texts::STEPS_COMPLETED,
        ClusterReason::StepFailure => texts::STEP_FAILED,
        ClusterReason::InstanceFailure if c.nodes.len() == 1 => texts::ALL_INSTANCES_TERMINATED,
        ClusterReason::InstanceFailure => texts::MASTER_TERMINATED,
        ClusterReason::BootstrapFailure => "Bootstrap action failed",
        ClusterReason::ValidationError | ClusterReason::InternalError => "",
    };
    c.ending = Some(reason);
    set_state(c, ctx, ClusterState::Terminating, Reason::coded(reason.as_str(), message));
    let interrupted = if reason == ClusterReason::UserRequest {
        StepState::Interrupted
    } else {
        StepState::Cancelled
    };
    let ids: Vec<(String, StepState)> =
        c.steps.iter().filter(|s| s.state.is_active()).map(|s| (s.id.clone(), s.state)).collect();
    for (step, state) in ids {
        let to = if state == StepState::Pending { StepState::Cancelled } else { interrupted };
        steps::set_step_state(c, ctx, &step, to);
    }
    super::mapreduce::kill_all(c, ctx);
    schedule(c, ctx, TERMINATE_MS, Phase::Terminated);
}

/// TERMINATING is over: every instance and volume is gone, and HDFS with them.
fn finish(c: &mut Cluster, ctx: &mut Ctx<'_>) {
    let now = ctx.unix_ms();
    let reason = c.ending.unwrap_or(ClusterReason::UserRequest);
    let state = if reason.is_error() {
        ClusterState::TerminatedWithErrors
    } else {
        ClusterState::Terminated
    };
    for i in 0..c.nodes.len() {
        if c.nodes[i].is_alive() {
            c.nodes[i].times.ended_ms = Some(now);
            c.nodes[i].reason = Reason::coded("CLUSTER_TERMINATED", texts::INSTANCE_TERMINATED);
            set_node_state(c, ctx, i, NodeState::Terminated);
        }
    }
    for g in &mut c.groups {
        g.times.ended_ms = Some(now);
        g.reason = Reason::coded("CLUSTER_TERMINATED", texts::GROUP_CLUSTER_TERMINATED);
    }
    set_group_states(c, ctx, GroupState::Terminated);
    lose_hdfs(c, ctx);
    c.times.ended_ms = Some(now);
    let reason_now = c.reason.clone();
    set_state(c, ctx, state, reason_now);
    ctx.emit(Event::ClusterCost {
        cluster: c.id.clone(),
        micro_dollars: cost::cost_micros(c, now),
        normalized_instance_hours: cost::normalized_instance_hours(c, now),
    });
}

/// The instance stores and EBS volumes are deleted: every file in HDFS is lost, and the events
/// say which.
fn lose_hdfs(c: &mut Cluster, ctx: &mut Ctx<'_>) {
    let files: Vec<(String, u64)> = c
        .hdfs
        .entries
        .iter()
        .filter_map(|(p, e)| match e.kind {
            hdfs::EntryKind::File { len, .. } => Some((p.clone(), len)),
            hdfs::EntryKind::Dir => None,
        })
        .collect();
    for (path, bytes) in files {
        ctx.emit(Event::hdfs(&c.id, HdfsEvent::FileLost { path, bytes }));
    }
    c.hdfs = hdfs::Hdfs {
        block_size: c.hdfs.block_size,
        replication: c.hdfs.replication,
        ..Default::default()
    };
}

/// The primary node is gone: the cluster ends with INSTANCE_FAILURE (unless it is ending).
pub fn master_lost(services: &mut Services, ctx: &mut Ctx<'_>, id: &str) {
    terminate(services, ctx, id, ClusterReason::InstanceFailure);
}

/// How many instances of `role` are up (for RunningInstanceCount).
pub fn running_count(c: &Cluster, group: &str) -> u32 {
    c.nodes.iter().filter(|n| n.group_id == group && n.state == NodeState::Running).count() as u32
}

/// The role of a group, by id.
pub fn group_role(c: &Cluster, group: &str) -> Option<Role> {
    c.group(group).map(|g| g.role)
}
