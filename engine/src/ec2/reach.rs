//! Reachability: "connect from SOURCE to NODE on PORT/PROTOCOL". A security group is
//! stateful and allow-only: a connection gets in when some inbound rule of some group the
//! node carries admits its protocol, port and source; otherwise the packets are dropped and
//! the client waits until it gives up (a timeout, not a refusal).

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode};
use crate::emr::model::{Cluster, Node, NodeState};
use crate::sim::Services;

use super::instances::node_groups;
use super::model::{Peer, Proto, Rule};
use super::{parse_cidr, texts};

/// A host on the internet that is not the learner's (an address from the documentation range
/// 203.0.113.0/24, which no real host has).
pub const INTERNET_ADDRESS: &str = "203.0.113.50";
/// The learner's own public address ("My IP" in the console), from the documentation range
/// 198.51.100.0/24.
pub const LEARNER_ADDRESS: &str = "198.51.100.7";
/// Stands for "various Amazon IP address ranges" the EMR cluster manager connects from (AWS
/// does not list them on the security-group page; the sandbox names them as one managed prefix
/// list, its own choice, said in the UI).
pub const EMR_SERVICE_PREFIX_LIST: &str = "pl-0e5a1c2b3d4f60789";

/// Who connects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Any host on the internet.
    Internet,
    /// The learner's own machine.
    Learner,
    /// Another instance (by its `i-` id): its private address and its groups.
    Node { instance: String },
    /// The EMR service (the cluster manager).
    EmrService,
}

impl Source {
    pub fn text(&self) -> String {
        match self {
            Source::Internet => format!("the internet ({INTERNET_ADDRESS})"),
            Source::Learner => format!("your address ({LEARNER_ADDRESS})"),
            Source::Node { instance } => format!("instance {instance}"),
            Source::EmrService => "the EMR service".into(),
        }
    }
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Verdict {
    pub allowed: bool,
    /// The group whose rule admitted the connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The rule, as the console lists it: `TCP 22 from 198.51.100.7/32`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
}

/// What the source looks like to a security group.
struct From {
    address: Option<u32>,
    groups: Vec<String>,
    prefix_list: Option<&'static str>,
}

fn find_node<'a>(services: &'a Services, instance: &str) -> Option<(&'a Cluster, &'a Node)> {
    services
        .emr
        .clusters
        .values()
        .find_map(|c| c.nodes.iter().find(|n| n.ec2_id == instance).map(|n| (c, n)))
}

fn address(text: &str) -> Option<u32> {
    parse_cidr(&format!("{text}/32")).map(|(a, _)| a)
}

fn matches(rule: &Rule, from: &From) -> bool {
    match &rule.peer {
        Peer::Cidr(c) => match (parse_cidr(c), from.address) {
            (Some((net, len)), Some(a)) => len == 0 || (a >> (32 - len)) == (net >> (32 - len)),
            _ => false,
        },
        // The sandbox's sources are IPv4 addresses; only ::/0 would admit an IPv6 one.
        Peer::Cidr6(_) => false,
        Peer::Group(g) => from.groups.contains(g),
        Peer::PrefixList(p) => from.prefix_list == Some(p.as_str()),
    }
}

/// A rule in the console's words: `TCP 22 from 198.51.100.7/32`, `All TCP from sg-...
/// (ElasticMapReduce-slave)`.
pub fn rule_text(services: &Services, rule: &Rule) -> String {
    let peer = match &rule.peer {
        Peer::Group(g) => match services.ec2.groups.get(g) {
            Some(group) => format!("{g} ({})", group.name),
            None => g.clone(),
        },
        p => p.text().to_string(),
    };
    format!("{} from {peer}", rule.ports_text())
}

/// Decides a connection from `source` to instance `instance` on `proto`/`port`.
pub fn connect(
    services: &Services,
    source: &Source,
    instance: &str,
    protocol: &str,
    port: i64,
) -> Result<Verdict, ApiError> {
    let proto = match Proto::parse(protocol) {
        Some(p) if p != Proto::All => p,
        _ => return Err(texts::bad_protocol(protocol)),
    };
    let (cluster, node) =
        find_node(services, instance).ok_or_else(|| texts::instance_not_found(instance))?;
    if node.state != NodeState::Running && node.state != NodeState::Bootstrapping {
        return Err(ApiError::new(
            ErrorCode::Other("IncorrectInstanceState".into()),
            format!(
                "The instance '{instance}' is not in a state from which it can accept connections."
            ),
        ));
    }
    let from = match source {
        Source::Internet => {
            From { address: address(INTERNET_ADDRESS), groups: Vec::new(), prefix_list: None }
        }
        Source::Learner => {
            From { address: address(LEARNER_ADDRESS), groups: Vec::new(), prefix_list: None }
        }
        // In a private subnet the service reaches the nodes through the cluster's
        // ElasticMapReduce-ServiceAccess group.
        Source::EmrService => From {
            address: None,
            groups: cluster.ec2.service_access_security_group.iter().cloned().collect(),
            prefix_list: Some(EMR_SERVICE_PREFIX_LIST),
        },
        Source::Node { instance: other } => {
            let (c, n) =
                find_node(services, other).ok_or_else(|| texts::instance_not_found(other))?;
            From { address: address(&n.private_ip), groups: node_groups(c, n), prefix_list: None }
        }
    };
    let groups = node_groups(cluster, node);
    for id in &groups {
        let Some(g) = services.ec2.groups.get(id) else { continue };
        if let Some(rule) = g.ingress.iter().find(|r| r.admits(proto, port) && matches(r, &from)) {
            let text = rule_text(services, rule);
            return Ok(Verdict {
                allowed: true,
                group: Some(id.clone()),
                message: format!("Allowed by {} ({id}): inbound {text}.", g.name),
                rule: Some(text),
            });
        }
    }
    let names: Vec<String> = groups
        .iter()
        .map(|id| match services.ec2.groups.get(id) {
            Some(g) => format!("{} ({id})", g.name),
            None => id.clone(),
        })
        .collect();
    Ok(Verdict {
        allowed: false,
        group: None,
        rule: None,
        message: format!(
            "No inbound rule of {} admits {} {port} from {}: the packets are dropped and the connection times out.",
            names.join(", "),
            proto.upper(),
            source.text()
        ),
    })
}
