//! Every text Kinesis Data Analytics answers with, in one place: the operations name the
//! error, this file words it. Where the sandbox refuses what it does not simulate, it says so.

use crate::api::{ApiError, ErrorCode};

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message)
}

fn in_use(message: String) -> ApiError {
    ApiError::new(ErrorCode::ResourceInUse, message)
}

// ----- applications ---------------------------------------------------------------------------

pub fn not_found(name: &str) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound, format!("Application {name} not found"))
}

pub fn already_exists(name: &str) -> ApiError {
    in_use(format!("Application {name} already exists"))
}

pub fn already_deleting(name: &str) -> ApiError {
    in_use(format!("Application {name} is already being deleted"))
}

pub fn being_deleted(name: &str) -> ApiError {
    in_use(format!("Application {name} is being deleted"))
}

pub fn not_ready(name: &str, status: &str) -> ApiError {
    in_use(format!(
        "Application {name} is in {status} state; only a READY application can be started"
    ))
}

pub fn not_updatable(name: &str, status: &str) -> ApiError {
    in_use(format!(
        "Application {name} is in {status} state and cannot be updated; wait until it is READY or \
         RUNNING"
    ))
}

pub fn stale_version(given: i64, current: i64) -> ApiError {
    ApiError::new(
        ErrorCode::ConcurrentModification,
        format!(
            "Current application version id provided: {given} does not match the current \
             application version id: {current}"
        ),
    )
}

pub fn create_timestamp_mismatch(name: &str) -> ApiError {
    invalid(format!(
        "CreateTimestamp does not match the application's create timestamp for application {name}"
    ))
}

pub fn one_input() -> ApiError {
    invalid("An application supports only one input")
}

pub fn has_an_input(name: &str) -> ApiError {
    invalid(format!("Application {name} already has an input; an application supports only one"))
}

pub fn three_outputs() -> ApiError {
    invalid("An application supports at most three outputs")
}

pub fn no_input(name: &str) -> ApiError {
    invalid(format!("Application {name} has no input configured"))
}

pub fn empty_code() -> ApiError {
    ApiError::new(ErrorCode::CodeValidation, "The application code is empty")
}

/// Bad application code: CodeValidationException, with the first error and its position.
pub fn code_error(e: &stream_sql::SqlError) -> ApiError {
    let message = if e.line > 0 {
        format!("SQL error at line {}, column {}: {}", e.line, e.column, e.message)
    } else {
        format!("SQL error: {}", e.message)
    };
    ApiError::new(ErrorCode::CodeValidation, message)
}

pub fn invalid_starting_position(position: &str) -> ApiError {
    invalid(format!(
        "Invalid InputStartingPosition {position}: use NOW, TRIM_HORIZON or LAST_STOPPED_POINT"
    ))
}

pub fn input_not_found(id: &str, name: &str) -> ApiError {
    invalid(format!("Input id {id} not found in application {name}"))
}

/// An output or reference data source a Delete call names that the application lacks.
pub fn item_not_found(what: &str, id: &str, app: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("{what} id {id} not found in application {app}"),
    )
}

pub fn code_updates_only() -> ApiError {
    invalid(
        "The sandbox updates ApplicationCodeUpdate only; use AddApplicationOutput, \
         DeleteApplicationOutput and AddApplicationReferenceDataSource for the rest",
    )
}

pub fn nothing_to_update() -> ApiError {
    invalid("ApplicationUpdate has nothing to update")
}

pub fn not_simulated(action: &str) -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedOperation,
        format!("{action} is not simulated in the sandbox (no CloudWatch Logs or Lambda)"),
    )
}

// ----- inputs, outputs, reference data --------------------------------------------------------

pub fn name_prefix_length() -> ApiError {
    invalid("NamePrefix must be 1 to 32 characters")
}

pub fn input_schema_needed() -> ApiError {
    invalid("Input needs an InputSchema")
}

