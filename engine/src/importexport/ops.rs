//! The six actions of AWS Import/Export (`importexport`, API 2010-06-01): CreateJob, GetStatus,
//! UpdateJob, CancelJob, ListJobs, GetShippingLabel. Typed requests in, typed responses or the
//! service's exceptions out.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use md5::{Digest, Md5};

use super::manifest::{self, Manifest};
use super::model::*;
use super::texts;
use super::wire::*;
use super::ImportExport;
use crate::api::json::call;
use crate::api::wire::Timestamp;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// The access key id the console and the UI sign with (they make calls as the account's root
/// user, with no key of their own): the developer guide's example key, so its manifests work
/// as written. A call through the local endpoint is signed with the learner's key instead.
pub const CONSOLE_ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// Runs `importexport.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "CreateJob" => call(services, ctx, body, create_job),
        "GetStatus" => call(services, ctx, body, get_status),
        "UpdateJob" => call(services, ctx, body, update_job),
        "CancelJob" => call(services, ctx, body, cancel_job),
        "ListJobs" => call(services, ctx, body, list_jobs),
        "GetShippingLabel" => call(services, ctx, body, get_shipping_label),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// The key the call is signed with.
pub fn caller_key<'a>(ctx: &'a Ctx<'_>) -> &'a str {
    ctx.caller.unwrap_or(CONSOLE_ACCESS_KEY_ID)
}

/// The parameters every job request carries, read and checked: job type, manifest, and the
/// manifest's agreement with the caller and with S3.
fn checked_manifest(
    services: &Services,
    ctx: &Ctx<'_>,
    job_type: Option<&str>,
    manifest: Option<&str>,
    validate_only: Option<bool>,
) -> Result<(DiskJobType, Manifest), ApiError> {
    let (Some(job_type), Some(text), Some(_)) = (job_type, manifest, validate_only) else {
        return Err(texts::missing_parameter());
    };
    let job_type = DiskJobType::parse(job_type).ok_or_else(texts::invalid_parameter)?;
    let m = manifest::read(text, job_type == DiskJobType::Import).map_err(|p| p.error)?;
    if m.access_key_id != caller_key(ctx) {
        return Err(texts::invalid_access_key_id());
    }
    // The sandbox's S3 is one region, so MultipleRegionsException cannot arise; a Glacier
    // vault is not checked (the sandbox has no Glacier service).
    if m.buckets().iter().any(|b| !services.s3.buckets.contains_key(b)) {
        return Err(texts::no_such_bucket());
    }
    Ok((job_type, m))
}

fn erase_warning(job_type: DiskJobType, m: &Manifest) -> Option<String> {
    (job_type == DiskJobType::Import && m.erase_device).then(|| texts::ERASE_WARNING.to_string())
}

/// A job id: five characters, upper-case letters and digits, like the guide's examples (the
/// sandbox's choice of alphabet; AWS documents none).
fn new_job_id(ctx: &mut Ctx<'_>, taken: &ImportExport) -> String {
    loop {
        let id = ctx.rng.alnum(5).to_uppercase();
        if !taken.jobs.contains_key(&id) {
            return id;
        }
    }
}

/// The SIGNATURE file's signature: 20 bytes in base64 (the length of AWS's HMAC-SHA1). The
/// sandbox holds no secret key, so it derives them from the job and its manifest.
fn signature(job_id: &str, manifest: &str) -> String {
    let a = Md5::digest(format!("sig-a:{job_id}:{manifest}").as_bytes());
    let b = Md5::digest(format!("sig-b:{job_id}:{manifest}").as_bytes());
    let mut bytes = a.to_vec();
    bytes.extend_from_slice(&b[..4]);
    BASE64.encode(bytes)
}

/// The SIGNATURE file, as GetStatus's example shows it.
pub fn signature_file(job_id: &str, signature: &str) -> String {
    format!("version:2.0\nsigningMethod:HmacSHA1\njobId:{job_id}\nsignature:{signature}")
}

/// The PDF the guide says comes with a new job (the barcode to tape to the device). Its
/// address is the sandbox's: AWS's response format for it is not documented.
fn artifacts(job_id: &str) -> Vec<Artifact> {
    vec![Artifact {
        description: "Signature barcode and shipping instructions (PDF)".into(),
        url: format!("https://importexport.amazonaws.com/jobs/{job_id}/{job_id}-signature.pdf"),
    }]
}

