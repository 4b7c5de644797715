//! What a step runs, read from its JAR and arguments, and how long it takes.
//!
//! `command-runner.jar` runs a command on the primary node (`hadoop-streaming ...`,
//! `hadoop jar ...`, `hdfs dfs ...`, and small shell commands: `echo`, `sleep N`, `true`,
//! `false`); `hadoop-streaming.jar` and `hadoop-mapreduce-examples.jar` run MapReduce jobs.
//! Any other JAR cannot run in the sandbox (there is no JVM): the step fails and says so.
//!
//! A step that is not a MapReduce job takes the command runner's start-up time (10 s, the
//! sandbox's figure) plus what the command itself takes (`sleep N`).

use super::mapreduce;
use super::model::{Cluster, Failure, Wake};
use crate::sim::{Ctx, Services};

/// Starting the step's process on the primary node (the sandbox's figure).
pub const STEP_OVERHEAD_MS: u64 = 10_000;

/// How a step that is not a MapReduce job ends.
pub struct Immediate {
    pub outcome: Result<(), Failure>,
    /// Time the command itself takes.
    pub extra_ms: u64,
    pub log: Vec<String>,
}

/// Starts a step that just became RUNNING.
pub fn start(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, step: &str) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    let Some(s) = c.step(step) else { return };
    let (jar, args) = (s.jar.clone(), s.args.clone());
    if super::hive::is_step(&jar, &args) {
        super::hive::start(services, ctx, id, step, &args);
        return;
    }
    if mapreduce::plan::is_job(&jar, &args) {
        let refused = match mapreduce::plan::plan(&jar, &args) {
            Err(r) => Some((
                Failure { reason: "Unknown Error".into(), message: r.message, log_file: None },
                r.log,
            )),
            Ok(plan) => mapreduce::submit(services, ctx, id, step, plan).err(),
        };
        if let Some((failure, log)) = refused {
            let Some(c) = services.emr.clusters.get_mut(id) else { return };
            finish_later(c, ctx, step, Immediate { outcome: Err(failure), extra_ms: 0, log });
        }
        return;
    }
    let is_hadoop_shell = jar.ends_with("command-runner.jar")
        && matches!(args.first().map(String::as_str), Some("hdfs") | Some("hadoop"));
    if is_hadoop_shell {
        let out = super::shell::run_args(services, ctx, id, &args, None);
        let mut log: Vec<String> =
            out.stdout.lines().chain(out.stderr.lines()).map(str::to_string).collect();
        let plan = if out.exit_code == 0 {
            ok(log, 0)
        } else {
            log.retain(|_| true);
            exit_with(out.exit_code, log)
        };
        let Some(c) = services.emr.clusters.get_mut(id) else { return };
        finish_later(c, ctx, step, plan);
        return;
    }
    let plan = plan_immediate(c, step, &jar, &args);
    finish_later(c, ctx, step, plan);
}

/// Schedules the end of a step that is not a job.
pub fn finish_later(c: &mut Cluster, ctx: &mut Ctx<'_>, step: &str, plan: Immediate) {
    if super::shell::jar::is_run(step) {
        // A `hadoop jar` typed in the shell, not a step: the command exits now.
        return super::shell::jar::ended_early(c, ctx.unix_ms(), step, plan.log);
    }
    let (cluster, generation) = (c.id.clone(), c.generation);
    let log_file = super::steps::log_file(c, step);
    let Some(s) = c.step_mut(step) else { return };
    s.log.extend(plan.log);
    s.outcome = Some(plan.outcome.map_err(|mut f| {
        f.log_file = f.log_file.or(log_file);
        f
    }));
    let serial = s.serial;
    ctx.schedule_in(
        STEP_OVERHEAD_MS + plan.extra_ms,
        Wake::StepDone { cluster, generation, step: step.to_string(), serial },
    );
}

/// What a command (not a job) does.
fn plan_immediate(c: &Cluster, step: &str, jar: &str, args: &[String]) -> Immediate {
    let jar_name = jar.rsplit('/').next().unwrap_or(jar);
    if jar_name == "command-runner.jar" {
        return shell_command(args);
    }
    let _ = (c, step);
    unknown_jar(jar)
}

fn ok(log: Vec<String>, extra_ms: u64) -> Immediate {
    Immediate { outcome: Ok(()), extra_ms, log }
}

/// The small shell commands command-runner runs here.
fn shell_command(args: &[String]) -> Immediate {
    let program = args.first().map(String::as_str).unwrap_or("");
    match program {
        "echo" => ok(vec![args[1..].join(" ")], 0),
        "true" => ok(Vec::new(), 0),
        "sleep" => match args.get(1).and_then(|n| n.parse::<u64>().ok()) {
            Some(secs) => ok(Vec::new(), secs.min(7 * 24 * 3600) * 1000),
            None => exit_with(1, vec!["sleep: missing operand".into()]),
        },
        "false" => exit_with(1, Vec::new()),
        "" => exit_with(1, vec!["command-runner.jar: no command given".into()]),
        other => exit_with(
            127,
            vec![format!(
                "Cannot run program \"{other}\": the sandbox's command-runner.jar runs \
                 hadoop-streaming, hadoop jar, hdfs dfs, echo, sleep, true and false"
            )],
        ),
    }
}

/// A command that exits non-zero: command-runner logs "Command exiting with ret 'N'" and the
/// step fails (EMR gives no better reason than "Unknown Error" for it).
fn exit_with(code: i32, mut log: Vec<String>) -> Immediate {
    let message = format!("Command exiting with ret '{code}'");
    log.push(message.clone());
    Immediate {
        outcome: Err(Failure { reason: "Unknown Error".into(), message, log_file: None }),
        extra_ms: 0,
        log,
    }
}

fn unknown_jar(jar: &str) -> Immediate {
    let message = format!(
        "The sandbox cannot run {jar}: there is no JVM here. It runs command-runner.jar \
         (hadoop-streaming, hadoop jar, hdfs dfs), hadoop-streaming.jar and \
         hadoop-mapreduce-examples.jar."
    );
    Immediate {
        outcome: Err(Failure {
            reason: "Unknown Error".into(),
            message: message.clone(),
            log_file: None,
        }),
        extra_ms: 0,
        log: vec![message],
    }
}
