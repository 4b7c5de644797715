//! SSH to a cluster's primary node, as `ssh -i KEY.pem hadoop@<public DNS>` (what `aws emr ssh`
//! runs) meets it: a terminated cluster is refused before any connection (the CLI's
//! ClusterTerminatedError); then the packets reach port 22 only if a rule of the node's groups
//! admits the source (otherwise they are dropped and ssh gives up with "Connection timed out",
//! never "refused"); then the server takes only the key pair the cluster was launched with
//! (`Ec2KeyName`), and logs the user in as `hadoop` ("Permission denied (publickey)." otherwise).

use serde::Serialize;

use crate::api::{ApiError, ErrorCode};
use crate::emr::model::{NodeState, Role};
use crate::sim::Services;

use super::reach::{self, Source};

/// What the learner's terminal shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    /// Logged in: a shell as `hadoop` on the primary node.
    pub connected: bool,
    pub user: String,
    pub host: String,
    /// The shell's prompt, when connected (`[hadoop@ip-172-31-1-10 ~]$`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// ssh's own words.
    pub message: String,
    /// Why, in the sandbox's words: the rule that let port 22 in, or that none did.
    pub reason: String,
}

/// `KEY.pem` or `/home/me/.ssh/KEY.pem`: the key pair's name, as EC2 names the pair whose
/// private key the file holds (the sandbox's convention: the file is named after its pair).
fn key_pair_of(file: &str) -> &str {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.strip_suffix(".pem").unwrap_or(base)
}

pub fn ssh(
    services: &Services,
    region: &str,
    source: &Source,
    cluster: &str,
    key_pair_file: &str,
) -> Result<Session, ApiError> {
    let c = services.emr.clusters.get(cluster).ok_or_else(|| {
        ApiError::new(ErrorCode::InvalidRequest, format!("Cluster id '{cluster}' is not valid."))
    })?;
    if c.state.is_ending() {
        return Err(ApiError::new(
            ErrorCode::Other("ClusterTerminatedError".into()),
            "aws: error: Cluster terminating or already terminated.",
        ));
    }
    let master = c
        .nodes
        .iter()
        .find(|n| n.role == Role::Master && n.state == NodeState::Running)
        .ok_or_else(|| {
        ApiError::new(
            ErrorCode::Other("MasterDNSNotAvailableError".into()),
            "Cannot get DNS of master node on the cluster.  Please try again after some time.",
        )
    })?;
    let host = master.public_dns(region);
    let verdict = reach::connect(services, source, &master.ec2_id, "tcp", 22)?;
    let user = "hadoop".to_string();
    if !verdict.allowed {
        return Ok(Session {
            connected: false,
            user,
            message: format!("ssh: connect to host {host} port 22: Connection timed out"),
            host,
            prompt: None,
            reason: verdict.message,
        });
    }
    if c.ec2.key_name.as_deref() != Some(key_pair_of(key_pair_file)) {
        let reason = match &c.ec2.key_name {
            // The console passes no file when the key file is not in its files.
            Some(k) if key_pair_file.is_empty() => {
                format!("The cluster was launched with key pair {k}; ssh had no key file to offer.")
            }
            Some(k) => format!(
                "The cluster was launched with key pair {k}; {key_pair_file} holds another key."
            ),
            None => {
                "The cluster was launched without a key pair (Ec2KeyName): no key logs in.".into()
            }
        };
        return Ok(Session {
            connected: false,
            message: format!("{user}@{host}: Permission denied (publickey)."),
            user,
            host,
            prompt: None,
            reason,
        });
    }
    let short = master.private_dns(region);
    let short = short.split('.').next().unwrap_or_default();
    Ok(Session {
        connected: true,
        prompt: Some(format!("[{user}@{short} ~]$")),
        message: format!("Connected to {host} as {user}."),
        user,
        host,
        reason: verdict.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_names_its_pair() {
        assert_eq!(key_pair_of("lab-key.pem"), "lab-key");
        assert_eq!(key_pair_of("/home/me/.ssh/lab-key.pem"), "lab-key");
        assert_eq!(key_pair_of("C:\\keys\\lab-key.pem"), "lab-key");
        assert_eq!(key_pair_of("lab-key"), "lab-key");
    }
}
