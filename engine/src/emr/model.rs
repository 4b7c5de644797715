//! EMR state: clusters with their instance groups, nodes (instances), steps and bootstrap
//! actions; the states AWS names; and the service's typed events and wake-ups.

use serde::{Deserialize, Serialize};

use super::catalog::{InstanceType, Release};
use super::hdfs::Hdfs;
use super::mapreduce::Job;
use super::wire;
use crate::sim::SimTime;

macro_rules! aws_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// As AWS spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }
    };
}

aws_enum!(
    /// ClusterState.
    ClusterState {
        Starting => "STARTING",
        Bootstrapping => "BOOTSTRAPPING",
        Running => "RUNNING",
        Waiting => "WAITING",
        Terminating => "TERMINATING",
        Terminated => "TERMINATED",
        TerminatedWithErrors => "TERMINATED_WITH_ERRORS",
    }
);

impl ClusterState {
    /// TERMINATING, TERMINATED or TERMINATED_WITH_ERRORS: a job flow that "is shutting down,
    /// terminated, or finished".
    pub fn is_ending(self) -> bool {
        matches!(
            self,
            ClusterState::Terminating
                | ClusterState::Terminated
                | ClusterState::TerminatedWithErrors
        )
    }

    pub fn is_ended(self) -> bool {
        matches!(self, ClusterState::Terminated | ClusterState::TerminatedWithErrors)
    }

    /// Up and able to run steps.
    pub fn is_up(self) -> bool {
        matches!(self, ClusterState::Running | ClusterState::Waiting)
    }
}

aws_enum!(
    /// ClusterStateChangeReasonCode (the ones the sandbox produces).
    ClusterReason {
        InternalError => "INTERNAL_ERROR",
        ValidationError => "VALIDATION_ERROR",
        InstanceFailure => "INSTANCE_FAILURE",
        BootstrapFailure => "BOOTSTRAP_FAILURE",
        UserRequest => "USER_REQUEST",
        StepFailure => "STEP_FAILURE",
        AllStepsCompleted => "ALL_STEPS_COMPLETED",
    }
);

impl ClusterReason {
    /// Whether a cluster that ends for this reason ends TERMINATED_WITH_ERRORS.
    pub fn is_error(self) -> bool {
        !matches!(self, ClusterReason::UserRequest | ClusterReason::AllStepsCompleted)
    }
}

aws_enum!(
    /// StepState.
    StepState {
        Pending => "PENDING",
        CancelPending => "CANCEL_PENDING",
        Running => "RUNNING",
        Completed => "COMPLETED",
        Cancelled => "CANCELLED",
        Failed => "FAILED",
        Interrupted => "INTERRUPTED",
    }
);

impl StepState {
    /// Counted against the 256 active steps.
    pub fn is_active(self) -> bool {
        matches!(self, StepState::Pending | StepState::Running | StepState::CancelPending)
    }

    pub fn is_done(self) -> bool {
        !self.is_active()
    }
}

aws_enum!(
    /// ActionOnFailure.
    ActionOnFailure {
        TerminateJobFlow => "TERMINATE_JOB_FLOW",
        TerminateCluster => "TERMINATE_CLUSTER",
        CancelAndWait => "CANCEL_AND_WAIT",
        Continue => "CONTINUE",
    }
);

aws_enum!(
    /// InstanceRoleType / InstanceGroupType: primary (MASTER), core, task.
    Role {
        Master => "MASTER",
        Core => "CORE",
        Task => "TASK",
    }
);

aws_enum!(
    /// InstanceGroupState (the ones the sandbox goes through).
    GroupState {
        Provisioning => "PROVISIONING",
        Bootstrapping => "BOOTSTRAPPING",
        Running => "RUNNING",
        Resizing => "RESIZING",
        Terminated => "TERMINATED",
    }
);

aws_enum!(
    /// InstanceState.
    NodeState {
        AwaitingFulfillment => "AWAITING_FULFILLMENT",
        Provisioning => "PROVISIONING",
        Bootstrapping => "BOOTSTRAPPING",
        Running => "RUNNING",
        Terminated => "TERMINATED",
    }
);

