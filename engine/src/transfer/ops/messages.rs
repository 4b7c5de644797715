//! Every text the Snowball service answers with. Where AWS's model documents an exception, its
//! documentation sentence is the message (no wire capture of these exceptions exists in any
//! source: `shared/facts/transfer.md`); where the sandbox refuses something AWS has no text
//! for, the message says it is the sandbox's.

use crate::api::{ApiError, ErrorCode};

pub fn invalid_resource() -> ApiError {
    ApiError::new(
        ErrorCode::SnowballInvalidResource,
        "The specified resource can't be found. Check the information you provided in your \
         last request, and try again.",
    )
}

pub fn invalid_job_state() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidJobState,
        "The action can't be performed because the job's current state doesn't allow that \
         action to be performed.",
    )
}

pub fn invalid_input_combination() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidInputCombination,
        "Job or cluster creation failed. One or more inputs were invalid. Confirm that the \
         CreateClusterRequest$SnowballType value supports your CreateJobRequest$JobType, and \
         try again.",
    )
}

pub fn cluster_limit_exceeded() -> ApiError {
    ApiError::new(
        ErrorCode::ClusterLimitExceeded,
        "Job creation failed. Currently, clusters support five nodes. If you have fewer than \
         five nodes for your cluster and you have more nodes to create for this cluster, try \
         again and create jobs until your cluster has exactly five nodes.",
    )
}

pub fn invalid_address() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidAddress,
        "The address provided was invalid. Check the address with your region's carrier, and \
         try again.",
    )
}

pub fn invalid_next_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidNextToken,
        "The NextToken string was altered unexpectedly, and the operation has stopped. Run the \
         operation without changing the NextToken string, and try again.",
    )
}

pub fn label_exists() -> ApiError {
    ApiError::new(
        ErrorCode::ReturnShippingLabelAlreadyExists,
        "You get this exception if you call CreateReturnShippingLabel and a valid return \
         shipping label already exists. In this case, use DescribeReturnShippingLabel to get \
         the URL.",
    )
}

/// An export whose KeyRange selects no object of its bucket. AWS refuses such a job but no
/// text of its answer is known: the wording is the sandbox's.
pub fn empty_key_range(bucket: &str) -> ApiError {
    ApiError::new(
        ErrorCode::SnowballInvalidResource,
        format!(
            "The specified resource can't be found. Check the information you provided in your \
             last request, and try again. (The sandbox: the KeyRange selects no object in \
             bucket {bucket}, so there is nothing to export.)"
        ),
    )
}

/// The model's InvalidResourceException sentence with the sandbox's reason after it: AWS
/// documents no text for these refusals of a job's compute resources.
fn resource_not_found(why: String) -> ApiError {
    ApiError::new(
        ErrorCode::SnowballInvalidResource,
        format!(
            "The specified resource can't be found. Check the information you provided in your \
             last request, and try again. (The sandbox: {why}.)"
        ),
    )
}

/// A LambdaArn that names no function: the sandbox's functions are its built-in programs.
pub fn no_function(why: &str) -> ApiError {
    resource_not_found(why.to_string())
}

/// An EventTriggers ARN that is not one of the job's buckets.
pub fn trigger_not_job_bucket(arn: &str) -> ApiError {
    resource_not_found(format!(
        "the event trigger {arn} is not one of the job's S3Resources; a function is triggered \
         by PUTs into the job's own buckets"
    ))
}

