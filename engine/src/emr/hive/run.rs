//! A Hive script running as a step: statement after statement, a query's stages submitted as
//! MapReduce jobs one at a time (the next when the last has succeeded), the log written as
//! the Hive CLI prints it.

use hive_sql::driver::{finish_query, input_dirs, run_ddl, table_bytes, Warehouse};
use hive_sql::plan::{Op, QueryPlan, Sink};
use hive_sql::value::java_double;
use hive_sql::{Action, Catalog, HiveError, Session, Table};

use super::stage::HiveStage;
use super::warehouse::ClusterFs;
use super::{script, shell, uses_glue};
use crate::emr::fs::{self, Location};
use crate::emr::mapreduce::counters::HDFS;
use crate::emr::mapreduce::plan::JobPlan;
use crate::emr::mapreduce::task::Program;
use crate::emr::model::Failure;
use crate::emr::{mapreduce, runner, steps};
use crate::sim::{Ctx, Services};

/// What Hive prints after a reducer count it had to settle.
const REDUCER_HINTS: [&str; 6] = [
    "In order to change the average load for a reducer (in bytes):",
    "  set hive.exec.reducers.bytes.per.reducer=<number>",
    "In order to limit the maximum number of reducers:",
    "  set hive.exec.reducers.max=<number>",
    "In order to set a constant number of reducers:",
    "  set mapreduce.job.reduces=<number>",
];

/// A script being run by a step.
#[derive(Clone, Debug)]
pub struct Run {
    pub session: Session,
    pub query: Option<Query>,
    pub statement_started_ms: i64,
    /// Queries run so far (they number the scratch directories).
    pub queries: u32,
    /// Whether any job has run (the step then ends when the script does; otherwise after the
    /// CLI's start-up time).
    pub ran_jobs: bool,
}

/// The query whose stages are running.
#[derive(Clone, Debug)]
pub struct Query {
    pub plan: QueryPlan,
    pub next: usize,
    pub scratch: String,
    pub last_dir: Option<String>,
    /// "Stage-Stage-1: Map: 2  Reduce: 1 ..." for each finished job.
    pub summary: Vec<String>,
    pub cpu_millis: u64,
}

fn fail_now(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    message: String,
    ran_jobs: bool,
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    c.hive.get::<super::Hive>().runs.remove(step);
    if shell::is_shell(step) {
        let code = shell::exit_code(&message);
        return shell::end(c, step, &format!("{message}\n"), code);
    }
    let log_file = steps::log_file(c, step);
    let failure = Failure { reason: "Unknown Error".into(), message: message.clone(), log_file };
    if ran_jobs {
        if let Some(s) = c.step_mut(step) {
            s.log.push(message);
        }
        steps::finish(services, ctx, cluster, step, Err(failure));
    } else {
        runner::finish_later(
            c,
            ctx,
            step,
            runner::Immediate { outcome: Err(failure), extra_ms: 0, log: vec![message] },
        );
    }
}

fn log(
    services: &mut Services,
    cluster: &str,
    step: &str,
    lines: impl IntoIterator<Item = String>,
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    if shell::is_shell(step) {
        // A terminal shows Hive's messages (stderr) and the rows (stdout) as they come, one
        // stream: the shell's transcript keeps that order.
        if let Some(s) = c.hive.get::<super::Hive>().shells.get_mut(step) {
            for l in lines {
                s.stdout.push_str(&l);
                s.stdout.push('\n');
            }
        }
    } else if let Some(s) = c.step_mut(step) {
        s.log.extend(lines);
    }
}