pub fn create_job(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateJobInput,
) -> Result<CreateJobOutput, ApiError> {
    let (job_type, m) = checked_manifest(
        services,
        ctx,
        input.job_type.as_deref(),
        input.manifest.as_deref(),
        input.validate_only.0,
    )?;
    let warning_message = erase_warning(job_type, &m);
    if input.validate_only.0 == Some(true) {
        // "Validate the manifest and parameter values in the request but do not actually
        // create a job": no job id, no signature.
        return Ok(CreateJobOutput {
            job_type: job_type.as_str().into(),
            warning_message,
            ..CreateJobOutput::default()
        });
    }
    let now = ctx.unix_ms();
    let today =
        services.importexport.jobs.values().filter(|j| now - j.created_ms < DAY_MS as i64).count();
    if today >= JOBS_PER_DAY {
        return Err(texts::quota_exceeded());
    }
    let id = new_job_id(ctx, &services.importexport);
    let text = input.manifest.unwrap_or_default();
    let sig = signature(&id, &text);
    let return_tracking = format!("1Z{}", ctx.rng.alnum(16).to_uppercase());
    let job = Job {
        id: id.clone(),
        job_type,
        manifest_text: text,
        created_ms: now,
        location: Location::NotReceived,
        progress: Progress::Pending,
        canceled: false,
        signature_file: signature_file(&id, &sig),
        signature: sig.clone(),
        device: None,
        shipping_label_url: None,
        return_tracking,
        returned: false,
        log_key: None,
        error_count: 0,
        errors: Vec::new(),
        loaded_bytes: 0,
        loaded_objects: 0,
        loading_ms: 0,
        outputs: Vec::new(),
        history: vec![(now, Location::NotReceived, Progress::Pending)],
        manifest: m,
    };
    ctx.emit(Event::JobCreated {
        job_id: id.clone(),
        job_type: job_type.as_str().into(),
        device_id: job.manifest.device_id.clone(),
    });
    let out = CreateJobOutput {
        job_id: Some(id.clone()),
        job_type: job_type.as_str().into(),
        signature: Some(sig),
        signature_file_contents: Some(job.signature_file.clone()),
        warning_message,
        artifact_list: artifacts(&id),
    };
    let ie = &mut services.importexport;
    ie.job_order.push(id.clone());
    ie.jobs.insert(id.clone(), job);
    ctx.schedule_in(EXPIRES_AFTER_MS, Wake::Expire { job: id });
    Ok(out)
}

/// The job a request names; a job that expired "out of the system" answers so.
fn job<'a>(ie: &'a ImportExport, id: Option<&str>) -> Result<&'a Job, ApiError> {
    let id = id.filter(|i| !i.is_empty()).ok_or_else(texts::missing_parameter)?;
    ie.jobs.get(id).ok_or_else(texts::invalid_job_id)
}

/// A job that can still be acted on: not canceled, not expired.
fn live_job<'a>(ie: &'a ImportExport, id: Option<&str>) -> Result<&'a Job, ApiError> {
    let j = job(ie, id)?;
    if j.canceled {
        return Err(texts::canceled_job_id());
    }
    if j.progress == Progress::Expired {
        return Err(texts::expired_job_id());
    }
    Ok(j)
}

pub fn location_message(job: &Job) -> String {
    match job.location {
        Location::NotReceived => texts::LOC_NOT_RECEIVED.into(),
        Location::AtAWS => texts::LOC_AT_AWS.into(),
        Location::Returned => texts::loc_returned("UPS", &job.return_tracking),
    }
}

pub fn progress_message(job: &Job) -> String {
    let log_key = job.log_key.clone().unwrap_or_default();
    let log_bucket = job.manifest.log_bucket().unwrap_or_default();
    match job.progress {
        Progress::Pending => texts::PROG_PENDING.into(),
        Progress::InProgress => texts::PROG_IN_PROGRESS.into(),
        Progress::Complete => texts::prog_complete(&log_key, &log_bucket),
        Progress::SuccessWithErrors => {
            texts::prog_with_errors(job.error_count, &log_key, &log_bucket)
        }
        Progress::Canceled => texts::PROG_CANCELED.into(),
        Progress::Expired => texts::PROG_EXPIRED.into(),
        Progress::MissingSignature => texts::PROG_MISSING_SIGNATURE.into(),
        Progress::InvalidSignature => texts::PROG_INVALID_SIGNATURE.into(),
    }
}

pub fn get_status(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: GetStatusInput,
) -> Result<GetStatusOutput, ApiError> {
    let j = job(&services.importexport, input.job_id.as_deref())?;
    let shipped_back = j.location == Location::Returned;
    Ok(GetStatusOutput {
        job_id: j.id.clone(),
        job_type: j.job_type.as_str().into(),
        location_code: j.location.as_str().into(),
        location_message: location_message(j),
        progress_code: j.progress.as_str().into(),
        progress_message: progress_message(j),
        carrier: shipped_back.then(|| "UPS".into()),
        tracking_number: shipped_back.then(|| j.return_tracking.clone()),
        log_bucket: j.log_key.as_ref().and(j.manifest.log_bucket()),
        log_key: j.log_key.clone(),
        error_count: j.error_count as i64,
        signature: j.signature.clone(),
        signature_file_contents: j.signature_file.clone(),
        current_manifest: j.manifest_text.clone(),
        creation_date: Timestamp(j.created_ms),
        artifact_list: artifacts(&j.id),
    })
}

