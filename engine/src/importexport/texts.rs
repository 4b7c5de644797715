//! Every text AWS Import/Export answers with: its exceptions' documentation sentences from
//! botocore's `importexport` model (the service's error responses carry them as messages), and
//! the status codes' messages from the developer guide's status table.

use crate::api::{ApiError, ErrorCode};

fn err(code: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::Other(code.to_string()), message)
}

pub fn missing_parameter() -> ApiError {
    err(
        "MissingParameterException",
        "One or more required parameters was missing from the request.",
    )
}

pub fn invalid_parameter() -> ApiError {
    err("InvalidParameterException", "One or more parameters had an invalid value.")
}

pub fn invalid_access_key_id() -> ApiError {
    err(
        "InvalidAccessKeyIdException",
        "The AWS Access Key ID specified in the request did not match the manifest's accessKeyId \
         value. The manifest and the request authentication must use the same AWS Access Key ID.",
    )
}

pub fn malformed_manifest() -> ApiError {
    err("MalformedManifestException", "Your manifest is not well-formed.")
}

pub fn missing_manifest_field() -> ApiError {
    err(
        "MissingManifestFieldException",
        "One or more required fields were missing from the manifest file. Please correct and \
         resubmit.",
    )
}

pub fn invalid_manifest_field() -> ApiError {
    err(
        "InvalidManifestFieldException",
        "One or more manifest fields was invalid. Please correct and resubmit.",
    )
}

pub fn invalid_file_system() -> ApiError {
    err("InvalidFileSystemException", "File system specified in export manifest is invalid.")
}

pub fn no_such_bucket() -> ApiError {
    err(
        "NoSuchBucketException",
        "The specified bucket does not exist. Create the specified bucket or change the \
         manifest's bucket, exportBucket, or logBucket field to a bucket that the account, as \
         specified by the manifest's Access Key ID, has write permissions to.",
    )
}

pub fn invalid_job_id() -> ApiError {
    err(
        "InvalidJobIdException",
        "The JOBID was missing, not found, or not associated with the AWS account.",
    )
}

pub fn canceled_job_id() -> ApiError {
    err("CanceledJobIdException", "The specified job ID has been canceled and is no longer valid.")
}

pub fn expired_job_id() -> ApiError {
    err("ExpiredJobIdException", "Indicates that the specified job has expired out of the system.")
}

pub fn unable_to_cancel() -> ApiError {
    err("UnableToCancelJobIdException", "AWS Import/Export cannot cancel the job")
}

pub fn unable_to_update() -> ApiError {
    err("UnableToUpdateJobIdException", "AWS Import/Export cannot update the job")
}

pub fn quota_exceeded() -> ApiError {
    err(
        "CreateJobQuotaExceededException",
        "Each account can create only a certain number of jobs per day. If you need to create \
         more than this, please contact awsimportexport@amazon.com to explain your particular \
         use case.",
    )
}

pub fn invalid_address() -> ApiError {
    err("InvalidAddressException", "The address specified in the manifest is invalid.")
}

/// The guide's limit, refused when the learner ships a larger device (the sandbox's check: AWS
/// states the limit, its answer to a larger device is not documented).
pub const DEVICE_TOO_LARGE: &str =
    "Maximum device capacity is 16 TB for Amazon Simple Storage Service (Amazon S3) and Amazon \
     EBS jobs.";

/// The guide's object limit, for a file on the learner's device.
pub const FILE_TOO_LARGE: &str =
    "Maximum file size of a single file or object to be imported is 5 TB.";

/// `update-job`'s warning for a device that will be erased (the AWS CLI's example output).
pub const ERASE_WARNING: &str = "**** Device will be erased before being returned. ****";

/// The learner's device command refused by the sandbox (no AWS text: the device is the
/// learner's, AWS never sees these mistakes as API calls).
pub fn device(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Other("InvalidParameterException".into()), message)
}

pub const LOC_NOT_RECEIVED: &str = "AWS has not received your device.";
pub const LOC_AT_AWS: &str = "Your device is at AWS.";

/// "Your device has been returned. The SHIPPER tracking number is TRACKING_NUMBER."
pub fn loc_returned(shipper: &str, tracking: &str) -> String {
    format!("Your device has been returned. The {shipper} tracking number is {tracking}.")
}

pub const PROG_PENDING: &str = "The specified job has not started.";
pub const PROG_IN_PROGRESS: &str = "The data on your device is currently being loaded.";
pub const PROG_CANCELED: &str = "The job was canceled.";
pub const PROG_EXPIRED: &str = "The job expired.";
pub const PROG_MISSING_SIGNATURE: &str = "The job was aborted. The SIGNATURE file was missing.";
pub const PROG_INVALID_SIGNATURE: &str = "The job was aborted. The SIGNATURE file was invalid.";

/// "The data loaded successfully. The log was saved to LOG_KEY in the bucket LOG_BUCKET."
pub fn prog_complete(log_key: &str, log_bucket: &str) -> String {
    format!(
        "The data loaded successfully. The log was saved to {log_key} in the bucket {log_bucket}."
    )
}

/// "The data load completed with NUMBER of errors. See LOG_KEY in the bucket LOG_BUCKET. for
/// more details." (the guide's stray full stop kept).
pub fn prog_with_errors(errors: u64, log_key: &str, log_bucket: &str) -> String {
    format!(
        "The data load completed with {errors} of errors. See {log_key} in the bucket \
         {log_bucket}. for more details."
    )
}
