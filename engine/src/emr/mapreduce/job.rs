//! A job's life: submitted by the step (the client's checks: input paths exist, the output
//! does not, `-files` exist), its application master started, its tasks' attempts finishing
//! (or failing: 4 failed attempts fail the task and the job), its output committed
//! (`part-*` files, then `_SUCCESS`), the step told how it ended. Node loss and the learner's
//! injected failures come in here too.

use super::counters::{Counters, HDFS, S3};
use super::schedule::schedule;
use super::task::Program;
use super::text::{text_size, vint_size};
use super::{
    chain, emit, inputs, part_name, plan, splits, tera, AttemptState, Job, JobEvent, JobState,
    JobWake, Outcome, Task, What,
};
use crate::emr::fs::{self, Location};
use crate::emr::model::{Cluster, Failure, Wake};
use crate::emr::shell::jar::client_log;
use crate::emr::{runner, steps};
use crate::sim::{Ctx, Services};

/// mapreduce.map.maxattempts / mapreduce.reduce.maxattempts.
pub const MAX_ATTEMPTS: u32 = 4;
/// yarn.resourcemanager.am.max-attempts.
pub const MAX_AM_ATTEMPTS: u32 = 2;

fn failure(reason: &str, message: String) -> Failure {
    Failure { reason: reason.into(), message, log_file: None }
}

