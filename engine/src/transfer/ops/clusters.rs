//! Clusters of Snowball Edge devices for local storage and compute: CreateCluster,
//! DescribeCluster, ListClusters, ListClusterJobs, UpdateCluster, CancelCluster.
//!
//! The API's rule is kept: "Each cluster supports five nodes. You use the CreateJob action
//! separately to create the jobs for each of these nodes. The cluster does not ship until these
//! five node jobs have been created." (Today's guide allows 3 to 16 devices; the API still says
//! five.) "the only job type supported for clusters is LOCAL_USE".

use super::jobs::{check_compute, create_job, list_entry};
use super::messages::*;
use super::*;
use crate::api::validate::Validator;
use crate::snowball::catalog::{self, *};
use crate::snowball::model::*;
use crate::snowball::wire::*;

pub const NODES_PER_CLUSTER: usize = 5;

fn validate(input: &CreateClusterInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    if v.required("addressId", input.address_id.as_ref()) {
        v.string("addressId", s(&input.address_id), Some(40), Some(40), Some(ADDRESS_ID));
    }
    check_text(&mut v, "description", s(&input.description));
    v.int("initialClusterSize", input.initial_cluster_size, Some(0), Some(16));
    if v.required("jobType", input.job_type.as_ref()) {
        v.enumeration("jobType", s(&input.job_type), catalog::JOB_TYPES);
    }
    check_compute_members(&mut v, input.resources.as_ref());
    v.string("kmsKeyARN", s(&input.kms_key_arn), None, Some(255), Some(KMS_KEY_ARN));
    v.string("roleARN", s(&input.role_arn), None, Some(255), Some(ROLE_ARN));
    if v.required("shippingOption", input.shipping_option.as_ref()) {
        v.enumeration("shippingOption", s(&input.shipping_option), SHIPPING_OPTIONS);
    }
    v.enumeration("snowballCapacityPreference", s(&input.snowball_capacity_preference), CAPACITIES);
    if v.required("snowballType", input.snowball_type.as_ref()) {
        v.enumeration("snowballType", s(&input.snowball_type), SNOWBALL_TYPES);
    }
    v.finish()
}

pub fn create_cluster(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateClusterInput,
) -> Result<CreateClusterOutput, ApiError> {
    validate(&input)?;
    let edge = input.snowball_type.as_deref().is_some_and(|t| t.starts_with("EDGE"));
    if input.job_type.as_deref() != Some("LOCAL_USE") || !edge {
        return Err(invalid_input_combination());
    }
    let address_id = input.address_id.clone().unwrap_or_default();
    if !services.snowball.addresses.contains_key(&address_id) {
        return Err(invalid_resource());
    }
    let size = input.initial_cluster_size.unwrap_or(0).max(0) as usize;
    if size > NODES_PER_CLUSTER {
        return Err(cluster_limit_exceeded());
    }
    let snowball_type = input.snowball_type.clone().unwrap_or_default();
    // Every node inherits the cluster's resources: a function or an AMI needs a device that
    // computes, as on a job.
    check_compute(&snowball_type, input.resources.as_ref().unwrap_or(&JobResource::default()))?;
    let preference = input.snowball_capacity_preference.as_deref().unwrap_or("NoPreference");
    let kms_key_arn =
        input.kms_key_arn.clone().unwrap_or_else(|| super::jobs::default_kms_key(ctx));
    let id = new_id(ctx, "CID");
    let cluster = Cluster {
        id: id.clone(),
        state: ClusterState::AwaitingQuorum,
        job_type: JobType::LocalUse,
        capacity: capacity_of(&snowball_type, preference).to_string(),
        snowball_type,
        created_ms: ctx.unix_ms(),
        description: input.description,
        kms_key_arn,
        role_arn: input.role_arn,
        address_id,
        forwarding_address_id: input.forwarding_address_id,
        shipping_option: input.shipping_option.unwrap_or_default(),
        resources: input.resources.unwrap_or_default(),
        notification: input.notification,
        jobs: Vec::new(),
    };
    services.snowball.cluster_order.push(id.clone());
    services.snowball.clusters.insert(id.clone(), cluster);
    ctx.emit(Event::ClusterCreated { cluster_id: id.clone() });
    let mut entries = Vec::new();
    for _ in 0..size {
        let node = CreateJobInput { cluster_id: Some(id.clone()), ..Default::default() };
        let job_id = create_job(services, ctx, node)?.job_id;
        if let Some(job) = services.snowball.jobs.get(&job_id) {
            entries.push(list_entry(job));
        }
    }
    refresh(services, ctx, &id);
    Ok(CreateClusterOutput { cluster_id: id, job_list_entries: (size > 0).then_some(entries) })
}

/// The cluster's state from its nodes: AwaitingQuorum until five node jobs exist, Pending until
/// they reach the customer, InUse there, Complete when every node is.
pub(crate) fn refresh(services: &mut Services, ctx: &mut Ctx<'_>, cluster_id: &str) {
    let sb = &mut services.snowball;
    let Some(c) = sb.clusters.get(cluster_id) else { return };
    if c.state == ClusterState::Cancelled {
        return;
    }
    let states: Vec<JobState> =
        c.jobs.iter().filter_map(|j| sb.jobs.get(j)).map(|j| j.state).collect();
    let to = if states.len() < NODES_PER_CLUSTER {
        ClusterState::AwaitingQuorum
    } else if states.iter().all(|s| *s == JobState::Complete) {
        ClusterState::Complete
    } else if states.iter().any(|s| *s >= JobState::WithCustomer) {
        ClusterState::InUse
    } else {
        ClusterState::Pending
    };
    if let Some(c) = sb.clusters.get_mut(cluster_id).filter(|c| c.state != to) {
        c.state = to;
        ctx.emit(Event::ClusterStateChanged { cluster_id: c.id.clone(), to: to.as_str().into() });
    }
}