/// "You can only use the operation after a CreateJob request but before the data transfer
/// starts"; the original manifest is discarded, and the job type may change.
pub fn update_job(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: UpdateJobInput,
) -> Result<UpdateJobOutput, ApiError> {
    let (job_type, m) = checked_manifest(
        services,
        ctx,
        input.job_type.as_deref(),
        input.manifest.as_deref(),
        input.validate_only.0,
    )?;
    let j = live_job(&services.importexport, input.job_id.as_deref())?;
    if !j.not_started() {
        return Err(texts::unable_to_update());
    }
    let warning_message = erase_warning(job_type, &m);
    if input.validate_only.0 == Some(true) {
        return Ok(UpdateJobOutput { success: true, warning_message, artifact_list: Vec::new() });
    }
    let id = j.id.clone();
    let text = input.manifest.unwrap_or_default();
    let sig = signature(&id, &text);
    if let Some(j) = services.importexport.jobs.get_mut(&id) {
        j.job_type = job_type;
        j.manifest = m;
        j.manifest_text = text;
        j.signature_file = signature_file(&id, &sig);
        j.signature = sig;
    }
    ctx.emit(Event::JobUpdated { job_id: id.clone() });
    Ok(UpdateJobOutput { success: true, warning_message, artifact_list: artifacts(&id) })
}

/// "The operation fails if the job has already started or is complete."
pub fn cancel_job(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CancelJobInput,
) -> Result<CancelJobOutput, ApiError> {
    let j = live_job(&services.importexport, input.job_id.as_deref())?;
    if !j.not_started() {
        return Err(texts::unable_to_cancel());
    }
    let id = j.id.clone();
    let at_aws = j.location == Location::AtAWS;
    super::tick::set_status(services, ctx, &id, None, Some(Progress::Canceled));
    if let Some(j) = services.importexport.jobs.get_mut(&id) {
        j.canceled = true;
    }
    ctx.emit(Event::JobCanceled { job_id: id.clone() });
    if at_aws {
        // A device already at AWS goes back unprocessed.
        ctx.schedule_in(DAY_MS, Wake::ShipBack { job: id });
    }
    Ok(CancelJobOutput { success: true })
}

/// Jobs in reverse chronological order, after the job `Marker` names.
pub fn list_jobs(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ListJobsInput,
) -> Result<ListJobsOutput, ApiError> {
    let max = match &input.max_jobs {
        None => 1000,
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .filter(|n| *n > 0)
            .ok_or_else(texts::invalid_parameter)? as usize,
    };
    let ie = &services.importexport;
    let newest_first: Vec<&String> = ie.job_order.iter().rev().collect();
    let start = match input.marker.as_deref().filter(|m| !m.is_empty()) {
        None => 0,
        Some(m) => {
            newest_first.iter().position(|id| *id == m).ok_or_else(texts::invalid_parameter)? + 1
        }
    };
    let rest = &newest_first[start.min(newest_first.len())..];
    let jobs = rest
        .iter()
        .take(max)
        .filter_map(|id| ie.jobs.get(*id))
        .map(|j| JobEntry {
            job_id: j.id.clone(),
            creation_date: Timestamp(j.created_ms),
            is_canceled: j.canceled,
            job_type: j.job_type.as_str().into(),
        })
        .collect();
    Ok(ListJobsOutput { jobs, is_truncated: rest.len() > max })
}

/// "This operation generates a pre-paid UPS shipping label that you will use to ship your
/// device to AWS for processing." The address fields left out are taken from the first job's
/// return address (the sandbox's choice). The label's address follows the AWS CLI's example,
/// in the first job's log bucket.
pub fn get_shipping_label(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: GetShippingLabelInput,
) -> Result<GetShippingLabelOutput, ApiError> {
    if input.job_ids.is_empty() {
        return Err(texts::missing_parameter());
    }
    let ie = &services.importexport;
    for id in &input.job_ids {
        live_job(ie, Some(id))?;
    }
    let first = live_job(ie, input.job_ids.first().map(String::as_str))?;
    let a = &first.manifest.return_address;
    let given = [&input.name, &input.street1, &input.city, &input.postal_code, &input.country];
    let fallback = [&a.name, &a.street1, &a.city, &a.postal_code, &a.country];
    if given.iter().zip(fallback).any(|(g, f)| g.as_deref().unwrap_or(f).trim().is_empty()) {
        return Err(texts::invalid_address());
    }
    let bucket = first.manifest.log_bucket().unwrap_or_else(|| "importexport".into());
    let url =
        format!("https://s3.amazonaws.com/{bucket}/shipping-label-{}.pdf", input.job_ids.join("-"));
    for id in &input.job_ids {
        if let Some(j) = services.importexport.jobs.get_mut(id) {
            j.shipping_label_url = Some(url.clone());
        }
    }
    Ok(GetShippingLabelOutput { shipping_label_url: url, warning: None })
}
