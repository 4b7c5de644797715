//! What moves the device: the manifest and unlock code, return labels, the customer's shipment
//! states; and the account-wide answers (usage, software updates, AMIs, long-term pricing).

use super::jobs::{job, job_mut};
use super::messages::*;
use super::*;
use crate::api::validate::Validator;
use crate::sim::format_iso;
use crate::snowball::catalog::{SHIPMENT_STATES, SHIPPING_OPTIONS};
use crate::snowball::model::*;
use crate::snowball::timeline::DAY_MS;
use crate::snowball::wire::*;

/// "The default service limit for the number of Snow devices that you can have at one time is
/// 1." The sandbox reports it but does not refuse a second job (see [`get_snowball_usage`]).
pub const SNOWBALL_LIMIT: i64 = 1;

/// How long a return label stays valid: no AWS figure is known, the sandbox's choice.
pub const LABEL_VALID_MS: u64 = 30 * DAY_MS;
/// A return label is being made for this long before it is Succeeded (the sandbox's choice).
pub const LABEL_MAKING_MS: i64 = 60_000;

/// The manifest's file name: what `snowball start -m` is given.
pub fn manifest_name(job_id: &str) -> String {
    format!("{job_id}_manifest.bin")
}

fn presigned(host: &str, file: &str, unix_ms: i64) -> String {
    let t = format_iso(unix_ms).replace(['-', ':'], "");
    let stamp = format!("{}{}Z", &t[..8], &t[8..15]);
    format!(
        "https://{host}.s3.amazonaws.com/{file}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={stamp}\
         &X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
    )
}

fn with_customer(job: &Job) -> Result<(), ApiError> {
    if job.state != JobState::WithCustomer {
        return Err(invalid_job_state());
    }
    Ok(())
}

fn checked_job<'a>(services: &'a Services, input: &JobIdInput) -> Result<&'a Job, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, input.job_id.as_deref());
    v.finish()?;
    job(&services.snowball, input.job_id.as_deref())
}

/// "The manifest is an encrypted file that you can download after your job enters the
/// WithCustomer status. This is the only valid status for calling this API".
pub fn get_job_manifest(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<GetJobManifestOutput, ApiError> {
    let job = checked_job(services, &input)?;
    with_customer(job)?;
    let uri = presigned("awsie-frosty-manifests-prod", &manifest_name(&job.id), ctx.unix_ms());
    Ok(GetJobManifestOutput { manifest_uri: uri })
}

/// "The UnlockCode value is a 29-character code with 25 alphanumeric characters and 4
/// hyphens." "The only valid status for calling this API is WithCustomer".
pub fn get_job_unlock_code(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<GetJobUnlockCodeOutput, ApiError> {
    let job = checked_job(services, &input)?;
    with_customer(job)?;
    Ok(GetJobUnlockCodeOutput { unlock_code: job.unlock_code.clone() })
}

/// Devices in use: every job past New that is not finished (its device is assigned to it). AWS's
/// default limit is reported; the sandbox still lets a learner order a second device, so that
/// the scenarios can compare jobs side by side (the view says so).
pub fn get_snowball_usage(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    _input: NoInput,
) -> Result<GetSnowballUsageOutput, ApiError> {
    let in_use = services
        .snowball
        .jobs
        .values()
        .filter(|j| !j.is_master && !matches!(j.state, JobState::New | JobState::Pending))
        .filter(|j| !j.state.is_finished())
        .count();
    Ok(GetSnowballUsageOutput { snowball_limit: SNOWBALL_LIMIT, snowballs_in_use: in_use as i64 })
}

pub fn get_software_updates(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<GetSoftwareUpdatesOutput, ApiError> {
    let job = checked_job(services, &input)?;
    with_customer(job)?;
    let file = format!("{}_updates.tar", job.id);
    Ok(GetSoftwareUpdatesOutput {
        updates_uri: presigned("awsie-frosty-updates-prod", &file, ctx.unix_ms()),
    })
}

fn label_status(label: &ReturnLabel, now: i64) -> &'static str {
    if now >= label.created_ms + LABEL_VALID_MS as i64 {
        "TimedOut"
    } else if now >= label.created_ms + LABEL_MAKING_MS {
        "Succeeded"
    } else {
        "InProgress"
    }
}

pub fn create_return_shipping_label(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateReturnShippingLabelInput,
) -> Result<CreateReturnShippingLabelOutput, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, input.job_id.as_deref());
    v.enumeration("shippingOption", input.shipping_option.as_deref(), SHIPPING_OPTIONS);
    v.finish()?;
    let now = ctx.unix_ms();
    let job = job_mut(&mut services.snowball, input.job_id.as_deref())?;
    with_customer(job)?;
    if job.return_label.as_ref().is_some_and(|l| label_status(l, now) != "TimedOut") {
        return Err(label_exists());
    }
    let shipping_option = input.shipping_option.unwrap_or_else(|| job.shipping_option.clone());
    job.return_label = Some(ReturnLabel { created_ms: now, shipping_option });
    ctx.emit(Event::ReturnLabelCreated { job_id: job.id.clone() });
    Ok(CreateReturnShippingLabelOutput { status: "InProgress".into() })
}

