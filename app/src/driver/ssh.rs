//! The console as the primary node's shell: `aws emr ssh` connects through the engine's SSH
//! verb (a timeout without a port-22 rule for the learner's address, "Permission denied
//! (publickey)" with the wrong key or none), then each typed line runs on the primary node
//! until `exit`. `hive` and `hadoop jar` run their jobs on the virtual clock: the console runs
//! the clock on until the command has printed its last line, as a terminal waits for it.

use std::collections::BTreeMap;

use aws_cli::{CliOutput, LocalFiles, SshRequest};
use engine::ec2::reach::Source;
use engine::ec2::Ec2Command;
use engine::emr::EmrCommand;
use engine::Command;
use leptos::prelude::*;
use serde_json::Value;

use super::{EntrySource, Sim};

/// Longest a shell command may run on the virtual clock before the console stops waiting.
const MAX_WAIT_MS: u64 = 3 * 3600 * 1000;
/// The clock runs on a second at a time while a command runs (Hive's own polling interval).
const POLL_MS: u64 = 1000;

/// A login on a cluster's primary node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshSession {
    pub cluster: String,
    /// The public DNS name logged in to (ssh names it when the connection closes).
    pub host: String,
    /// `[hadoop@ip-172-31-1-10 ~]$`
    pub prompt: String,
}

impl Sim {
    /// `aws emr ssh`'s connection: appended to what the CLI printed; on success the console
    /// becomes the node's shell (or, with `--command`, runs it and logs out).
    pub(super) fn connect(&self, request: &SshRequest, out: &mut CliOutput) {
        // No key file: ssh offers no key (it has printed its warning).
        let key = if request.key_found { request.key_pair_file.clone() } else { String::new() };
        let command = Command::Ec2(Ec2Command::Ssh {
            source: Source::Learner,
            cluster: request.cluster_id.clone(),
            key_pair_file: key,
        });
        let session = match self.apply(command).result {
            Ok(json) => serde_json::from_str::<Value>(&json).unwrap_or_default(),
            Err(e) => {
                out.stderr.push_str(&format!("{}\n", e.message));
                out.exit_code = 255;
                return;
            }
        };
        let text = |k: &str| session[k].as_str().unwrap_or_default().to_string();
        if session["connected"] != Value::Bool(true) {
            // ssh's own words, then why in the sandbox's (which rule, which key), marked as
            // a comment.
            out.stderr.push_str(&format!("{}\n# {}\n", text("message"), text("reason")));
            out.exit_code = 255;
            return;
        }
        let login = SshSession {
            cluster: request.cluster_id.clone(),
            host: text("host"),
            prompt: text("prompt"),
        };
        match &request.command {
            Some(line) => {
                let (stdout, stderr, code) = self.on_primary(&login.cluster, line);
                out.stdout.push_str(&stdout);
                out.stderr.push_str(&stderr);
                out.stderr.push_str(&format!("Connection to {} closed.\n", login.host));
                out.exit_code = code;
            }
            None => self.ssh.set(Some(login)),
        }
    }

    /// A line typed in the primary node's shell.
    pub fn run_shell(&self, line: &str) {
        let Some(login) = self.ssh.get_untracked() else { return };
        let (stdout, stderr, code) = match line.trim() {
            "exit" | "logout" => {
                self.ssh.set(None);
                ("logout\n".to_string(), format!("Connection to {} closed.\n", login.host), 0)
            }
            line => self.on_primary(&login.cluster, line),
        };
        self.push_entry(
            EntrySource::Typed,
            line.to_string(),
            stdout,
            stderr,
            code,
            Some(login.prompt),
        );
    }

    /// Runs a line on the primary node: (stdout, stderr, exit status).
    fn on_primary(&self, cluster: &str, line: &str) -> (String, String, i32) {
        // The hadoop user's home directory is the console's file area (as if copied there
        // with `aws emr put`): the files the line names go with the command.
        let home: BTreeMap<String, String> = self.files.with_value(|f| {
            line.split_whitespace()
                .map(|w| w.trim_matches(['\'', '"']))
                .map(|w| w.strip_prefix("~/").unwrap_or(w))
                .filter_map(|w| {
                    let bytes = f.read(w)?;
                    Some((w.to_string(), String::from_utf8_lossy(&bytes).into_owned()))
                })
                .collect()
        });
        let command = Command::Emr(EmrCommand::Shell {
            cluster: cluster.to_string(),
            line: line.to_string(),
            home,
        });
        let answer = match self.apply(command).result {
            Ok(json) => serde_json::from_str::<Value>(&json).unwrap_or_default(),
            Err(e) => return (String::new(), format!("{}\n", e.message), 255),
        };
        let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
        let Some(run) = answer["Running"].as_str() else {
            let code = answer["ExitCode"].as_i64().unwrap_or(0) as i32;
            return (text(&answer, "Stdout"), text(&answer, "Stderr"), code);
        };
        let mut waited = 0;
        loop {
            let ended = self.with_world(|w| w.view().emr().shell_run(cluster, run));
            match ended {
                Some(r) if r.exit_code.is_some() => {
                    return (r.stdout, r.stderr, r.exit_code.unwrap_or(0));
                }
                Some(_) if waited < MAX_WAIT_MS => {
                    self.mutate(|w| w.advance_by(POLL_MS));
                    waited += POLL_MS;
                }
                partial => {
                    let printed = partial.map(|r| r.stdout).unwrap_or_default();
                    let why = "The console stopped waiting after 3 hours of virtual time; the job runs on (yarn application -list).\n";
                    return (printed, why.to_string(), 130);
                }
            }
        }
    }
}
