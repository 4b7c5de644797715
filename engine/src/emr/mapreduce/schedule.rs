//! Handing out containers: the application master first, then a container per pending map
//! (data-local when a node holding its block has room), then, once every map is done, a
//! container per reducer. An attempt's work is worked out (the real bytes) at the moment the
//! cost model says it has read and processed its input, each attempt in its own wake, and
//! TeraGen a megabyte of rows per wake: a wave of tasks no longer computes all its bytes in one
//! moment of the engine (the page's frame loop checks the clock between wakes). What it then
//! writes sets when its time is up, the same moment as when all was worked out at the start.

use super::cost::{self, Source};
use super::task;
use super::{
    emit, inputs, yarn, Attempt, AttemptState, Container, Job, JobEvent, JobState, JobWake,
    Locality, Outcome, What,
};
use crate::emr::fs::Location;
use crate::emr::model::{Cluster, Wake};
use crate::emr::runner::STEP_OVERHEAD_MS;
use crate::sim::{Ctx, Services};

/// One container to hand out.
enum Grant {
    Am {
        step: String,
        node: String,
        mib: u32,
    },
    Task {
        step: String,
        reduce: bool,
        task: u32,
        node: String,
        mib: u32,
        locality: Option<Locality>,
    },
}

/// Hands out every container that fits now, in step order.
pub fn schedule(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str) {
    // Bounded: each round grants one container or stops.
    for _ in 0..10_000 {
        let Some(grant) = next_grant(services, cluster) else { return };
        match grant {
            Grant::Am { step, node, mib } => start_am(services, ctx, cluster, &step, node, mib),
            Grant::Task { step, reduce, task, node, mib, locality } => {
                start_attempt(services, ctx, cluster, &step, (reduce, task), (node, mib, locality))
            }
        }
    }
}

fn next_grant(services: &Services, cluster: &str) -> Option<Grant> {
    let c = services.emr.clusters.get(cluster)?;
    if !c.is_up() {
        return None;
    }
    let t = yarn::sizing_type(c);
    // Steps' jobs in step order, then those of commands typed in the primary node's shell
    // (Hive CLIs, `hadoop jar`).
    let shell = c.jobs.keys().filter(|k| crate::emr::shell::is_typed(k));
    for id in c.steps.iter().map(|s| &s.id).chain(shell) {
        let Some(j) = c.jobs.get(id).filter(|j| j.state == JobState::Running) else { continue };
        if j.am.is_none() {
            let core: Vec<String> = c.core_nodes().map(|n| n.id.clone()).collect();
            if let Some((node, _)) = yarn::place(c, t.am_mib, &core) {
                return Some(Grant::Am { step: id.clone(), node, mib: t.am_mib });
            }
            continue;
        }
        if !j.am_ready {
            continue;
        }
        for (i, m) in j.maps.iter().enumerate() {
            if !m.done && m.running().is_none() {
                let hosts = &j.splits[i].hosts;
                if let Some((node, locality)) = yarn::place(c, t.map_mib, hosts) {
                    let locality = if j.program == task::Program::TeraGen {
                        Locality::OtherLocal
                    } else {
                        locality
                    };
                    let step = id.clone();
                    return Some(Grant::Task {
                        step,
                        reduce: false,
                        task: i as u32,
                        node,
                        mib: t.map_mib,
                        locality: Some(locality),
                    });
                }
                break;
            }
        }
        if j.maps.iter().all(|m| m.done) {
            for (i, r) in j.reduces.iter().enumerate() {
                if !r.done && r.running().is_none() {
                    if let Some((node, _)) = yarn::place(c, t.reduce_mib, &[]) {
                        return Some(Grant::Task {
                            step: id.clone(),
                            reduce: true,
                            task: i as u32,
                            node,
                            mib: t.reduce_mib,
                            locality: None,
                        });
                    }
                    break;
                }
            }
        }
    }
    None
}

fn new_container(c: &Cluster, j: &mut Job, node: String, mib: u32) -> Container {
    j.containers += 1;
    let attempt = j.am_attempts.max(1);
    let id = format!("container_{}_{:04}_{attempt:02}_{:06}", j.cluster_ts, j.app, j.containers);
    let _ = c;
    Container { id, node, mib }
}

