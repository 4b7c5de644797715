//! Security groups and their rules, as EC2 keeps them, and what a learner can observe of them.

use serde::{Deserialize, Serialize};

/// The sandbox's default VPC: every group lives in it (the sandbox has no other VPC). The id
/// is fixed rather than drawn from the RNG, so adding EC2 changed no earlier seed's ids.
pub const DEFAULT_VPC: &str = "vpc-0a1b2c3d4e5f60718";

/// The default VPC's one private subnet (no route to an internet gateway): a cluster launched
/// into it gets EMR's private-subnet managed groups. Every other subnet id is taken as a
/// public subnet of the default VPC. The sandbox's choice (it models no subnets or route
/// tables); the EMR view says so.
pub const PRIVATE_SUBNET: &str = "subnet-0a1b2c3d4e5f60002";

/// Whether `subnet` is the sandbox's private subnet.
pub fn is_private_subnet(subnet: Option<&str>) -> bool {
    subnet == Some(PRIVATE_SUBNET)
}

/// An IP protocol as a rule names it (`IpProtocol`: `tcp`, `udp`, `icmp`, or `-1` for all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Proto {
    All,
    Tcp,
    Udp,
    Icmp,
}

impl Proto {
    /// EC2 accepts a protocol by name or by number (6, 17, 1) and answers with the name.
    pub fn parse(text: &str) -> Option<Proto> {
        match text.to_ascii_lowercase().as_str() {
            "-1" | "all" => Some(Proto::All),
            "tcp" | "6" => Some(Proto::Tcp),
            "udp" | "17" => Some(Proto::Udp),
            "icmp" | "1" => Some(Proto::Icmp),
            _ => None,
        }
    }

    /// `IpProtocol` on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            Proto::All => "-1",
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
        }
    }

    /// As EC2's InvalidPermission texts spell it (`TCP`, `ALL`).
    pub fn upper(self) -> &'static str {
        match self {
            Proto::All => "ALL",
            Proto::Tcp => "TCP",
            Proto::Udp => "UDP",
            Proto::Icmp => "ICMP",
        }
    }
}

/// Where a rule admits traffic from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Peer {
    /// An IPv4 block (`0.0.0.0/0`, `198.51.100.7/32`).
    Cidr(String),
    /// An IPv6 block (`::/0`).
    Cidr6(String),
    /// Every instance that carries the group (`UserIdGroupPairs`).
    Group(String),
    /// A managed prefix list (`PrefixListIds`).
    PrefixList(String),
}

impl Peer {
    /// As EC2's InvalidPermission texts name it: `peer: 0.0.0.0/0`, `peer: sg-...`.
    pub fn text(&self) -> &str {
        match self {
            Peer::Cidr(c) | Peer::Cidr6(c) | Peer::Group(c) | Peer::PrefixList(c) => c,
        }
    }

    /// Open to the whole internet: what block public access looks for.
    pub fn is_public(&self) -> bool {
        matches!(self, Peer::Cidr(c) if c == "0.0.0.0/0")
            || matches!(self, Peer::Cidr6(c) if c == "::/0")
    }
}

/// One inbound (or outbound) rule: a protocol, a port range, one peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub proto: Proto,
    /// `-1` for all (ICMP types, or no ports for protocol `-1`).
    pub from: i64,
    pub to: i64,
    pub peer: Peer,
    pub description: Option<String>,
}

impl Rule {
    pub fn new(proto: Proto, from: i64, to: i64, peer: Peer, description: &str) -> Rule {
        let description = (!description.is_empty()).then(|| description.to_string());
        Rule { proto, from, to, peer, description }
    }

    /// Same protocol, ports and peer: EC2 keeps one of each.
    pub fn same(&self, other: &Rule) -> bool {
        self.proto == other.proto
            && self.from == other.from
            && self.to == other.to
            && self.peer == other.peer
    }

    /// EC2's words for the rule in InvalidPermission.Duplicate: `peer: sg-1, TCP, from port:
    /// 0, to port: 65535, ALLOW`; `peer: 0.0.0.0/0, ALL, ALLOW`.
    pub fn ec2_text(&self) -> String {
        match self.proto {
            Proto::All => format!("peer: {}, ALL, ALLOW", self.peer.text()),
            p => format!(
                "peer: {}, {}, from port: {}, to port: {}, ALLOW",
                self.peer.text(),
                p.upper(),
                self.from,
                self.to
            ),
        }
    }

    /// Whether the rule admits `proto` traffic to `port` (protocol and port only; the peer is
    /// the caller's question).
    pub fn admits(&self, proto: Proto, port: i64) -> bool {
        match self.proto {
            Proto::All => true,
            p if p != proto => false,
            Proto::Icmp => self.from == -1 || self.from == port,
            _ => (self.from..=self.to).contains(&port),
        }
    }

    /// The console's words: `TCP 22`, `All TCP`, `All ICMP`, `All traffic`, `TCP 8000-8100`.
    pub fn ports_text(&self) -> String {
        match self.proto {
            Proto::All => "All traffic".into(),
            Proto::Icmp if self.from == -1 => "All ICMP".into(),
            Proto::Icmp => format!("ICMP type {}", self.from),
            p if self.from == 0 && self.to == 65535 => format!("All {}", p.upper()),
            p if self.from == self.to => format!("{} {}", p.upper(), self.from),
            p => format!("{} {}-{}", p.upper(), self.from, self.to),
        }
    }
}

/// A security group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub owner_id: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
}

/// What a learner can observe of EC2.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    SecurityGroupCreated {
        group: String,
        name: String,
    },
    /// A rule added (by a learner, or by EMR when a launch finds a default rule missing).
    IngressAuthorized {
        group: String,
        rule: String,
    },
    IngressRevoked {
        group: String,
        rule: String,
    },
    /// A connection tried: `allowed_by` names the group and rule that admitted it; `None`
    /// means no rule did and the packets were dropped.
    ConnectionTried {
        source: String,
        instance: String,
        protocol: String,
        port: i64,
        allowed_by: Option<String>,
    },
    /// An SSH login tried on a cluster's primary node: logged in as `hadoop`, or ssh's
    /// refusal (timed out, permission denied).
    SshTried {
        source: String,
        cluster: String,
        connected: bool,
        message: String,
    },
}

/// EC2 schedules nothing: no wake-up can exist.
#[derive(Clone, Debug)]
pub enum Wake {}
