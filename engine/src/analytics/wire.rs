//! The JSON shapes of `KinesisAnalytics_20150814.*` (botocore's kinesisanalytics 2015-08-14),
//! request and response members in AWS's PascalCase.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::api::wire::Timestamp;

macro_rules! shape {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

shape!(RecordColumn { name: String, mapping: String, sql_type: String });

shape!(JsonMappingParameters { record_row_path: String });

shape!(CsvMappingParameters { record_row_delimiter: String, record_column_delimiter: String });

shape!(MappingParameters {
    #[serde(rename = "JSONMappingParameters")]
    json_mapping_parameters: JsonMappingParameters,
    #[serde(rename = "CSVMappingParameters")]
    csv_mapping_parameters: CsvMappingParameters,
});

shape!(RecordFormat { record_format_type: String, mapping_parameters: MappingParameters });

shape!(SourceSchema {
    record_format: RecordFormat,
    record_encoding: String,
    record_columns: Vec<RecordColumn>,
});

shape!(ResourceRef {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    #[serde(rename = "RoleARN")]
    role_arn: String,
});

shape!(InputParallelism { count: i64 });

shape!(InputStartingPositionConfiguration { input_starting_position: String });

shape!(Input {
    name_prefix: String,
    input_processing_configuration: serde_json::Value,
    kinesis_streams_input: ResourceRef,
    kinesis_firehose_input: ResourceRef,
    input_parallelism: InputParallelism,
    input_schema: SourceSchema,
});

shape!(InputDescription {
    input_id: String,
    name_prefix: String,
    in_app_stream_names: Vec<String>,
    kinesis_streams_input_description: ResourceRef,
    kinesis_firehose_input_description: ResourceRef,
    input_schema: SourceSchema,
    input_parallelism: InputParallelism,
    input_starting_position_configuration: InputStartingPositionConfiguration,
});

shape!(DestinationSchema { record_format_type: String });

shape!(Output {
    name: String,
    kinesis_streams_output: ResourceRef,
    kinesis_firehose_output: ResourceRef,
    lambda_output: ResourceRef,
    destination_schema: DestinationSchema,
});

shape!(OutputDescription {
    output_id: String,
    name: String,
    kinesis_streams_output_description: ResourceRef,
    kinesis_firehose_output_description: ResourceRef,
    lambda_output_description: ResourceRef,
    destination_schema: DestinationSchema,
});

shape!(S3ReferenceDataSource {
    #[serde(rename = "BucketARN")]
    bucket_arn: String,
    file_key: String,
    #[serde(rename = "ReferenceRoleARN")]
    reference_role_arn: String,
});

shape!(ReferenceDataSource {
    table_name: String,
    #[serde(rename = "S3ReferenceDataSource")]
    s3_reference_data_source: S3ReferenceDataSource,
    reference_schema: SourceSchema,
});

shape!(ReferenceDataSourceDescription {
    reference_id: String,
    table_name: String,
    #[serde(rename = "S3ReferenceDataSourceDescription")]
    s3_reference_data_source_description: S3ReferenceDataSource,
    reference_schema: SourceSchema,
});

shape!(Tag { key: String, value: String });

shape!(CreateApplicationInput {
    application_name: String,
    application_description: String,
    inputs: Vec<Input>,
    outputs: Vec<Output>,
    cloud_watch_logging_options: serde_json::Value,
    application_code: String,
    tags: Vec<Tag>,
});

shape!(ApplicationSummary {
    application_name: String,
    #[serde(rename = "ApplicationARN")]
    application_arn: String,
    application_status: String,
});

shape!(CreateApplicationOutput { application_summary: ApplicationSummary });

shape!(ApplicationNameInput { application_name: String });

shape!(ApplicationDetail {
    application_name: String,
    application_description: String,
    #[serde(rename = "ApplicationARN")]
    application_arn: String,
    application_status: String,
    create_timestamp: Timestamp,
    last_update_timestamp: Timestamp,
    input_descriptions: Vec<InputDescription>,
    output_descriptions: Vec<OutputDescription>,
    reference_data_source_descriptions: Vec<ReferenceDataSourceDescription>,
    cloud_watch_logging_option_descriptions: Vec<serde_json::Value>,
    application_code: String,
    application_version_id: i64,
});

shape!(DescribeApplicationOutput { application_detail: ApplicationDetail });

shape!(ListApplicationsInput { limit: i64, exclusive_start_application_name: String });

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListApplicationsOutput {
    pub application_summaries: Vec<ApplicationSummary>,
    pub has_more_applications: bool,
}

shape!(DeleteApplicationInput { application_name: String, create_timestamp: Timestamp });

shape!(InputConfiguration {
    id: String,
    input_starting_position_configuration: InputStartingPositionConfiguration,
});

shape!(StartApplicationInput {
    application_name: String,
    input_configurations: Vec<InputConfiguration>,
});

shape!(ApplicationUpdate {
    input_updates: Vec<serde_json::Value>,
    application_code_update: String,
    output_updates: Vec<serde_json::Value>,
    reference_data_source_updates: Vec<serde_json::Value>,
    cloud_watch_logging_option_updates: Vec<serde_json::Value>,
});

shape!(UpdateApplicationInput {
    application_name: String,
    current_application_version_id: i64,
    application_update: ApplicationUpdate,
});

shape!(AddApplicationInputInput {
    application_name: String,
    current_application_version_id: i64,
    input: Input,
});

shape!(AddApplicationOutputInput {
    application_name: String,
    current_application_version_id: i64,
    output: Output,
});

shape!(DeleteApplicationOutputInput {
    application_name: String,
    current_application_version_id: i64,
    output_id: String,
});

shape!(AddApplicationReferenceDataSourceInput {
    application_name: String,
    current_application_version_id: i64,
    reference_data_source: ReferenceDataSource,
});

shape!(DeleteApplicationReferenceDataSourceInput {
    application_name: String,
    current_application_version_id: i64,
    reference_id: String,
});

shape!(S3Configuration {
    #[serde(rename = "RoleARN")]
    role_arn: String,
    #[serde(rename = "BucketARN")]
    bucket_arn: String,
    file_key: String,
});

shape!(DiscoverInputSchemaInput {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    #[serde(rename = "RoleARN")]
    role_arn: String,
    input_starting_position_configuration: InputStartingPositionConfiguration,
    #[serde(rename = "S3Configuration")]
    s3_configuration: S3Configuration,
    input_processing_configuration: serde_json::Value,
});

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DiscoverInputSchemaOutput {
    pub input_schema: SourceSchema,
    pub parsed_input_records: Vec<Vec<String>>,
    pub processed_input_records: Vec<String>,
    pub raw_input_records: Vec<String>,
}

shape!(TagResourceInput {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    tags: Vec<Tag>,
});

shape!(UntagResourceInput {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
    tag_keys: Vec<String>,
});

shape!(ListTagsForResourceInput {
    #[serde(rename = "ResourceARN")]
    resource_arn: String,
});

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceOutput {
    pub tags: Vec<Tag>,
}

/// Outputs without members: `{}` on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// Tags as the model keeps them.
pub type TagMap = BTreeMap<String, String>;

crate::api::api_inputs!("analytics";
    AddApplicationInputInput => "AddApplicationInput",
    AddApplicationOutputInput => "AddApplicationOutput",
    AddApplicationReferenceDataSourceInput => "AddApplicationReferenceDataSource",
    CreateApplicationInput => "CreateApplication",
    DeleteApplicationInput => "DeleteApplication",
    DeleteApplicationOutputInput => "DeleteApplicationOutput",
    DeleteApplicationReferenceDataSourceInput => "DeleteApplicationReferenceDataSource",
    DiscoverInputSchemaInput => "DiscoverInputSchema",
    StartApplicationInput => "StartApplication",
    UpdateApplicationInput => "UpdateApplication",
);
