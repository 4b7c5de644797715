//! The EC2 actions a learner uses on EMR's groups and nodes: CreateSecurityGroup,
//! DescribeSecurityGroups, AuthorizeSecurityGroupIngress, RevokeSecurityGroupIngress,
//! DescribeInstances. Typed requests in, typed responses or EC2's errors out.

use crate::api::json::call;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::model::{Event, Peer, Proto, Rule, SecurityGroup, Wake, DEFAULT_VPC};
use super::wire::*;
use super::{instances, texts};

/// Runs `ec2.<action>` through EMR's code table (the page fetches EC2's code with EMR's).
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    crate::emr::ec2_dispatch(services, ctx, action, body)
}

/// Runs `ec2.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch_linked(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "CreateSecurityGroup" => call(services, ctx, body, create_security_group),
        "DescribeSecurityGroups" => call(services, ctx, body, describe_security_groups),
        "AuthorizeSecurityGroupIngress" => call(services, ctx, body, authorize_ingress),
        "RevokeSecurityGroupIngress" => call(services, ctx, body, revoke_ingress),
        "DescribeInstances" => call(services, ctx, body, instances::describe_instances),
        _ => Err(ApiError::unknown_operation()),
    }
}

pub(crate) fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {}
}

/// A new group in the default VPC, with the one outbound rule EC2 gives every new group (all
/// traffic to 0.0.0.0/0). EMR makes its managed groups through this too.
pub fn create_group(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: String,
    name: &str,
    description: &str,
) {
    let group = SecurityGroup {
        id: id.clone(),
        name: name.to_string(),
        description: description.to_string(),
        vpc_id: DEFAULT_VPC.to_string(),
        owner_id: ctx.config.account_id.clone(),
        ingress: Vec::new(),
        egress: vec![Rule::new(Proto::All, -1, -1, Peer::Cidr("0.0.0.0/0".into()), "")],
    };
    services.ec2.groups.insert(id.clone(), group);
    ctx.emit(Event::SecurityGroupCreated { group: id, name: name.to_string() });
}

/// Adds `rule` unless the group has it; `true` if added.
pub fn add_ingress(services: &mut Services, ctx: &mut Ctx<'_>, group: &str, rule: Rule) -> bool {
    let Some(g) = services.ec2.groups.get_mut(group) else { return false };
    if g.ingress.iter().any(|r| r.same(&rule)) {
        return false;
    }
    let text = rule.ec2_text();
    g.ingress.push(rule);
    ctx.emit(Event::IngressAuthorized { group: group.to_string(), rule: text });
    true
}

pub fn create_security_group(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CreateSecurityGroupInput,
) -> Result<CreateSecurityGroupOutput, ApiError> {
    let name =
        input.group_name.filter(|n| !n.is_empty()).ok_or_else(|| texts::missing("GroupName"))?;
    let description = input
        .description
        .filter(|d| !d.is_empty())
        .ok_or_else(|| texts::missing("GroupDescription"))?;
    let vpc = input.vpc_id.unwrap_or_else(|| DEFAULT_VPC.to_string());
    if vpc != DEFAULT_VPC {
        return Err(crate::api::ApiError::new(
            crate::api::ErrorCode::Other("InvalidVpcID.NotFound".into()),
            format!("The vpc ID '{vpc}' does not exist"),
        ));
    }
    if services.ec2.groups.values().any(|g| g.name == name) {
        return Err(texts::group_duplicate(&name, &vpc));
    }
    if input.dry_run == Some(true) {
        return Err(texts::dry_run());
    }
    let id = crate::emr::ids::security_group(ctx.rng);
    create_group(services, ctx, id.clone(), &name, &description);
    Ok(CreateSecurityGroupOutput { group_id: id })
}

