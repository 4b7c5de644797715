//! Request and response shapes, member for member as botocore's `firehose/2015-08-04` model
//! names them (only the members the sandbox acts on; others are accepted and ignored). Every
//! request member is optional here so that a missing required member reaches validation (and
//! gets AWS's "Member must not be null") instead of failing to parse.

use serde::{Deserialize, Serialize};

pub use crate::api::wire::{Blob, Empty, Timestamp};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BufferingHints {
    #[serde(rename = "SizeInMBs", skip_serializing_if = "Option::is_none")]
    pub size_in_mbs: Option<i64>,
    #[serde(rename = "IntervalInSeconds", skip_serializing_if = "Option::is_none")]
    pub interval_in_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct S3DestinationConfiguration {
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    #[serde(rename = "BucketARN")]
    pub bucket_arn: Option<String>,
    #[serde(rename = "Prefix")]
    pub prefix: Option<String>,
    #[serde(rename = "ErrorOutputPrefix")]
    pub error_output_prefix: Option<String>,
    #[serde(rename = "BufferingHints")]
    pub buffering_hints: Option<BufferingHints>,
    #[serde(rename = "CompressionFormat")]
    pub compression_format: Option<String>,
    #[serde(rename = "EncryptionConfiguration")]
    pub encryption_configuration: Option<serde_json::Value>,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: Option<serde_json::Value>,
    // ExtendedS3 only (ignored in the plain S3 shapes, where AWS has no such members).
    #[serde(rename = "FileExtension")]
    pub file_extension: Option<String>,
    #[serde(rename = "ProcessingConfiguration")]
    pub processing_configuration: Option<serde_json::Value>,
    #[serde(rename = "DataFormatConversionConfiguration")]
    pub data_format_conversion_configuration: Option<serde_json::Value>,
    #[serde(rename = "DynamicPartitioningConfiguration")]
    pub dynamic_partitioning_configuration: Option<serde_json::Value>,
}

/// The Update shapes have the same members, none required.
pub type S3DestinationUpdate = S3DestinationConfiguration;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KinesisStreamSourceConfiguration {
    #[serde(rename = "KinesisStreamARN")]
    pub kinesis_stream_arn: Option<String>,
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    #[serde(rename = "Key", default)]
    pub key: Option<String>,
    #[serde(rename = "Value", skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// ProcessingConfiguration, typed for building a request. The destination shapes carry it as
/// JSON, because the service keeps it as given and Describe returns it unchanged (see
/// [`crate::firehose::transform::parse_configuration`]); [`ProcessingConfiguration::to_json`]
/// puts it there.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingConfiguration {
    #[serde(rename = "Enabled", skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(rename = "Processors", skip_serializing_if = "Option::is_none")]
    pub processors: Option<Vec<Processor>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Processor {
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub processor_type: Option<String>,
    #[serde(rename = "Parameters", skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<ProcessorParameter>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessorParameter {
    #[serde(rename = "ParameterName", skip_serializing_if = "Option::is_none")]
    pub parameter_name: Option<String>,
    #[serde(rename = "ParameterValue", skip_serializing_if = "Option::is_none")]
    pub parameter_value: Option<String>,
}

impl ProcessingConfiguration {
    /// Enabled, with one Lambda processor calling `lambda_arn`.
    pub fn lambda(lambda_arn: &str) -> Self {
        ProcessingConfiguration {
            enabled: Some(true),
            processors: Some(vec![Processor {
                processor_type: Some("Lambda".into()),
                parameters: Some(vec![ProcessorParameter {
                    parameter_name: Some("LambdaArn".into()),
                    parameter_value: Some(lambda_arn.into()),
                }]),
            }]),
        }
    }

    /// The JSON the destination shapes carry.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

// ----- control plane -------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "DeliveryStreamType")]
    pub delivery_stream_type: Option<String>,
    #[serde(rename = "KinesisStreamSourceConfiguration")]
    pub kinesis_stream_source_configuration: Option<KinesisStreamSourceConfiguration>,
    #[serde(rename = "S3DestinationConfiguration")]
    pub s3_destination_configuration: Option<S3DestinationConfiguration>,
    #[serde(rename = "ExtendedS3DestinationConfiguration")]
    pub extended_s3_destination_configuration: Option<S3DestinationConfiguration>,
    #[serde(rename = "RedshiftDestinationConfiguration")]
    pub redshift: Option<RedshiftDestinationConfiguration>,
    #[serde(rename = "ElasticsearchDestinationConfiguration")]
    pub elasticsearch: Option<OpenSearchDestinationConfiguration>,
    #[serde(rename = "AmazonopensearchserviceDestinationConfiguration")]
    pub opensearch: Option<OpenSearchDestinationConfiguration>,
    #[serde(rename = "DeliveryStreamEncryptionConfigurationInput")]
    pub encryption: Option<DeliveryStreamEncryptionConfigurationInput>,
    /// Destinations the sandbox does not simulate yet: present means "refuse clearly".
    #[serde(rename = "SplunkDestinationConfiguration")]
    pub splunk: Option<serde_json::Value>,
    #[serde(rename = "HttpEndpointDestinationConfiguration")]
    pub http_endpoint: Option<serde_json::Value>,
    #[serde(rename = "AmazonOpenSearchServerlessDestinationConfiguration")]
    pub opensearch_serverless: Option<serde_json::Value>,
    #[serde(rename = "SnowflakeDestinationConfiguration")]
    pub snowflake: Option<serde_json::Value>,
    #[serde(rename = "IcebergDestinationConfiguration")]
    pub iceberg: Option<serde_json::Value>,
    #[serde(rename = "Tags")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreateDeliveryStreamOutput {
    #[serde(rename = "DeliveryStreamARN")]
    pub delivery_stream_arn: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "AllowForceDelete")]
    pub allow_force_delete: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
    #[serde(rename = "ExclusiveStartDestinationId")]
    pub exclusive_start_destination_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDeliveryStreamOutput {
    #[serde(rename = "DeliveryStreamDescription")]
    pub delivery_stream_description: DeliveryStreamDescription,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryStreamEncryptionConfiguration {
    #[serde(rename = "KeyARN", skip_serializing_if = "Option::is_none")]
    pub key_arn: Option<String>,
    #[serde(rename = "KeyType", skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    #[serde(rename = "Status")]
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryStreamDescription {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: String,
    #[serde(rename = "DeliveryStreamARN")]
    pub delivery_stream_arn: String,
    #[serde(rename = "DeliveryStreamStatus")]
    pub delivery_stream_status: String,
    #[serde(rename = "DeliveryStreamEncryptionConfiguration")]
    pub delivery_stream_encryption_configuration: DeliveryStreamEncryptionConfiguration,
    #[serde(rename = "DeliveryStreamType")]
    pub delivery_stream_type: String,
    #[serde(rename = "VersionId")]
    pub version_id: String,
    #[serde(rename = "CreateTimestamp")]
    pub create_timestamp: Timestamp,
    #[serde(rename = "LastUpdateTimestamp", skip_serializing_if = "Option::is_none")]
    pub last_update_timestamp: Option<Timestamp>,
    #[serde(rename = "Source", skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceDescription>,
    #[serde(rename = "Destinations")]
    pub destinations: Vec<DestinationDescription>,
    #[serde(rename = "HasMoreDestinations")]
    pub has_more_destinations: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceDescription {
    #[serde(rename = "KinesisStreamSourceDescription")]
    pub kinesis_stream_source_description: KinesisStreamSourceDescription,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KinesisStreamSourceDescription {
    #[serde(rename = "KinesisStreamARN")]
    pub kinesis_stream_arn: String,
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
    #[serde(rename = "DeliveryStartTimestamp", skip_serializing_if = "Option::is_none")]
    pub delivery_start_timestamp: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DestinationDescription {
    #[serde(rename = "DestinationId")]
    pub destination_id: String,
    #[serde(rename = "S3DestinationDescription", skip_serializing_if = "Option::is_none")]
    pub s3_destination_description: Option<S3DestinationDescription>,
    #[serde(rename = "ExtendedS3DestinationDescription", skip_serializing_if = "Option::is_none")]
    pub extended_s3_destination_description: Option<S3DestinationDescription>,
    #[serde(rename = "RedshiftDestinationDescription", skip_serializing_if = "Option::is_none")]
    pub redshift_destination_description: Option<RedshiftDestinationDescription>,
    #[serde(
        rename = "AmazonopensearchserviceDestinationDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub opensearch_destination_description: Option<OpenSearchDestinationDescription>,
    #[serde(
        rename = "ElasticsearchDestinationDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub elasticsearch_destination_description: Option<OpenSearchDestinationDescription>,
}

/// Both S3 description shapes; the Extended one adds `S3BackupMode` and `FileExtension`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct S3DestinationDescription {
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
    #[serde(rename = "BucketARN")]
    pub bucket_arn: String,
    #[serde(rename = "Prefix", skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(rename = "ErrorOutputPrefix", skip_serializing_if = "Option::is_none")]
    pub error_output_prefix: Option<String>,
    #[serde(rename = "BufferingHints")]
    pub buffering_hints: BufferingHints,
    #[serde(rename = "CompressionFormat")]
    pub compression_format: String,
    #[serde(rename = "EncryptionConfiguration")]
    pub encryption_configuration: serde_json::Value,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: serde_json::Value,
    #[serde(rename = "S3BackupMode", skip_serializing_if = "Option::is_none")]
    pub s3_backup_mode: Option<String>,
    #[serde(rename = "FileExtension", skip_serializing_if = "Option::is_none")]
    pub file_extension: Option<String>,
    #[serde(rename = "ProcessingConfiguration", skip_serializing_if = "Option::is_none")]
    pub processing_configuration: Option<serde_json::Value>,
}

// ----- Redshift and OpenSearch ---------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyCommand {
    #[serde(rename = "DataTableName")]
    pub data_table_name: Option<String>,
    #[serde(rename = "DataTableColumns", skip_serializing_if = "Option::is_none")]
    pub data_table_columns: Option<String>,
    #[serde(rename = "CopyOptions", skip_serializing_if = "Option::is_none")]
    pub copy_options: Option<String>,
}

/// RedshiftRetryOptions and AmazonopensearchserviceRetryOptions (and Elasticsearch's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryOptions {
    #[serde(rename = "DurationInSeconds", skip_serializing_if = "Option::is_none")]
    pub duration_in_seconds: Option<i64>,
}

/// RedshiftDestinationConfiguration, and RedshiftDestinationUpdate (same members, `S3Update`
/// for `S3Configuration`, none required).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RedshiftDestinationConfiguration {
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    #[serde(rename = "ClusterJDBCURL")]
    pub cluster_jdbc_url: Option<String>,
    #[serde(rename = "CopyCommand")]
    pub copy_command: Option<CopyCommand>,
    #[serde(rename = "Username")]
    pub username: Option<String>,
    #[serde(rename = "Password")]
    pub password: Option<String>,
    #[serde(rename = "RetryOptions")]
    pub retry_options: Option<RetryOptions>,
    #[serde(rename = "S3Configuration", alias = "S3Update")]
    pub s3_configuration: Option<S3DestinationConfiguration>,
    #[serde(rename = "ProcessingConfiguration")]
    pub processing_configuration: Option<serde_json::Value>,
    #[serde(rename = "S3BackupMode")]
    pub s3_backup_mode: Option<String>,
    #[serde(rename = "S3BackupConfiguration", alias = "S3BackupUpdate")]
    pub s3_backup_configuration: Option<S3DestinationConfiguration>,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: Option<serde_json::Value>,
    #[serde(rename = "SecretsManagerConfiguration")]
    pub secrets_manager_configuration: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedshiftDestinationDescription {
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
    #[serde(rename = "ClusterJDBCURL")]
    pub cluster_jdbc_url: String,
    #[serde(rename = "CopyCommand")]
    pub copy_command: CopyCommand,
    #[serde(rename = "Username", skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(rename = "RetryOptions")]
    pub retry_options: RetryOptions,
    #[serde(rename = "S3DestinationDescription")]
    pub s3_destination_description: S3DestinationDescription,
    #[serde(rename = "ProcessingConfiguration", skip_serializing_if = "Option::is_none")]
    pub processing_configuration: Option<serde_json::Value>,
    #[serde(rename = "S3BackupMode")]
    pub s3_backup_mode: String,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: serde_json::Value,
}

/// AmazonopensearchserviceDestinationConfiguration and ElasticsearchDestinationConfiguration
/// (the same members), and their Update shapes (`S3Update`, none required).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OpenSearchDestinationConfiguration {
    #[serde(rename = "RoleARN")]
    pub role_arn: Option<String>,
    #[serde(rename = "DomainARN")]
    pub domain_arn: Option<String>,
    #[serde(rename = "ClusterEndpoint")]
    pub cluster_endpoint: Option<String>,
    #[serde(rename = "IndexName")]
    pub index_name: Option<String>,
    #[serde(rename = "TypeName")]
    pub type_name: Option<String>,
    #[serde(rename = "IndexRotationPeriod")]
    pub index_rotation_period: Option<String>,
    #[serde(rename = "BufferingHints")]
    pub buffering_hints: Option<BufferingHints>,
    #[serde(rename = "RetryOptions")]
    pub retry_options: Option<RetryOptions>,
    #[serde(rename = "S3BackupMode")]
    pub s3_backup_mode: Option<String>,
    #[serde(rename = "S3Configuration", alias = "S3Update")]
    pub s3_configuration: Option<S3DestinationConfiguration>,
    #[serde(rename = "ProcessingConfiguration")]
    pub processing_configuration: Option<serde_json::Value>,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: Option<serde_json::Value>,
    #[serde(rename = "VpcConfiguration")]
    pub vpc_configuration: Option<serde_json::Value>,
    #[serde(rename = "DocumentIdOptions")]
    pub document_id_options: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenSearchDestinationDescription {
    #[serde(rename = "RoleARN")]
    pub role_arn: String,
    #[serde(rename = "DomainARN", skip_serializing_if = "Option::is_none")]
    pub domain_arn: Option<String>,
    #[serde(rename = "ClusterEndpoint", skip_serializing_if = "Option::is_none")]
    pub cluster_endpoint: Option<String>,
    #[serde(rename = "IndexName")]
    pub index_name: String,
    #[serde(rename = "TypeName", skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(rename = "IndexRotationPeriod")]
    pub index_rotation_period: String,
    #[serde(rename = "BufferingHints")]
    pub buffering_hints: BufferingHints,
    #[serde(rename = "RetryOptions")]
    pub retry_options: RetryOptions,
    #[serde(rename = "S3BackupMode")]
    pub s3_backup_mode: String,
    #[serde(rename = "S3DestinationDescription")]
    pub s3_destination_description: S3DestinationDescription,
    #[serde(rename = "ProcessingConfiguration", skip_serializing_if = "Option::is_none")]
    pub processing_configuration: Option<serde_json::Value>,
    #[serde(rename = "CloudWatchLoggingOptions")]
    pub cloud_watch_logging_options: serde_json::Value,
}

// ----- encryption ----------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeliveryStreamEncryptionConfigurationInput {
    #[serde(rename = "KeyARN")]
    pub key_arn: Option<String>,
    #[serde(rename = "KeyType")]
    pub key_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StartDeliveryStreamEncryptionInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "DeliveryStreamEncryptionConfigurationInput")]
    pub encryption: Option<DeliveryStreamEncryptionConfigurationInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StopDeliveryStreamEncryptionInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDeliveryStreamsInput {
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
    #[serde(rename = "DeliveryStreamType")]
    pub delivery_stream_type: Option<String>,
    #[serde(rename = "ExclusiveStartDeliveryStreamName")]
    pub exclusive_start_delivery_stream_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListDeliveryStreamsOutput {
    #[serde(rename = "DeliveryStreamNames")]
    pub delivery_stream_names: Vec<String>,
    #[serde(rename = "HasMoreDeliveryStreams")]
    pub has_more_delivery_streams: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateDestinationInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "CurrentDeliveryStreamVersionId")]
    pub current_delivery_stream_version_id: Option<String>,
    #[serde(rename = "DestinationId")]
    pub destination_id: Option<String>,
    #[serde(rename = "S3DestinationUpdate")]
    pub s3_destination_update: Option<S3DestinationUpdate>,
    #[serde(rename = "ExtendedS3DestinationUpdate")]
    pub extended_s3_destination_update: Option<S3DestinationUpdate>,
    #[serde(rename = "RedshiftDestinationUpdate")]
    pub redshift_destination_update: Option<RedshiftDestinationConfiguration>,
    #[serde(rename = "AmazonopensearchserviceDestinationUpdate")]
    pub opensearch_destination_update: Option<OpenSearchDestinationConfiguration>,
    #[serde(rename = "ElasticsearchDestinationUpdate")]
    pub elasticsearch_destination_update: Option<OpenSearchDestinationConfiguration>,
}

