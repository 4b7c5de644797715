//! What a learner does to EMR outside the API: faults, as verbs on the world (lose a node,
//! stop a DataNode's heartbeat, lose a disk). Recorded in the command log like any API call:
//! keep variants and field names stable.

use serde::{Deserialize, Serialize};

use super::{nodes, texts};
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// A learner's EMR action outside the API. `cluster` is a cluster id, or the name of the
/// newest cluster so named (so a preset or a link can name a cluster it creates); `node` an
/// EMR instance id (`ci-...`), an EC2 id (`i-...`), or a role and position (`core-2`, the
/// second core node; `task-1`; `master-1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmrCommand {
    /// The instance is gone (its EC2 instance terminated under the cluster).
    LoseNode { cluster: String, node: String },
    /// The node's DataNode stops heartbeating; the instance stays up.
    StopHeartbeat { cluster: String, node: String },
    /// One disk of the node fails (its index in the node's disks).
    LoseDisk { cluster: String, node: String, disk: u32 },
    /// A command typed in a shell on the primary node (`hdfs dfs -ls /`, `hdfs fsck /`,
    /// `hive -f q.q`). `home`: the files of the hadoop user's home directory the line reads
    /// (path to text), which the console's file area stands in for.
    Shell {
        cluster: String,
        line: String,
        #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        home: std::collections::BTreeMap<String, String>,
    },
    /// The running attempt of a MapReduce task fails now (`task_..._m_000001`).
    FailTask { cluster: String, task: String },
    /// Which era's rules the scenario follows: SSH open to the world in a new master group
    /// (before December 2020), VisibleToAllUsers honoured (2019). Both off: today's rules.
    SetEra { ssh_open_to_world: bool, visibility_2019: bool },
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
            EmrCommand::SetEra { .. } => "SetEra",
        }
    }
}

fn no_such_node(node: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidRequest,
        format!("Instance '{node}' is not a running instance of the cluster."),
    )
}

/// Applies a learner's command; returns a small JSON acknowledgement.
pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &EmrCommand,
) -> Result<String, ApiError> {
    let action = command.action();
    let ack = || serde_json::json!({ "Action": action }).to_string();
    if let EmrCommand::SetEra { ssh_open_to_world, visibility_2019 } = command {
        services.emr.era = super::access::Era {
            ssh_open_to_world: *ssh_open_to_world,
            visibility_2019: *visibility_2019,
        };
        return Ok(ack());
    }
    let named = match command {
        EmrCommand::LoseNode { cluster, .. }
        | EmrCommand::StopHeartbeat { cluster, .. }
        | EmrCommand::LoseDisk { cluster, .. }
        | EmrCommand::Shell { cluster, .. }
        | EmrCommand::FailTask { cluster, .. } => cluster,
        EmrCommand::SetEra { .. } => return Ok(ack()),
    };
    let cluster_id = resolve_cluster(&services.emr, named)
        .ok_or_else(|| texts::no_such_cluster(named).with_action(action))?;
    match command {
        EmrCommand::Shell { line, home, .. } => {
            return shell_command(services, ctx, &cluster_id, line, home)
        }
        EmrCommand::FailTask { task, .. } => {
            let cluster = &cluster_id;
            if !super::mapreduce::fail_attempt(services, ctx, cluster, task) {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!("Task '{task}' has no running attempt."),
                )
                .with_action(action));
            }
            return Ok(ack());
        }
        _ => {}
    }
    let given = match command {
        EmrCommand::LoseNode { node, .. }
        | EmrCommand::StopHeartbeat { node, .. }
        | EmrCommand::LoseDisk { node, .. } => node,
        EmrCommand::Shell { .. } | EmrCommand::FailTask { .. } | EmrCommand::SetEra { .. } => {
            return Ok(ack())
        }
    };
    let cluster = cluster_id;
    let c =
        services.emr.clusters.get_mut(&cluster).ok_or_else(|| texts::no_such_cluster(&cluster))?;
    let node = resolve_node(c, given).ok_or_else(|| no_such_node(given).with_action(action))?;
    match command {
        EmrCommand::LoseNode { .. } => {
            nodes::lose(services, ctx, &cluster, &node, texts::INSTANCE_LOST)
        }
        EmrCommand::StopHeartbeat { .. } => nodes::stop_heartbeat(c, ctx, &node),
        EmrCommand::LoseDisk { disk, .. } => {
            let has = c.node(&node).is_some_and(|n| (*disk as usize) < n.disks.len());
            if !has {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!("Instance '{node}' has no disk {disk}."),
                )
                .with_action(action));
            }
            nodes::lose_disk(c, ctx, &node, *disk as usize)
        }
        EmrCommand::Shell { .. } | EmrCommand::FailTask { .. } | EmrCommand::SetEra { .. } => {}
    }
    Ok(ack())
}

