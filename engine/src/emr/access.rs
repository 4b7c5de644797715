//! Who and what may reach a cluster: EMR's managed security groups with their default rules,
//! block public access, and the eras a learner can switch between (SSH open to the world
//! before December 2020; VisibleToAllUsers honoured in 2019).
//!
//! Facts (`shared/facts/emr.md` section 4): ElasticMapReduce-master admits all ICMP, TCP and
//! UDP from itself and from ElasticMapReduce-slave, and TCP 8443 from Amazon's ranges for the
//! cluster manager; ElasticMapReduce-slave admits all ICMP, TCP and UDP from the master and
//! slave groups only; "Before December 2020, the ElasticMapReduce-master security group had a
//! pre-configured rule to allow inbound traffic on Port 22 from all sources." EMR "adds
//! missing inbound rules at each launch".

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode};
use crate::ec2::model::{Peer, Proto, Rule};
use crate::ec2::reach::EMR_SERVICE_PREFIX_LIST;
use crate::sim::{Ctx, Services};

use super::model::Cluster;

pub const MASTER_GROUP: &str = "ElasticMapReduce-master";
pub const SLAVE_GROUP: &str = "ElasticMapReduce-slave";
pub const MASTER_PRIVATE_GROUP: &str = "ElasticMapReduce-Master-Private";
pub const SLAVE_PRIVATE_GROUP: &str = "ElasticMapReduce-Slave-Private";
pub const SERVICE_ACCESS_GROUP: &str = "ElasticMapReduce-ServiceAccess";

/// Which rules of the past the scenario follows; today's by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Era {
    /// Before December 2020: a new ElasticMapReduce-master group admits SSH (TCP 22) from
    /// 0.0.0.0/0.
    pub ssh_open_to_world: bool,
    /// 2019: `VisibleToAllUsers` false hides a cluster from every IAM principal but its
    /// creator and the root user. Today the parameter "is no longer supported ... Setting it
    /// to false now has no effect."
    pub visibility_2019: bool,
}

/// The account's block public access configuration in the region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockPublicAccess {
    /// "For accounts created after [July 2019], the default is true."
    pub enabled: bool,
    /// Port ranges open to 0.0.0.0/0 that do not block a launch: "By default, Port 22".
    pub permitted: Vec<(i64, i64)>,
    /// Who last set it (`None`: never set, the account's default).
    pub set_by: Option<(String, i64)>,
}

impl Default for BlockPublicAccess {
    fn default() -> Self {
        BlockPublicAccess { enabled: true, permitted: vec![(22, 22)], set_by: None }
    }
}

/// The default inbound rules of the master group (`master`, `slave` are the two groups' ids).
pub fn master_rules(master: &str, slave: &str, era: Era) -> Vec<Rule> {
    let mut rules = intra_cluster(master, slave);
    rules.push(Rule::new(
        Proto::Tcp,
        8443,
        8443,
        Peer::PrefixList(EMR_SERVICE_PREFIX_LIST.into()),
        "Allows the cluster manager to communicate with the master nodes",
    ));
    if era.ssh_open_to_world {
        rules.push(Rule::new(Proto::Tcp, 22, 22, Peer::Cidr("0.0.0.0/0".into()), ""));
    }
    rules
}

/// The default inbound rules of the slave group: the cluster's own two groups, nothing else.
pub fn slave_rules(master: &str, slave: &str) -> Vec<Rule> {
    intra_cluster(master, slave)
}

fn intra_cluster(master: &str, slave: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    for group in [master, slave] {
        rules.push(Rule::new(Proto::Icmp, -1, -1, Peer::Group(group.into()), ""));
        rules.push(Rule::new(Proto::Tcp, 0, 65535, Peer::Group(group.into()), ""));
        rules.push(Rule::new(Proto::Udp, 0, 65535, Peer::Group(group.into()), ""));
    }
    rules
}

/// At each launch: makes the managed groups EMR uses if they do not exist, and puts back any
/// default inbound rule a learner removed. Groups the learner named instead are left as they
/// are, but must exist.
pub fn prepare_groups(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    c: &Cluster,
) -> Result<(), ApiError> {
    if crate::ec2::model::is_private_subnet(c.ec2.subnet_id.as_deref()) {
        return prepare_private_groups(services, ctx, c);
    }
    let era = services.emr.era;
    let (master, slave) = (c.ec2.master_security_group.clone(), c.ec2.slave_security_group.clone());
    let managed = services.emr.managed_groups.clone().unwrap_or_default();
    let time = ctx.unix_ms();
    if managed.0 == master && !services.ec2.groups.contains_key(&master) {
        let description = format!(
            "Master group for Elastic MapReduce created on {}",
            crate::sim::format_iso(time)
        );
        crate::ec2::ops::create_group(services, ctx, master.clone(), MASTER_GROUP, &description);
    }
    if managed.1 == slave && !services.ec2.groups.contains_key(&slave) {
        let description = format!(
            "Slave group for Elastic MapReduce created on {}",
            crate::sim::format_iso(time)
        );
        crate::ec2::ops::create_group(services, ctx, slave.clone(), SLAVE_GROUP, &description);
    }
    if managed.0 == master {
        for rule in master_rules(&master, &slave, era) {
            crate::ec2::ops::add_ingress(services, ctx, &master, rule);
        }
    }
    if managed.1 == slave {
        for rule in slave_rules(&master, &slave) {
            crate::ec2::ops::add_ingress(services, ctx, &slave, rule);
        }
    }
    for g in cluster_groups(c) {
        if !services.ec2.groups.contains_key(&g) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!("The security group '{g}' does not exist"),
            ));
        }
    }
    Ok(())
}