pub fn describe_security_groups(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: DescribeSecurityGroupsInput,
) -> Result<DescribeSecurityGroupsOutput, ApiError> {
    let ec2 = &services.ec2;
    for id in &input.group_ids {
        if !ec2.groups.contains_key(id) {
            return Err(texts::group_not_found(id));
        }
    }
    for name in &input.group_names {
        if !ec2.groups.values().any(|g| &g.name == name) {
            return Err(texts::group_name_not_found(name, DEFAULT_VPC));
        }
    }
    let wanted = |g: &SecurityGroup| {
        (input.group_ids.is_empty() || input.group_ids.contains(&g.id))
            && (input.group_names.is_empty() || input.group_names.contains(&g.name))
            && input.filters.iter().all(|f| {
                let value = match f.name.as_deref() {
                    Some("group-name") => &g.name,
                    Some("group-id") => &g.id,
                    Some("vpc-id") => &g.vpc_id,
                    Some("description") => &g.description,
                    _ => return true,
                };
                f.values.iter().any(|v| super::filter_matches(v, value))
            })
    };
    let security_groups = ec2.groups.values().filter(|g| wanted(g)).map(group_out).collect();
    Ok(DescribeSecurityGroupsOutput { security_groups })
}

pub fn authorize_ingress(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: IngressInput,
) -> Result<ReturnOutput, ApiError> {
    let group = group_of(services, &input)?;
    let rules = rules_of(services, &input)?;
    let existing = services.ec2.groups.get(&group).map(|g| g.ingress.clone()).unwrap_or_default();
    if let Some(dup) = rules.iter().find(|r| existing.iter().any(|e| e.same(r))) {
        return Err(texts::permission_duplicate(&dup.ec2_text()));
    }
    if input.dry_run == Some(true) {
        return Err(texts::dry_run());
    }
    for rule in rules {
        add_ingress(services, ctx, &group, rule);
    }
    Ok(ReturnOutput { ok: true })
}

pub fn revoke_ingress(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: IngressInput,
) -> Result<ReturnOutput, ApiError> {
    let group = group_of(services, &input)?;
    let rules = rules_of(services, &input)?;
    let Some(g) = services.ec2.groups.get_mut(&group) else {
        return Err(texts::group_not_found(&group));
    };
    if !rules.iter().all(|r| g.ingress.iter().any(|e| e.same(r))) {
        return Err(texts::permission_not_found());
    }
    if input.dry_run == Some(true) {
        return Err(texts::dry_run());
    }
    for rule in rules {
        g.ingress.retain(|e| !e.same(&rule));
        ctx.emit(Event::IngressRevoked { group: group.clone(), rule: rule.ec2_text() });
    }
    Ok(ReturnOutput { ok: true })
}

/// The group an ingress request names, by id or by name.
fn group_of(services: &Services, input: &IngressInput) -> Result<String, ApiError> {
    match (&input.group_id, &input.group_name) {
        (Some(id), _) => services
            .ec2
            .groups
            .contains_key(id)
            .then(|| id.clone())
            .ok_or_else(|| texts::group_not_found(id)),
        (None, Some(name)) => services
            .ec2
            .groups
            .values()
            .find(|g| &g.name == name)
            .map(|g| g.id.clone())
            .ok_or_else(|| texts::group_name_not_found(name, DEFAULT_VPC)),
        (None, None) => Err(texts::missing("GroupId")),
    }
}

/// The rules of an ingress request: one per peer of each IpPermission, or the flat members.
fn rules_of(services: &Services, input: &IngressInput) -> Result<Vec<Rule>, ApiError> {
    let mut permissions = input.ip_permissions.clone();
    if input.ip_protocol.is_some()
        || input.cidr_ip.is_some()
        || input.source_security_group_name.is_some()
    {
        permissions.push(IpPermission {
            ip_protocol: input.ip_protocol.clone().or(Some("-1".into())),
            from_port: input.from_port,
            to_port: input.to_port,
            ip_ranges: input
                .cidr_ip
                .iter()
                .map(|c| IpRange { cidr_ip: Some(c.clone()), description: None })
                .collect(),
            user_id_group_pairs: input
                .source_security_group_name
                .iter()
                .map(|n| GroupPair { group_name: Some(n.clone()), ..Default::default() })
                .collect(),
            ..Default::default()
        });
    }
    if permissions.is_empty() {
        return Err(texts::missing("IpPermissions"));
    }
    let mut rules = Vec::new();
    for p in &permissions {
        let text = p.ip_protocol.clone().unwrap_or_default();
        let proto = Proto::parse(&text).ok_or_else(|| texts::bad_protocol(&text))?;
        let (from, to) = ports(proto, p.from_port, p.to_port)?;
        let mut add = |peer: Peer, description: &Option<String>| {
            rules.push(Rule::new(proto, from, to, peer, description.as_deref().unwrap_or("")));
        };
        for r in &p.ip_ranges {
            let cidr = r.cidr_ip.clone().unwrap_or_default();
            super::parse_cidr(&cidr).ok_or_else(|| texts::bad_cidr(&cidr))?;
            add(Peer::Cidr(cidr), &r.description);
        }
        for r in &p.ipv6_ranges {
            let cidr = r.cidr_ipv6.clone().unwrap_or_default();
            if cidr != "::/0" && !super::plausible_cidr6(&cidr) {
                return Err(texts::bad_cidr(&cidr));
            }
            add(Peer::Cidr6(cidr), &r.description);
        }
        for pair in &p.user_id_group_pairs {
            let id = match (&pair.group_id, &pair.group_name) {
                (Some(id), _) if services.ec2.groups.contains_key(id) => id.clone(),
                (Some(id), _) => return Err(texts::group_not_found(id)),
                (None, Some(name)) => services
                    .ec2
                    .groups
                    .values()
                    .find(|g| &g.name == name)
                    .map(|g| g.id.clone())
                    .ok_or_else(|| texts::group_name_not_found(name, DEFAULT_VPC))?,
                (None, None) => return Err(texts::missing("GroupId")),
            };
            add(Peer::Group(id), &pair.description);
        }
        for pl in &p.prefix_list_ids {
            add(Peer::PrefixList(pl.prefix_list_id.clone().unwrap_or_default()), &pl.description);
        }
    }
    Ok(rules)
}