fn checked_cluster<'a>(services: &'a Services, id: Option<&str>) -> Result<&'a Cluster, ApiError> {
    let mut v = Validator::new();
    if v.required("clusterId", id.as_ref()) {
        v.string("clusterId", id, Some(39), Some(39), Some(CLUSTER_ID));
    }
    v.finish()?;
    services.snowball.clusters.get(id.unwrap_or_default()).ok_or_else(invalid_resource)
}

fn metadata(c: &Cluster) -> ClusterMetadata {
    ClusterMetadata {
        cluster_id: c.id.clone(),
        description: c.description.clone(),
        kms_key_arn: c.kms_key_arn.clone(),
        role_arn: c.role_arn.clone(),
        cluster_state: c.state.as_str().into(),
        job_type: c.job_type.as_str().into(),
        snowball_type: c.snowball_type.clone(),
        creation_date: Timestamp(c.created_ms),
        resources: c.resources.clone(),
        address_id: c.address_id.clone(),
        shipping_option: c.shipping_option.clone(),
        notification: c.notification.clone(),
        forwarding_address_id: c.forwarding_address_id.clone(),
    }
}

pub fn describe_cluster(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ClusterIdInput,
) -> Result<DescribeClusterOutput, ApiError> {
    let c = checked_cluster(services, input.cluster_id.as_deref())?;
    Ok(DescribeClusterOutput { cluster_metadata: metadata(c) })
}

pub fn list_clusters(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: PageInput,
) -> Result<ListClustersOutput, ApiError> {
    let sb = &services.snowball;
    let (ids, next_token) =
        page(&sb.cluster_order, input.max_results, input.next_token.as_deref())?;
    let cluster_list_entries = ids
        .iter()
        .filter_map(|id| sb.clusters.get(id))
        .map(|c| ClusterListEntry {
            cluster_id: c.id.clone(),
            cluster_state: c.state.as_str().into(),
            creation_date: Timestamp(c.created_ms),
            description: c.description.clone(),
        })
        .collect();
    Ok(ListClustersOutput { cluster_list_entries, next_token })
}

pub fn list_cluster_jobs(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ListClusterJobsInput,
) -> Result<ListJobsOutput, ApiError> {
    let c = checked_cluster(services, input.cluster_id.as_deref())?;
    let (ids, next_token) = page(&c.jobs, input.max_results, input.next_token.as_deref())?;
    let sb = &services.snowball;
    let job_list_entries = ids.iter().filter_map(|id| sb.jobs.get(id)).map(list_entry).collect();
    Ok(ListJobsOutput { job_list_entries, next_token })
}

/// "You can only cancel a cluster ... while it's in the AwaitingQuorum status." Its node jobs
/// are cancelled with it.
pub fn cancel_cluster(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ClusterIdInput,
) -> Result<Empty, ApiError> {
    let c = checked_cluster(services, input.cluster_id.as_deref())?;
    if c.state != ClusterState::AwaitingQuorum {
        return Err(invalid_job_state());
    }
    let (id, jobs) = (c.id.clone(), c.jobs.clone());
    for job in jobs {
        let _ = super::jobs::cancel_job(services, ctx, JobIdInput { job_id: Some(job) });
    }
    if let Some(c) = services.snowball.clusters.get_mut(&id) {
        c.state = ClusterState::Cancelled;
    }
    ctx.emit(Event::ClusterStateChanged { cluster_id: id, to: "Cancelled".into() });
    Ok(Empty)
}

/// Like UpdateJob: only while the cluster waits for its nodes.
pub fn update_cluster(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: UpdateClusterInput,
) -> Result<Empty, ApiError> {
    let c = checked_cluster(services, input.cluster_id.as_deref())?;
    let mut v = Validator::new();
    v.string("addressId", s(&input.address_id), Some(40), Some(40), Some(ADDRESS_ID));
    check_text(&mut v, "description", s(&input.description));
    check_compute_members(&mut v, input.resources.as_ref());
    v.string("roleARN", s(&input.role_arn), None, Some(255), Some(ROLE_ARN));
    v.enumeration("shippingOption", s(&input.shipping_option), SHIPPING_OPTIONS);
    v.finish()?;
    if c.state != ClusterState::AwaitingQuorum {
        return Err(invalid_job_state());
    }
    if let Some(r) = &input.resources {
        check_compute(&c.snowball_type, r)?;
    }
    if input.address_id.as_ref().is_some_and(|a| !services.snowball.addresses.contains_key(a)) {
        return Err(invalid_resource());
    }
    let Some(c) =
        services.snowball.clusters.get_mut(input.cluster_id.as_deref().unwrap_or_default())
    else {
        return Err(invalid_resource());
    };
    c.description = input.description.or(c.description.take());
    c.role_arn = input.role_arn.or(c.role_arn.take());
    c.address_id = input.address_id.unwrap_or_else(|| c.address_id.clone());
    c.shipping_option = input.shipping_option.unwrap_or_else(|| c.shipping_option.clone());
    c.resources = input.resources.unwrap_or_else(|| c.resources.clone());
    c.notification = input.notification.or(c.notification.take());
    Ok(Empty)
}