/// An AmiId the account cannot run on a Snow device.
pub fn no_image(ami: &str) -> ApiError {
    resource_not_found(format!(
        "{ami} is not one of the AMIs ListCompatibleImages answers ({})",
        crate::snowball::catalog::COMPATIBLE_IMAGES
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// What the sandbox does not simulate (long-term pricing, service versions).
pub fn not_simulated(action: &str) -> ApiError {
    ApiError::new(
        ErrorCode::SnowballInvalidResource,
        format!("The sandbox does not simulate {action}."),
    )
}

// ----- the device (the Snowball client's and the adapter's answers; AWS's clients word these
// differently by version, so the texts are the sandbox's unless quoted) ---------------------

fn device(action: &str, message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message).with_action(action)
}

pub fn device_not_here(action: &str, job: &str, state: &str) -> ApiError {
    device(
        action,
        format!("The Snowball for job {job} is not at your site (the job is {state}); it can be unlocked and written only while the job is WithCustomer."),
    )
}

pub fn wrong_unlock(action: &str) -> ApiError {
    device(action, "Authentication failed: the unlock code does not match the manifest. Check both in the console (GetJobManifest, GetJobUnlockCode) and try again.".into())
}

pub fn wrong_manifest(action: &str, job: &str) -> ApiError {
    device(
        action,
        format!("Authentication failed: this manifest belongs to another job, not to {job}."),
    )
}

/// Also what the client's `ls` and `status` answer on a locked device.
pub fn locked_text() -> String {
    "The Snowball is locked: run snowball start -i IP -m manifest -u code first.".into()
}

pub fn locked(action: &str) -> ApiError {
    device(action, locked_text())
}

pub fn root_level(action: &str) -> ApiError {
    device(
        action,
        "You can't write data to the root level of the Snowball. All data must be written into one of the bucket folders (s3://BUCKET/...), and the bucket must be one of the job's.".into(),
    )
}

pub fn not_job_bucket(action: &str, bucket: &str) -> ApiError {
    device(action, format!("Bucket {bucket} is not one of this job's buckets: the Snowball's root folders are the job's buckets."))
}

pub fn over_capacity(action: &str, free: u64, asked: u64) -> ApiError {
    device(
        action,
        format!("Not enough space on the Snowball: {asked} bytes to copy, {free} bytes free."),
    )
}

pub fn key_too_long(action: &str) -> ApiError {
    device(
        action,
        "Objects transferred onto Snowballs have a maximum key length of 933 bytes.".into(),
    )
}

pub fn file_too_big(action: &str) -> ApiError {
    device(
        action,
        "Each file or object that is imported must be less than or equal to 5 TB in size.".into(),
    )
}

pub fn copy_busy(action: &str) -> ApiError {
    device(action, "A copy onto this Snowball is still running; wait for it to finish.".into())
}

pub fn no_compute(action: &str, snowball_type: &str) -> ApiError {
    device(action, format!("A {snowball_type} device runs no compute: choose a Snowball Edge with compute (EDGE, EDGE_C, EDGE_CG, ...)."))
}

pub fn no_instance(action: &str, job: &str) -> ApiError {
    device(action, format!("No EC2-compatible instance on this device: job {job} named no AMI. Name one in CreateJob's Resources.Ec2AmiResources (an AmiId from ListCompatibleImages) to run a program on the device before it ships back; a Lambda function (Resources.LambdaResources) runs on each file as you copy it."))
}

pub fn unknown_program(action: &str, program: &str) -> ApiError {
    device(
        action,
        format!(
            "Unknown program {program}: the device runs filter:TEXT, gzip, uppercase, \
             streaming:MAPPER (map-only, over each file) or streaming:MAPPER|REDUCER (map and \
             reduce over the files of each folder, into one part-00000 sorted by key), \
             the sandbox's spelling of an EMR streaming step's -mapper and -reducer. \
             Mappers: {}. Reducers: {}.",
            super::super::edge::MAPPERS,
            super::super::edge::REDUCERS
        ),
    )
}

/// A streaming reducer that fails on a folder's records (Hadoop's task attempt fails with the
/// Java exception): the sandbox's wording around it; nothing on the device changes.
pub fn streaming_failed(action: &str, program: &str, folder: &str, why: &str) -> ApiError {
    device(
        action,
        format!("{program} failed over s3://{folder}/: {why}. The device's files are unchanged."),
    )
}

pub fn too_much_described(action: &str) -> ApiError {
    device(action, "The sandbox describes at most 10 PB at a time: past 10 PB in one location AWS recommended Snowmobile.".into())
}

/// S3's NoSuchBucket sentence.
pub fn no_bucket(action: &str, bucket: &str) -> ApiError {
    device(action, format!("The specified bucket does not exist: {bucket}."))
}

pub fn no_job(action: &str, job: &str) -> ApiError {
    device(action, format!("No job {job}."))
}

pub fn kms_request_failed() -> ApiError {
    ApiError::new(
        ErrorCode::KmsRequestFailed,
        "The provided Key Management Service key lacks the permissions to perform the specified \
         CreateJob or UpdateJob action.",
    )
}
