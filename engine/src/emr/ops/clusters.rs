//! DescribeCluster, ListClusters (newest first, 50 a page), TerminateJobFlows,
//! SetTerminationProtection, SetKeepJobFlowAliveWhenNoSteps, SetVisibleToAllUsers,
//! ModifyCluster, ListBootstrapActions.

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::checks::{one_of, required_short};
use super::{cluster, job_flow, page, shapes, PAGE_SIZE};
use crate::emr::model::{ClusterReason, ClusterState};
use crate::emr::wire::*;
use crate::emr::{lifecycle, steps, texts};

fn require_cluster_id(input: &ClusterIdInput) -> Result<String, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    v.finish()?;
    Ok(input.cluster_id.clone().unwrap_or_default())
}

pub fn describe_cluster(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ClusterIdInput,
) -> Result<DescribeClusterOutput, ApiError> {
    let id = require_cluster_id(&input)?;
    let now = ctx.unix_ms();
    let c = cluster(services, &id)?;
    Ok(DescribeClusterOutput { cluster: shapes::cluster(c, &ctx.config.region, now) })
}

pub fn list_clusters(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ListClustersInput,
) -> Result<ListClustersOutput, ApiError> {
    let mut v = Validator::new();
    for (i, s) in input.cluster_states.iter().flatten().enumerate() {
        one_of(&mut v, &format!("clusterStates.{}.member", i + 1), Some(s), &ClusterState::names());
    }
    v.finish()?;
    let now = ctx.unix_ms();
    let states = input.cluster_states.unwrap_or_default();
    let emr = &services.emr;
    let principal = ctx.principal();
    let listed: Vec<ClusterSummary> = emr
        .order
        .iter()
        .rev()
        .filter_map(|id| emr.clusters.get(id))
        .filter(|c| super::gate::visible(services, &principal, c))
        .filter(|c| states.is_empty() || states.iter().any(|s| s == c.state.as_str()))
        .filter(|c| input.created_after.is_none_or(|t| c.times.created_ms >= t.0))
        .filter(|c| input.created_before.is_none_or(|t| c.times.created_ms <= t.0))
        .map(|c| shapes::summary(c, now))
        .collect();
    let (clusters, marker) = page(listed, input.marker.as_deref(), PAGE_SIZE)?;
    Ok(ListClustersOutput { clusters, marker })
}

/// The job-flow ids of a Set* or Terminate request, checked: present, at most 10, each a
/// cluster.
fn job_flow_ids(
    services: &mut Services,
    input: &JobFlowIdsInput,
    flag: Option<(&str, bool)>,
) -> Result<Vec<String>, ApiError> {
    let mut v = Validator::new();
    if v.required("jobFlowIds", input.job_flow_ids.as_ref()) {
        let ids = input.job_flow_ids.as_deref().unwrap_or(&[]);
        for (i, id) in ids.iter().enumerate() {
            super::checks::long(&mut v, &format!("jobFlowIds.{}.member", i + 1), Some(id));
        }
    }
    if let Some((member, present)) = flag {
        if !present {
            v.fail(None, member, "Member must not be null");
        }
    }
    v.finish()?;
    let ids = input.job_flow_ids.clone().unwrap_or_default();
    if ids.len() > 10 {
        return Err(texts::validation("The maximum number of clusters allowed is 10."));
    }
    for id in &ids {
        job_flow(services, id)?;
    }
    Ok(ids)
}

pub fn terminate_job_flows(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobFlowIdsInput,
) -> Result<Empty, ApiError> {
    let ids = job_flow_ids(services, &input, None)?;
    // All or nothing: one protected cluster refuses the whole call.
    if ids.iter().any(|id| {
        services
            .emr
            .clusters
            .get(id)
            .is_some_and(|c| c.termination_protected && !c.state.is_ending())
    }) {
        return Err(texts::termination_protected());
    }
    for id in ids {
        lifecycle::terminate(services, ctx, &id, ClusterReason::UserRequest);
    }
    Ok(Empty)
}

pub fn set_termination_protection(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: JobFlowIdsInput,
) -> Result<Empty, ApiError> {
    let ids = job_flow_ids(
        services,
        &input,
        Some(("terminationProtected", input.termination_protected.is_some())),
    )?;
    let on = input.termination_protected.unwrap_or(false);
    for id in &ids {
        if services.emr.clusters.get(id).is_some_and(|c| c.state.is_ending()) {
            return Err(texts::job_flow_ending());
        }
    }
    for id in ids {
        if let Some(c) = services.emr.clusters.get_mut(&id) {
            c.termination_protected = on;
        }
    }
    Ok(Empty)
}

pub fn set_keep_job_flow_alive_when_no_steps(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: JobFlowIdsInput,
) -> Result<Empty, ApiError> {
    let present = input.keep_job_flow_alive_when_no_steps.is_some();
    let ids = job_flow_ids(services, &input, Some(("keepJobFlowAliveWhenNoSteps", present)))?;
    let on = input.keep_job_flow_alive_when_no_steps.unwrap_or(false);
    for id in &ids {
        if services.emr.clusters.get(id).is_some_and(|c| c.state.is_ending()) {
            return Err(texts::job_flow_ending());
        }
    }
    for id in ids {
        if let Some(c) = services.emr.clusters.get_mut(&id) {
            c.keep_alive = on;
        }
        // A waiting cluster that no longer stays alive without steps ends now.
        steps::advance(services, ctx, &id);
    }
    Ok(Empty)
}

/// "The SetVisibleToAllUsers parameter is no longer supported. ... Setting it to false now
/// has no effect": the flag is kept and reported, nothing else changes.
pub fn set_visible_to_all_users(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: JobFlowIdsInput,
) -> Result<Empty, ApiError> {
    let ids = job_flow_ids(
        services,
        &input,
        Some(("visibleToAllUsers", input.visible_to_all_users.is_some())),
    )?;
    for id in ids {
        if let Some(c) = services.emr.clusters.get_mut(&id) {
            c.visible_to_all_users = input.visible_to_all_users.unwrap_or(true);
        }
    }
    Ok(Empty)
}

pub fn modify_cluster(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ModifyClusterInput,
) -> Result<ModifyClusterOutput, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    v.finish()?;
    let id = input.cluster_id.unwrap_or_default();
    let c = cluster(services, &id)?;
    if let Some(level) = input.step_concurrency_level {
        if !(1..=256).contains(&level) {
            return Err(texts::invalid_step_concurrency());
        }
        if c.state.is_ending() {
            return Err(texts::job_flow_ending());
        }
        c.step_concurrency = level as u32;
    }
    let level = c.step_concurrency as i64;
    steps::advance(services, ctx, &id);
    Ok(ModifyClusterOutput { step_concurrency_level: level })
}

pub fn list_bootstrap_actions(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ClusterIdInput,
) -> Result<ListBootstrapActionsOutput, ApiError> {
    let id = require_cluster_id(&input)?;
    let c = cluster(services, &id)?;
    let all: Vec<Command> = c
        .bootstrap_actions
        .iter()
        .map(|b| Command {
            name: b.name.clone(),
            script_path: b.path.clone(),
            args: b.args.clone(),
        })
        .collect();
    let (bootstrap_actions, marker) = page(all, input.marker.as_deref(), PAGE_SIZE)?;
    Ok(ListBootstrapActionsOutput { bootstrap_actions, marker })
}

/// For the job-flow actions' shared check.
pub fn required_job_flow_id(v: &mut Validator, id: Option<&str>) {
    required_short(v, "jobFlowId", id);
}