/// The client's side of a MapReduce step: checks, splits, and the job handed to YARN. An
/// `Err` is the step's failure (with what the client printed).
pub fn submit(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    mut plan: plan::JobPlan,
) -> Result<(), (Failure, Vec<String>)> {
    let region = ctx.config.region.clone();
    let mut log = Vec::new();
    if let Some(c) = services.emr.clusters.get(cluster) {
        chain::prepare(c, ctx, &mut plan, &mut log);
    }
    let (input_locs, output) =
        plan::locations(&plan).map_err(|e| (failure("Unknown Error", e.clone()), vec![e]))?;
    let files = inputs::check_files(services, cluster, &plan.files)
        .map_err(|e| (failure("Unknown Error", e.clone()), vec![e]))?;
    let Some(c) = services.emr.clusters.get(cluster) else { return Ok(()) };
    let output_uri = output.uri(c, &region);
    if fs::exists(services, cluster, &output).unwrap_or(false) {
        if plan.program == Program::TeraGen {
            // TeraGen checks itself, naming the path as given.
            let m =
                format!("java.io.IOException: Output directory {} already exists.", plan.output);
            return Err((failure("Unknown Error", m.clone()), vec![m]));
        }
        // Both APIs throw the old package's exception (FileOutputFormat.checkOutputSpecs).
        let m = format!("org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory {output_uri} already exists");
        return Err((failure("Output directory already exists.", m.clone()), vec![m]));
    }
    let max_rows = crate::emr::hdfs::MAX_STORED_BYTES / tera::RECORD_LENGTH as u64;
    if plan.program == Program::TeraGen && plan.tera.rows > max_rows {
        // The rows are made in memory, wherever they go: the same bound as HDFS's.
        let m = format!(
            "The sandbox generates at most {max_rows} TeraGen rows ({} MiB, its bound on stored file data); {} were asked for.",
            crate::emr::hdfs::MAX_STORED_BYTES >> 20,
            plan.tera.rows
        );
        return Err((failure("Unknown Error", m.clone()), vec![m]));
    }
    let (locs, input_files, splits) = if plan.program == Program::TeraGen {
        log.push(format!(
            "INFO terasort.TeraGen: Generating {} using {}",
            plan.tera.rows, plan.maps_hint
        ));
        (Vec::new(), Vec::new(), generated_splits(&plan))
    } else {
        let (locs, input_files) = inputs::resolve(services, cluster, &input_locs, &region)
            .map_err(|missing| {
                let pkg = if plan.old_api {
                    "org.apache.hadoop.mapred"
                } else {
                    "org.apache.hadoop.mapreduce.lib.input"
                };
                let m =
                    format!("{pkg}.InvalidInputException: Input path does not exist: {missing}");
                (failure("Unknown Error", m.clone()), vec![m])
            })?;
        // The old API's FileInputFormat (streaming's) logs under its own package.
        let logger = if plan.old_api { "mapred" } else { "input" };
        log.push(format!(
            "INFO {logger}.FileInputFormat: Total input files to process : {}",
            input_files.len()
        ));
        let splits = match plan.program {
            Program::TeraValidate => splits::whole_files(&input_files),
            _ if plan.old_api => splits::old_api(&input_files, plan.maps_hint),
            _ => splits::new_api(&input_files),
        };
        (locs, input_files, splits)
    };
    let mut cut_points = Vec::new();
    if plan.program == Program::TeraSort && !plan.tera.simple_partitioner {
        let sampled = sample(services, cluster, &locs, &splits, &plan, &mut log);
        let cuts = sampled.map_err(|m| {
            let line = format!("ERROR terasort.TeraSort: {m}");
            log.push(line);
            (failure("Unknown Error", m), log.clone())
        })?;
        let file = output.join(tera::PARTITION_FILENAME);
        let bytes = tera::partition_file(&cuts);
        let replication = Some(tera::PARTITION_FILE_REPLICATION);
        fs::write_replicated(services, ctx, cluster, &file, &bytes, None, true, replication)
            .map_err(|e| {
                let m = e.to_string();
                (failure("Unknown Error", m.clone()), vec![m])
            })?;
        cut_points = cuts;
    }
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return Ok(()) };
    let app = c.next_application;
    c.next_application += 1;
    let cluster_ts = c.times.ready_ms.unwrap_or(0);
    let reduces = plan.reduces;
    let job = Job {
        step: step.to_string(),
        app,
        cluster_ts,
        program: plan.program.clone(),
        inputs: locs,
        output,
        files,
        input_files,
        maps: vec![Task::default(); splits.len()],
        reduces: vec![Task::default(); reduces as usize],
        map_outputs: vec![None; splits.len()],
        reduce_outputs: vec![None; reduces as usize],
        committed_bytes: 0,
        splits,
        cut_points,
        plan,
        am: None,
        am_attempts: 0,
        am_ready: false,
        state: JobState::Running,
        counters: Counters { has_reducers: reduces > 0, ..Default::default() },
        containers: 0,
        serial: 0,
        submitted_ms: ctx.unix_ms(),
    };
    let id = job.id();
    // EMR's YARN web proxy listens on the primary node's 20888.
    let primary = c.master().map(|n| n.private_dns(&region)).unwrap_or_default();
    log.extend([
        format!("INFO mapreduce.JobSubmitter: number of splits:{}", job.splits.len()),
        format!("INFO mapreduce.JobSubmitter: Submitting tokens for job: {id}"),
        format!("INFO impl.YarnClientImpl: Submitted application {}", job.application_id()),
        format!(
            "INFO mapreduce.Job: The url to track the job: http://{primary}:20888/proxy/{}/",
            job.application_id()
        ),
        format!("INFO mapreduce.Job: Running job: {id}"),
    ]);
    emit(
        c,
        ctx,
        JobEvent::JobSubmitted { step: step.into(), job: id, maps: job.maps.len() as u32, reduces },
    );
    client_log(c, ctx.unix_ms(), step, log);
    c.jobs.insert(step.to_string(), job);
    schedule(services, ctx, cluster);
    Ok(())
}

/// TeraGen's splits: ranges of rows (RangeInputSplit), no locations.
fn generated_splits(plan: &plan::JobPlan) -> Vec<splits::Split> {
    let class = "org.apache.hadoop.examples.terasort.TeraGen$RangeInputFormat$RangeInputSplit";
    tera::row_ranges(plan.tera.rows, plan.maps_hint)
        .into_iter()
        .map(|(first, count)| splits::Split {
            file: 0,
            start: first,
            len: count,
            hosts: Vec::new(),
            raw_bytes: text_size(class.len()) + vint_size(first as i64) + vint_size(count as i64),
        })
        .collect()
}