/// A cluster by id, else the newest cluster of that name.
fn resolve_cluster(emr: &super::Emr, given: &str) -> Option<String> {
    if emr.clusters.contains_key(given) {
        return Some(given.to_string());
    }
    emr.order
        .iter()
        .rev()
        .filter_map(|id| emr.clusters.get(id))
        .find(|c| c.name == given)
        .map(|c| c.id.clone())
}

/// A running node by id, EC2 id, or `<role>-<n>` (1-based, in launch order).
fn resolve_node(c: &super::model::Cluster, given: &str) -> Option<String> {
    if let Some(n) = c.node(given).filter(|n| n.is_alive()) {
        return Some(n.id.clone());
    }
    let (role, n) = given.rsplit_once('-')?;
    let n: usize = n.parse().ok()?;
    let role = super::model::Role::parse(&role.to_ascii_uppercase())?;
    c.nodes
        .iter()
        .filter(|x| x.role == role && x.is_alive())
        .nth(n.checked_sub(1)?)
        .map(|x| x.id.clone())
}

/// Runs a shell line on the cluster's primary node, which must be up.
///
/// `hive` and `hadoop jar` run on in virtual time: the answer is then `{"Running": "<run
/// key>"}`, and the terminal reads what it printed from the snapshot (`Snapshot::shell_run`)
/// once it has ended.
fn shell_command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    line: &str,
    home: &std::collections::BTreeMap<String, String>,
) -> Result<String, ApiError> {
    let c = services.emr.clusters.get(cluster).ok_or_else(|| texts::no_such_cluster(cluster))?;
    let commands = super::shell::words(line);
    let hive = match commands.as_slice() {
        [one] if one.first().map(String::as_str) == Some("hive") => Some(one.clone()),
        _ => None,
    };
    let jar = match commands.as_slice() {
        [one]
            if matches!(one.first().map(String::as_str), Some("hadoop") | Some("yarn"))
                && one.get(1).map(String::as_str) == Some("jar") =>
        {
            Some(one.clone())
        }
        _ => None,
    };
    let out = if let (Some(args), true) = (hive, c.is_up()) {
        match super::hive::shell::start(services, ctx, cluster, &args, home) {
            Ok(key) => return Ok(serde_json::json!({ "Running": key }).to_string()),
            Err(out) => out,
        }
    } else if let (Some(args), true) = (jar, c.is_up()) {
        match super::shell::jar::start(services, ctx, cluster, &args) {
            Ok(key) => return Ok(serde_json::json!({ "Running": key }).to_string()),
            Err(out) => out,
        }
    } else if c.is_up() {
        super::shell::run(services, ctx, cluster, line)
    } else {
        super::shell::ShellOutput::err(
            format!("ssh: connect to host of cluster {cluster}: the primary node is not RUNNING (the cluster is {})\n", c.state.as_str()),
            255,
        )
    };
    Ok(serde_json::json!({ "Stdout": out.stdout, "Stderr": out.stderr, "ExitCode": out.exit_code })
        .to_string())
}