/// Starts a HIVE step that just became RUNNING.
pub fn start(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    args: &[String],
) {
    let Some(c) = services.emr.clusters.get(cluster) else { return };
    let program = args.first().cloned().unwrap_or_default();
    if !c.applications.iter().any(|(n, _)| n.eq_ignore_ascii_case("hive")) {
        let m = format!("Cannot run program \"{program}\" (in directory \".\"): error=2, No such file or directory (the cluster was created without the Hive application)");
        return fail_now(services, ctx, cluster, step, m, false);
    }
    let inv = match script::parse(args) {
        Ok(i) => i,
        Err(m) => return fail_now(services, ctx, cluster, step, m, false),
    };
    let text = match (&inv.text, &inv.file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => {
            let read =
                Location::parse(f).ok().and_then(|loc| fs::read(services, cluster, &loc).ok());
            match read {
                Some(b) => String::from_utf8_lossy(&b).into_owned(),
                None => {
                    let m =
                        format!("Could not open input file for reading. (File {f} does not exist)");
                    return fail_now(services, ctx, cluster, step, m, false);
                }
            }
        }
        (None, None) => String::new(),
    };
    begin(services, ctx, cluster, step, &text, inv);
}

/// Runs a script's text under `step` (a step's id, or a shell's run key).
pub(super) fn begin(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    text: &str,
    inv: script::Invocation,
) {
    let mut session = match Session::new(&script::substitute(text, &inv)) {
        Ok(s) => s,
        Err(e) => return fail_now(services, ctx, cluster, step, e.to_string(), false),
    };
    session.settings.extend(inv.conf);
    let run = Run {
        session,
        query: None,
        statement_started_ms: ctx.unix_ms(),
        queries: 0,
        ran_jobs: false,
    };
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    c.hive.get::<super::Hive>().runs.insert(step.to_string(), run);
    advance(services, ctx, cluster, step);
}

fn take_catalog(services: &mut Services, cluster: &str) -> (Catalog, bool) {
    let glue = services.emr.clusters.get(cluster).is_some_and(uses_glue);
    if glue {
        (std::mem::take(services.emr.glue_catalog.get::<Catalog>()), true)
    } else {
        let c = services.emr.clusters.get_mut(cluster);
        (
            c.map(|c| std::mem::take(&mut c.hive.get::<super::Hive>().metastore))
                .unwrap_or_default(),
            false,
        )
    }
}

fn put_catalog(services: &mut Services, cluster: &str, catalog: Catalog, glue: bool) {
    if glue {
        *services.emr.glue_catalog.get::<Catalog>() = catalog;
    } else if let Some(c) = services.emr.clusters.get_mut(cluster) {
        c.hive.get::<super::Hive>().metastore = catalog;
    }
}

fn time_taken(run: &Run, ctx: &Ctx<'_>) -> String {
    let secs = (ctx.unix_ms() - run.statement_started_ms).max(0) as f64 / 1000.0;
    format!("Time taken: {} seconds", java_double(secs))
}