/// TeraInputFormat.writePartitionFile: the first keys of up to `num.partitions` splits (in
/// file order, evenly spaced), `partitions.sample` keys in all, sorted, cut into even shares.
/// (TeraScheduler's reordering of the splits is not modelled.)
fn sample(
    services: &Services,
    cluster: &str,
    locs: &[Location],
    splits: &[splits::Split],
    plan: &plan::JobPlan,
    log: &mut Vec<String>,
) -> Result<Vec<Vec<u8>>, String> {
    let mut ordered: Vec<&splits::Split> = splits.iter().collect();
    ordered.sort_by_key(|s| (s.file, s.start));
    let samples = plan.tera.sample_splits.min(ordered.len() as u64);
    if samples == 0 {
        return Err("/ by zero".into());
    }
    log.push(format!("Sampling {samples} splits of {}", ordered.len()));
    let per_sample = (plan.tera.sample_size / samples) as usize;
    let step = ordered.len() / samples as usize;
    let mut keys = Vec::new();
    for i in 0..samples as usize {
        let s = ordered[step * i];
        let (window, offset) = inputs::window(services, cluster, &locs[s.file], s.start, s.len)?;
        let records = tera::split_records(&window, offset, s.start, s.len)?;
        keys.extend(records.iter().take(per_sample).map(|r| r[..tera::KEY_LENGTH].to_vec()));
    }
    log.push(format!("Making {} from {} sampled records", plan.reduces, keys.len()));
    tera::cut_points(keys, plan.reduces.max(1))
}

/// One of MapReduce's wake-ups.
pub fn wake(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    generation: u64,
    wake: JobWake,
) {
    let Some(c) = super::cluster_mut(services, cluster, generation) else { return };
    if c.jobs.get(&wake.step).is_none_or(|j| j.serial != wake.serial) {
        return;
    }
    match wake.what {
        What::AmReady => {
            let id = job_id(&c.jobs, &wake.step);
            if let Some(j) = c.jobs.get_mut(&wake.step) {
                j.am_ready = true;
            }
            let line = format!("INFO mapreduce.Job: Job {id} running in uber mode : false");
            client_log(c, ctx.unix_ms(), &wake.step, vec![line]);
        }
        What::Work { reduce, task, attempt, rows } => {
            super::schedule::work(services, ctx, cluster, &wake.step, (reduce, task, attempt), rows)
        }
        What::AttemptDone { reduce, task, attempt } => {
            attempt_done(services, ctx, cluster, &wake.step, (reduce, task, attempt))
        }
        What::Committed { file } => {
            committed(services, ctx, cluster, &wake.step, file);
            return;
        }
    }
    schedule(services, ctx, cluster);
}

fn job_id(jobs: &std::collections::BTreeMap<String, Job>, step: &str) -> String {
    jobs.get(step).map(Job::id).unwrap_or_default()
}

