//! CreateJob, DescribeJob, ListJobs, UpdateJob, CancelJob.

use super::messages::*;
use super::*;
use crate::api::validate::Validator;
use crate::snowball::catalog::{self, *};
use crate::snowball::model::*;
use crate::snowball::timeline::HOUR_MS;
use crate::snowball::wire::*;
use crate::snowball::{crypto, edge, parts, Snowball};

/// The KMS key a job gets when it names none: the account's AWS-managed key for Snowball
/// (`aws/importexport`), its id derived from the account so every run shows the same one.
pub fn default_kms_key(ctx: &Ctx<'_>) -> String {
    let h = crypto::md5_hex(format!("aws/importexport:{}", ctx.config.account_id).as_bytes());
    format!(
        "arn:aws:kms:{}:{}:key/{}-{}-{}-{}-{}",
        ctx.config.region,
        ctx.config.account_id,
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The checks CreateJob and UpdateJob share, in AWS's member order.
fn check_settings(
    v: &mut Validator,
    address_id: Option<&str>,
    description: Option<&str>,
    forwarding: Option<&str>,
    role: Option<&str>,
    shipping: Option<&str>,
    capacity: Option<&str>,
) {
    v.string("addressId", address_id, Some(40), Some(40), Some(ADDRESS_ID));
    check_text(v, "description", description);
    v.string("forwardingAddressId", forwarding, Some(40), Some(40), Some(ADDRESS_ID));
    v.string("roleARN", role, None, Some(255), Some(ROLE_ARN));
    v.enumeration("shippingOption", shipping, SHIPPING_OPTIONS);
    v.enumeration("snowballCapacityPreference", capacity, CAPACITIES);
}

fn validate_create(input: &CreateJobInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    v.string("clusterId", s(&input.cluster_id), Some(39), Some(39), Some(CLUSTER_ID));
    v.enumeration("jobType", s(&input.job_type), catalog::JOB_TYPES);
    check_compute_members(&mut v, input.resources.as_ref());
    v.string("kmsKeyARN", s(&input.kms_key_arn), None, Some(255), Some(KMS_KEY_ARN));
    v.enumeration("remoteManagement", s(&input.remote_management), REMOTE_MANAGEMENT);
    v.enumeration("snowballType", s(&input.snowball_type), SNOWBALL_TYPES);
    check_settings(
        &mut v,
        s(&input.address_id),
        s(&input.description),
        s(&input.forwarding_address_id),
        s(&input.role_arn),
        s(&input.shipping_option),
        s(&input.snowball_capacity_preference),
    );
    v.finish()
}

/// A KMS key of another account: the sandbox's KMS grants nothing across accounts.
fn check_kms(ctx: &Ctx<'_>, key_arn: &str) -> Result<(), ApiError> {
    let account = key_arn.split(':').nth(4).unwrap_or_default();
    if account != ctx.config.account_id {
        return Err(kms_request_failed());
    }
    Ok(())
}

/// Every bucket the resources name exists, and an export's KeyRange selects something.
fn check_resources(
    services: &Services,
    job_type: JobType,
    resources: &JobResource,
) -> Result<(), ApiError> {
    if job_type != JobType::LocalUse && resources.s3().is_empty() {
        return Err(invalid_resource());
    }
    for r in resources.s3() {
        let arn_ok = r.bucket_arn.as_deref().is_some_and(|a| (RESOURCE_ARN.matches)(a));
        let bucket = r.bucket().filter(|_| arn_ok).ok_or_else(invalid_resource)?;
        if !services.s3.buckets.contains_key(bucket) {
            return Err(invalid_resource());
        }
        if job_type == JobType::Export {
            let one = JobResource { s3_resources: Some(vec![r.clone()]), ..Default::default() };
            if crate::snowball::parts::list(services, &one).is_empty() {
                return Err(empty_key_range(bucket));
            }
        }
    }
    Ok(())
}

/// A job's compute resources: a device type that computes (InvalidInputCombinationException,
/// the model's error for inputs that do not go together: AWS documents no other answer), a
/// function the sandbox has ([`edge`]), triggers on the job's own buckets, AMIs from
/// ListCompatibleImages (both InvalidResourceException: "can't be found", with the sandbox's
/// reason).
pub(crate) fn check_compute(snowball_type: &str, resources: &JobResource) -> Result<(), ApiError> {
    let lambdas = resources.lambda_resources.as_deref().unwrap_or_default();
    let amis = resources.ec2_ami_resources.as_deref().unwrap_or_default();
    if lambdas.is_empty() && amis.is_empty() {
        return Ok(());
    }
    if !catalog::device_type(snowball_type).is_some_and(|d| d.computes) {
        return Err(invalid_input_combination());
    }
    let buckets: Vec<&str> = resources.s3().iter().filter_map(S3Resource::bucket).collect();
    for l in lambdas {
        let arn = l.lambda_arn.as_deref().unwrap_or_default();
        edge::Program::from_lambda_arn(arn).map_err(|why| no_function(&why))?;
        for t in l.event_triggers.iter().flatten() {
            let trigger = t.event_resource_arn.as_deref().unwrap_or_default();
            if !edge::arn_bucket(trigger).is_some_and(|b| buckets.contains(&b)) {
                return Err(trigger_not_job_bucket(trigger));
            }
        }
    }
    for a in amis {
        let id = a.ami_id.as_deref().unwrap_or_default();
        if !COMPATIBLE_IMAGES.iter().any(|(i, _)| *i == id) {
            return Err(no_image(id));
        }
    }
    Ok(())
}

/// The id each AMI gets on the device ("The ID of the AMI on the Snow device"), when the
/// request names none: `s.ami-` and 17 hex digits, as the Snowball Edge client lists device
/// images, derived from the job and the AMI so every run shows the same (the sandbox's).
fn with_snowball_ami_ids(job_id: &str, mut resources: JobResource) -> JobResource {
    for a in resources.ec2_ami_resources.iter_mut().flatten() {
        if a.snowball_ami_id.is_none() {
            let ami = a.ami_id.as_deref().unwrap_or_default();
            let h = crypto::md5_hex(format!("{job_id}:{ami}").as_bytes());
            a.snowball_ami_id = Some(format!("s.ami-{}", &h[..17]));
        }
    }
    resources
}

fn address_exists(sb: &Snowball, id: Option<&str>) -> Result<(), ApiError> {
    match id {
        Some(id) if !sb.addresses.contains_key(id) => Err(invalid_resource()),
        _ => Ok(()),
    }
}

pub fn create_job(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateJobInput,
) -> Result<CreateJobOutput, ApiError> {
    validate_create(&input)?;
    let mut input = input;
    if let Some(cid) = input.cluster_id.clone() {
        inherit_from_cluster(&services.snowball, &mut input, &cid)?;
    }
    let job_type = input.job_type.as_deref().and_then(JobType::parse);
    let job_type = job_type.ok_or_else(invalid_input_combination)?;
    let sb = &services.snowball;
    if input.address_id.is_none() {
        return Err(invalid_resource());
    }
    address_exists(sb, input.address_id.as_deref())?;
    address_exists(sb, input.forwarding_address_id.as_deref())?;
    let resources = input.resources.clone().unwrap_or_default();
    check_resources(services, job_type, &resources)?;
    let kms_key_arn = input.kms_key_arn.clone().unwrap_or_else(|| default_kms_key(ctx));
    check_kms(ctx, &kms_key_arn)?;
    let snowball_type = input.snowball_type.clone().unwrap_or_else(|| "EDGE_S".into());
    let preference = input.snowball_capacity_preference.as_deref().unwrap_or("NoPreference");
    let capacity = capacity_of(&snowball_type, preference).to_string();
    check_compute(&snowball_type, &resources)?;
    // An export whose KeyRange holds more than one device becomes a main job (`MID...`) that
    // lists the bucket and ships in parts (`parts`); decided here, from the listing the
    // KeyRange check just made (the sandbox's reading: AWS documents the split, not when).
    let listed: u64 = match job_type {
        JobType::Export => parts::list(services, &resources).iter().map(parts::Item::bytes).sum(),
        _ => 0,
    };
    let is_master = listed > usable_bytes(&snowball_type, &capacity);
    let id = new_id(ctx, if is_master { "MID" } else { "JID" });
    let mut job =
        new_job(ctx, id.clone(), job_type, snowball_type, capacity, kms_key_arn, resources, input);
    job.is_master = is_master;
    ctx.emit(Event::JobCreated {
        job_id: id.clone(),
        job_type: job.job_type.as_str().into(),
        snowball_type: job.snowball_type.clone(),
        capacity: job.capacity.clone(),
    });
    let sb = &mut services.snowball;
    if let Some(cluster) = job.cluster_id.as_ref().and_then(|c| sb.clusters.get_mut(c)) {
        cluster.jobs.push(id.clone());
    }
    sb.job_order.push(id.clone());
    sb.jobs.insert(id.clone(), job);
    ctx.schedule_in(HOUR_MS, Wake::Advance { job: id.clone(), from: JobState::New });
    if let Some(cid) = services.snowball.jobs.get(&id).and_then(|j| j.cluster_id.clone()) {
        super::clusters::refresh(services, ctx, &cid);
    }
    Ok(CreateJobOutput { job_id: id })
}

/// A node job of a cluster: "you only need to provide the clusterId value; the other job
/// attributes are inherited from the cluster". A full cluster refuses a sixth node.
fn inherit_from_cluster(
    sb: &Snowball,
    input: &mut CreateJobInput,
    cid: &str,
) -> Result<(), ApiError> {
    let c = sb.clusters.get(cid).ok_or_else(invalid_resource)?;
    if c.jobs.len() >= super::clusters::NODES_PER_CLUSTER {
        return Err(cluster_limit_exceeded());
    }
    input.job_type = Some(c.job_type.as_str().into());
    input.snowball_type = Some(c.snowball_type.clone());
    input.snowball_capacity_preference = Some(c.capacity.clone());
    input.address_id = Some(c.address_id.clone());
    input.shipping_option = Some(c.shipping_option.clone());
    input.kms_key_arn = Some(c.kms_key_arn.clone());
    input.role_arn = input.role_arn.take().or_else(|| c.role_arn.clone());
    input.resources = input.resources.take().or_else(|| Some(c.resources.clone()));
    input.description = input.description.take().or_else(|| c.description.clone());
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn new_job(
    ctx: &mut Ctx<'_>,
    id: String,
    job_type: JobType,
    snowball_type: String,
    capacity: String,
    kms_key_arn: String,
    resources: JobResource,
    input: CreateJobInput,
) -> Job {
    let mut data_key = [0u8; 32];
    ctx.rng.fill(&mut data_key);
    let unlock_code = (0..5).map(|_| ctx.rng.alnum(5)).collect::<Vec<_>>().join("-");
    let snowball_id = format!("SB{}", ctx.rng.alnum(10).to_uppercase());
    let outbound_tracking = format!("1Z{}", ctx.rng.alnum(16).to_uppercase());
    let inbound_tracking = format!("1Z{}", ctx.rng.alnum(16).to_uppercase());
    let resources = with_snowball_ami_ids(&id, resources);
    let appliance = Appliance {
        capacity_bytes: usable_bytes(&snowball_type, &capacity),
        wrapped_key: crypto::wrap(&kms_key_arn, &data_key),
        data_key,
        ..Appliance::default()
    };
    Job {
        id,
        job_type,
        state: JobState::New,
        snowball_type,
        capacity,
        created_ms: ctx.unix_ms(),
        description: input.description,
        kms_key_arn,
        role_arn: input.role_arn,
        address_id: input.address_id,
        forwarding_address_id: input.forwarding_address_id,
        shipping_option: input.shipping_option.unwrap_or_else(|| "SECOND_DAY".into()),
        resources,
        notification: input.notification,
        on_device: input.on_device_service_configuration,
        remote_management: input.remote_management,
        cluster_id: input.cluster_id,
        snowball_id,
        unlock_code,
        outbound_tracking,
        inbound_tracking,
        received: false,
        return_label: None,
        history: vec![(JobState::New, ctx.unix_ms())],
        appliance,
        transferred: (0, 0),
        total: (0, 0),
        failures: Vec::new(),
        computed: None,
        lambda_runs: Default::default(),
        is_master: false,
        parts: Vec::new(),
        master: None,
        plan: None,
    }
}

/// One part of a main export job: the main job's settings on a device of its own (its own
/// data key, unlock code and tracking numbers), waiting (Pending) for its turn.
pub(crate) fn part_job(ctx: &mut Ctx<'_>, master: &Job, id: String) -> Job {
    let input = CreateJobInput {
        description: master.description.clone(),
        address_id: master.address_id.clone(),
        role_arn: master.role_arn.clone(),
        shipping_option: Some(master.shipping_option.clone()),
        notification: master.notification.clone(),
        forwarding_address_id: master.forwarding_address_id.clone(),
        remote_management: master.remote_management.clone(),
        on_device_service_configuration: master.on_device.clone(),
        ..Default::default()
    };
    let mut job = new_job(
        ctx,
        id,
        JobType::Export,
        master.snowball_type.clone(),
        master.capacity.clone(),
        master.kms_key_arn.clone(),
        master.resources.clone(),
        input,
    );
    job.state = JobState::Pending;
    job.history = vec![(JobState::Pending, ctx.unix_ms())];
    job.master = Some(master.id.clone());
    job
}

pub(crate) fn job<'a>(sb: &'a Snowball, id: Option<&str>) -> Result<&'a Job, ApiError> {
    sb.jobs.get(id.unwrap_or_default()).ok_or_else(invalid_resource)
}

pub(crate) fn job_mut<'a>(sb: &'a mut Snowball, id: Option<&str>) -> Result<&'a mut Job, ApiError> {
    sb.jobs.get_mut(id.unwrap_or_default()).ok_or_else(invalid_resource)
}

