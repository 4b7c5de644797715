//! Request and response shapes, member for member as botocore's `snowball/2016-06-30` model
//! names them (only the members the sandbox acts on; others are accepted and ignored, or kept
//! as JSON and echoed back). Every request member is optional so that a missing member reaches
//! the service's own checks instead of failing to parse.

use serde::{Deserialize, Serialize};

pub use crate::api::wire::{Empty, NoInput, Timestamp};

/// A shipping address (CreateAddress, DescribeAddress).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street3: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefecture_or_district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub landmark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_restricted: Option<bool>,
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub address_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAddressInput {
    pub address: Option<Address>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAddressOutput {
    pub address_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressInput {
    pub address_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressOutput {
    pub address: Address,
}

/// Every list action's paging members (ListJobs, DescribeAddresses, ListClusters, ...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PageInput {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesOutput {
    pub addresses: Vec<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyRange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub begin_marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_marker: Option<String>,
}

impl KeyRange {
    /// Whether `key` is inside the range: both markers are inclusive and keys compare as
    /// UTF-8 bytes ("Ranges are inclusive and UTF-8 binary sorted").
    pub fn contains(&self, key: &str) -> bool {
        let after_begin =
            self.begin_marker.as_deref().is_none_or(|b| key.as_bytes() >= b.as_bytes());
        let before_end = self.end_marker.as_deref().is_none_or(|e| key.as_bytes() <= e.as_bytes());
        after_begin && before_end
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3Resource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_range: Option<KeyRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_on_device_services: Option<serde_json::Value>,
}

impl S3Resource {
    /// The bucket an `arn:aws:s3:::name` ARN names.
    pub fn bucket(&self) -> Option<&str> {
        let arn = self.bucket_arn.as_deref()?;
        let name = arn.rsplit_once(":::").map(|(_, n)| n)?;
        (!name.is_empty()).then_some(name)
    }

    pub fn range(&self) -> KeyRange {
        self.key_range.clone().unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ec2AmiResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ami_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snowball_ami_id: Option<String>,
}

/// A function "triggered by PUT object actions on the associated local Amazon S3 resource".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LambdaResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_triggers: Option<Vec<EventTriggerDefinition>>,
}

/// The local S3 resource (a bucket ARN) whose PUTs trigger a function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventTriggerDefinition {
    #[serde(rename = "EventResourceARN", skip_serializing_if = "Option::is_none")]
    pub event_resource_arn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobResource {
    #[serde(rename = "S3Resources", skip_serializing_if = "Option::is_none")]
    pub s3_resources: Option<Vec<S3Resource>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_resources: Option<Vec<LambdaResource>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ec2_ami_resources: Option<Vec<Ec2AmiResource>>,
}

impl JobResource {
    pub fn s3(&self) -> &[S3Resource] {
        self.s3_resources.as_deref().unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Notification {
    #[serde(rename = "SnsTopicARN", skip_serializing_if = "Option::is_none")]
    pub sns_topic_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_states_to_notify: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_all: Option<bool>,
    #[serde(rename = "DevicePickupSnsTopicARN", skip_serializing_if = "Option::is_none")]
    pub device_pickup_sns_topic_arn: Option<String>,
}

/// CreateJob's input (no member is required by the model).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateJobInput {
    pub job_type: Option<String>,
    pub resources: Option<JobResource>,
    pub on_device_service_configuration: Option<serde_json::Value>,
    pub description: Option<String>,
    pub address_id: Option<String>,
    #[serde(rename = "KmsKeyARN")]
    pub kms_key_arn: Option<String>,
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    pub snowball_capacity_preference: Option<String>,
    pub shipping_option: Option<String>,
    pub notification: Option<Notification>,
    pub cluster_id: Option<String>,
    pub snowball_type: Option<String>,
    pub forwarding_address_id: Option<String>,
    pub remote_management: Option<String>,
    pub long_term_pricing_id: Option<String>,
    pub impact_level: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateJobOutput {
    pub job_id: String,
}

/// Every action that names only a job (DescribeJob, CancelJob, GetJobManifest, ...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobIdInput {
    pub job_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Shipment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShippingDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_option: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_shipment: Option<Shipment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_shipment: Option<Shipment>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataTransfer {
    pub bytes_transferred: i64,
    pub objects_transferred: i64,
    pub total_bytes: i64,
    pub total_objects: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobLogs {
    #[serde(rename = "JobCompletionReportURI", skip_serializing_if = "Option::is_none")]
    pub job_completion_report_uri: Option<String>,
    #[serde(rename = "JobSuccessLogURI", skip_serializing_if = "Option::is_none")]
    pub job_success_log_uri: Option<String>,
    #[serde(rename = "JobFailureLogURI", skip_serializing_if = "Option::is_none")]
    pub job_failure_log_uri: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobMetadata {
    pub job_id: String,
    pub job_state: String,
    pub job_type: String,
    pub snowball_type: String,
    pub creation_date: Timestamp,
    pub resources: JobResource,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "KmsKeyARN")]
    pub kms_key_arn: String,
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_id: Option<String>,
    pub shipping_details: ShippingDetails,
    pub snowball_capacity_preference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<Notification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_transfer_progress: Option<DataTransfer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_log_info: Option<JobLogs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarding_address_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_management: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_device_service_configuration: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snowball_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeJobOutput {
    pub job_metadata: JobMetadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_job_metadata: Option<Vec<JobMetadata>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobListEntry {
    pub job_id: String,
    pub job_state: String,
    pub is_master: bool,
    pub job_type: String,
    pub snowball_type: String,
    pub creation_date: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListJobsOutput {
    pub job_list_entries: Vec<JobListEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateJobInput {
    pub job_id: Option<String>,
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    pub notification: Option<Notification>,
    pub resources: Option<JobResource>,
    pub on_device_service_configuration: Option<serde_json::Value>,
    pub address_id: Option<String>,
    pub shipping_option: Option<String>,
    pub description: Option<String>,
    pub snowball_capacity_preference: Option<String>,
    pub forwarding_address_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetJobManifestOutput {
    #[serde(rename = "ManifestURI")]
    pub manifest_uri: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetJobUnlockCodeOutput {
    pub unlock_code: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSnowballUsageOutput {
    pub snowball_limit: i64,
    pub snowballs_in_use: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSoftwareUpdatesOutput {
    #[serde(rename = "UpdatesURI")]
    pub updates_uri: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateClusterInput {
    pub job_type: Option<String>,
    pub resources: Option<JobResource>,
    pub on_device_service_configuration: Option<serde_json::Value>,
    pub description: Option<String>,
    pub address_id: Option<String>,
    #[serde(rename = "KmsKeyARN")]
    pub kms_key_arn: Option<String>,
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    pub snowball_type: Option<String>,
    pub shipping_option: Option<String>,
    pub notification: Option<Notification>,
    pub forwarding_address_id: Option<String>,
    pub remote_management: Option<String>,
    pub initial_cluster_size: Option<i64>,
    pub force_create_jobs: Option<bool>,
    pub snowball_capacity_preference: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateClusterInput {
    pub cluster_id: Option<String>,
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    pub description: Option<String>,
    pub resources: Option<JobResource>,
    pub address_id: Option<String>,
    pub shipping_option: Option<String>,
    pub notification: Option<Notification>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateClusterOutput {
    pub cluster_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_list_entries: Option<Vec<JobListEntry>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterIdInput {
    pub cluster_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterMetadata {
    pub cluster_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "KmsKeyARN")]
    pub kms_key_arn: String,
    #[serde(rename = "RoleARN", skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    pub cluster_state: String,
    pub job_type: String,
    pub snowball_type: String,
    pub creation_date: Timestamp,
    pub resources: JobResource,
    pub address_id: String,
    pub shipping_option: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<Notification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarding_address_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeClusterOutput {
    pub cluster_metadata: ClusterMetadata,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterListEntry {
    pub cluster_id: String,
    pub cluster_state: String,
    pub creation_date: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClustersOutput {
    pub cluster_list_entries: Vec<ClusterListEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListClusterJobsInput {
    pub cluster_id: Option<String>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateReturnShippingLabelInput {
    pub job_id: Option<String>,
    pub shipping_option: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateReturnShippingLabelOutput {
    pub status: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeReturnShippingLabelOutput {
    pub status: String,
    pub expiration_date: Timestamp,
    #[serde(rename = "ReturnShippingLabelURI")]
    pub return_shipping_label_uri: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateJobShipmentStateInput {
    pub job_id: Option<String>,
    pub shipment_state: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompatibleImage {
    pub ami_id: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCompatibleImagesOutput {
    pub compatible_images: Vec<CompatibleImage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListLongTermPricingOutput {
    pub long_term_pricing_entries: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSnowballUsageInput {}

crate::api::api_inputs!("snowball";
    CreateAddressInput => "CreateAddress",
    CreateJobInput => "CreateJob",
    UpdateJobInput => "UpdateJob",
    CreateClusterInput => "CreateCluster",
    ListClusterJobsInput => "ListClusterJobs",
    UpdateJobShipmentStateInput => "UpdateJobShipmentState",
    CreateReturnShippingLabelInput => "CreateReturnShippingLabel",
    GetSnowballUsageInput => "GetSnowballUsage",
);

/// The actions that name only a job, as typed calls.
pub mod by_job {
    use serde::Serialize;

    macro_rules! job_actions {
        ($($name:ident => $action:literal),+ $(,)?) => {
            $(
                #[derive(Clone, Debug, Default, PartialEq, Serialize)]
                #[serde(rename_all = "PascalCase")]
                pub struct $name {
                    pub job_id: String,
                }
            )+
            crate::api::api_inputs!("snowball"; $($name => $action),+);
        };
    }

    job_actions! {
        DescribeJobInput => "DescribeJob",
        CancelJobInput => "CancelJob",
        GetJobManifestInput => "GetJobManifest",
        GetJobUnlockCodeInput => "GetJobUnlockCode",
    }
}