/// Runs statements until one needs a job (or the script ends or fails).
pub(super) fn advance(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, step: &str) {
    let Some(mut run) = services
        .emr
        .clusters
        .get_mut(cluster)
        .and_then(|c| c.hive.get::<super::Hive>().runs.remove(step))
    else {
        return;
    };
    loop {
        if let Some(mut q) = run.query.take() {
            if q.next < q.plan.stages.len() {
                match submit_stage(services, ctx, cluster, step, &mut q, &run) {
                    Ok(true) => {
                        run.ran_jobs = true;
                        run.query = Some(q);
                        if let Some(c) = services.emr.clusters.get_mut(cluster) {
                            c.hive.get::<super::Hive>().runs.insert(step.to_string(), run);
                        }
                        return;
                    }
                    Ok(false) => {
                        run.query = Some(q);
                        continue;
                    }
                    Err(m) => return fail_now(services, ctx, cluster, step, m, run.ran_jobs),
                }
            }
            let (mut catalog, glue) = take_catalog(services, cluster);
            let result = {
                let mut w = ClusterFs { services, ctx, cluster };
                let r = finish_query(&q.plan, q.last_dir.as_deref(), &mut catalog, &mut w);
                w.delete(&q.scratch);
                r
            };
            put_catalog(services, cluster, catalog, glue);
            match result {
                Ok(rows) => {
                    let mut lines = Vec::new();
                    if !q.summary.is_empty() {
                        lines.push("MapReduce Jobs Launched: ".to_string());
                        lines.extend(q.summary.iter().cloned());
                        lines.push(format!(
                            "Total MapReduce CPU Time Spent: {} seconds {} msec",
                            q.cpu_millis / 1000,
                            q.cpu_millis % 1000
                        ));
                    }
                    lines.push("OK".into());
                    let n = rows.len();
                    lines.extend(rows);
                    let fetched = matches!(q.plan.sink, Sink::Print);
                    let t = time_taken(&run, ctx);
                    lines.push(if fetched { format!("{t}, Fetched: {n} row(s)") } else { t });
                    log(services, cluster, step, lines);
                }
                Err(e) => {
                    return fail_now(services, ctx, cluster, step, failure_text(&e), run.ran_jobs)
                }
            }
        }
        run.statement_started_ms = ctx.unix_ms();
        let (mut catalog, glue) = take_catalog(services, cluster);
        let next = {
            let w = ClusterFs { services, ctx, cluster };
            let sizes = |t: &Table| table_bytes(&w, t);
            run.session.next(&catalog, &sizes)
        };
        let Some((_text, action)) = next else {
            put_catalog(services, cluster, catalog, glue);
            let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
            if shell::is_shell(step) {
                return shell::end(c, step, "", 0);
            }
            if run.ran_jobs {
                steps::finish(services, ctx, cluster, step, Ok(()));
            } else {
                runner::finish_later(
                    c,
                    ctx,
                    step,
                    runner::Immediate { outcome: Ok(()), extra_ms: 0, log: Vec::new() },
                );
            }
            return;
        };
        let action = match action {
            Ok(a) => a,
            Err(e) => {
                put_catalog(services, cluster, catalog, glue);
                return fail_now(services, ctx, cluster, step, e.to_string(), run.ran_jobs);
            }
        };
        if let Action::Query(plan) = action {
            put_catalog(services, cluster, catalog, glue);
            run.queries += 1;
            let qid = format!("hadoop_{}_{step}_{:04}", query_stamp(ctx), run.queries);
            let mut lines = vec![format!("Query ID = {qid}")];
            if !plan.stages.is_empty() {
                lines.push(format!("Total jobs = {}", plan.stages.len()));
            }
            log(services, cluster, step, lines);
            let scratch = format!("hdfs:///tmp/hive/hadoop/{qid}");
            run.query = Some(Query {
                plan: *plan,
                next: 0,
                scratch,
                last_dir: None,
                summary: Vec::new(),
                cpu_millis: 0,
            });
            continue;
        }
        let result = {
            let mut w = ClusterFs { services, ctx, cluster };
            run_ddl(&action, &mut catalog, &mut w)
        };
        put_catalog(services, cluster, catalog, glue);
        match result {
            Ok(lines) => {
                let mut out = vec!["OK".to_string()];
                out.extend(lines);
                out.push(time_taken(&run, ctx));
                log(services, cluster, step, out);
            }
            Err(e) => {
                return fail_now(services, ctx, cluster, step, failure_text(&e), run.ran_jobs)
            }
        }
    }
}

/// HadoopJobExecHelper's progress lines, `2026-01-01 00:05:12,345 Stage-1 map = 50%,  reduce =
/// 0%, Cumulative CPU 1.2 sec`: one each time the rounded percentages change, stamped with the
/// virtual time the task attempts finished (the helper polls every second; the sandbox knows
/// the exact times). The counters keep only the job's total CPU, so the running figure is
/// that total shared out over the finished tasks (the sandbox's choice).
fn progress_lines(j: &mapreduce::Job, stage: &str, epoch_ms: i64) -> Vec<String> {
    let stamp = |unix_ms: i64| {
        chrono::DateTime::from_timestamp_millis(unix_ms)
            .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M:%S,%3f").to_string())
    };
    let (maps, reduces) = (j.maps.len().max(1), j.reduces.len().max(1));
    let total_tasks = (j.maps.len() + j.reduces.len()).max(1) as u64;
    let pct = |n: usize, of: usize| ((n as f64 / of as f64) * 100.0).round() as u32;
    let mut lines = vec![format!("{} {stage} map = 0%,  reduce = 0%", stamp(j.submitted_ms))];
    let mut last = (0, 0);
    for (at, m, r) in j.progress_points() {
        let now = (pct(m, maps), pct(r, reduces));
        if now == last {
            continue;
        }
        last = now;
        let cpu = j.counters.cpu_millis * (m + r) as u64 / total_tasks;
        lines.push(format!(
            "{} {stage} map = {}%,  reduce = {}%, Cumulative CPU {} sec",
            stamp(epoch_ms.saturating_add(at as i64)),
            now.0,
            now.1,
            java_double(cpu as f64 / 1000.0)
        ));
    }
    lines
}