/// A StateChangeReason: a code (absent for most healthy states) and a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reason {
    pub code: Option<String>,
    pub message: Option<String>,
}

impl Reason {
    pub fn message(message: &str) -> Reason {
        Reason { code: None, message: Some(message.to_string()) }
    }

    pub fn coded(code: &str, message: &str) -> Reason {
        Reason { code: Some(code.to_string()), message: Some(message.to_string()) }
    }

    pub fn wire(&self) -> wire::StateChangeReason {
        wire::StateChangeReason { code: self.code.clone(), message: self.message.clone() }
    }
}

/// When something began, became ready and ended (Unix ms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Times {
    pub created_ms: i64,
    pub ready_ms: Option<i64>,
    pub ended_ms: Option<i64>,
}

impl Times {
    pub fn new(created_ms: i64) -> Times {
        Times { created_ms, ready_ms: None, ended_ms: None }
    }

    pub fn wire(&self) -> wire::Timeline {
        use crate::api::wire::Timestamp;
        wire::Timeline {
            creation_date_time: Some(Timestamp(self.created_ms)),
            ready_date_time: self.ready_ms.map(Timestamp),
            end_date_time: self.ended_ms.map(Timestamp),
        }
    }
}

/// The EC2 side of a cluster as DescribeCluster reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ec2Attributes {
    pub key_name: Option<String>,
    pub subnet_id: Option<String>,
    pub availability_zone: String,
    pub instance_profile: String,
    pub master_security_group: String,
    pub slave_security_group: String,
    pub service_access_security_group: Option<String>,
    pub additional_master_security_groups: Vec<String>,
    pub additional_slave_security_groups: Vec<String>,
}

/// One EBS volume or instance store disk of a node: where its HDFS blocks live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disk {
    /// `/dev/sdb`, `/dev/nvme1n1`.
    pub device: String,
    /// `vol-...` for EBS, empty for instance store.
    pub volume_id: String,
    pub size_gib: u32,
    pub instance_store: bool,
    /// Lost by a fault (the blocks on it are gone).
    pub failed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceGroup {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub market: String,
    pub bid_price: Option<String>,
    pub instance_type: &'static InstanceType,
    /// What the learner asked for (RequestedInstanceCount).
    pub requested: u32,
    pub state: GroupState,
    pub reason: Reason,
    pub times: Times,
    /// EBS volumes per instance (size GiB, type), as EbsBlockDevices reports them.
    pub ebs: Vec<(u32, String)>,
    pub ebs_optimized: Option<bool>,
    /// Resizes so far: a wake-up of an older resize is stale.
    pub resize_serial: u64,
}

/// One EC2 instance of the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// `ci-...`, EMR's instance id.
    pub id: String,
    /// `i-...`, the EC2 instance id.
    pub ec2_id: String,
    pub group_id: String,
    pub role: Role,
    pub instance_type: &'static InstanceType,
    pub market: String,
    pub private_ip: String,
    pub public_ip: String,
    pub state: NodeState,
    pub reason: Reason,
    pub times: Times,
    pub disks: Vec<Disk>,
    /// When the node's DataNode / NodeManager last sent a heartbeat, if it has gone silent
    /// (a lost node, a stopped heartbeat); `None` while it heartbeats every 3 s.
    pub silent_since: Option<SimTime>,
    /// Runs a DataNode: core nodes, and the primary node of a single-node cluster.
    pub datanode: bool,
    /// Runs a NodeManager: core and task nodes, and the primary node of a single-node cluster.
    pub nodemanager: bool,
    /// Being decommissioned by a shrink: its blocks are copied off before it goes.
    pub decommissioning: bool,
    /// Changes when the node's heartbeat story changes, so stale wake-ups are ignored.
    pub heartbeat_serial: u64,
}

