//! Request and response shapes, member for member as botocore's `emr/2009-03-31` model names
//! them (only the members the sandbox acts on or reports; others are accepted and ignored).
//! Every request member is optional here, so that a missing required member reaches
//! validation (and gets AWS's "Member must not be null") instead of failing to parse.
//! Output members left `None` are left out of the JSON, as EMR leaves them out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::api::wire::{Empty, Timestamp};

// ----- shapes shared by requests and responses -------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Application {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
}

/// A configuration classification (`hdfs-site` with `dfs.replication`, ...), nested as the
/// model nests them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Configuration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configurations: Option<Vec<Configuration>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeSpecification {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<i64>,
    #[serde(rename = "SizeInGB", skip_serializing_if = "Option::is_none")]
    pub size_in_gb: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<i64>,
}

// ----- RunJobFlow ------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunJobFlowInput {
    pub name: Option<String>,
    pub log_uri: Option<String>,
    pub ami_version: Option<String>,
    pub release_label: Option<String>,
    pub instances: Option<JobFlowInstancesConfig>,
    pub steps: Option<Vec<StepConfig>>,
    pub bootstrap_actions: Option<Vec<BootstrapActionConfig>>,
    pub applications: Option<Vec<Application>>,
    pub configurations: Option<Vec<Configuration>>,
    pub visible_to_all_users: Option<bool>,
    pub job_flow_role: Option<String>,
    pub service_role: Option<String>,
    pub tags: Option<Vec<Tag>>,
    pub security_configuration: Option<String>,
    pub auto_scaling_role: Option<String>,
    pub scale_down_behavior: Option<String>,
    pub custom_ami_id: Option<String>,
    pub ebs_root_volume_size: Option<i64>,
    pub repo_upgrade_on_boot: Option<String>,
    pub step_concurrency_level: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobFlowInstancesConfig {
    pub master_instance_type: Option<String>,
    pub slave_instance_type: Option<String>,
    pub instance_count: Option<i64>,
    pub instance_groups: Option<Vec<InstanceGroupConfig>>,
    pub instance_fleets: Option<Vec<serde_json::Value>>,
    pub ec2_key_name: Option<String>,
    pub placement: Option<PlacementType>,
    pub keep_job_flow_alive_when_no_steps: Option<bool>,
    pub termination_protected: Option<bool>,
    pub unhealthy_node_replacement: Option<bool>,
    pub hadoop_version: Option<String>,
    pub ec2_subnet_id: Option<String>,
    pub ec2_subnet_ids: Option<Vec<String>>,
    pub emr_managed_master_security_group: Option<String>,
    pub emr_managed_slave_security_group: Option<String>,
    pub service_access_security_group: Option<String>,
    pub additional_master_security_groups: Option<Vec<String>>,
    pub additional_slave_security_groups: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementType {
    pub availability_zone: Option<String>,
    pub availability_zones: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceGroupConfig {
    pub name: Option<String>,
    pub market: Option<String>,
    pub instance_role: Option<String>,
    pub bid_price: Option<String>,
    pub instance_type: Option<String>,
    pub instance_count: Option<i64>,
    pub configurations: Option<Vec<Configuration>>,
    pub ebs_configuration: Option<EbsConfiguration>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsConfiguration {
    pub ebs_block_device_configs: Option<Vec<EbsBlockDeviceConfig>>,
    pub ebs_optimized: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsBlockDeviceConfig {
    pub volume_specification: Option<VolumeSpecification>,
    pub volumes_per_instance: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepConfig {
    pub name: Option<String>,
    pub action_on_failure: Option<String>,
    pub hadoop_jar_step: Option<HadoopJarStepConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HadoopJarStepConfig {
    pub properties: Option<Vec<KeyValue>>,
    pub jar: Option<String>,
    pub main_class: Option<String>,
    pub args: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BootstrapActionConfig {
    pub name: Option<String>,
    pub script_bootstrap_action: Option<ScriptBootstrapActionConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScriptBootstrapActionConfig {
    pub path: Option<String>,
    pub args: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunJobFlowOutput {
    pub job_flow_id: String,
    pub cluster_arn: String,
}

// ----- clusters --------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterIdInput {
    pub cluster_id: Option<String>,
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateChangeReason {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Timeline {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date_time: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_date_time: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterStatus {
    pub state: String,
    pub state_change_reason: StateChangeReason,
    pub timeline: Timeline,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ec2InstanceAttributes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ec2_key_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ec2_subnet_id: Option<String>,
    pub requested_ec2_subnet_ids: Vec<String>,
    pub ec2_availability_zone: String,
    pub requested_ec2_availability_zones: Vec<String>,
    pub iam_instance_profile: String,
    pub emr_managed_master_security_group: String,
    pub emr_managed_slave_security_group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_access_security_group: Option<String>,
    pub additional_master_security_groups: Vec<String>,
    pub additional_slave_security_groups: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterDescription {
    pub id: String,
    pub name: String,
    pub status: ClusterStatus,
    pub ec2_instance_attributes: Ec2InstanceAttributes,
    pub instance_collection_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_uri: Option<String>,
    pub release_label: String,
    pub auto_terminate: bool,
    pub termination_protected: bool,
    pub unhealthy_node_replacement: bool,
    pub visible_to_all_users: bool,
    pub applications: Vec<Application>,
    pub tags: Vec<Tag>,
    pub service_role: String,
    pub normalized_instance_hours: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_public_dns_name: Option<String>,
    pub configurations: Vec<Configuration>,
    pub scale_down_behavior: String,
    pub kerberos_attributes: Empty,
    pub cluster_arn: String,
    pub step_concurrency_level: i64,
    pub placement_groups: Vec<Empty>,
    #[serde(rename = "OSReleaseLabel", skip_serializing_if = "Option::is_none")]
    pub os_release_label: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeClusterOutput {
    pub cluster: ClusterDescription,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClustersInput {
    pub created_after: Option<Timestamp>,
    pub created_before: Option<Timestamp>,
    pub cluster_states: Option<Vec<String>>,
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterSummary {
    pub id: String,
    pub name: String,
    pub status: ClusterStatus,
    pub normalized_instance_hours: i64,
    pub cluster_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClustersOutput {
    pub clusters: Vec<ClusterSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobFlowIdsInput {
    pub job_flow_ids: Option<Vec<String>>,
    pub termination_protected: Option<bool>,
    pub keep_job_flow_alive_when_no_steps: Option<bool>,
    pub visible_to_all_users: Option<bool>,
}

/// TerminateJobFlows, typed for a button's `Call::new` (the operation reads it as
/// [`JobFlowIdsInput`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateJobFlowsInput {
    pub job_flow_ids: Vec<String>,
}

/// SetTerminationProtection, typed for a button's `Call::new`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetTerminationProtectionInput {
    pub job_flow_ids: Vec<String>,
    pub termination_protected: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyClusterInput {
    pub cluster_id: Option<String>,
    pub step_concurrency_level: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyClusterOutput {
    pub step_concurrency_level: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Command {
    pub name: String,
    pub script_path: String,
    pub args: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBootstrapActionsOutput {
    pub bootstrap_actions: Vec<Command>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddTagsInput {
    pub resource_id: Option<String>,
    pub tags: Option<Vec<Tag>>,
    pub tag_keys: Option<Vec<String>>,
}

// ----- steps -----------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddJobFlowStepsInput {
    pub job_flow_id: Option<String>,
    pub steps: Option<Vec<StepConfig>>,
    pub execution_role_arn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddJobFlowStepsOutput {
    pub step_ids: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStepsInput {
    pub cluster_id: Option<String>,
    pub step_states: Option<Vec<String>>,
    pub step_ids: Option<Vec<String>>,
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStepInput {
    pub cluster_id: Option<String>,
    pub step_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HadoopStepConfig {
    pub jar: String,
    pub properties: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_class: Option<String>,
    pub args: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FailureDetails {
    pub reason: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_file: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepTimeline {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date_time: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepStatus {
    pub state: String,
    pub state_change_reason: StateChangeReason,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_details: Option<FailureDetails>,
    pub timeline: StepTimeline,
}

/// A step as DescribeStep (`Step`) and ListSteps (`StepSummary`) show it: the same members.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepDescription {
    pub id: String,
    pub name: String,
    pub config: HadoopStepConfig,
    pub action_on_failure: String,
    pub status: StepStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeStepOutput {
    pub step: StepDescription,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListStepsOutput {
    pub steps: Vec<StepDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelStepsInput {
    pub cluster_id: Option<String>,
    pub step_ids: Option<Vec<String>>,
    pub step_cancellation_option: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelStepsInfo {
    pub step_id: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelStepsOutput {
    pub cancel_steps_info_list: Vec<CancelStepsInfo>,
}

// ----- instance groups and instances -----------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsBlockDevice {
    pub volume_specification: VolumeSpecification,
    pub device: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceGroupStatus {
    pub state: String,
    pub state_change_reason: StateChangeReason,
    pub timeline: Timeline,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceGroupDescription {
    pub id: String,
    pub name: String,
    pub market: String,
    pub instance_group_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bid_price: Option<String>,
    pub instance_type: String,
    pub requested_instance_count: i64,
    pub running_instance_count: i64,
    pub status: InstanceGroupStatus,
    pub configurations: Vec<Configuration>,
    pub configurations_version: i64,
    pub last_successfully_applied_configurations: Vec<Configuration>,
    pub last_successfully_applied_configurations_version: i64,
    pub ebs_block_devices: Vec<EbsBlockDevice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_optimized: Option<bool>,
    pub shrink_policy: Empty,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstanceGroupsOutput {
    pub instance_groups: Vec<InstanceGroupDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstancesInput {
    pub cluster_id: Option<String>,
    pub instance_group_id: Option<String>,
    pub instance_group_types: Option<Vec<String>>,
    pub instance_states: Option<Vec<String>>,
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsVolume {
    pub device: String,
    pub volume_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStatus {
    pub state: String,
    pub state_change_reason: StateChangeReason,
    pub timeline: Timeline,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDescription {
    pub id: String,
    pub ec2_instance_id: String,
    pub public_dns_name: String,
    pub public_ip_address: String,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub status: InstanceStatus,
    pub instance_group_id: String,
    pub market: String,
    pub instance_type: String,
    pub ebs_volumes: Vec<EbsVolume>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInstancesOutput {
    pub instances: Vec<InstanceDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyInstanceGroupsInput {
    pub cluster_id: Option<String>,
    pub instance_groups: Option<Vec<InstanceGroupModifyConfig>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceGroupModifyConfig {
    pub instance_group_id: Option<String>,
    pub instance_count: Option<i64>,
    #[serde(rename = "EC2InstanceIdsToTerminate")]
    pub ec2_instance_ids_to_terminate: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddInstanceGroupsInput {
    pub job_flow_id: Option<String>,
    pub instance_groups: Option<Vec<InstanceGroupConfig>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddInstanceGroupsOutput {
    pub job_flow_id: String,
    pub instance_group_ids: Vec<String>,
    pub cluster_arn: String,
}

crate::api::api_inputs!("emr";
    AddInstanceGroupsInput => "AddInstanceGroups",
    RunJobFlowInput => "RunJobFlow",
    AddJobFlowStepsInput => "AddJobFlowSteps",
    ListStepsInput => "ListSteps",
    DescribeStepInput => "DescribeStep",
    CancelStepsInput => "CancelSteps",
    ListClustersInput => "ListClusters",
    ModifyInstanceGroupsInput => "ModifyInstanceGroups",
    ListInstancesInput => "ListInstances",
    ModifyClusterInput => "ModifyCluster",
    TerminateJobFlowsInput => "TerminateJobFlows",
    SetTerminationProtectionInput => "SetTerminationProtection",
);