fn failure_text(e: &HiveError) -> String {
    match &e.kind {
        hive_sql::ErrorKind::Execution("FetchTask") => e.fetch_text(),
        _ => e.to_string(),
    }
}

fn query_stamp(ctx: &Ctx<'_>) -> String {
    chrono::DateTime::from_timestamp_millis(ctx.unix_ms())
        .map_or_else(String::new, |t| t.format("%Y%m%d%H%M%S").to_string())
}

/// Submits the query's next stage as a job (`Ok(true)`), or, when its inputs hold no file,
/// writes its output without one as Hive does for empty input (`Ok(false)`).
fn submit_stage(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    q: &mut Query,
    run: &Run,
) -> Result<bool, String> {
    let Some(stage) = q.plan.stages.get(q.next) else { return Ok(false) };
    let mut stage = stage.clone();
    let scratch = q.scratch.clone();
    let stage_dir = |id: u32| format!("{scratch}/-mr-1000{id}");
    let out_dir = stage_dir(stage.id);
    let mut w = ClusterFs { services, ctx, cluster };
    // Map joins: Hive's local task reads the small table into a hash table first.
    for input in stage.inputs.iter_mut() {
        for op in input.ops.iter_mut() {
            if let Op::MapJoin(j) = op {
                let mut lines = Vec::new();
                for (d, part) in j.small.directories() {
                    for (path, _) in w.files(&d) {
                        let bytes = w.read(&path).unwrap_or_default();
                        lines.extend(
                            String::from_utf8_lossy(&bytes)
                                .lines()
                                .map(|l| (l.to_string(), part.clone())),
                        );
                    }
                }
                j.load(&lines).map_err(|e| format!("FAILED: Execution Error, return code 2 from org.apache.hadoop.hive.ql.exec.mr.MapredLocalTask: {e}"))?;
            }
        }
    }
    let dirs = input_dirs(&stage.inputs, &stage_dir);
    let mut inputs = Vec::new();
    let mut bytes = 0;
    for (d, _) in dirs.iter().flatten() {
        let files = w.files(d);
        if !files.is_empty() {
            bytes += files.iter().map(|f| f.1).sum::<u64>();
            inputs.push(d.clone());
        }
    }
    let setting = run.session.reduces();
    let reduces = stage.reducers(bytes, setting);
    q.next += 1;
    q.last_dir = Some(out_dir.clone());
    if inputs.is_empty() {
        let lines = if stage.shuffle.is_some() { stage.reduce(&[])? } else { Vec::new() };
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let _ = w.mkdirs(&out_dir);
        if !text.is_empty() {
            w.write(&format!("{out_dir}/000000_0"), text.into_bytes())?;
        }
        return Ok(false);
    }
    let total = q.plan.stages.len();
    let reducer_line = if stage.shuffle.is_none() {
        "Number of reduce tasks is set to 0 since there's no reduce operator".to_string()
    } else if stage.forced_reducers.is_some() {
        format!("Number of reduce tasks determined at compile time: {reduces}")
    } else if setting >= 0 {
        format!("Number of reduce tasks not specified. Defaulting to jobconf value of: {reduces}")
    } else {
        format!("Number of reduce tasks not specified. Estimated from input data size: {reduces}")
    };
    let name = q.plan.job_name(&stage);
    let hints = stage.shuffle.is_some();
    let program = Program::Hive(HiveStage::new(stage, dirs));
    let plan = JobPlan::new_api(&name, program, inputs, out_dir, reduces);
    let mut lines = vec![format!("Launching Job {} out of {total}", q.next)];
    lines.push(reducer_line);
    if hints {
        // MapRedTask.setNumberOfReducers prints these after the count, however it was found.
        lines.extend(REDUCER_HINTS.iter().map(|h| h.to_string()));
    }
    log(services, cluster, step, lines);
    mapreduce::submit(services, ctx, cluster, step, plan).map_err(|(f, _)| {
        format!("FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.mr.MapRedTask. {}", f.message)
    })?;
    let region = ctx.config.region.clone();
    let started = services.emr.clusters.get(cluster).and_then(|c| {
        let j = c.jobs.get(step)?;
        let primary = c.nodes.iter().find(|n| n.role == crate::emr::model::Role::Master)?;
        Some((j.id(), j.application_id(), primary.private_dns(&region)))
    });
    if let Some((job, app, host)) = started {
        // HadoopJobExecHelper's lines; EMR's YARN web proxy listens on the primary's 20888.
        log(
            services,
            cluster,
            step,
            [
                format!("Starting Job = {job}, Tracking URL = http://{host}:20888/proxy/{app}/"),
                format!("Kill Command = /usr/lib/hadoop/bin/mapred job  -kill {job}"),
            ],
        );
    }
    Ok(true)
}