fn attempt_done(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    (reduce, task, n): (bool, u32, u32),
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let Some(mut j) = c.jobs.remove(step) else { return };
    let attempt_id = j.attempt_id(reduce, task, n);
    let job = j.id();
    let mut fail_job = None;
    let mut failed_attempt = None;
    if let Some(t) = j.task_mut(reduce, task) {
        if let Some(a) = t.attempts.get_mut(n as usize).filter(|a| a.state == AttemptState::Running)
        {
            let node = a.container.node.clone();
            let took = a.ends - a.started;
            match a.outcome.take() {
                Some(Outcome::Error(reason)) => {
                    a.state = AttemptState::Failed;
                    t.failures += 1;
                    if t.failures >= MAX_ATTEMPTS {
                        fail_job = Some(format!("Task failed {}", task_name(&job, reduce, task)));
                    }
                    // The job client prints each failed attempt's completion event and
                    // diagnostics as it polls (Job.monitorAndPrintJob).
                    failed_attempt = Some(vec![
                        format!("INFO mapreduce.Job: Task Id : {attempt_id}, Status : FAILED"),
                        format!("Error: {reason}"),
                    ]);
                    emit(
                        c,
                        ctx,
                        JobEvent::TaskAttemptFailed {
                            job: job.clone(),
                            attempt: attempt_id,
                            node,
                            reason,
                        },
                    );
                    if reduce {
                        j.counters.failed_reduces += 1
                    } else {
                        j.counters.failed_maps += 1
                    }
                }
                Some(Outcome::Map(out)) => {
                    a.state = AttemptState::Succeeded;
                    t.done = true;
                    let (i, o) = (out.input_records, out.output_records);
                    emit(
                        c,
                        ctx,
                        JobEvent::TaskAttemptFinished {
                            job: job.clone(),
                            attempt: attempt_id,
                            node: node.clone(),
                            records_in: i,
                            records_out: o,
                        },
                    );
                    j.map_outputs[task as usize] = Some((*out, node));
                }
                Some(Outcome::Reduce(out)) => {
                    a.state = AttemptState::Succeeded;
                    t.done = true;
                    let (i, o) = (out.input_records, out.output_records);
                    emit(
                        c,
                        ctx,
                        JobEvent::TaskAttemptFinished {
                            job: job.clone(),
                            attempt: attempt_id,
                            node: node.clone(),
                            records_in: i,
                            records_out: o,
                        },
                    );
                    for (m, from) in j.map_outputs.iter().flatten() {
                        let bytes = m.materialized.get(task as usize).copied().unwrap_or(0);
                        emit(
                            c,
                            ctx,
                            JobEvent::ShuffleFetched {
                                job: job.clone(),
                                from: from.clone(),
                                to: node.clone(),
                                bytes,
                            },
                        );
                    }
                    j.reduce_outputs[task as usize] = Some(*out);
                }
                // A merge still going has no result: its attempt ends at its last slice.
                Some(Outcome::Merging(_)) | None => {}
            }
            if reduce {
                j.counters.millis_reduces += took
            } else {
                j.counters.millis_maps += took
            }
        }
    }
    if let Some(lines) = failed_attempt {
        client_log(c, ctx.unix_ms(), step, lines);
    }
    let generation = c.generation;
    let all_done = j.maps.iter().all(|m| m.done) && j.reduces.iter().all(|r| r.done);
    if let Some(why) = fail_job {
        c.jobs.insert(step.to_string(), j);
        fail(services, ctx, cluster, step, why);
        return;
    }
    if all_done && j.state == JobState::Running {
        j.state = JobState::Committing;
        let what = What::Committed { file: 0 };
        let wake = JobWake { step: step.to_string(), serial: j.serial, what };
        ctx.schedule_in(
            super::cost::COMMIT_MS,
            Wake::MapReduce { cluster: cluster.to_string(), generation, wake },
        );
    }
    c.jobs.insert(step.to_string(), j);
}

fn task_name(job: &str, reduce: bool, task: u32) -> String {
    let base = job.strip_prefix("job_").unwrap_or(job);
    let kind = if reduce { 'r' } else { 'm' };
    format!("task_{base}_{kind}_{task:06}")
}

