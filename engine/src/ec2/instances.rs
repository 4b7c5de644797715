//! DescribeInstances: the EC2 instances under EMR's nodes, one reservation per instance
//! group (EMR launches a group's instances together), with the groups each node carries.

use crate::api::ApiError;
use crate::emr::model::{Cluster, Node, NodeState, Role};
use crate::sim::{Ctx, Services};

use super::texts;
use super::wire::*;

/// The security groups a node carries: the primary node the master group and the additional
/// master groups; core and task nodes the slave group and the additional slave groups.
pub fn node_groups(c: &Cluster, n: &Node) -> Vec<String> {
    let e = &c.ec2;
    let (main, extra) = match n.role {
        Role::Master => (&e.master_security_group, &e.additional_master_security_groups),
        _ => (&e.slave_security_group, &e.additional_slave_security_groups),
    };
    std::iter::once(main.clone()).chain(extra.iter().cloned()).collect()
}

/// EC2's InstanceState for a node's state (pending 0, running 16, terminated 48).
fn state(n: &Node) -> InstanceStateOut {
    let (code, name) = match n.state {
        NodeState::AwaitingFulfillment | NodeState::Provisioning => (0, "pending"),
        NodeState::Bootstrapping | NodeState::Running => (16, "running"),
        NodeState::Terminated => (48, "terminated"),
    };
    InstanceStateOut { code, name: name.into() }
}

fn instance(services: &Services, region: &str, c: &Cluster, n: &Node) -> InstanceOut {
    let running = n.state != NodeState::Terminated;
    InstanceOut {
        instance_id: n.ec2_id.clone(),
        instance_type: n.instance_type.name.to_string(),
        key_name: c.ec2.key_name.clone(),
        private_ip_address: n.private_ip.clone(),
        private_dns_name: n.private_dns(region),
        public_ip_address: running.then(|| n.public_ip.clone()),
        public_dns_name: if running { n.public_dns(region) } else { String::new() },
        state: state(n),
        security_groups: node_groups(c, n)
            .into_iter()
            .map(|id| {
                let name = services.ec2.groups.get(&id).map(|g| g.name.clone()).unwrap_or_default();
                GroupIdentifier { group_id: id, group_name: name }
            })
            .collect(),
        vpc_id: super::model::DEFAULT_VPC.to_string(),
        // The tags EMR puts on its instances.
        tags: vec![
            TagOut {
                key: "aws:elasticmapreduce:instance-group-role".into(),
                value: n.role.as_str().into(),
            },
            TagOut { key: "aws:elasticmapreduce:job-flow-id".into(), value: c.id.clone() },
        ],
    }
}

fn tag_or_field<'a>(i: &'a InstanceOut, filter: &str) -> Option<&'a str> {
    match filter {
        "instance-state-name" => Some(&i.state.name),
        "instance-id" => Some(&i.instance_id),
        "instance-type" => Some(&i.instance_type),
        "instance.group-id" => i.security_groups.first().map(|g| g.group_id.as_str()),
        f => f
            .strip_prefix("tag:")
            .and_then(|k| i.tags.iter().find(|t| t.key == k))
            .map(|t| t.value.as_str()),
    }
}

pub fn describe_instances(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: DescribeInstancesInput,
) -> Result<DescribeInstancesOutput, ApiError> {
    let region = ctx.config.region.clone();
    let owner = ctx.config.account_id.clone();
    let services = &*services;
    for id in &input.instance_ids {
        let known = services.emr.clusters.values().any(|c| c.nodes.iter().any(|n| &n.ec2_id == id));
        if !known {
            return Err(texts::instance_not_found(id));
        }
    }
    let mut reservations = Vec::new();
    for id in &services.emr.order {
        let Some(c) = services.emr.clusters.get(id) else { continue };
        for g in &c.groups {
            let instances: Vec<InstanceOut> = c
                .nodes
                .iter()
                .filter(|n| n.group_id == g.id)
                .filter(|n| input.instance_ids.is_empty() || input.instance_ids.contains(&n.ec2_id))
                .map(|n| instance(services, &region, c, n))
                .filter(|i| {
                    input.filters.iter().all(|f| {
                        let name = f.name.as_deref().unwrap_or_default();
                        match tag_or_field(i, name) {
                            Some(v) => f.values.iter().any(|want| super::filter_matches(want, v)),
                            None => false,
                        }
                    })
                })
                .collect();
            // A reservation id per instance group, derived from the group's first instance
            // (the sandbox's choice: EMR does not document how its groups map to reservations).
            let Some(first) = instances.first() else { continue };
            let reservation_id = format!("r-{}", first.instance_id.trim_start_matches("i-"));
            reservations.push(ReservationOut {
                reservation_id,
                owner_id: owner.clone(),
                instances,
            });
        }
    }
    Ok(DescribeInstancesOutput { reservations })
}
