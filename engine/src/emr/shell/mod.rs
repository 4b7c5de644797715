//! The primary node's shell, for the commands a learner types after `ssh hadoop@<primary>`
//! and the ones `command-runner.jar` runs as steps: `hdfs dfs` (or `hadoop fs`) `-ls -cat
//! -du -mkdir -put -cp -mv -rm -setrep -tail`, `hdfs fsck <path> [-files [-blocks
//! [-locations]]]` and `hdfs dfsadmin -report`, printing what Hadoop prints. `echo text |
//! hdfs dfs -put - <path>` writes a file from the command line. Also `whoami`, `hostname`
//! and `yarn application -list [-appStates ...]` ([`yarn`]); `hive` (`crate::emr::hive::shell`)
//! and `hadoop jar` ([`jar`]) run on in virtual time. Anything else answers as bash does.
//!
//! It lives in the engine (not in a crate beside the CLI) because steps run these same
//! commands inside the simulation.

pub mod dfs;
pub mod fsck;
pub mod jar;
pub mod java;
pub mod report;
pub mod yarn;

use crate::sim::{Ctx, Services};

/// What a command printed and how it exited.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ShellOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl ShellOutput {
    pub fn ok(stdout: String) -> Self {
        ShellOutput { stdout, stderr: String::new(), exit_code: 0 }
    }

    pub fn err(stderr: String, exit_code: i32) -> Self {
        ShellOutput { stdout: String::new(), stderr, exit_code }
    }
}

/// Splits a command line into words (single and double quotes group, backslash escapes in
/// double quotes), and at a `|` into commands.
pub fn words(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                w.push(n);
                            }
                        }
                        other => w.push(other),
                    }
                }
            }
            '|' => {
                if let Some(w) = word.take() {
                    if let Some(c) = commands.last_mut() {
                        c.push(w);
                    }
                }
                commands.push(Vec::new());
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    if let Some(c) = commands.last_mut() {
                        c.push(w);
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = word.take() {
        if let Some(c) = commands.last_mut() {
            c.push(w);
        }
    }
    commands
}

/// Whether a job's key is a command typed in the shell (`hive`, `hadoop jar`) rather than a
/// step: YARN serves such jobs after the steps' ones.
pub fn is_typed(key: &str) -> bool {
    crate::emr::hive::shell::is_shell(key) || jar::is_run(key)
}

/// Runs a command line on the cluster's primary node.
pub fn run(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, line: &str) -> ShellOutput {
    let commands = words(line);
    let (stdin, last) = match commands.as_slice() {
        [] => return ShellOutput::default(),
        [one] => (None, one.clone()),
        [echo, put] if echo.first().map(String::as_str) == Some("echo") => {
            (Some(format!("{}\n", echo[1..].join(" "))), put.clone())
        }
        _ => {
            return ShellOutput::err(
                "The sandbox's shell pipes only `echo ... | hdfs dfs -put - <path>`.\n".into(),
                2,
            )
        }
    };
    run_args(services, ctx, cluster, &last, stdin.as_deref())
}

/// Runs a command already split into words (a step's arguments).
pub fn run_args(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[String],
    stdin: Option<&str>,
) -> ShellOutput {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match a.as_slice() {
        [] => ShellOutput::default(),
        ["hdfs", "dfs", rest @ ..] | ["hadoop", "fs", rest @ ..] | ["hadoop", "dfs", rest @ ..] => {
            dfs::run(services, ctx, cluster, rest, stdin)
        }
        ["hdfs", "fsck", rest @ ..] => fsck::run(services, ctx, cluster, rest),
        ["hdfs", "dfsadmin", "-report", rest @ ..] => report::run(services, ctx, cluster, rest),
        ["hdfs", "dfsadmin", ..] => {
            ShellOutput::err("The sandbox's dfsadmin runs -report only.\n".into(), 1)
        }
        ["echo", rest @ ..] => ShellOutput::ok(format!("{}\n", rest.join(" "))),
        // `aws emr ssh` and steps alike log in as hadoop.
        ["whoami"] => ShellOutput::ok("hadoop\n".into()),
        ["hostname"] => {
            let region = ctx.config.region.clone();
            let name = services
                .emr
                .clusters
                .get(cluster)
                .and_then(|c| c.nodes.iter().find(|n| n.role == crate::emr::model::Role::Master))
                .map(|n| n.private_dns(&region))
                .unwrap_or_default();
            ShellOutput::ok(format!("{name}\n"))
        }
        ["yarn", "application", rest @ ..] | ["yarn", "app", rest @ ..] => {
            yarn::run(services, ctx, cluster, rest)
        }
        ["hadoop", "jar", ..] | ["yarn", "jar", ..] => jar::refuse(args),
        [other, ..] => ShellOutput::err(format!("-bash: {other}: command not found\n"), 127),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_group_quotes_and_split_pipes() {
        let w = words(r#"echo "hello world" 'a b' | hdfs dfs -put - /x"#);
        assert_eq!(
            w,
            vec![vec!["echo", "hello world", "a b"], vec!["hdfs", "dfs", "-put", "-", "/x"]]
        );
    }
}
