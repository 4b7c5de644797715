//! `aws emr ssh --cluster-id j-... --key-pair-file KEY.pem [--command CMD]`, as
//! awscli/customizations/emr/ssh.py and sshutils.py run it: DescribeCluster; a cluster that is
//! TERMINATING, TERMINATED or TERMINATED_WITH_ERRORS is refused (ClusterTerminatedError); one
//! still STARTING or BOOTSTRAPPING prints "Waiting for the cluster to start." and the
//! ClusterRunning waiter polls it (every 30 seconds of the host's clock, 60 times at most; a
//! failure is MasterDNSNotAvailableError); then DescribeCluster again for MasterPublicDnsName,
//! and the CLI prints the `ssh` command it runs. Running it is the host's: the console hands
//! the connection to the engine's SSH verb ([`request`] says what to connect). ssh's own
//! warning for a key file that is not there is printed here, where the files are.

use super::super::files::LocalFiles;
use super::super::json::Json;
use super::super::lexer;
use super::super::model::Cli;
use super::super::parse;
use super::{args, fail, CliOutput, Ctx};

/// sshutils.py / constants.py's state lists.
const TERMINATED_STATES: &[&str] = &["TERMINATED", "TERMINATING", "TERMINATED_WITH_ERRORS"];
const STARTING_STATES: &[&str] = &["STARTING", "BOOTSTRAPPING"];

/// ClusterTerminatedError's and MasterDNSNotAvailableError's `fmt`.
pub const CLUSTER_TERMINATED: &str = "aws: error: Cluster terminating or already terminated.";
pub const MASTER_DNS_NOT_AVAILABLE: &str =
    "Cannot get DNS of master node on the cluster.  Please try again after some time.";

/// The connection `aws emr ssh` asks the host to make once it has printed its `ssh` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshRequest {
    pub cluster_id: String,
    pub key_pair_file: String,
    /// Whether the key file is in the working directory (ssh offers no key otherwise).
    pub key_found: bool,
    /// `--command`: run this on the primary node and log out.
    pub command: Option<String>,
}

/// The `aws emr ssh` line's options, when it is one.
fn parsed(cli: &Cli, line: &str) -> Option<(String, String, Option<String>)> {
    let words: Vec<String> = lexer::split(line).ok()?.into_iter().map(|w| w.text).collect();
    if words.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let front = parse::front(cli, &words[1..]).ok()?;
    if front.service.cli_name != "emr" || front.command != "ssh" {
        return None;
    }
    let table = args::table("ssh")?;
    let a = args::Args::parse("ssh", table, &front.rest, front.globals.binary_format).ok()?;
    Some((
        a.text("cluster-id")?.to_string(),
        a.text("key-pair-file")?.to_string(),
        a.text("command").map(str::to_string),
    ))
}

/// What the host is to connect after a successful `aws emr ssh` line.
pub fn request(cli: &Cli, line: &str, files: &dyn LocalFiles) -> Option<SshRequest> {
    let (cluster_id, key_pair_file, command) = parsed(cli, line)?;
    let key_found = files.read(&local_path(&key_pair_file)).is_some();
    Some(SshRequest { cluster_id, key_pair_file, key_found, command })
}

/// `~/lab-key.pem` and `./lab-key.pem` are the console's `lab-key.pem`.
fn local_path(file: &str) -> String {
    file.strip_prefix("~/").unwrap_or(file).to_string()
}

fn state_of(answer: &Json) -> String {
    answer
        .get("Cluster")
        .and_then(|c| c.get("Status"))
        .and_then(|s| s.get("State"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Runs `aws emr ssh` up to the `ssh` line.
pub(super) fn run(
    cx: &mut Ctx<'_>,
    args: &args::Args,
    files: &dyn LocalFiles,
    mut sleep: Option<&mut dyn FnMut(u64)>,
) -> Result<(), CliOutput> {
    let cluster_id = args.text("cluster-id").unwrap_or_default().to_string();
    let key = args.text("key-pair-file").unwrap_or_default().to_string();
    let id = || Json::Object(vec![("ClusterId".into(), cluster_id.as_str().into())]);
    let state = state_of(&cx.call("DescribeCluster", id())?);
    if TERMINATED_STATES.contains(&state.as_str()) {
        return Err(fail(CLUSTER_TERMINATED));
    }
    if STARTING_STATES.contains(&state.as_str()) {
        cx.out.stdout.push_str("Waiting for the cluster to start.\n");
    }
    // The ClusterRunning waiter: RUNNING or WAITING succeed, the ending states fail it.
    let mut up = false;
    for attempt in 1..=60 {
        let now = state_of(&cx.call("DescribeCluster", id())?);
        if matches!(now.as_str(), "RUNNING" | "WAITING") {
            up = true;
            break;
        }
        if TERMINATED_STATES.contains(&now.as_str()) || attempt == 60 {
            break;
        }
        match sleep.as_mut() {
            Some(s) => s(30),
            // No clock to wait on (a host without one): the wait cannot succeed.
            None => break,
        }
    }
    if !up {
        return Err(fail(MASTER_DNS_NOT_AVAILABLE));
    }
    let answer = cx.call("DescribeCluster", id())?;
    let dns = answer
        .get("Cluster")
        .and_then(|c| c.get("MasterPublicDnsName"))
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    let mut line = format!(
        "ssh -o StrictHostKeyChecking=no -o ServerAliveInterval=10 -i {key} hadoop@{dns} -t"
    );
    if let Some(c) = args.text("command") {
        line.push(' ');
        line.push_str(c);
    }
    cx.out.stdout.push_str(&line);
    cx.out.stdout.push('\n');
    if files.read(&local_path(&key)).is_none() {
        // OpenSSH's warning; it then offers no key.
        cx.out.stderr.push_str(&format!(
            "Warning: Identity file {key} not accessible: No such file or directory.\n"
        ));
    }
    Ok(())
}
