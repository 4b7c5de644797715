//! One function per API action: typed request in, typed response or AWS's error out. Each
//! takes the whole [`Services`]: a step reads and writes S3 through EMRFS.
//!
//! [`launch`] (RunJobFlow), [`clusters`] (DescribeCluster, ListClusters, TerminateJobFlows,
//! the Set* actions, ModifyCluster, ListBootstrapActions), [`steps`] (AddJobFlowSteps,
//! ListSteps, DescribeStep, CancelSteps), [`instances`] (ListInstanceGroups, ListInstances,
//! ModifyInstanceGroups), [`tags`] (AddTags, RemoveTags), [`shapes`] (the state as the wire
//! shows it), [`checks`] (validation shared by the actions).

pub mod access;
pub mod checks;
pub mod clusters;
pub mod gate;
pub mod instances;
pub mod launch;
pub mod shapes;
pub mod steps;
pub mod tags;

pub use clusters::*;
pub use instances::*;
pub use launch::*;
pub use steps::*;
pub use tags::*;

use crate::api::json::call;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::model::Cluster;
use super::texts;

/// Runs `ElasticMapReduce.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    gate::check(services, ctx, action, body)?;
    match action {
        "RunJobFlow" => call(services, ctx, body, run_job_flow),
        "DescribeCluster" => call(services, ctx, body, describe_cluster),
        "ListClusters" => call(services, ctx, body, list_clusters),
        "TerminateJobFlows" => call(services, ctx, body, terminate_job_flows),
        "SetTerminationProtection" => call(services, ctx, body, set_termination_protection),
        "SetKeepJobFlowAliveWhenNoSteps" => {
            call(services, ctx, body, set_keep_job_flow_alive_when_no_steps)
        }
        "SetVisibleToAllUsers" => call(services, ctx, body, set_visible_to_all_users),
        "ModifyCluster" => call(services, ctx, body, modify_cluster),
        "ListBootstrapActions" => call(services, ctx, body, list_bootstrap_actions),
        "AddJobFlowSteps" => call(services, ctx, body, add_job_flow_steps),
        "ListSteps" => call(services, ctx, body, list_steps),
        "DescribeStep" => call(services, ctx, body, describe_step),
        "CancelSteps" => call(services, ctx, body, cancel_steps),
        "ListInstanceGroups" => call(services, ctx, body, list_instance_groups),
        "ListInstances" => call(services, ctx, body, list_instances),
        "ModifyInstanceGroups" => call(services, ctx, body, modify_instance_groups),
        "AddInstanceGroups" => call(services, ctx, body, add_instance_groups),
        "AddTags" => call(services, ctx, body, add_tags),
        "RemoveTags" => call(services, ctx, body, remove_tags),
        "GetBlockPublicAccessConfiguration" => {
            call(services, ctx, body, access::get_block_public_access_configuration)
        }
        "PutBlockPublicAccessConfiguration" => {
            call(services, ctx, body, access::put_block_public_access_configuration)
        }
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// A cluster by id, or InvalidRequestException "Cluster id '...' is not valid." (the
/// cluster-id actions).
pub(crate) fn cluster<'a>(
    services: &'a mut Services,
    id: &str,
) -> Result<&'a mut Cluster, ApiError> {
    services.emr.clusters.get_mut(id).ok_or_else(|| texts::no_such_cluster(id))
}

/// A cluster by id for the job-flow actions, which answer ValidationException "Specified job
/// flow ID not valid".
pub(crate) fn job_flow<'a>(
    services: &'a mut Services,
    id: &str,
) -> Result<&'a mut Cluster, ApiError> {
    services.emr.clusters.get_mut(id).ok_or_else(texts::no_such_job_flow)
}

/// Pages of a listing: EMR's Marker is opaque; the sandbox's is the position of the next
/// item, so it survives items added after it (they are listed newest first or appended).
pub(crate) fn page<T>(
    items: Vec<T>,
    marker: Option<&str>,
    size: usize,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let start = match marker {
        None => 0,
        Some(m) => m
            .strip_prefix("sandbox-marker-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| n <= items.len())
            .ok_or_else(|| texts::invalid_marker(m))?,
    };
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| format!("sandbox-marker-{end}"));
    let page = items.into_iter().skip(start).take(end - start).collect();
    Ok((page, next))
}

/// ListClusters and ListSteps answer 50 per page.
pub const PAGE_SIZE: usize = 50;
