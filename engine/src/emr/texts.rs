//! Every text EMR says, in one place: state-change messages and error messages, each with its
//! source (the facts file `shared/facts/emr.md` names them: [MG] the Management Guide, [MRJ]
//! mrjob's mock written against real EMR, [MOTO], [BC] botocore's model). Where AWS's wording is
//! not known the sandbox's own is marked so.

use crate::api::{ApiError, ErrorCode};

// ----- cluster state-change messages -------------------------------------------------------------

/// STARTING while EC2 capacity is provisioned (a list-clusters capture).
pub const PROVISIONING: &str = "Provisioning Amazon EC2 capacity";
/// STARTING once instances are up ([MG emr-gs.md]).
pub const CONFIGURING: &str = "Configuring cluster software";
/// RUNNING (many captured describe-cluster outputs).
pub const RUNNING_STEP: &str = "Running step";
/// WAITING on a fresh cluster (many captured outputs).
pub const READY: &str = "Cluster ready to run steps.";
/// WAITING after the queue ran dry ([MG emr-automatic-scaling.md]; [MG] also shows "Waiting
/// after step completed": the sandbox uses this one throughout).
pub const READY_AFTER_STEPS: &str = "Cluster ready after last step completed.";
/// TERMINATING / TERMINATED, USER_REQUEST ([MG emr-gs.md]).
pub const USER_REQUEST: &str = "Terminated by user request";
/// ALL_STEPS_COMPLETED (a real response fixture; [MRJ] capitalises "Completed").
pub const STEPS_COMPLETED: &str = "Steps completed";
/// STEP_FAILURE ([MRJ]; an EventBridge capture).
pub const STEP_FAILED: &str = "Shut down as step failed";
/// INSTANCE_FAILURE when the primary node is lost ([MRJ]).
pub const MASTER_TERMINATED: &str = "The master node was terminated";
/// INSTANCE_FAILURE on a single-node cluster ([MRJ]).
pub const ALL_INSTANCES_TERMINATED: &str = "All instances in the job flow are terminated";

/// Instance groups and instances of a terminated cluster (the sandbox's wording for the
/// CLUSTER_TERMINATED code, which the model names).
pub const GROUP_CLUSTER_TERMINATED: &str = "Job flow terminated";
pub const INSTANCE_TERMINATED: &str = "Instance is terminated.";
/// An instance the learner lost (or EC2InstanceIdsToTerminate ended): the sandbox's wording.
pub const INSTANCE_LOST: &str = "Instance was lost (the sandbox's fault injection).";
pub const INSTANCE_SHRUNK: &str = "Instance terminated by a resize of its instance group.";

// ----- errors ------------------------------------------------------------------------------------

pub fn invalid_request(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

pub fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message)
}

/// DescribeCluster and the other cluster-id actions ([MOTO], [MRJ]).
pub fn no_such_cluster(id: &str) -> ApiError {
    invalid_request(format!("Cluster id '{id}' is not valid."))
}

/// The job-flow actions (AddJobFlowSteps, TerminateJobFlows, Set*) name it so ([MRJ]).
pub fn no_such_job_flow() -> ApiError {
    validation("Specified job flow ID not valid")
}

pub fn no_such_step(id: &str) -> ApiError {
    invalid_request(format!("Step id '{id}' is not valid."))
}

/// AddJobFlowSteps, Set* and resizes on a cluster that is ending or ended ([MRJ]).
pub fn job_flow_ending() -> ApiError {
    validation("A job flow that is shutting down, terminated, or finished may not be modified.")
}

/// TerminateJobFlows on a protected cluster ([MOTO], asserted in its tests).
pub fn termination_protected() -> ApiError {
    validation("Could not shut down one or more job flows since they are termination protected.")
}

/// More than 256 PENDING, RUNNING or CANCEL_PENDING steps ([MRJ]).
pub fn too_many_steps() -> ApiError {
    validation(
        "Maximum number of active steps(State = 'Running', 'Pending' or 'Cancel_Pending') for \
         cluster exceeded.",
    )
}

pub fn tags_on_terminated() -> ApiError {
    invalid_request("Tags cannot be modified on terminated clusters.")
}

pub fn invalid_step_concurrency() -> ApiError {
    validation("Invalid step concurrency level. Allowed level is from 1 to 256")
}

/// CANCEL_AND_WAIT and TERMINATE_CLUSTER with StepConcurrencyLevel above 1 ([MRJ]).
pub fn invalid_action_on_failure(action: &str) -> ApiError {
    validation(format!("Action on failure '{action}' is invalid."))
}

/// A marker that this sandbox did not hand out (AWS's wording is not known).
pub fn invalid_marker(marker: &str) -> ApiError {
    invalid_request(format!("Marker '{marker}' is not valid."))
}

// ----- RunJobFlow ([MRJ] unless marked) ------------------------------------------------------------

pub const SERVICE_ROLE_REQUIRED: &str = "ServiceRole is required for creating cluster.";
pub const ONE_INSTANCE_CONFIG: &str = "Please configure instances using one and only one of the \
     following: instance groups; instance fleets; instance count, master and slave instance type.";
pub const ZERO_MASTERS: &str =
    "Zero master instance groups supplied, you must specify exactly one master instance group";