/// A schema the record mapper cannot use, in the mapper's words.
pub fn invalid_schema(text: String) -> ApiError {
    invalid(text)
}

pub fn invalid_stream_arn(arn: &str) -> ApiError {
    invalid(format!("Invalid Kinesis stream ARN: {arn}"))
}

pub fn stream_missing(stream: &str, arn: &str) -> ApiError {
    invalid(format!("Stream {stream} under account does not exist: {arn}"))
}

pub fn invalid_delivery_stream_arn(arn: &str) -> ApiError {
    invalid(format!("Invalid Firehose delivery stream ARN: {arn}"))
}

pub fn delivery_stream_missing(name: &str, arn: &str) -> ApiError {
    invalid(format!("Delivery stream {name} does not exist: {arn}"))
}

pub fn one_input_source() -> ApiError {
    invalid("Exactly one of KinesisStreamsInput or KinesisFirehoseInput must be specified")
}

pub fn output_name_length() -> ApiError {
    invalid("Output Name must be 1 to 32 characters")
}

pub fn destination_schema_needed() -> ApiError {
    invalid("Output needs a DestinationSchema with RecordFormatType JSON or CSV")
}

pub fn invalid_record_format(format: &str) -> ApiError {
    invalid(format!("Invalid RecordFormatType {format}: use JSON or CSV"))
}

pub fn one_output_destination() -> ApiError {
    invalid(
        "Exactly one of KinesisStreamsOutput, KinesisFirehoseOutput or LambdaOutput must be \
         specified",
    )
}

pub fn table_name_length() -> ApiError {
    invalid("TableName must be 1 to 32 characters")
}

pub fn table_exists(table: &str, name: &str) -> ApiError {
    invalid(format!("Reference table {table} already exists in application {name}"))
}

pub fn s3_reference_needed() -> ApiError {
    invalid("ReferenceDataSource needs an S3ReferenceDataSource")
}

pub fn reference_schema_needed() -> ApiError {
    invalid("ReferenceDataSource needs a ReferenceSchema")
}

pub fn invalid_bucket_arn(arn: &str) -> ApiError {
    invalid(format!("Invalid BucketARN: {arn}"))
}

pub fn bucket_missing(bucket: &str) -> ApiError {
    invalid(format!("Bucket {bucket} does not exist"))
}

// ----- DiscoverInputSchema --------------------------------------------------------------------

pub fn unreadable_object(bucket: &str, key: &str) -> ApiError {
    invalid(format!("Object s3://{bucket}/{key} does not exist"))
}

pub fn discovery_source_needed() -> ApiError {
    invalid("Specify ResourceARN (a stream) or S3Configuration")
}

pub fn discovery_stream_missing(stream: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Stream {stream} under account does not exist"),
    )
}

pub fn no_samples() -> ApiError {
    ApiError::new(
        ErrorCode::UnableToDetectSchema,
        "No data was found in the stream or object to infer a schema from; put some records first",
    )
}

pub fn no_schema() -> ApiError {
    ApiError::new(
        ErrorCode::UnableToDetectSchema,
        "Unable to detect a JSON or CSV schema in the sample records",
    )
}

/// A detected schema the record mapper cannot use, in the mapper's words.
pub fn unusable_schema(text: String) -> ApiError {
    ApiError::new(ErrorCode::UnableToDetectSchema, text)
}

// ----- tags -----------------------------------------------------------------------------------

pub fn resource_not_found(arn: &str) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound, format!("Resource {arn} not found"))
}

pub fn too_many_tags() -> ApiError {
    ApiError::new(ErrorCode::TooManyTags, "An application can have at most 50 tags")
}

// ----- the learner's ticker feed --------------------------------------------------------------

pub fn feed_stream_missing(stream: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Stream {stream} under account {account} not found."),
    )
}

pub fn feed_rate() -> ApiError {
    invalid("rate must be 1 to 100000 records per second")
}

pub fn feed_not_found(feed: &str) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound, format!("Ticker feed {feed} not found"))
}