/// Commits the job: every task's output file into the output directory, then `_SUCCESS`,
/// file `file` in this wake and the next in another wake at the same moment; after the last,
/// the step completes.
fn committed(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, step: &str, file: u32) {
    let region = ctx.config.region.clone();
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let Some(mut j) = c.jobs.remove(step) else { return };
    let map_only = j.plan.reduces == 0;
    // Hive's tasks write `000000_0` (task, attempt) and no `_SUCCESS`.
    let hive = matches!(j.program, Program::Hive(_));
    let name_of = |map_only: bool, i: usize| {
        if hive {
            format!("{i:06}_0")
        } else {
            part_name(j.plan.old_api, map_only, i)
        }
    };
    let mut files: Vec<(String, Vec<u8>, Option<String>)> = Vec::new();
    if map_only {
        for (i, o) in j.map_outputs.iter().enumerate() {
            let (m, node) = o.as_ref().map_or((None, None), |(m, n)| (Some(m), Some(n.clone())));
            let bytes = m
                .filter(|_| i == file as usize)
                .and_then(|m| m.partitions.first())
                .map(|s| super::task::map_only_file(&j.program, s))
                .unwrap_or_default();
            files.push((name_of(true, i), bytes, node));
        }
    } else {
        // The part file is moved out, not copied: the job keeps only its counts once it has
        // been committed (a 20 MB sort's copy was a whole file's work in this wake).
        for (i, r) in j.reduce_outputs.iter_mut().enumerate() {
            let node = j.reduces[i]
                .attempts
                .iter()
                .rev()
                .find(|a| a.state == AttemptState::Succeeded)
                .map(|a| a.container.node.clone());
            files.push((
                name_of(false, i),
                r.as_mut()
                    .filter(|_| i == file as usize)
                    .map(|r| std::mem::take(&mut r.file))
                    .unwrap_or_default(),
                node,
            ));
        }
    }
    if !hive {
        files.push(("_SUCCESS".into(), Vec::new(), None));
    }
    let output = j.output.clone();
    let id = j.id();
    let mut error = None;
    if let Location::Hdfs(p) = &output {
        let _ = c.hdfs.mkdirs(p, ctx.unix_ms());
    }
    let total = files.len() as u32;
    // TeraSort writes its output with `mapreduce.terasort.output.replication` replicas.
    let replication = j.plan.tera.output_replication;
    if let Some((name, bytes, node)) = files.get(file as usize) {
        let loc = output.join(name);
        let path = loc.uri(c, &region);
        match fs::write_replicated(
            services,
            ctx,
            cluster,
            &loc,
            bytes,
            node.as_deref(),
            false,
            replication,
        ) {
            Err(e) => error = Some(e.to_string()),
            Ok(()) => {
                if name != "_SUCCESS" {
                    j.committed_bytes += bytes.len() as u64;
                }
                if let Some(c) = services.emr.clusters.get(cluster) {
                    emit(
                        c,
                        ctx,
                        JobEvent::OutputWritten {
                            job: id.clone(),
                            path,
                            bytes: bytes.len() as u64,
                        },
                    );
                }
            }
        }
    }
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    if error.is_none() && file + 1 < total {
        let what = What::Committed { file: file + 1 };
        let wake = JobWake { step: step.to_string(), serial: j.serial, what };
        let generation = c.generation;
        ctx.schedule_in(0, Wake::MapReduce { cluster: cluster.to_string(), generation, wake });
        c.jobs.insert(step.to_string(), j);
        return;
    }
    let written = j.committed_bytes;
    finish_counters(&mut j, written, u64::from(total));
    c.jobs.insert(step.to_string(), j);
    match error {
        Some(e) => fail(services, ctx, cluster, step, e),
        None => succeed(services, ctx, cluster, step),
    }
}

/// Totals the job's counters from its tasks' outputs.
fn finish_counters(j: &mut Job, written: u64, output_files: u64) {
    let k = &mut j.counters;
    let (maps, reduces) = (j.maps.len() as u64, j.reduces.len() as u64);
    for (m, _) in j.map_outputs.iter().flatten() {
        k.map_input_records += m.input_records;
        k.map_output_records += m.output_records;
        // A map-only job's records go straight to the output format: only sorted map output
        // counts its bytes (MapOutputBuffer; DirectOutputCollector counts records only).
        if reduces > 0 {
            k.map_output_bytes += m.output_bytes;
        }
        k.map_output_materialized_bytes += m.materialized.iter().sum::<u64>();
        k.combine_input_records += m.combine_input;
        k.combine_output_records += m.combine_output;
        k.bytes_read += m.bytes_read;
        k.spilled_records += if m.combine_input > 0 {
            m.combine_output
        } else if reduces > 0 {
            m.output_records
        } else {
            0
        };
    }
    k.split_raw_bytes = j.splits.iter().map(|s| s.raw_bytes).sum();
    if j.program == Program::TeraGen {
        k.tera_checksum = Some(
            j.map_outputs
                .iter()
                .flatten()
                .fold(0u64, |s, (m, _)| s.wrapping_add(m.checksum as u64)),
        );
    }
    for r in j.reduce_outputs.iter().flatten() {
        k.reduce_input_groups += r.input_groups;
        k.reduce_input_records += r.input_records;
        k.reduce_output_records += r.output_records;
        k.reduce_shuffle_bytes += r.shuffle_bytes;
        k.spilled_records += r.input_records;
    }
    k.shuffled_maps = maps * reduces;
    k.merged_map_outputs = maps * reduces;
    k.bytes_written = written;
    let t = j.map_outputs.len().max(1) as u64;
    k.map_mib = 0;
    k.reduce_mib = 0;
    if let Some(a) = j.maps.iter().flat_map(|t| t.attempts.first()).next() {
        k.map_mib = a.container.mib as u64;
    }
    if let Some(a) = j.reduces.iter().flat_map(|t| t.attempts.first()).next() {
        k.reduce_mib = a.container.mib as u64;
    }
    k.cpu_millis = (k.millis_maps + k.millis_reduces)
        .saturating_sub((maps + reduces) * super::cost::CONTAINER_START_MS)
        / t.max(1)
        * t;
    // The task's split information is read from the job's staging directory in HDFS; the
    // data from where it is.
    let on_s3 = j.inputs.iter().any(|l| !l.is_hdfs());
    k.fs[HDFS].bytes_read += k.split_raw_bytes;
    k.fs[HDFS].read_ops += maps;
    if on_s3 {
        k.fs[S3].bytes_read += k.bytes_read;
        k.fs[S3].read_ops += maps;
    } else {
        k.fs[HDFS].bytes_read += k.bytes_read;
        k.fs[HDFS].read_ops += maps;
    }
    let out = if j.output.is_hdfs() { HDFS } else { S3 };
    k.fs[out].bytes_written += written;
    k.fs[out].write_ops += output_files;
    k.fs[super::counters::FILE].bytes_written +=
        k.map_output_materialized_bytes + k.reduce_shuffle_bytes;
    k.fs[super::counters::FILE].bytes_read += k.reduce_shuffle_bytes;
}

