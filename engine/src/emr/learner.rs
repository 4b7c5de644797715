//! What a learner does to EMR outside the API: faults, as verbs on the world (lose a node,
//! stop a DataNode's heartbeat, lose a disk). Recorded in the command log like any API call:
//! keep variants and field names stable.

use serde::{Deserialize, Serialize};

use super::{nodes, texts};
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// A learner's EMR action outside the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmrCommand {
    /// The instance is gone (its EC2 instance terminated under the cluster): `node` is its EMR
    /// instance id (`ci-...`) or EC2 id (`i-...`).
    LoseNode { cluster: String, node: String },
    /// The node's DataNode stops heartbeating; the instance stays up.
    StopHeartbeat { cluster: String, node: String },
    /// One disk of the node fails (its index in the node's disks).
    LoseDisk { cluster: String, node: String, disk: u32 },
    /// A command typed in a shell on the primary node (`hdfs dfs -ls /`, `hdfs fsck /`).
    Shell { cluster: String, line: String },
    /// The running attempt of a MapReduce task fails now (`task_..._m_000001`).
    FailTask { cluster: String, task: String },
}

impl EmrCommand {
    /// The name the command log shows.
    pub fn action(&self) -> &'static str {
        match self {
            EmrCommand::LoseNode { .. } => "LoseNode",
            EmrCommand::StopHeartbeat { .. } => "StopHeartbeat",
            EmrCommand::LoseDisk { .. } => "LoseDisk",
            EmrCommand::Shell { .. } => "Shell",
            EmrCommand::FailTask { .. } => "FailTask",
        }
    }
}

fn no_such_node(node: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, format!("Instance '{node}' is not a running instance of the cluster."))
}

/// Applies a learner's command; returns a small JSON acknowledgement.
pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &EmrCommand,
) -> Result<String, ApiError> {
    let action = command.action();
    let ack = || serde_json::json!({ "Action": action }).to_string();
    match command {
        EmrCommand::Shell { cluster, line } => return shell_command(services, ctx, cluster, line),
        EmrCommand::FailTask { cluster, task } => {
            services.emr.clusters.get(cluster).ok_or_else(|| texts::no_such_cluster(cluster))?;
            if !super::mapreduce::fail_attempt(services, ctx, cluster, task) {
                return Err(ApiError::new(ErrorCode::InvalidRequest, format!("Task '{task}' has no running attempt.")).with_action(action));
            }
            return Ok(ack());
        }
        _ => {}
    }
    let (cluster, node) = match command {
        EmrCommand::LoseNode { cluster, node }
        | EmrCommand::StopHeartbeat { cluster, node }
        | EmrCommand::LoseDisk { cluster, node, .. } => (cluster.clone(), node.clone()),
        EmrCommand::Shell { .. } | EmrCommand::FailTask { .. } => return Ok(ack()),
    };
    let c = services.emr.clusters.get_mut(&cluster).ok_or_else(|| texts::no_such_cluster(&cluster))?;
    if !c.node(&node).is_some_and(|n| n.is_alive()) {
        return Err(no_such_node(&node).with_action(action));
    }
    match command {
        EmrCommand::LoseNode { .. } => nodes::lose(services, ctx, &cluster, &node, texts::INSTANCE_LOST),
        EmrCommand::StopHeartbeat { .. } => nodes::stop_heartbeat(c, ctx, &node),
        EmrCommand::LoseDisk { disk, .. } => {
            let has = c.node(&node).is_some_and(|n| (*disk as usize) < n.disks.len());
            if !has {
                return Err(ApiError::new(ErrorCode::InvalidRequest, format!("Instance '{node}' has no disk {disk}.")).with_action(action));
            }
            nodes::lose_disk(c, ctx, &node, *disk as usize)
        }
        EmrCommand::Shell { .. } | EmrCommand::FailTask { .. } => {}
    }
    Ok(ack())
}

/// Runs a shell line on the cluster's primary node, which must be up.
fn shell_command(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, line: &str) -> Result<String, ApiError> {
    let c = services.emr.clusters.get(cluster).ok_or_else(|| texts::no_such_cluster(cluster))?;
    let out = if c.is_up() {
        super::shell::run(services, ctx, cluster, line)
    } else {
        super::shell::ShellOutput::err(
            format!("ssh: connect to host of cluster {cluster}: the primary node is not RUNNING (the cluster is {})\n", c.state.as_str()),
            255,
        )
    };
    Ok(serde_json::json!({ "Stdout": out.stdout, "Stderr": out.stderr, "ExitCode": out.exit_code }).to_string())
}
