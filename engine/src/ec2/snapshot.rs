//! Read-only views for the UI: the groups with their rules in the console's words, and the
//! reachability question answered without recording anything.

use serde::Serialize;

use super::model::SecurityGroup;
use super::reach::{self, Source, Verdict};
use super::Ec2;
use crate::api::ApiError;

/// One inbound rule as the console's table shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleView {
    /// `All TCP`, `TCP 22`, `All ICMP`, `All traffic`.
    pub ports: String,
    /// `198.51.100.7/32`, `sg-...`, `pl-...`.
    pub source: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecurityGroupView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub inbound: Vec<RuleView>,
    pub outbound: Vec<RuleView>,
}

pub struct Snapshot<'a> {
    ec2: &'a Ec2,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(ec2: &'a Ec2, _now_unix_ms: i64) -> Self {
        Self { ec2 }
    }

    fn view(g: &SecurityGroup) -> SecurityGroupView {
        let rows = |rules: &[super::model::Rule]| {
            rules
                .iter()
                .map(|r| RuleView {
                    ports: r.ports_text(),
                    source: r.peer.text().to_string(),
                    description: r.description.clone().unwrap_or_default(),
                })
                .collect()
        };
        SecurityGroupView {
            id: g.id.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
            inbound: rows(&g.ingress),
            outbound: rows(&g.egress),
        }
    }

    /// Every group, by id.
    pub fn groups(&self) -> Vec<SecurityGroupView> {
        self.ec2.groups.values().map(Self::view).collect()
    }

    pub fn group(&self, id: &str) -> Option<SecurityGroupView> {
        self.ec2.groups.get(id).map(Self::view)
    }
}

impl crate::sim::WorldView<'_> {
    /// "Connect from `source` to `instance` on `protocol`/`port`", answered from the current
    /// rules without recording the attempt (the recorded verb is `Ec2Command::Connect`).
    pub fn connect(
        &self,
        source: &Source,
        instance: &str,
        protocol: &str,
        port: i64,
    ) -> Result<Verdict, ApiError> {
        reach::connect(self.services, source, instance, protocol, port)
    }
}
