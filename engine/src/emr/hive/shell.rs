//! `hive -e '<HiveQL>'` and `hive -f <script>` typed in the primary node's shell: the same
//! statement loop as a HIVE step ([`super::run`]), its queries' jobs on the cluster's
//! containers in virtual time, but no step. What the Hive CLI prints goes to the shell's
//! transcript, kept here under a run key (`hive-cli-1`, ...) that the learner's terminal reads
//! once the run has ended (`Snapshot::hive_shell`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{run, script, Hive};
use crate::emr::fs::{self, Location};
use crate::emr::model::Cluster;
use crate::emr::shell::ShellOutput;
use crate::sim::{Ctx, Services};

/// Run keys of Hive CLIs started in the shell begin with this (steps' ids begin with `s-`).
pub const PREFIX: &str = "hive-cli-";

/// Finished runs kept for the terminal to read (the oldest go first).
const KEEP: usize = 16;

/// What one `hive` command printed, and its exit status once it has ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ShellRun {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: Option<i32>,
}

pub fn is_shell(key: &str) -> bool {
    key.starts_with(PREFIX)
}

/// The run has ended with `code` (after `stderr`).
pub(super) fn end(c: &mut Cluster, key: &str, stderr: &str, code: i32) {
    if let Some(s) = c.hive.get::<Hive>().shells.get_mut(key) {
        s.stderr.push_str(stderr);
        s.exit_code = Some(code);
    }
}

/// The status the shell sees when Hive fails: CliDriver exits with the error's code
/// (`[Error 10001]`, 40000 for a ParseException, a task's return code), which the operating
/// system keeps modulo 256 (so a missing table exits 17 and a parse error 64); an unreadable
/// script file exits 3, an option Hive does not know 1.
pub fn exit_code(message: &str) -> i32 {
    let leading = |s: &str| -> Option<i32> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if message.starts_with("FAILED: ParseException") {
        return 40000 % 256;
    }
    if let Some(code) = message.split("[Error ").nth(1).and_then(leading) {
        return code % 256;
    }
    if let Some(code) = message.split("return code ").nth(1).and_then(leading) {
        return code % 256;
    }
    if message.starts_with("Could not open input file") {
        return 3;
    }
    1
}

/// A local path as the primary node's home directory names it (`~/q.q`, `./q.q`,
/// `/home/hadoop/q.q` are all `q.q`).
fn home_relative(path: &str) -> String {
    let p = path
        .strip_prefix("/home/hadoop/")
        .or_else(|| path.strip_prefix("~/"))
        .or_else(|| path.strip_prefix("./"))
        .unwrap_or(path);
    p.trim_start_matches("./").to_string()
}

/// Starts `hive <args>` (`args[0]` is `hive`): its run key, or what the shell prints at once
/// (Hive not installed, a bad option, a script file that cannot be read). `home` holds the
/// files of the hadoop user's home directory the line names (the console's file area stands
/// in for it, as if copied there with `aws emr put`).
pub fn start(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[String],
    home: &BTreeMap<String, String>,
) -> Result<String, ShellOutput> {
    let Some(c) = services.emr.clusters.get(cluster) else {
        return Err(ShellOutput::err("-bash: hive: command not found\n".into(), 127));
    };
    if !c.applications.iter().any(|(n, _)| n.eq_ignore_ascii_case("hive")) {
        // Without the Hive application the primary node has no `hive` on its PATH.
        return Err(ShellOutput::err("-bash: hive: command not found\n".into(), 127));
    }
    let inv = script::parse(args).map_err(|m| ShellOutput::err(format!("{m}\n"), 1))?;
    let text = match (&inv.text, &inv.file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) if f.contains("://") => {
            let read =
                Location::parse(f).ok().and_then(|loc| fs::read(services, cluster, &loc).ok());
            match read {
                Some(b) => String::from_utf8_lossy(&b).into_owned(),
                None => {
                    let m = format!(
                        "Could not open input file for reading. (File {f} does not exist)\n"
                    );
                    return Err(ShellOutput::err(m, 3));
                }
            }
        }
        (None, Some(f)) => match home.get(&home_relative(f)) {
            Some(t) => t.clone(),
            None => {
                let m = format!(
                    "Could not open input file for reading. ({f} (No such file or directory))\n"
                );
                return Err(ShellOutput::err(m, 3));
            }
        },
        (None, None) => String::new(),
    };
    let Some(c) = services.emr.clusters.get_mut(cluster) else {
        return Err(ShellOutput::default());
    };
    let hive = c.hive.get::<Hive>();
    hive.shells_started += 1;
    let key = format!("{PREFIX}{:04}", hive.shells_started);
    let finished: Vec<String> =
        hive.shells.iter().filter(|(_, r)| r.exit_code.is_some()).map(|(k, _)| k.clone()).collect();
    for old in finished.iter().take(finished.len().saturating_sub(KEEP - 1)) {
        hive.shells.remove(old);
    }
    hive.shells.insert(key.clone(), ShellRun::default());
    run::begin(services, ctx, cluster, &key, &text, inv);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_hives_error_codes_modulo_256() {
        assert_eq!(exit_code("FAILED: ParseException line 1:0 cannot recognize input"), 64);
        assert_eq!(
            exit_code("FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'x'"),
            17
        );
        assert_eq!(exit_code("FAILED: Execution Error, return code 2 from org.apache"), 2);
        assert_eq!(exit_code("Could not open input file for reading. (q.q)"), 3);
    }

    #[test]
    fn home_paths_name_the_same_file() {
        for p in ["q.q", "./q.q", "~/q.q", "/home/hadoop/q.q"] {
            assert_eq!(home_relative(p), "q.q");
        }
    }
}
