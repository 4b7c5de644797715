//! Every text Firehose answers with, in one place: the operations name the error, this file
//! words it as AWS does (Firehose's own texts say "Firehose" for a delivery stream).

use crate::api::{ApiError, ErrorCode};

use crate::firehose::model::DeliveryStreamStatus;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message)
}

pub fn not_found(name: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!("Firehose {name} under account {account} not found."),
    )
}

pub fn already_exists(name: &str, account: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceInUse,
        format!("Firehose {name} under accountId {account} already exists"),
    )
}

pub fn in_use(name: &str, account: &str, status: DeliveryStreamStatus) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceInUse,
        format!(
            "Firehose {name} under account {account} is not ACTIVE, instead in state {}",
            status.as_str()
        ),
    )
}

pub fn too_many_tags(name: &str, account: &str, max: usize) -> ApiError {
    ApiError::new(
        ErrorCode::LimitExceeded,
        format!(
            "Failed to add tags to Firehose {name} under account {account} because a delivery \
             stream cannot have more than {max} tags."
        ),
    )
}

pub fn version_mismatch(name: &str, current: u64, given: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ConcurrentModification,
        format!(
            "Cannot update firehose: {name} since the current version id: {current} and \
             specified version id: {given} do not match"
        ),
    )
}

pub fn destination_not_found(id: &str, name: &str, account: &str) -> ApiError {
    invalid(format!("Destination Id {id} not found for Firehose {name} under account {account}."))
}

pub fn one_destination() -> ApiError {
    invalid("Exactly one destination configuration is supported for a Firehose")
}

pub fn one_destination_update() -> ApiError {
    invalid("Exactly one destination update is supported for a Firehose")
}

pub fn source_stream_not_found(stream: &str, account: &str) -> ApiError {
    invalid(format!("Kinesis stream {stream} under account {account} not found."))
}

pub fn source_configuration_needed() -> ApiError {
    invalid(
        "KinesisStreamSourceConfiguration is required for the KinesisStreamAsSource delivery \
         stream type.",
    )
}

pub fn source_configuration_not_allowed() -> ApiError {
    invalid(
        "KinesisSourceStreamConfig is only allowed for KinesisStreamAsSource delivery stream type.",
    )
}

pub fn not_for_kinesis_source() -> ApiError {
    invalid("This operation is not permitted on KinesisStreamAsSource delivery stream type.")
}

pub fn batch_too_large() -> ApiError {
    invalid("Records size exceeds 4 MB limit")
}

/// Over the delivery stream's throughput quota: HTTP 503, as AWS sends it.
pub fn slow_down() -> ApiError {
    let mut e = ApiError::new(ErrorCode::ServiceUnavailable, "Slow down.");
    e.status = 503;
    e
}

pub fn key_arn_needed() -> ApiError {
    invalid("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.")
}

pub fn key_arn_not_allowed() -> ApiError {
    invalid("KeyARN must not be specified when KeyType is AWS_OWNED_CMK.")
}

pub fn encryption_with_kinesis_source() -> ApiError {
    invalid(
        "Server-side encryption is not supported for a delivery stream whose source is a Kinesis \
         data stream. Enable server-side encryption on the Kinesis data stream instead.",
    )
}

pub fn redshift_compression(format: &str) -> ApiError {
    invalid(format!(
        "CompressionFormat {format} is not supported for the S3Configuration of a Redshift \
         destination: the Redshift COPY command cannot read it. Use UNCOMPRESSED or GZIP."
    ))
}

pub fn domain_or_endpoint() -> ApiError {
    invalid("Exactly one of DomainARN or ClusterEndpoint must be specified.")
}

/// A configuration the parsers of prefixes, processors and COPY commands refuse, in their
/// words (`keys`, `transform`, `destinations` own those texts).
pub fn invalid_configuration(text: String) -> ApiError {
    invalid(text)
}

/// A configuration AWS accepts that the sandbox does not run (a Splunk destination, ...).
pub fn not_simulated(what: &str) -> ApiError {
    invalid(format!("{what} is not simulated by the sandbox yet."))
}

/// A learner's outage switch on a destination the delivery stream does not have.
pub fn no_such_destination(name: &str, asked: &str, has: &str) -> ApiError {
    invalid(format!("Firehose {name} has no {asked} destination (its destination is {has})."))
}