fn start_am(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    node: String,
    mib: u32,
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let generation = c.generation;
    let Some(mut j) = c.jobs.remove(step) else { return };
    j.am_attempts += 1;
    let container = new_container(c, &mut j, node.clone(), mib);
    emit(
        c,
        ctx,
        JobEvent::ContainerAllocated {
            job: j.id(),
            container: container.id.clone(),
            node,
            kind: "AM".into(),
        },
    );
    j.am = Some(container);
    // The first attempt waits for the client too: `hadoop jar` starting and submitting.
    let delay = cost::AM_START_MS + if j.am_attempts == 1 { STEP_OVERHEAD_MS } else { 0 };
    let wake = JobWake { step: step.to_string(), serial: j.serial, what: What::AmReady };
    ctx.schedule_in(delay, Wake::MapReduce { cluster: cluster.to_string(), generation, wake });
    c.jobs.insert(step.to_string(), j);
}

/// The attempt's result over the real bytes, and the bytes its duration depends on.
fn work_out(
    services: &Services,
    cluster: &str,
    step: &str,
    reduce: bool,
    task: u32,
    node: &str,
) -> Outcome {
    let Some(c) = services.emr.clusters.get(cluster) else {
        return Outcome::Error("no cluster".into());
    };
    let Some(j) = c.jobs.get(step) else { return Outcome::Error("no job".into()) };
    if let Some(error) = inputs::attempt_error(services, cluster, j, reduce, task) {
        return Outcome::Error(error);
    }
    let _ = node;
    if reduce {
        let segments = reduce_segments(j, task);
        return match task::run_reduce(&j.program, &segments) {
            Ok(out) => Outcome::Reduce(Box::new(out)),
            Err(e) => Outcome::Error(e),
        };
    }
    let split = &j.splits[task as usize];
    let file_name =
        j.input_files.get(split.file).map_or("", |f| f.uri.rsplit('/').next().unwrap_or(&f.uri));
    let path = j.inputs.get(split.file).map(crate::emr::hive::canonical).unwrap_or_default();
    let extras = task::MapExtras {
        cut_points: &j.cut_points,
        simple_partitioner: j.plan.tera.simple_partitioner,
        file_name,
        grep: j.plan.grep.as_ref(),
        path: &path,
    };
    let range = (split.start, split.len);
    let Some(loc) = j.inputs.get(split.file) else {
        // TeraGen: no input, its split is a range of rows.
        return match task::run_map(&j.program, &[], 0, range, j.plan.reduces, &extras) {
            Ok(out) => Outcome::Map(Box::new(out)),
            Err(e) => Outcome::Error(e),
        };
    };
    match inputs::window(services, cluster, loc, split.start, split.len) {
        Err(e) => Outcome::Error(e),
        Ok((bytes, offset)) => {
            match task::run_map(&j.program, &bytes, offset, range, j.plan.reduces, &extras) {
                Ok(out) => Outcome::Map(Box::new(out)),
                Err(e) => Outcome::Error(e),
            }
        }
    }
}

/// Every map's partition for reducer `task` (in map order), with its size as the shuffle
/// moves it.
fn reduce_segments(j: &Job, task: u32) -> Vec<(&task::Segment, u64)> {
    j.map_outputs
        .iter()
        .filter_map(|o| o.as_ref())
        .filter_map(|(m, _)| {
            Some((m.partitions.get(task as usize)?, m.materialized.get(task as usize).copied()?))
        })
        .collect()
}

/// Whether an attempt's work comes in slices of rows, a wake each: TeraGen's maps generate
/// theirs, TeraSort's reducers merge theirs.
fn sliced(j: &Job, reduce: bool) -> bool {
    if reduce {
        j.program == task::Program::TeraSort
    } else {
        j.program == task::Program::TeraGen
    }
}

/// The bytes reducer `task` fetches from its own node and from others.
fn fetched(j: &Job, task: u32, node: &str) -> (u64, u64) {
    let (mut local, mut remote) = (0, 0);
    for (m, at) in j.map_outputs.iter().flatten() {
        let b = m.materialized.get(task as usize).copied().unwrap_or(0);
        if at == node {
            local += b
        } else {
            remote += b
        }
    }
    (local, remote)
}