/// A rule's ports: TCP and UDP need both, within 0-65535; ICMP's are a type and code (-1:
/// all); protocol -1 has none.
fn ports(proto: Proto, from: Option<i64>, to: Option<i64>) -> Result<(i64, i64), ApiError> {
    match proto {
        Proto::All => Ok((-1, -1)),
        Proto::Icmp => Ok((from.unwrap_or(-1), to.unwrap_or(-1))),
        Proto::Tcp | Proto::Udp => {
            let (Some(from), Some(to)) = (from, to) else { return Err(texts::ports_required()) };
            for p in [from, to] {
                if !(0..=65535).contains(&p) {
                    return Err(texts::port_out_of_range(p));
                }
            }
            if from > to {
                return Err(texts::port_out_of_range(from));
            }
            Ok((from, to))
        }
    }
}

/// A group as DescribeSecurityGroups shows it: rules sharing protocol and ports in one
/// IpPermission, in the order they were added.
pub fn group_out(g: &SecurityGroup) -> SecurityGroupOut {
    SecurityGroupOut {
        group_id: g.id.clone(),
        group_name: g.name.clone(),
        description: g.description.clone(),
        owner_id: g.owner_id.clone(),
        vpc_id: g.vpc_id.clone(),
        ip_permissions: permissions_out(&g.ingress, &g.owner_id),
        ip_permissions_egress: permissions_out(&g.egress, &g.owner_id),
    }
}

fn permissions_out(rules: &[Rule], owner: &str) -> Vec<IpPermissionOut> {
    let mut out: Vec<((Proto, i64, i64), IpPermissionOut)> = Vec::new();
    for r in rules {
        let key = (r.proto, r.from, r.to);
        let i = match out.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let ports = r.proto != Proto::All;
                out.push((
                    key,
                    IpPermissionOut {
                        ip_protocol: r.proto.wire().to_string(),
                        from_port: ports.then_some(r.from),
                        to_port: ports.then_some(r.to),
                        ip_ranges: Vec::new(),
                        ipv6_ranges: Vec::new(),
                        prefix_list_ids: Vec::new(),
                        user_id_group_pairs: Vec::new(),
                    },
                ));
                out.len() - 1
            }
        };
        let Some((_, p)) = out.get_mut(i) else { continue };
        let description = r.description.clone();
        match &r.peer {
            Peer::Cidr(c) => p.ip_ranges.push(IpRangeOut { cidr_ip: c.clone(), description }),
            Peer::Cidr6(c) => {
                p.ipv6_ranges.push(Ipv6RangeOut { cidr_ipv6: c.clone(), description })
            }
            Peer::Group(g) => p.user_id_group_pairs.push(GroupPairOut {
                group_id: g.clone(),
                user_id: owner.to_string(),
                description,
            }),
            Peer::PrefixList(l) => {
                p.prefix_list_ids.push(PrefixListOut { prefix_list_id: l.clone(), description })
            }
        }
    }
    out.into_iter().map(|(_, p)| p).collect()
}