fn succeed(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, step: &str) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let Some(mut j) = c.jobs.remove(step) else { return };
    j.state = JobState::Succeeded;
    let id = j.id();
    emit(c, ctx, JobEvent::JobFinished { job: id.clone(), state: "SUCCEEDED".into() });
    let output = j.output.uri(c, &ctx.config.region);
    let mut log = vec![
        format!(
            "INFO mapreduce.Job:  map 100% reduce {}%",
            if j.reduces.is_empty() { 0 } else { 100 }
        ),
        format!("INFO mapreduce.Job: Job {id} completed successfully"),
    ];
    log.extend(j.counters.lines().into_iter().enumerate().map(|(i, l)| {
        if i == 0 {
            format!("INFO mapreduce.Job: {l}")
        } else {
            l
        }
    }));
    if j.plan.old_api {
        log.push(format!("INFO streaming.StreamJob: Output directory: {output}"));
    }
    log.extend(chain::ended(&j.plan, ctx, j.submitted_ms));
    client_log(c, ctx.unix_ms(), step, log);
    let next = j.plan.then.take();
    let cleanup = j.plan.cleanup.clone();
    let hive = matches!(j.program, Program::Hive(_));
    retire(c, j);
    if hive {
        crate::emr::hive::stage_done(services, ctx, cluster, step, Ok(()));
        return;
    }
    if let Some(mut next) = next {
        // The program's next job (grep-sort), on this one's output.
        next.cleanup = cleanup.clone();
        match submit(services, ctx, cluster, step, *next) {
            Ok(()) => return,
            Err((failure, log)) => {
                chain::clean_up(services, ctx, cluster, cleanup.as_deref());
                let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
                runner::finish_later(
                    c,
                    ctx,
                    step,
                    runner::Immediate { outcome: Err(failure), extra_ms: 0, log },
                );
                return;
            }
        }
    }
    chain::clean_up(services, ctx, cluster, cleanup.as_deref());
    steps::finish(services, ctx, cluster, step, Ok(()));
}