impl Node {
    /// `ip-172-31-1-10.ec2.internal`: the private DNS name EC2 gives in us-east-1 (other
    /// regions: `ip-...<region>.compute.internal`).
    pub fn private_dns(&self, region: &str) -> String {
        let host = format!("ip-{}", self.private_ip.replace('.', "-"));
        if region == "us-east-1" {
            format!("{host}.ec2.internal")
        } else {
            format!("{host}.{region}.compute.internal")
        }
    }

    pub fn public_dns(&self, region: &str) -> String {
        let host = format!("ec2-{}", self.public_ip.replace('.', "-"));
        if region == "us-east-1" {
            format!("{host}.compute-1.amazonaws.com")
        } else {
            format!("{host}.{region}.compute.amazonaws.com")
        }
    }

    /// Runs a DataNode (core nodes: task nodes "don't run the Data Node daemon").
    pub fn is_datanode(&self) -> bool {
        self.datanode
    }

    /// Runs a NodeManager (core and task nodes).
    pub fn is_nodemanager(&self) -> bool {
        self.nodemanager
    }

    pub fn is_alive(&self) -> bool {
        self.state != NodeState::Terminated
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BootstrapAction {
    pub name: String,
    pub path: String,
    pub args: Vec<String>,
}

/// Why a step failed, as DescribeStep's FailureDetails shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: String,
    pub message: String,
    pub log_file: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub name: String,
    pub jar: String,
    pub main_class: Option<String>,
    pub args: Vec<String>,
    pub properties: std::collections::BTreeMap<String, String>,
    pub action_on_failure: ActionOnFailure,
    pub state: StepState,
    pub failure: Option<Failure>,
    pub created_ms: i64,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    /// What the step prints (the console's step log: controller and stderr lines).
    pub log: Vec<String>,
    /// How a step that is not a MapReduce job ends, decided when it starts and applied when
    /// its time is up.
    pub outcome: Option<Result<(), Failure>>,
    /// Bumped when the step starts, is cancelled or ends: wake-ups of an older run are stale.
    pub serial: u64,
    /// The IAM principal (ARN) that submitted the step. The step itself runs on the cluster
    /// as the `hadoop` Linux user whoever submitted it.
    pub submitted_by: String,
}

/// A cluster: the API's view of it and everything running on it.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub arn: String,
    /// Distinguishes wake-ups of this cluster from those of an older one (ids never repeat,
    /// but generations make stale wake-ups cheap to spot).
    pub generation: u64,
    pub state: ClusterState,
    pub reason: Reason,
    pub times: Times,
    /// Virtual time of its creation (`times.created_ms` is the same instant in Unix ms): views
    /// turn the Unix clock they get back into virtual time with it.
    pub created_at: SimTime,
    pub release: Release,
    pub applications: Vec<(String, String)>,
    pub configurations: Vec<wire::Configuration>,
    pub log_uri: Option<String>,
    pub service_role: String,
    pub keep_alive: bool,
    pub termination_protected: bool,
    pub unhealthy_node_replacement: bool,
    pub visible_to_all_users: bool,
    /// The IAM principal (ARN) that launched it: with 2019's rules and VisibleToAllUsers
    /// false, only it and the root user see the cluster.
    pub created_by: String,
    pub step_concurrency: u32,
    pub scale_down_behavior: String,
    pub tags: Vec<(String, String)>,
    pub ec2: Ec2Attributes,
    pub groups: Vec<InstanceGroup>,
    pub nodes: Vec<Node>,
    pub steps: Vec<Step>,
    pub bootstrap_actions: Vec<BootstrapAction>,
    pub hdfs: Hdfs,
    /// Running MapReduce jobs by step id.
    pub jobs: std::collections::BTreeMap<String, Job>,
    /// Jobs that ended (their counters and attempts, for the view), oldest first.
    pub finished_jobs: Vec<Job>,
    /// YARN application and job sequence numbers (`application_<ts>_0001`).
    pub next_application: u32,
    /// Hive's metastore on the primary node and the scripts running.
    pub hive: crate::emr::hive::Opaque,
    /// The `hadoop jar` commands typed in the primary node's shell (`shell::jar::JarRuns`).
    pub shell: crate::emr::hive::Opaque,
    /// Why the cluster is ending, kept until it has ended.
    pub ending: Option<ClusterReason>,
}