/// A stage's job has ended: the next stage, the query's end, or the step's failure.
pub fn stage_done(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    outcome: Result<(), String>,
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let Some(j) = c.finished_jobs.last() else { return };
    let (id, maps, reduces, k) = (j.id(), j.maps.len(), j.reduces.len(), j.counters.clone());
    let stage = match &j.program {
        Program::Hive(h) => h.data().map(|d| d.stage.name()).unwrap_or_default(),
        _ => String::new(),
    };
    let ok = outcome.is_ok();
    let cpu = k.cpu_millis;
    let line = format!(
        "Stage-{stage}: Map: {maps}  {}Cumulative CPU: {} sec   HDFS Read: {} HDFS Write: {} {}",
        if reduces > 0 { format!("Reduce: {reduces}   ") } else { String::new() },
        java_double(cpu as f64 / 1000.0),
        k.fs[HDFS].bytes_read,
        k.fs[HDFS].bytes_written,
        if ok { "SUCCESS" } else { "FAIL" }
    );
    let mut lines = vec![format!(
        "Hadoop job information for {stage}: number of mappers: {maps}; number of reducers: {reduces}"
    )];
    lines.extend(progress_lines(j, &stage, ctx.config.epoch_ms));
    if cpu > 0 {
        lines.push(format!(
            "MapReduce Total cumulative CPU time: {} seconds {} msec",
            cpu / 1000,
            cpu % 1000
        ));
    }
    let Some(run) = c.hive.get::<super::Hive>().runs.get_mut(step) else { return };
    if let Some(q) = run.query.as_mut() {
        q.summary.push(line.clone());
        q.cpu_millis += cpu;
    }
    match outcome {
        Ok(()) => {
            lines.push(format!("Ended Job = {id}"));
            log(services, cluster, step, lines);
            advance(services, ctx, cluster, step);
        }
        Err(why) => {
            let summary = run.query.as_ref().map(|q| q.summary.clone()).unwrap_or_default();
            lines.push(format!("Ended Job = {id} with errors"));
            lines.push(format!("Error during job, obtaining debugging information... ({why})"));
            lines.push("FAILED: Execution Error, return code 2 from org.apache.hadoop.hive.ql.exec.mr.MapRedTask".into());
            lines.push("MapReduce Jobs Launched: ".into());
            lines.extend(summary);
            log(services, cluster, step, lines);
            let m = "FAILED: Execution Error, return code 2 from org.apache.hadoop.hive.ql.exec.mr.MapRedTask".to_string();
            let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
            c.hive.get::<super::Hive>().runs.remove(step);
            if shell::is_shell(step) {
                return shell::end(c, step, "", 2);
            }
            let log_file = steps::log_file(c, step);
            steps::finish(
                services,
                ctx,
                cluster,
                step,
                Err(Failure { reason: "Unknown Error".into(), message: m, log_file }),
            );
        }
    }
}