/// The job failed: the step fails with the job's diagnostics.
fn fail(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, step: &str, why: String) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let Some(mut j) = c.jobs.remove(step) else { return };
    j.state = JobState::Failed;
    let id = j.id();
    emit(c, ctx, JobEvent::JobFinished { job: id.clone(), state: "FAILED".into() });
    let message = format!("Job {id} failed with state FAILED due to: {why}");
    let mut log = vec![format!("INFO mapreduce.Job: {message}")];
    if j.plan.old_api {
        log.push("ERROR streaming.StreamJob: Job not successful!".into());
        log.push("Streaming Command Failed!".into());
    }
    log.extend(chain::ended(&j.plan, ctx, j.submitted_ms));
    let log_file = steps::log_file(c, step);
    client_log(c, ctx.unix_ms(), step, log);
    let cleanup = j.plan.cleanup.clone();
    let hive = matches!(j.program, Program::Hive(_));
    retire(c, j);
    if hive {
        crate::emr::hive::stage_done(services, ctx, cluster, step, Err(why));
        return;
    }
    chain::clean_up(services, ctx, cluster, cleanup.as_deref());
    steps::finish(
        services,
        ctx,
        cluster,
        step,
        Err(Failure { reason: "Unknown Error".into(), message, log_file }),
    );
}

/// A finished job is kept for the view (its tasks, attempts and counters), without the
/// bytes its tasks produced. Each map output keeps its node and partition sizes: the view
/// draws the shuffle's fetches from them after the job is done.
fn retire(c: &mut Cluster, mut j: Job) {
    for (out, _) in j.map_outputs.iter_mut().flatten() {
        out.partitions = Vec::new();
    }
    j.reduce_outputs.iter_mut().for_each(|o| *o = None);
    for a in j.maps.iter_mut().chain(j.reduces.iter_mut()).flat_map(|t| t.attempts.iter_mut()) {
        a.outcome = None;
    }
    c.finished_jobs.push(j);
}

/// Every job of the cluster is killed (the cluster is terminating).
pub fn kill_all(c: &mut Cluster, ctx: &mut Ctx<'_>) {
    let steps: Vec<String> = c.jobs.keys().cloned().collect();
    for s in steps {
        kill_step(c, ctx, &s);
    }
    crate::emr::shell::jar::killed(c, ctx.unix_ms());
}

/// The step's job is killed (the step was cancelled or interrupted).
pub fn kill_step(c: &mut Cluster, ctx: &mut Ctx<'_>, step: &str) {
    if let Some(mut j) = c.jobs.remove(step) {
        j.state = JobState::Killed;
        emit(c, ctx, JobEvent::JobFinished { job: j.id(), state: "KILLED".into() });
        retire(c, j);
    }
}

/// New nodes or freed capacity: hand out what now fits.
pub fn nodes_changed(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str) {
    schedule(services, ctx, cluster);
}

/// A node is gone: attempts on it are killed; completed maps whose output lived there run
/// again while reducers still need them ("TaskAttempt killed because it ran on unusable
/// node"); an application master there is restarted once, then the job fails.
pub fn node_lost(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, node: &str) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let steps: Vec<String> = c.jobs.keys().cloned().collect();
    let mut failed = Vec::new();
    for step in steps {
        let Some(mut j) = c.jobs.remove(&step) else { continue };
        if j.am.as_ref().is_some_and(|a| a.node == node) {
            if j.am_attempts >= MAX_AM_ATTEMPTS {
                failed.push((step.clone(), format!(
                    "Application {} failed {MAX_AM_ATTEMPTS} times due to AM Container for appattempt_{}_{:04}_{:06} exited with  exitCode: -100",
                    j.application_id(), j.cluster_ts, j.app, j.am_attempts
                )));
            } else {
                kill_running(
                    c,
                    ctx,
                    &j,
                    "Container killed: the application master's node was lost",
                );
                restart(&mut j);
            }
        } else {
            lose_work_on(c, ctx, &mut j, node);
        }
        c.jobs.insert(step, j);
    }
    for (step, why) in failed {
        fail(services, ctx, cluster, &step, why);
    }
    schedule(services, ctx, cluster);
}

/// Says which attempts end with their application master.
fn kill_running(c: &Cluster, ctx: &mut Ctx<'_>, j: &Job, reason: &str) {
    for reduce in [false, true] {
        let tasks = if reduce { &j.reduces } else { &j.maps };
        for (i, t) in tasks.iter().enumerate() {
            if let Some(a) = t.running() {
                let attempt = j.attempt_id(reduce, i as u32, a.n);
                let e = JobEvent::TaskAttemptKilled {
                    job: j.id(),
                    attempt,
                    node: a.container.node.clone(),
                    reason: reason.into(),
                };
                emit(c, ctx, e);
            }
        }
    }
}