impl Cluster {
    /// Up and able to run steps: ready (bootstrapped) and not ending.
    pub fn is_up(&self) -> bool {
        self.times.ready_ms.is_some() && !self.state.is_ending()
    }

    pub fn master(&self) -> Option<&Node> {
        self.nodes.iter().find(|n| n.role == Role::Master)
    }

    pub fn group(&self, id: &str) -> Option<&InstanceGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn group_of_role(&self, role: Role) -> Option<&InstanceGroup> {
        self.groups.iter().find(|g| g.role == role)
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id || n.ec2_id == id)
    }

    /// Core nodes that are running (HDFS DataNodes, whatever their heartbeat).
    pub fn core_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.is_datanode() && n.is_alive())
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn step_mut(&mut self, id: &str) -> Option<&mut Step> {
        self.steps.iter_mut().find(|s| s.id == id)
    }
}

/// Everything a learner can watch EMR do. Integers and strings only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    ClusterStateChanged {
        cluster: String,
        state: String,
        code: Option<String>,
        message: Option<String>,
    },
    StepStateChanged {
        cluster: String,
        step: String,
        state: String,
    },
    InstanceGroupStateChanged {
        cluster: String,
        group: String,
        state: String,
    },
    /// A resize began (`to` instances requested, `from` running).
    InstanceGroupResized {
        cluster: String,
        group: String,
        from: u32,
        to: u32,
    },
    NodeStateChanged {
        cluster: String,
        node: String,
        role: String,
        state: String,
    },
    /// The cluster's bill so far, in millionths of a dollar, and its NormalizedInstanceHours:
    /// sent when it ends.
    ClusterCost {
        cluster: String,
        micro_dollars: u64,
        normalized_instance_hours: u64,
    },
    /// HDFS, seen by the NameNode.
    Hdfs {
        cluster: String,
        event: super::hdfs::HdfsEvent,
    },
    /// MapReduce on YARN.
    MapReduce {
        cluster: String,
        event: super::mapreduce::JobEvent,
    },
}

impl Event {
    pub fn hdfs(cluster: &str, event: super::hdfs::HdfsEvent) -> Event {
        Event::Hdfs { cluster: cluster.to_string(), event }
    }

    pub fn mapreduce(cluster: &str, event: super::mapreduce::JobEvent) -> Event {
        Event::MapReduce { cluster: cluster.to_string(), event }
    }
}

/// The service's wake-ups; each names its cluster and generation so a wake-up of a cluster
/// that moved on (or an older run of a step) is ignored.
#[derive(Clone, Debug)]
pub enum Wake {
    /// The next phase of the cluster's start or end is due.
    Lifecycle { cluster: String, generation: u64, phase: Phase },
    /// A step that is not a MapReduce job (a shell command, a failure found at start) ends.
    StepDone { cluster: String, generation: u64, step: String, serial: u64 },
    /// A step's cancellation (asynchronous, as CancelSteps says) takes effect.
    StepCancelled { cluster: String, generation: u64, step: String, serial: u64 },
    /// An instance group's resize finishes.
    Resized { cluster: String, generation: u64, group: String, serial: u64 },
    /// HDFS: a DataNode's silence crosses the stale or dead mark, re-replication work.
    Hdfs { cluster: String, generation: u64, wake: super::hdfs::HdfsWake },
    /// MapReduce: a task attempt or the application master finishes a phase.
    MapReduce { cluster: String, generation: u64, wake: super::mapreduce::JobWake },
}

/// Phases of a cluster's life that take time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// EC2 capacity provisioned: "Configuring cluster software".
    Provisioned,
    /// Software configured: bootstrap actions run.
    Configured,
    /// Bootstrap actions and applications done: RUNNING or WAITING.
    Bootstrapped,
    /// TERMINATING is over.
    Terminated,
}
