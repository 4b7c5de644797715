//! `hadoop jar <jar> [mainClass] args...` (and `yarn jar`, the same RunJar) typed in the
//! primary node's shell: the examples JAR's programs and Hadoop streaming, submitted as YARN
//! applications on the cluster's containers exactly as a step's job is
//! ([`crate::emr::mapreduce::submit`]), run by user hadoop, in virtual time. What the job
//! client prints goes to the run's transcript under a run key (`hadoop-jar-0001`, ...), line
//! by line at the virtual time Hadoop would print it; the terminal reads it from the snapshot
//! (`Snapshot::shell_run`) once the command has ended.
//!
//! Both known JARs carry a `Main-Class` in their manifest (ExampleDriver, HadoopStreaming), so
//! RunJar hands every argument after the JAR to it: a class name typed after the JAR reaches
//! the driver as its first argument, as on a real cluster. Any other JAR does not exist on
//! the node (the sandbox has no JVM to run one).

use std::collections::BTreeMap;

use super::ShellOutput;
use crate::emr::hive::shell::ShellRun;
use crate::emr::mapreduce::{self, plan, Job};
use crate::emr::model::{Cluster, Failure};
use crate::sim::{Ctx, Services};

/// Run keys of `hadoop jar` commands begin with this (steps' ids begin with `s-`).
pub const PREFIX: &str = "hadoop-jar-";

/// Finished runs kept for the terminal to read (the oldest go first).
const KEEP: usize = 16;

/// Where EMR installs the JARs a learner runs with `hadoop jar` (the versioned names, such as
/// `hadoop-mapreduce-examples-3.3.6-amzn-3.jar`, sit beside the links).
const EXAMPLES_DIR: &str = "/usr/lib/hadoop-mapreduce/";
const STREAMING_DIRS: [&str; 2] = ["/usr/lib/hadoop/", "/usr/lib/hadoop-mapreduce/"];

/// The hadoop user's home directory, where a relative JAR path points.
const HOME: &str = "/home/hadoop";

/// The shell's `hadoop jar` runs on one cluster.
#[derive(Clone, Debug, Default)]
pub struct JarRuns {
    pub runs: BTreeMap<String, JarRun>,
    /// Commands started so far (they number the run keys).
    pub started: u32,
}

/// One `hadoop jar` command.
#[derive(Clone, Debug, Default)]
pub struct JarRun {
    /// What it printed: (Unix ms, order, line, whether log4j stamped it).
    lines: Vec<(i64, u32, String, bool)>,
    /// Hadoop 3's log4j stamps `2026-01-01 00:00:00,000`; Hadoop 2's `26/01/01 00:00:00`.
    hadoop3: bool,
    pub exit_code: Option<i32>,
}

impl JarRun {
    fn push(&mut self, at: i64, line: String) {
        // log4j's lines carry a level and the logger's last two name parts; the rest (counter
        // lines, System.err.println) are printed as they are.
        let stamped = ["INFO ", "WARN ", "ERROR "].iter().any(|l| line.starts_with(l));
        let n = self.lines.len() as u32;
        self.lines.push((at, n, line, stamped));
    }

    /// The transcript as the terminal shows it.
    pub fn output(&self) -> ShellRun {
        let mut lines: Vec<&(i64, u32, String, bool)> = self.lines.iter().collect();
        lines.sort_by_key(|(at, n, _, _)| (*at, *n));
        let mut text = String::new();
        let mut last_report = String::new();
        for (at, _, line, stamped) in lines {
            if line.starts_with("INFO mapreduce.Job:  map ") {
                // Job.monitorAndPrintJob prints a report only when it changed.
                if *line == last_report {
                    continue;
                }
                last_report = line.clone();
            }
            if *stamped {
                text.push_str(&stamp(*at, self.hadoop3));
                text.push(' ');
            }
            text.push_str(line);
            text.push('\n');
        }
        ShellRun { stdout: String::new(), stderr: text, exit_code: self.exit_code }
    }
}