fn duration(
    c: &Cluster,
    j: &Job,
    reduce: bool,
    task: u32,
    node: &str,
    locality: Option<Locality>,
    outcome: &Outcome,
) -> u64 {
    let t = c.node(node).map_or(yarn::sizing_type(c), |n| n.instance_type);
    if reduce {
        let (local, remote) = fetched(j, task, node);
        let out = match outcome {
            Outcome::Reduce(r) => r.file.len() as u64,
            _ => 0,
        };
        return cost::reduce_ms(t, local, remote, out, !j.output.is_hdfs());
    }
    let split = &j.splits[task as usize];
    let Some(input) = j.inputs.get(split.file) else {
        return cost::generate_ms(
            t,
            split.len * super::tera::RECORD_LENGTH as u64,
            !j.output.is_hdfs(),
        );
    };
    let source = match (input, locality) {
        (Location::S3 { .. }, _) => Source::S3,
        (_, Some(Locality::DataLocal)) => Source::LocalDisk,
        _ => Source::RemoteDataNode,
    };
    let spill = match outcome {
        Outcome::Map(m) => m.materialized.iter().sum(),
        _ => 0,
    };
    cost::map_ms(t, split.len, source, spill)
}

/// Rows a sliced attempt generates or merges per wake: a megabyte of records.
const ROWS_PER_WAKE: u64 = 10_000;

/// Milliseconds from an attempt's start until it has read and processed its input (TeraGen:
/// generated its rows up to `rows`; TeraSort's reducer: merged its rows up to `rows`, all of
/// them at `u64::MAX`), when its result is worked out. What it writes after that is in
/// [`duration`], which this never exceeds.
fn work_ms(
    c: &Cluster,
    j: &Job,
    (reduce, task): (bool, u32),
    node: &str,
    locality: Option<Locality>,
    rows: u64,
) -> u64 {
    let t = c.node(node).map_or(yarn::sizing_type(c), |n| n.instance_type);
    if sliced(j, reduce) {
        if !reduce {
            return cost::generated_ms(t, rows * super::tera::RECORD_LENGTH as u64);
        }
        let total = super::merge::rows(&reduce_segments(j, task));
        if rows < total {
            // The merge's share of what was fetched. The last slice falls through below, to
            // the moment the whole merge had.
            let (local, remote) = fetched(j, task, node);
            let merged = u128::from(local + remote) * u128::from(rows) / u128::from(total);
            return cost::merged_ms(t, local, remote, merged as u64);
        }
    }
    // Without output: the read, fetch and processing alone.
    duration(c, j, reduce, task, node, locality, &Outcome::Error(String::new()))
}

/// The rows of a sliced attempt done once its next wake is done, past `rows`: TeraGen's map
/// `task` generates its split's rows, TeraSort's reducer `task` merges what every map sent it.
fn next_rows(j: &Job, (reduce, task): (bool, u32), rows: u64) -> u64 {
    let len = if reduce {
        super::merge::rows(&reduce_segments(j, task))
    } else {
        j.splits.get(task as usize).map_or(0, |s| s.len)
    };
    (rows + ROWS_PER_WAKE).min(len)
}

fn start_attempt(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    (reduce, task): (bool, u32),
    (node, mib, locality): (String, u32, Option<Locality>),
) {
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let generation = c.generation;
    let Some(mut j) = c.jobs.remove(step) else { return };
    let rows = if sliced(&j, reduce) { next_rows(&j, (reduce, task), 0) } else { 0 };
    // Until the work is done its end is the end of the work (TeraGen's: of the rows made so
    // far, so the Gantt strip draws it growing); the last Work wake sets the real one.
    let ms = work_ms(c, &j, (reduce, task), &node, locality, rows);
    let shown = if reduce { work_ms(c, &j, (reduce, task), &node, locality, u64::MAX) } else { ms };
    let container = new_container(c, &mut j, node.clone(), mib);
    let kind = if reduce { "reduce" } else { "map" };
    emit(
        c,
        ctx,
        JobEvent::ContainerAllocated {
            job: j.id(),
            container: container.id.clone(),
            node: node.clone(),
            kind: kind.into(),
        },
    );
    let mut n = 0;
    if let Some(t) = j.task_mut(reduce, task) {
        n = t.attempts.len() as u32;
        t.attempts.push(Attempt {
            n,
            container,
            started: ctx.now,
            ends: ctx.now + shown,
            state: AttemptState::Running,
            locality,
            outcome: None,
        });
    }
    if reduce {
        j.counters.launched_reduces += 1;
    } else {
        j.counters.launched_maps += 1;
        match locality {
            Some(Locality::DataLocal) => j.counters.data_local_maps += 1,
            Some(Locality::OtherLocal) => j.counters.other_local_maps += 1,
            _ => j.counters.rack_local_maps += 1,
        }
    }
    let attempt = j.attempt_id(reduce, task, n);
    emit(
        c,
        ctx,
        JobEvent::TaskAttemptStarted {
            job: j.id(),
            attempt,
            node,
            locality: locality.map(|l| l.as_str().into()),
        },
    );
    let wake = JobWake {
        step: step.to_string(),
        serial: j.serial,
        what: What::Work { reduce, task, attempt: n, rows },
    };
    ctx.schedule_in(ms, Wake::MapReduce { cluster: cluster.to_string(), generation, wake });
    c.jobs.insert(step.to_string(), j);
}