pub fn describe_return_shipping_label(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<DescribeReturnShippingLabelOutput, ApiError> {
    let job = checked_job(services, &input)?;
    let label = job.return_label.as_ref().ok_or_else(invalid_job_state)?;
    let now = ctx.unix_ms();
    Ok(DescribeReturnShippingLabelOutput {
        status: label_status(label, now).into(),
        expiration_date: Timestamp(label.created_ms + LABEL_VALID_MS as i64),
        return_shipping_label_uri: presigned(
            "awsie-frosty-labels-prod",
            &format!("{}_return_label.pdf", job.id),
            now,
        ),
    })
}

/// "Set to RECEIVED when the device arrives at your location. Set to RETURNED when you have
/// returned the device to Amazon Web Services." RETURNED is how the job leaves WithCustomer.
pub fn update_job_shipment_state(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: UpdateJobShipmentStateInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, input.job_id.as_deref());
    let state = input.shipment_state.as_deref();
    if v.required("shipmentState", state.as_ref()) {
        v.enumeration("shipmentState", state, SHIPMENT_STATES);
    }
    v.finish()?;
    let job = job_mut(&mut services.snowball, input.job_id.as_deref())?;
    with_customer(job)?;
    if state == Some("RECEIVED") {
        job.received = true;
        return Ok(Empty);
    }
    if job.appliance.copy_until_ms > ctx.unix_ms() {
        return Err(invalid_job_state());
    }
    if let Some(label) = &job.return_label {
        job.shipping_option = label.shipping_option.clone();
    }
    let id = job.id.clone();
    crate::snowball::tick::enter(services, ctx, &id, JobState::InTransitToAWS);
    Ok(Empty)
}

/// The AMIs a Snowball Edge can run: the sandbox offers two, by the documented bases.
pub fn list_compatible_images(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<ListCompatibleImagesOutput, ApiError> {
    let all = crate::snowball::catalog::COMPATIBLE_IMAGES;
    let ids: Vec<String> = all.iter().map(|(id, _)| id.to_string()).collect();
    let (shown, next_token) = page(&ids, input.max_results, input.next_token.as_deref())?;
    let compatible_images = all
        .iter()
        .filter(|(id, _)| shown.iter().any(|s| s == id))
        .map(|(id, name)| CompatibleImage { ami_id: id.to_string(), name: name.to_string() })
        .collect();
    Ok(ListCompatibleImagesOutput { compatible_images, next_token })
}

pub fn list_long_term_pricing(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<ListLongTermPricingOutput, ApiError> {
    page(&[], input.max_results, input.next_token.as_deref())?;
    Ok(ListLongTermPricingOutput::default())
}