pub const TASK_WITHOUT_CORE: &str = "Clusters with task nodes must also define core nodes.";
pub const EMPTY_GROUP: &str = "An instance group must have at least one instance";
pub const SINGLE_MASTER: &str = "A master instance group must specify a single instance";
/// [MOTO], for HA clusters (three primary nodes, emr-5.23.0 and later).
pub const HA_MASTERS: &str = "Master instance group must have exactly 3 instances for HA clusters.";
pub const BID_ON_DEMAND: &str = "Attempted to set bid price for on demand instance group.";
pub const BID_NOT_POSITIVE: &str = "The bid price is negative or zero.";
pub const BID_INVALID: &str = "The bid price supplied for an instance group is invalid";
pub const SUBNETS_WITH_GROUPS: &str = "Only one subnet may be specified for clusters configured \
     with instance groups or instance count, master and slave instance type. Revise the \
     configuration and resubmit.";

pub fn duplicate_role(role: &str) -> String {
    let r = role.to_lowercase();
    format!(
        "Multiple {r} instance groups supplied, you must specify exactly one {r} instance group"
    )
}

pub fn ami_and_release(ami: &str, release: &str) -> String {
    format!(
        "Only one AMI version and release label may be specified. Provided AMI: {ami}, release \
         label: {release}."
    )
}

pub fn invalid_release(label: &str) -> String {
    format!("The supplied release label is invalid: {label}.")
}

/// Neither a release label nor an AMI version ([MRJ]'s text for a request with neither).
pub const NO_RELEASE: &str =
    "Must specify exactly one of the following: release label, AMI version, or Hadoop version.";

/// AMI versions (2.x, 3.x) are retired; the sandbox runs release labels only (its wording).
pub fn ami_retired(ami: &str) -> String {
    format!(
        "The supplied ami version is invalid. (AMI version {ami} is retired: the sandbox runs \
         release labels emr-5.x, emr-6.x and emr-7.x.)"
    )
}

/// A role that does not exist (the sandbox's wording: only the default roles exist, as after
/// `aws emr create-default-roles`).
pub fn no_such_role(what: &str, role: &str) -> String {
    format!(
        "{what} '{role}' does not exist. The sandbox's account has the roles that `aws emr \
         create-default-roles` creates: EMR_DefaultRole and EMR_EC2_DefaultRole."
    )
}

/// An instance type outside the sandbox's catalogue (its wording).
pub fn unknown_instance_type(name: &str, known: &[&str]) -> String {
    format!(
        "The requested instance type {name} is not supported in this sandbox. Instance types it \
         simulates: {}.",
        known.join(", ")
    )
}

/// Instance fleets are not simulated (the sandbox's wording).
pub const NO_FLEETS: &str =
    "Instance fleets are not supported by this sandbox: configure instance groups instead.";

/// An application the release does not have (the sandbox's wording).
pub fn unknown_application(name: &str) -> String {
    format!("The application {name} is not supported by the requested release label.")
}

// ----- resizing (the sandbox's wording where AWS's is not known) -------------------------------------
//
// ModifyInstanceGroups's model lists no client error, so its refusals are the common
// ValidationException, as AWS answers "An instance group may only be modified when the cluster
// is running or waiting." (hashicorp/terraform#22116).

pub fn no_such_group(id: &str) -> ApiError {
    validation(format!("Instance group id '{id}' is not valid."))
}

pub const MASTER_RESIZE: &str = "The master instance group cannot be resized.";
/// [SANDBOX] AddInstanceGroups on a cluster that is not up yet.
pub const NOT_RUNNING_ADD: &str =
    "Instance groups can only be added while the cluster is RUNNING or WAITING.";

pub const NOT_RUNNING_RESIZE: &str =
    "An instance group may only be modified when the cluster is running or waiting.";

/// "Graceful shrink does not allow you to shrink core nodes below the HDFS replication
/// factor" ([MG emr-scaledown-behavior.md]); the refusal's wording is the sandbox's.
pub fn below_replication(count: i64, replication: u32) -> String {
    format!(
        "Cannot shrink the core instance group to {count} instances: HDFS keeps {replication} \
         replicas of each block (dfs.replication = {replication}), so the cluster needs at least \
         {replication} core nodes."
    )
}

pub fn no_such_instance(id: &str) -> String {
    format!("Instance {id} is not in the instance group.")
}

// ----- steps -----------------------------------------------------------------------------------

/// CancelSteps on a step that is not PENDING or RUNNING (the sandbox's wording).
pub fn not_cancellable(state: &str) -> String {
    format!("Step is in {state} state and cannot be cancelled.")
}

// ----- EMRFS -----------------------------------------------------------------------------------

/// What the EMR view says about EMRFS consistent view, which exam material still teaches
/// (ReleaseGuide emr-plan-consistent-view.md: "With the release of Amazon S3 strong
/// read-after-write consistency on December 1, 2020, you no longer need to use EMRFS
/// consistent view"; end of standard support for future releases on June 1, 2023).
pub const EMRFS_CONSISTENT_VIEW: &str = "EMRFS consistent view (a DynamoDB table, EmrFSMetadata, \
     that tracked S3 listings) is retired: Amazon S3 has been strongly consistent since December \
     1, 2020, and consistent view reached the end of standard support for new Amazon EMR releases \
     on June 1, 2023. The sandbox's EMRFS reads and writes its S3 directly, and a listing right \
     after a write shows the write.";