/// An attempt has done its work up to now: its result is worked out (TeraGen: its next rows
/// are generated, and another wake scheduled while rows remain), then its end is scheduled.
pub fn work(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    cluster: &str,
    step: &str,
    (reduce, task, n): (bool, u32, u32),
    rows: u64,
) {
    let Some(a) = services
        .emr
        .clusters
        .get_mut(cluster)
        .and_then(|c| c.jobs.get_mut(step))
        .and_then(|j| j.task_mut(reduce, task))
        .and_then(|t| t.attempts.get_mut(n as usize))
        .filter(|a| a.state == AttemptState::Running)
    else {
        return;
    };
    // A sliced attempt's work so far (TeraGen's rows, a reducer's merge), moved out rather
    // than copied.
    let so_far = a.outcome.take();
    let (node, locality, started) = (a.container.node.clone(), a.locality, a.started);
    let Some(j) = services.emr.clusters.get(cluster).and_then(|c| c.jobs.get(step)) else {
        return;
    };
    let (outcome, more) = if sliced(j, reduce) {
        next_slice(services, cluster, j, (reduce, task), so_far, rows)
    } else {
        (work_out(services, cluster, step, reduce, task, &node), None)
    };
    let Some(c) = services.emr.clusters.get_mut(cluster) else { return };
    let generation = c.generation;
    let Some(mut j) = c.jobs.remove(step) else { return };
    let (what, at) = match more {
        Some(next) => (
            What::Work { reduce, task, attempt: n, rows: next },
            started + work_ms(c, &j, (reduce, task), &node, locality, next),
        ),
        None => (
            What::AttemptDone { reduce, task, attempt: n },
            started + duration(c, &j, reduce, task, &node, locality, &outcome),
        ),
    };
    // A reducer's end stays the whole merge's until its last slice (TeraGen's grows a
    // slice at a time, as it always has).
    let ends = (!reduce || more.is_none()).then_some(at);
    if let Some(a) = j.task_mut(reduce, task).and_then(|t| t.attempts.get_mut(n as usize)) {
        a.outcome = Some(outcome);
        if let Some(ends) = ends {
            a.ends = ends;
        }
    }
    let wake = JobWake { step: step.to_string(), serial: j.serial, what };
    let delay = at.saturating_sub(ctx.now);
    ctx.schedule_in(delay, Wake::MapReduce { cluster: cluster.to_string(), generation, wake });
    c.jobs.insert(step.to_string(), j);
}

/// The next slice of a sliced attempt's work, after what it did so far: TeraGen's map
/// generates its rows up to `rows`, TeraSort's reducer merges its rows up to `rows`. The
/// result, and the rows its next slice reaches while any remain.
fn next_slice(
    services: &Services,
    cluster: &str,
    j: &Job,
    (reduce, task): (bool, u32),
    so_far: Option<Outcome>,
    rows: u64,
) -> (Outcome, Option<u64>) {
    if so_far.is_none() {
        if let Some(e) = inputs::attempt_error(services, cluster, j, reduce, task) {
            return (Outcome::Error(e), None);
        }
    }
    if reduce {
        let segments = reduce_segments(j, task);
        let mut merge = match so_far {
            Some(Outcome::Merging(m)) => m,
            _ => Box::new(super::merge::Merge::new(&segments)),
        };
        if let Err(e) = merge.advance(&segments, rows) {
            return (Outcome::Error(e), None);
        }
        if merge.written() < super::merge::rows(&segments) {
            return (Outcome::Merging(merge), Some(next_rows(j, (reduce, task), rows)));
        }
        return (Outcome::Reduce(Box::new(merge.finish())), None);
    }
    let Some(split) = j.splits.get(task as usize) else {
        return (Outcome::Error("no split".into()), None);
    };
    let mut out = match so_far {
        Some(Outcome::Map(m)) => m,
        _ => Box::default(),
    };
    let done = out.input_records;
    task::append_generated(&mut out, task::tera_gen(split.start + done, rows.saturating_sub(done)));
    let more = (rows < split.len).then(|| next_rows(j, (reduce, task), rows));
    (Outcome::Map(out), more)
}