/// What the carrier's tracking says of one leg: nothing before it starts.
fn shipment(job: &Job, leaving: JobState, arriving: JobState, tracking: &str) -> Option<Shipment> {
    job.entered(leaving)?;
    let status = if job.entered(arriving).is_some() { "Delivered" } else { "In transit" };
    Some(Shipment { status: Some(status.into()), tracking_number: Some(tracking.into()) })
}

pub fn metadata(job: &Job) -> JobMetadata {
    let importing = job.state == JobState::InProgress && job.job_type == JobType::Import;
    let progress = importing.then_some(DataTransfer {
        bytes_transferred: job.transferred.0 as i64,
        objects_transferred: job.transferred.1 as i64,
        total_bytes: job.total.0 as i64,
        total_objects: job.total.1 as i64,
    });
    JobMetadata {
        job_id: job.id.clone(),
        job_state: job.state.as_str().into(),
        job_type: job.job_type.as_str().into(),
        snowball_type: job.snowball_type.clone(),
        creation_date: Timestamp(job.created_ms),
        resources: job.resources.clone(),
        description: job.description.clone(),
        kms_key_arn: job.kms_key_arn.clone(),
        role_arn: job.role_arn.clone(),
        address_id: job.address_id.clone(),
        shipping_details: ShippingDetails {
            shipping_option: Some(job.shipping_option.clone()),
            outbound_shipment: shipment(
                job,
                JobState::InTransitToCustomer,
                JobState::WithCustomer,
                &job.outbound_tracking,
            ),
            inbound_shipment: shipment(
                job,
                JobState::InTransitToAWS,
                JobState::WithAWSSortingFacility,
                &job.inbound_tracking,
            ),
        },
        snowball_capacity_preference: job.capacity.clone(),
        notification: job.notification.clone(),
        data_transfer_progress: progress,
        job_log_info: None,
        cluster_id: job.cluster_id.clone(),
        forwarding_address_id: job.forwarding_address_id.clone(),
        remote_management: job.remote_management.clone(),
        on_device_service_configuration: job.on_device.clone(),
        snowball_id: (job.state >= JobState::PreparingShipment && !job.state.is_finished()
            || job.state == JobState::Complete)
            .then(|| job.snowball_id.clone()),
    }
}

