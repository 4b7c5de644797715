//! ListInstanceGroups, ListInstances, ModifyInstanceGroups (grow and shrink; shrinking core
//! nodes decommissions their DataNodes first and never goes below the replication factor),
//! AddInstanceGroups (task groups, or the core group of a cluster without one).

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::checks::{one_of, short};
use super::{cluster, page, shapes, PAGE_SIZE};
use crate::emr::model::{GroupState, InstanceGroup, NodeState, Reason, Role, Times};
use crate::emr::ops::launch::{cluster_arn, group_spec};
use crate::emr::wire::*;
use crate::emr::{ids, Event};
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

fn check_change(
    services: &Services,
    cluster_id: Option<&str>,
    g: &InstanceGroupModifyConfig,
) -> Result<Change, ApiError> {
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
        if !c
            .nodes
            .iter()
            .any(|n| n.group_id == gid && n.is_alive() && (n.ec2_id == *id || n.id == *id))
        {
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

/// AddInstanceGroups: new groups on a RUNNING or WAITING cluster, PROVISIONING until their
/// instances are up (as a grow takes), then RUNNING. A cluster has one primary group and at
/// most one core group; task groups need a core group.
pub fn add_instance_groups(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: AddInstanceGroupsInput,
) -> Result<AddInstanceGroupsOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("jobFlowId", input.job_flow_id.as_ref()) {
        short(&mut v, "jobFlowId", input.job_flow_id.as_deref());
    }
    v.required("instanceGroups", input.instance_groups.as_ref());
    v.finish()?;
    let id = input.job_flow_id.unwrap_or_default();
    let c = super::job_flow(services, &id)?;
    if c.state.is_ending() {
        return Err(texts::job_flow_ending());
    }
    if !c.is_up() {
        return Err(texts::validation(texts::NOT_RUNNING_ADD));
    }
    let mut specs = Vec::new();
    for g in input.instance_groups.unwrap_or_default() {
        let spec = group_spec(&g, &specs, &c.release)?;
        let has = |role: Role| c.groups.iter().any(|g| g.role == role);
        if spec.role == Role::Master || (spec.role == Role::Core && has(Role::Core)) {
            return Err(texts::validation(texts::duplicate_role(spec.role.as_str())));
        }
        specs.push(spec);
    }
    let core =
        c.groups.iter().any(|g| g.role == Role::Core) || specs.iter().any(|s| s.role == Role::Core);
    if specs.iter().any(|s| s.role == Role::Task) && !core {
        return Err(texts::validation(texts::TASK_WITHOUT_CORE));
    }
    let now = ctx.unix_ms();
    let mut group_ids = Vec::new();
    for spec in specs {
        let group = InstanceGroup {
            id: ids::instance_group(ctx.rng),
            name: spec.name,
            role: spec.role,
            market: spec.market,
            bid_price: spec.bid_price,
            instance_type: spec.instance_type,
            requested: spec.count,
            state: GroupState::Provisioning,
            reason: Reason::message(""),
            times: Times::new(now),
            ebs: nodes::ebs_volumes(spec.instance_type, spec.ebs),
            ebs_optimized: spec.ebs_optimized,
            resize_serial: 0,
        };
        let gid = group.id.clone();
        c.groups.push(group);
        ctx.emit(Event::InstanceGroupStateChanged {
            cluster: id.clone(),
            group: gid.clone(),
            state: "PROVISIONING".into(),
        });
        nodes::grow(c, ctx, &gid, spec.count);
        group_ids.push(gid);
    }
    Ok(AddInstanceGroupsOutput {
        cluster_arn: cluster_arn(ctx, &id),
        job_flow_id: id,
        instance_group_ids: group_ids,
    })
}