/// A new application master attempt: the job's tasks start over.
fn restart(j: &mut Job) {
    j.serial += 1;
    j.state = JobState::Running;
    j.am = None;
    j.am_ready = false;
    for t in j.maps.iter_mut().chain(j.reduces.iter_mut()) {
        *t = Task::default();
    }
    j.map_outputs.iter_mut().for_each(|o| *o = None);
    j.reduce_outputs.iter_mut().for_each(|o| *o = None);
}

fn lose_work_on(c: &Cluster, ctx: &mut Ctx<'_>, j: &mut Job, node: &str) {
    let job = j.id();
    let reducers_pending = j.reduces.iter().any(|r| !r.done);
    for reduce in [false, true] {
        let n = if reduce { j.reduces.len() } else { j.maps.len() };
        for i in 0..n as u32 {
            let count = j.task(reduce, i).map_or(0, |t| t.attempts.len() as u32);
            let ids: Vec<String> = (0..count).map(|a| j.attempt_id(reduce, i, a)).collect();
            let id_of = |a: u32| ids.get(a as usize).cloned().unwrap_or_default();
            let Some(t) = j.task_mut(reduce, i) else { continue };
            for a in t.attempts.iter_mut() {
                let here = a.container.node == node;
                let redo_map = !reduce && reducers_pending && a.state == AttemptState::Succeeded;
                if here && (a.state == AttemptState::Running || redo_map) {
                    let reason = if a.state == AttemptState::Running {
                        "Container released on a *lost* node".to_string()
                    } else {
                        format!("TaskAttempt killed because it ran on unusable node {node}")
                    };
                    a.state = AttemptState::Killed;
                    a.outcome = None;
                    t.done = false;
                    let attempt = id_of(a.n);
                    emit(
                        c,
                        ctx,
                        JobEvent::TaskAttemptKilled {
                            job: job.clone(),
                            attempt,
                            node: node.into(),
                            reason,
                        },
                    );
                }
            }
        }
    }
    for (i, o) in j.map_outputs.iter_mut().enumerate() {
        if o.as_ref().is_some_and(|(_, n)| n == node) && !j.maps[i].done {
            *o = None;
        }
    }
    // Reducers that fetched from a lost map output start their shuffle again.
    if j.map_outputs.iter().any(Option::is_none) {
        for r in j.reduces.iter_mut().filter(|r| !r.done) {
            for a in r.attempts.iter_mut().filter(|a| a.state == AttemptState::Running) {
                a.state = AttemptState::Killed;
                a.outcome = None;
            }
        }
    }
    j.counters.killed_maps = count_killed(&j.maps);
    j.counters.killed_reduces = count_killed(&j.reduces);
}

fn count_killed(tasks: &[Task]) -> u64 {
    tasks.iter().flat_map(|t| &t.attempts).filter(|a| a.state == AttemptState::Killed).count()
        as u64
}

/// The learner fails the running attempt of a task (`task_..._m_000001`) now.
pub fn fail_attempt(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    task_id: &str,
) -> bool {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return false };
    let found = c.jobs.iter().find_map(|(step, j)| {
        (0..j.maps.len() as u32)
            .map(|i| (false, i))
            .chain((0..j.reduces.len() as u32).map(|i| (true, i)))
            .find(|(r, i)| j.task_id(*r, *i) == task_id)
            .and_then(|(r, i)| j.task(r, i)?.running().map(|a| (step.clone(), r, i, a.n)))
    });
    let Some((step, reduce, task, n)) = found else { return false };
    if let Some(a) = c
        .jobs
        .get_mut(&step)
        .and_then(|j| j.task_mut(reduce, task))
        .and_then(|t| t.attempts.get_mut(n as usize))
    {
        a.outcome = Some(Outcome::Error(
            "Error: the attempt was failed by the learner (sandbox fault injection)".into(),
        ));
        a.ends = ctx.now;
    }
    attempt_done(services, ctx, cluster, &step, (reduce, task, n));
    schedule(services, ctx, cluster);
    let _ = runner::STEP_OVERHEAD_MS;
    true
}
