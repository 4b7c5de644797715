//! ListInstanceGroups, ListInstances, ModifyInstanceGroups (grow and shrink; shrinking core
//! nodes decommissions their DataNodes first and never goes below the replication factor).

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::checks::{one_of, short};
use super::{cluster, page, shapes, PAGE_SIZE};
use crate::emr::model::{NodeState, Role};
use crate::emr::wire::*;
use crate::emr::{nodes, texts};

pub fn list_instance_groups(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ClusterIdInput,
) -> Result<ListInstanceGroupsOutput, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    v.finish()?;
    let c = cluster(services, input.cluster_id.as_deref().unwrap_or_default())?;
    let all: Vec<InstanceGroupDescription> = c.groups.iter().map(|g| shapes::group(c, g)).collect();
    let (instance_groups, marker) = page(all, input.marker.as_deref(), PAGE_SIZE)?;
    Ok(ListInstanceGroupsOutput { instance_groups, marker })
}

pub fn list_instances(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ListInstancesInput,
) -> Result<ListInstancesOutput, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    for (i, t) in input.instance_group_types.iter().flatten().enumerate() {
        one_of(&mut v, &format!("instanceGroupTypes.{}.member", i + 1), Some(t), &Role::names());
    }
    for (i, s) in input.instance_states.iter().flatten().enumerate() {
        one_of(&mut v, &format!("instanceStates.{}.member", i + 1), Some(s), &NodeState::names());
    }
    v.finish()?;
    let region = ctx.config.region.clone();
    let c = cluster(services, input.cluster_id.as_deref().unwrap_or_default())?;
    let types = input.instance_group_types.unwrap_or_default();
    let states = input.instance_states.unwrap_or_default();
    let all: Vec<InstanceDescription> = c
        .nodes
        .iter()
        .filter(|n| input.instance_group_id.as_ref().is_none_or(|g| *g == n.group_id))
        .filter(|n| types.is_empty() || types.iter().any(|t| t == n.role.as_str()))
        .filter(|n| states.is_empty() || states.iter().any(|s| s == n.state.as_str()))
        .map(|n| shapes::instance(n, &region))
        .collect();
    let (instances, marker) = page(all, input.marker.as_deref(), PAGE_SIZE)?;
    Ok(ListInstancesOutput { instances, marker })
}

/// One change of a ModifyInstanceGroups call, checked.
struct Change {
    cluster: String,
    group: String,
    count: Option<u32>,
    terminate: Vec<String>,
}

/// "The call will either succeed or fail atomically": every change is checked before any is
/// made.
pub fn modify_instance_groups(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: ModifyInstanceGroupsInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    for (i, g) in input.instance_groups.iter().flatten().enumerate() {
        let m = format!("instanceGroups.{}.member", i + 1);
        if v.required(&format!("{m}.instanceGroupId"), g.instance_group_id.as_ref()) {
            short(&mut v, &format!("{m}.instanceGroupId"), g.instance_group_id.as_deref());
        }
        v.int(&format!("{m}.instanceCount"), g.instance_count, Some(0), None);
    }
    v.finish()?;
    let mut changes = Vec::new();
    for g in input.instance_groups.unwrap_or_default() {
        changes.push(check_change(services, input.cluster_id.as_deref(), &g)?);
    }
    for ch in changes {
        for node in &ch.terminate {
            // EC2InstanceIdsToTerminate ends instances "immediately, without consideration"
            // for HDFS or running containers.
            nodes::lose(services, ctx, &ch.cluster, node, texts::INSTANCE_SHRUNK);
        }
        let Some(c) = services.emr.clusters.get_mut(&ch.cluster) else { continue };
        if !ch.terminate.is_empty() {
            if let Some(g) = c.groups.iter_mut().find(|g| g.id == ch.group) {
                g.requested = g.requested.saturating_sub(ch.terminate.len() as u32);
            }
        }
        if let Some(count) = ch.count {
            nodes::resize(c, ctx, &ch.group, count);
        }
    }
    Ok(Empty)
}

fn check_change(services: &Services, cluster_id: Option<&str>, g: &InstanceGroupModifyConfig) -> Result<Change, ApiError> {
    let gid = g.instance_group_id.clone().unwrap_or_default();
    let c = services
        .emr
        .clusters
        .values()
        .filter(|c| cluster_id.is_none_or(|id| c.id == id))
        .find(|c| c.group(&gid).is_some())
        .ok_or_else(|| texts::no_such_group(&gid))?;
    let group = c.group(&gid).ok_or_else(|| texts::no_such_group(&gid))?;
    if c.state.is_ending() {
        return Err(texts::job_flow_ending());
    }
    if !c.is_up() {
        return Err(texts::validation(texts::NOT_RUNNING_RESIZE));
    }
    let terminate = g.ec2_instance_ids_to_terminate.clone().unwrap_or_default();
    for id in &terminate {
        if !c.nodes.iter().any(|n| n.group_id == gid && n.is_alive() && (n.ec2_id == *id || n.id == *id)) {
            return Err(texts::validation(texts::no_such_instance(id)));
        }
    }
    if group.role == Role::Master && (g.instance_count.is_some() || !terminate.is_empty()) {
        return Err(texts::validation(texts::MASTER_RESIZE));
    }
    let count = g.instance_count.map(|n| n.clamp(0, 500) as u32);
    if group.role == Role::Core {
        let replication = c.hdfs.replication as u32;
        let after = count.unwrap_or(group.requested.saturating_sub(terminate.len() as u32));
        if after < replication && count.is_some() {
            return Err(texts::validation(texts::below_replication(after as i64, replication)));
        }
    }
    Ok(Change { cluster: c.id.clone(), group: gid, count, terminate })
}
