//! What a learner does to EC2 outside the API: try a connection. Recorded in the command log
//! like any API call (its answer goes into the event log): keep variants and field names
//! stable.

use serde::{Deserialize, Serialize};

use super::model::Event;
use super::reach::{self, Source};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// A learner's EC2 action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ec2Command {
    /// Connect from `source` to instance `instance` on `protocol` (`tcp`, `udp`, `icmp`)
    /// and `port`.
    Connect { source: Source, instance: String, protocol: String, port: i64 },
    /// `ssh -i KEY_PAIR_FILE hadoop@<primary>` from `source` (what `aws emr ssh --cluster-id
    /// CLUSTER --key-pair-file KEY_PAIR_FILE` runs).
    Ssh { source: Source, cluster: String, key_pair_file: String },
}

impl Ec2Command {
    /// The name the command log shows.
    pub fn action(&self) -> &'static str {
        match self {
            Ec2Command::Connect { .. } => "Connect",
            Ec2Command::Ssh { .. } => "Ssh",
        }
    }
}

/// Applies a learner's command through EMR's code table.
pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &Ec2Command,
) -> Result<String, ApiError> {
    crate::emr::ec2_command(services, ctx, command)
}

/// Applies a learner's command; answers the verdict as JSON.
pub(crate) fn command_linked(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &Ec2Command,
) -> Result<String, ApiError> {
    match command {
        Ec2Command::Connect { source, instance, protocol, port } => {
            let verdict = reach::connect(services, source, instance, protocol, *port)?;
            ctx.emit(Event::ConnectionTried {
                source: source.text(),
                instance: instance.clone(),
                protocol: protocol.to_ascii_lowercase(),
                port: *port,
                allowed_by: verdict
                    .rule
                    .as_ref()
                    .map(|r| format!("{}: {r}", verdict.group.clone().unwrap_or_default())),
            });
            Ok(serde_json::to_string(&verdict).unwrap_or_default())
        }
        Ec2Command::Ssh { source, cluster, key_pair_file } => {
            let region = ctx.config.region.clone();
            let session = super::ssh::ssh(services, &region, source, cluster, key_pair_file)?;
            ctx.emit(Event::SshTried {
                source: source.text(),
                cluster: cluster.clone(),
                connected: session.connected,
                message: session.message.clone(),
            });
            Ok(serde_json::to_string(&session).unwrap_or_default())
        }
    }
}