/// log4j's `%d{ISO8601}` (Hadoop 3's console pattern) or `%d{yy/MM/dd HH:mm:ss}` (Hadoop 2's),
/// in the nodes' time zone, UTC.
fn stamp(unix_ms: i64, hadoop3: bool) -> String {
    let pattern = if hadoop3 { "%Y-%m-%d %H:%M:%S,%3f" } else { "%y/%m/%d %H:%M:%S" };
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .map_or_else(String::new, |t| t.format(pattern).to_string())
}

pub fn is_run(key: &str) -> bool {
    key.starts_with(PREFIX)
}

fn runs(c: &mut Cluster) -> &mut JarRuns {
    c.shell.get::<JarRuns>()
}

/// The run's transcript so far (`exit_code` set once it has ended).
pub fn output(c: &Cluster, key: &str) -> Option<ShellRun> {
    c.shell.peek::<JarRuns>()?.runs.get(key).map(JarRun::output)
}

/// A path as `File.getCanonicalPath` gives it from the hadoop user's home directory.
fn canonical(path: &str) -> String {
    let full = if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path == "~" {
        HOME.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{HOME}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in full.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Which program a JAR on the node runs: `Some(true)` streaming, `Some(false)` the examples,
/// `None` no such JAR.
fn known_jar(path: &str) -> Option<bool> {
    let (dir, base) = path.rsplit_once('/')?;
    let dir = format!("{dir}/");
    let versioned = |stem: &str| {
        base.strip_suffix(".jar")
            .is_some_and(|b| b == stem || b.strip_prefix(stem).is_some_and(|v| v.starts_with('-')))
    };
    if STREAMING_DIRS.contains(&dir.as_str()) && versioned("hadoop-streaming") {
        return Some(true);
    }
    (dir == EXAMPLES_DIR && versioned("hadoop-mapreduce-examples")).then_some(false)
}

/// RunJar's own refusals: no JAR named, or one that is not on the node.
fn check_jar(args: &[String]) -> Result<(String, bool), ShellOutput> {
    let Some(jar) = args.get(2) else {
        return Err(ShellOutput::err("RunJar jarFile [mainClass] args...\n".into(), 255));
    };
    let path = canonical(jar);
    match known_jar(&path) {
        Some(streaming) => Ok((path, streaming)),
        None => Err(ShellOutput::err(
            format!("JAR does not exist or is not a normal file: {path}\n"),
            255,
        )),
    }
}

/// `hadoop jar` where the shell cannot wait for a job (a step's `command-runner.jar hadoop jar`
/// with a JAR that is not one of the known ones): RunJar's refusal.
pub fn refuse(args: &[String]) -> ShellOutput {
    match check_jar(args) {
        Err(out) => out,
        Ok(_) => ShellOutput::err(
            "The sandbox runs this JAR's jobs from the primary node's shell or as a step.\n".into(),
            1,
        ),
    }
}

/// What the driver prints when the arguments make no job, and its exit status:
/// ProgramDriver's list on stdout (ExampleDriver then exits -1), a program's usage on stderr
/// (WordCount and TeraGen exit 2), streaming's complaint on stderr (StreamJob returns 1).
fn refused(r: plan::Refusal, streaming: bool) -> ShellOutput {
    let text: String = r.log.iter().map(|l| format!("{l}\n")).collect();
    if streaming {
        return ShellOutput::err(text, 1);
    }
    let driver = r.message.starts_with("Unknown program")
        || r.message.starts_with("An example program must be given");
    if driver {
        ShellOutput { stdout: text, stderr: String::new(), exit_code: 255 }
    } else if r.message.starts_with("java.") {
        // An exception out of the program's main: ExampleDriver prints its trace (the sandbox
        // prints its first line, not the Java stack frames) and exits -1.
        ShellOutput::err(text, 255)
    } else {
        ShellOutput::err(text, 2)
    }
}

/// The ResourceManager line the job client prints first: Hadoop 3.3 names the failover proxy
/// provider, earlier releases RMProxy.
fn rm_line(c: &Cluster, region: &str) -> String {
    let rm = c
        .master()
        .map(|n| format!("{}/{}:8032", n.private_dns(region), n.private_ip))
        .unwrap_or_default();
    let v = c.release.hadoop_version();
    let provider = if v.starts_with("3.3") || v.starts_with("3.4") {
        "client.DefaultNoHARMFailoverProxyProvider"
    } else {
        "client.RMProxy"
    };
    format!("INFO {provider}: Connecting to ResourceManager at {rm}")
}

/// Starts `hadoop jar <jar> args...` (`args[0]` is `hadoop` or `yarn`, `args[1]` `jar`): its
/// run key, or what the shell prints at once (RunJar's and the driver's refusals, and the job
/// client's when the submission fails its checks).
pub fn start(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    args: &[String],
) -> Result<String, ShellOutput> {
    let (_jar, streaming) = check_jar(args)?;
    let rest = &args[3..];
    let planned = if streaming {
        plan::plan("hadoop-streaming.jar", rest)
    } else {
        plan::plan("hadoop-mapreduce-examples.jar", rest)
    };
    let job_plan = planned.map_err(|r| refused(r, streaming))?;
    let region = ctx.config.region.clone();
    let now = ctx.unix_ms();
    let Some(c) = services.emr.clusters.get_mut(cluster) else {
        return Err(ShellOutput::err("-bash: hadoop: command not found\n".into(), 127));
    };
    let hadoop3 = c.release.hadoop3();
    let first = rm_line(c, &region);
    let r = runs(c);
    r.started += 1;
    let key = format!("{PREFIX}{:04}", r.started);
    let finished: Vec<String> =
        r.runs.iter().filter(|(_, x)| x.exit_code.is_some()).map(|(k, _)| k.clone()).collect();
    for old in finished.iter().take(finished.len().saturating_sub(KEEP - 1)) {
        r.runs.remove(old);
    }
    let mut run = JarRun { hadoop3, ..Default::default() };
    run.push(now, first);
    r.runs.insert(key.clone(), run);
    if let Err((failure, log)) = mapreduce::submit(services, ctx, cluster, &key, job_plan) {
        let out = submit_failed(services, cluster, &key, &failure, &log, streaming);
        return Err(out);
    }
    Ok(key)
}

/// The job client's checks failed (the output exists, an input does not): what it printed,
/// then the exception as the driver reports it. The run is forgotten (it never ran).
fn submit_failed(
    services: &mut Services,
    cluster: &str,
    key: &str,
    failure: &Failure,
    log: &[String],
    streaming: bool,
) -> ShellOutput {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return ShellOutput::default() };
    let Some(mut run) = runs(c).runs.remove(key) else { return ShellOutput::default() };
    let at = run.lines.first().map_or(0, |l| l.0);
    let exception = &failure.message;
    // The client's own lines before the exception (TeraSort's sampling, sort's plan); the
    // exception itself is added below as the driver reports it.
    for l in log.iter().filter(|l| *l != exception) {
        run.push(at, l.clone());
    }
    let code = if streaming {
        // StreamJob.submitAndMonitorJob: the exception's message after its own words; then
        // HadoopStreaming's last line, and StreamJob's return value as the exit status.
        let message = exception.split_once(": ").map_or(exception.as_str(), |(_, m)| m);
        let (what, code) = if exception.contains("FileAlreadyExistsException") {
            (format!("Error launching job , Output path already exists : {message}"), 4)
        } else {
            (format!("Error Launching job : {message}"), 5)
        };
        run.push(at, format!("ERROR streaming.StreamJob: {what}"));
        run.push(at, "Streaming Command Failed!".into());
        code
    } else {
        // ExampleDriver catches the exception, prints its stack trace (the sandbox prints its
        // first line, not the Java frames) and exits with -1.
        run.push(at, exception.clone());
        255
    };
    run.exit_code = Some(code);
    let out = run.output();
    ShellOutput::err(out.stderr, code)
}

/// What the job client prints while it runs (from [`mapreduce`]'s job, under a run key): a
/// step's log gets the lines as they are; a run's transcript gets them stamped with the
/// virtual time, and after "running in uber mode" the client's first progress report.
pub fn client_log(c: &mut Cluster, now_ms: i64, key: &str, lines: Vec<String>) {
    if !is_run(key) {
        if let Some(s) = c.step_mut(key) {
            s.log.extend(lines);
        }
        return;
    }
    let Some(run) = runs(c).runs.get_mut(key) else { return };
    for l in lines {
        let uber = l.ends_with("running in uber mode : false");
        run.push(now_ms, l);
        if uber {
            run.push(now_ms, "INFO mapreduce.Job:  map 0% reduce 0%".into());
        }
    }
}

/// `StringUtils.formatPercent(x, 0)`: `String.format("%.0f%%", x * 100)`, half up.
fn percent(done: usize, of: usize) -> String {
    if of == 0 {
        return "0%".into();
    }
    format!("{}%", super::java::fixed(done as f64 * 100.0 / of as f64, 0))
}

/// Job.monitorAndPrintJob's reports (` map 50% reduce 0%`) each time they change: the
/// sandbox counts finished tasks (a running task counts nothing until it ends, where Hadoop
/// also counts a task's own progress), each report at the virtual time a task attempt ended.
fn progress(j: &Job, epoch_ms: i64) -> Vec<(i64, String)> {
    j.progress_points()
        .into_iter()
        .map(|(at, maps, reduces)| {
            let report = format!(
                "INFO mapreduce.Job:  map {} reduce {}",
                percent(maps, j.maps.len()),
                percent(reduces, j.reduces.len())
            );
            (epoch_ms.saturating_add(at as i64), report)
        })
        .collect()
}

/// The run's last job has ended (`steps::finish` for a run key): its progress reports go in
/// among the lines at their times, and the command exits (WordCount and StreamJob exit 1 when
/// the job failed).
pub fn ended(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, key: &str, ok: bool) {
    let epoch = ctx.config.epoch_ms;
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let reports: Vec<(i64, String)> =
        c.finished_jobs.iter().filter(|j| j.step == key).flat_map(|j| progress(j, epoch)).collect();
    let Some(run) = runs(c).runs.get_mut(key) else { return };
    if run.exit_code.is_some() {
        return;
    }
    for (at, line) in reports {
        run.push(at, line);
    }
    run.exit_code = Some(if ok { 0 } else { 1 });
}

/// A run that ends without its job finishing (a chained job that could not be submitted):
/// what the client printed, then exit status 1.
pub fn ended_early(c: &mut Cluster, now_ms: i64, key: &str, log: Vec<String>) {
    let Some(run) = runs(c).runs.get_mut(key) else { return };
    for l in log {
        run.push(now_ms, l);
    }
    run.exit_code.get_or_insert(1);
}

/// The cluster is ending: runs whose job YARN killed end as the client sees it.
pub fn killed(c: &mut Cluster, now_ms: i64) {
    let Some(r) = c.shell.peek::<JarRuns>() else { return };
    let open: Vec<String> =
        r.runs.iter().filter(|(_, x)| x.exit_code.is_none()).map(|(k, _)| k.clone()).collect();
    for key in open {
        let Some(j) = c.finished_jobs.iter().rev().find(|j| j.step == key) else { continue };
        let line = format!("INFO mapreduce.Job: Job {} failed with state KILLED due to: Application killed by user.", j.id());
        ended_early(c, now_ms, &key, vec![line]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jar_paths_resolve_from_the_home_directory() {
        assert_eq!(canonical("x.jar"), "/home/hadoop/x.jar");
        assert_eq!(canonical("~/a/../x.jar"), "/home/hadoop/x.jar");
        assert_eq!(
            canonical("/usr/lib/./hadoop/hadoop-streaming.jar"),
            "/usr/lib/hadoop/hadoop-streaming.jar"
        );
        assert_eq!(known_jar("/usr/lib/hadoop/hadoop-streaming.jar"), Some(true));
        assert_eq!(
            known_jar("/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples-3.3.6-amzn-3.jar"),
            Some(false)
        );
        assert_eq!(known_jar("/home/hadoop/hadoop-mapreduce-examples.jar"), None);
    }

    #[test]
    fn percentages_round_half_up_as_javas_format_does() {
        assert_eq!(percent(1, 8), "13%");
        assert_eq!(percent(3, 8), "38%");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "0%");
    }
}