/// A private subnet's managed groups (facts, section 4): ElasticMapReduce-Master-Private and
/// -Slave-Private admit the cluster's own two groups and TCP 8443 from
/// ElasticMapReduce-ServiceAccess, which admits TCP 9443 from the master group ("Required for
/// EMR clusters with Amazon EMR release 5.30.0 and later") and sends only TCP 8443 to the
/// master and slave groups. Made if missing; missing inbound rules put back at each launch.
fn prepare_private_groups(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    c: &Cluster,
) -> Result<(), ApiError> {
    let managed = services.emr.managed_private_groups.clone().unwrap_or_default();
    let (master, slave) = (c.ec2.master_security_group.clone(), c.ec2.slave_security_group.clone());
    let service = c.ec2.service_access_security_group.clone().unwrap_or_default();
    let time = crate::sim::format_iso(ctx.unix_ms());
    let made = [
        (&managed.0, &master, MASTER_PRIVATE_GROUP, "Master"),
        (&managed.1, &slave, SLAVE_PRIVATE_GROUP, "Slave"),
        (&managed.2, &service, SERVICE_ACCESS_GROUP, "Service access"),
    ];
    for (id, used, name, what) in made {
        if id == used && !services.ec2.groups.contains_key(used) {
            let description = format!("{what} group for Elastic MapReduce created on {time}");
            crate::ec2::ops::create_group(services, ctx, used.clone(), name, &description);
            if name == SERVICE_ACCESS_GROUP {
                if let Some(g) = services.ec2.groups.get_mut(used) {
                    g.egress = [&master, &slave]
                        .iter()
                        .map(|to| Rule::new(Proto::Tcp, 8443, 8443, Peer::Group((*to).clone()), ""))
                        .collect();
                }
            }
        }
    }
    let from_service = Rule::new(Proto::Tcp, 8443, 8443, Peer::Group(service.clone()), "");
    if managed.0 == master {
        for rule in intra_cluster(&master, &slave).into_iter().chain([from_service.clone()]) {
            crate::ec2::ops::add_ingress(services, ctx, &master, rule);
        }
    }
    if managed.1 == slave {
        for rule in intra_cluster(&master, &slave).into_iter().chain([from_service]) {
            crate::ec2::ops::add_ingress(services, ctx, &slave, rule);
        }
    }
    let recent = c.release.major > 5 || (c.release.major == 5 && c.release.minor >= 30);
    if managed.2 == service && recent {
        let rule = Rule::new(Proto::Tcp, 9443, 9443, Peer::Group(master.clone()), "");
        crate::ec2::ops::add_ingress(services, ctx, &service, rule);
    }
    for g in cluster_groups(c).into_iter().chain(c.ec2.service_access_security_group.clone()) {
        if !services.ec2.groups.contains_key(&g) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!("The security group '{g}' does not exist"),
            ));
        }
    }
    Ok(())
}

/// Every group the cluster's nodes carry, master's first, without repeats.
pub fn cluster_groups(c: &Cluster) -> Vec<String> {
    let e = &c.ec2;
    let mut all = vec![e.master_security_group.clone(), e.slave_security_group.clone()];
    all.extend(e.additional_master_security_groups.iter().cloned());
    all.extend(e.additional_slave_security_groups.iter().cloned());
    let mut seen = Vec::new();
    all.retain(|g| {
        let new = !seen.contains(g);
        seen.push(g.clone());
        new
    });
    all
}

/// Block public access at launch: refuses a cluster when one of its groups admits 0.0.0.0/0 or
/// ::/0 on a port the configuration does not permit. AWS documents the check ("Amazon EMR
/// will fail the cluster creation and send an exception to the user") but not the
/// exception's words: the sandbox's ValidationException text is its own.
pub fn check_block_public_access(services: &Services, c: &Cluster) -> Result<(), ApiError> {
    let bpa = &services.emr.block_public_access;
    // "Block public access does not take effect in private subnets."
    if !bpa.enabled || crate::ec2::model::is_private_subnet(c.ec2.subnet_id.as_deref()) {
        return Ok(());
    }
    for id in cluster_groups(c) {
        let Some(g) = services.ec2.groups.get(&id) else { continue };
        for r in g.ingress.iter().filter(|r| r.peer.is_public()) {
            let (from, to) = match r.proto {
                // ICMP has no ports: nothing for a port exception to name.
                Proto::Icmp => continue,
                Proto::All => (0, 65535),
                _ => (r.from, r.to),
            };
            if !bpa.permitted.iter().any(|(lo, hi)| *lo <= from && to <= *hi) {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    format!(
                        "Block public access is enabled for this account. The security group {} ({id}) has a rule that allows inbound traffic from {} on {}, which is not a permitted port range (PermittedPublicSecurityGroupRuleRanges).",
                        g.name,
                        r.peer.text(),
                        r.ports_text()
                    ),
                ));
            }
        }
    }
    Ok(())
}