pub fn list_entry(job: &Job) -> JobListEntry {
    JobListEntry {
        job_id: job.id.clone(),
        job_state: job.state.as_str().into(),
        is_master: job.is_master,
        job_type: job.job_type.as_str().into(),
        snowball_type: job.snowball_type.clone(),
        creation_date: Timestamp(job.created_ms),
        description: job.description.clone(),
    }
}

pub fn describe_job(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<DescribeJobOutput, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, input.job_id.as_deref());
    v.finish()?;
    let sb = &services.snowball;
    let job = job(sb, input.job_id.as_deref())?;
    // A main export job describes its parts ("job part (in the case of an export job)").
    let parts: Vec<JobMetadata> =
        job.parts.iter().filter_map(|p| sb.jobs.get(p)).map(metadata).collect();
    let sub_job_metadata = job.is_master.then_some(parts);
    Ok(DescribeJobOutput { job_metadata: metadata(job), sub_job_metadata })
}

pub fn list_jobs(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<ListJobsOutput, ApiError> {
    let sb = &services.snowball;
    let (ids, next_token) = page(&sb.job_order, input.max_results, input.next_token.as_deref())?;
    let job_list_entries = ids.iter().filter_map(|id| sb.jobs.get(id)).map(list_entry).collect();
    Ok(ListJobsOutput { job_list_entries, next_token })
}

/// "While a job's JobState value is New, you can update some of the information associated
/// with a job. Once the job changes to a different job state, usually within 60 minutes of the
/// job being created, this action is no longer available."
pub fn update_job(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: UpdateJobInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, s(&input.job_id));
    check_compute_members(&mut v, input.resources.as_ref());
    check_settings(
        &mut v,
        s(&input.address_id),
        s(&input.description),
        s(&input.forwarding_address_id),
        s(&input.role_arn),
        s(&input.shipping_option),
        s(&input.snowball_capacity_preference),
    );
    v.finish()?;
    let sb = &services.snowball;
    let current = job(sb, s(&input.job_id))?;
    let (job_type, snowball_type) = (current.job_type, current.snowball_type.clone());
    if current.state != JobState::New {
        return Err(invalid_job_state());
    }
    address_exists(sb, s(&input.address_id))?;
    address_exists(sb, s(&input.forwarding_address_id))?;
    if let Some(r) = &input.resources {
        check_resources(services, job_type, r)?;
        check_compute(&snowball_type, r)?;
    }
    let job = job_mut(&mut services.snowball, s(&input.job_id))?;
    let UpdateJobInput { role_arn, notification, resources, address_id, shipping_option, .. } =
        input.clone();
    job.role_arn = role_arn.or(job.role_arn.take());
    job.notification = notification.or(job.notification.take());
    if let Some(r) = resources {
        job.resources = with_snowball_ami_ids(&job.id, r);
    }
    job.address_id = address_id.or(job.address_id.take());
    job.shipping_option = shipping_option.unwrap_or_else(|| job.shipping_option.clone());
    job.description = input.description.or(job.description.take());
    job.forwarding_address_id = input.forwarding_address_id.or(job.forwarding_address_id.take());
    job.on_device = input.on_device_service_configuration.or(job.on_device.take());
    if let Some(c) = input.snowball_capacity_preference {
        job.capacity = capacity_of(&job.snowball_type, &c).to_string();
        job.appliance.capacity_bytes = usable_bytes(&job.snowball_type, &job.capacity);
    }
    Ok(Empty)
}

/// "You can only cancel a job before its JobState value changes to PreparingAppliance."
pub fn cancel_job(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobIdInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_job_id(&mut v, input.job_id.as_deref());
    v.finish()?;
    let now = ctx.unix_ms();
    let job = job_mut(&mut services.snowball, input.job_id.as_deref())?;
    if job.state != JobState::New {
        return Err(invalid_job_state());
    }
    job.state = JobState::Cancelled;
    job.history.push((JobState::Cancelled, now));
    let id = job.id.clone();
    ctx.emit(Event::JobStateChanged {
        job_id: id.clone(),
        from: "New".into(),
        to: "Cancelled".into(),
    });
    ctx.emit(Event::JobCancelled { job_id: id });
    Ok(Empty)
}