// ----- tags ----------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TagDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "Tags")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UntagDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "TagKeys")]
    pub tag_keys: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTagsForDeliveryStreamInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "ExclusiveStartTagKey")]
    pub exclusive_start_tag_key: Option<String>,
    #[serde(rename = "Limit")]
    pub limit: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListTagsForDeliveryStreamOutput {
    #[serde(rename = "Tags")]
    pub tags: Vec<Tag>,
    #[serde(rename = "HasMoreTags")]
    pub has_more_tags: bool,
}

// ----- data plane ----------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    #[serde(rename = "Data")]
    pub data: Option<Blob>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PutRecordInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "Record")]
    pub record: Option<Record>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PutRecordOutput {
    #[serde(rename = "RecordId")]
    pub record_id: String,
    #[serde(rename = "Encrypted")]
    pub encrypted: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PutRecordBatchInput {
    #[serde(rename = "DeliveryStreamName")]
    pub delivery_stream_name: Option<String>,
    #[serde(rename = "Records")]
    pub records: Option<Vec<Record>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PutRecordBatchResponseEntry {
    #[serde(rename = "RecordId", skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    #[serde(rename = "ErrorCode", skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(rename = "ErrorMessage", skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PutRecordBatchOutput {
    #[serde(rename = "FailedPutCount")]
    pub failed_put_count: u32,
    #[serde(rename = "Encrypted")]
    pub encrypted: bool,
    #[serde(rename = "RequestResponses")]
    pub request_responses: Vec<PutRecordBatchResponseEntry>,
}

crate::api::api_inputs!("firehose";
    CreateDeliveryStreamInput => "CreateDeliveryStream",
    DeleteDeliveryStreamInput => "DeleteDeliveryStream",
    DescribeDeliveryStreamInput => "DescribeDeliveryStream",
    ListTagsForDeliveryStreamInput => "ListTagsForDeliveryStream",
    PutRecordInput => "PutRecord",
    PutRecordBatchInput => "PutRecordBatch",
    StartDeliveryStreamEncryptionInput => "StartDeliveryStreamEncryption",
    StopDeliveryStreamEncryptionInput => "StopDeliveryStreamEncryption",
    TagDeliveryStreamInput => "TagDeliveryStream",
    UntagDeliveryStreamInput => "UntagDeliveryStream",
    UpdateDestinationInput => "UpdateDestination",
);
