//! `yarn application -list [-appStates STATES]` on the primary node: the ResourceManager's
//! applications (each MapReduce job the cluster has run, a step's or a Hive query's) in
//! ApplicationCLI's columns. By default the live ones (SUBMITTED, ACCEPTED, RUNNING);
//! `-appStates ALL` adds the finished, failed and killed.

use super::ShellOutput;
use crate::emr::mapreduce::{Job, JobState};
use crate::emr::model::{Cluster, Role};
use crate::sim::{Ctx, Services};

/// YarnApplicationState's values, in its order (what `ALL` stands for).
const STATES: [&str; 8] =
    ["NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING", "FINISHED", "FAILED", "KILLED"];

/// The states listed without `-appStates`.
const LIVE: [&str; 3] = ["SUBMITTED", "ACCEPTED", "RUNNING"];

/// ApplicationCLI's APPLICATIONS_PATTERN.
fn row(cells: [&str; 9]) -> String {
    format!(
        "{:>30}\t{:>20}\t{:>20}\t{:>10}\t{:>10}\t{:>18}\t{:>18}\t{:>15}\t{:>35}\n",
        cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7], cells[8]
    )
}

/// The application's YARN state and final status.
fn states(j: &Job) -> (&'static str, &'static str) {
    match j.state {
        JobState::Running | JobState::Committing if j.am_ready => ("RUNNING", "UNDEFINED"),
        JobState::Running | JobState::Committing => ("ACCEPTED", "UNDEFINED"),
        JobState::Succeeded => ("FINISHED", "SUCCEEDED"),
        JobState::Failed => ("FAILED", "FAILED"),
        JobState::Killed => ("KILLED", "KILLED"),
    }
}

/// The job's progress as `DecimalFormat("###.##%")` prints it. MapReduce weighs its maps and
/// reduces evenly when it has both; the sandbox counts finished tasks (a running task counts
/// nothing until it ends).
fn progress(j: &Job) -> String {
    let frac = |tasks: &[crate::emr::mapreduce::Task]| {
        if tasks.is_empty() {
            1.0
        } else {
            tasks.iter().filter(|t| t.done).count() as f64 / tasks.len() as f64
        }
    };
    let p = match j.state {
        JobState::Succeeded => 1.0,
        _ if !j.am_ready => 0.0,
        _ if j.reduces.is_empty() => frac(&j.maps),
        _ => (frac(&j.maps) + frac(&j.reduces)) / 2.0,
    };
    let pct = (p * 10_000.0).round() / 100.0;
    let text = format!("{pct:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// Where ApplicationCLI points: the application master's web UI while it runs (the sandbox
/// puts it on the AM's node, port 0 being unknowable: it shows YARN's proxy address there
/// instead), the JobHistory server once the job is done, N/A before the AM is up.
fn tracking_url(c: &Cluster, j: &Job, region: &str) -> String {
    let primary = c
        .nodes
        .iter()
        .find(|n| n.role == Role::Master)
        .map(|n| n.private_dns(region))
        .unwrap_or_default();
    match j.state {
        JobState::Succeeded | JobState::Failed | JobState::Killed => {
            format!("http://{primary}:19888/jobhistory/job/{}", j.id())
        }
        _ if j.am_ready => format!("http://{primary}:20888/proxy/{}/", j.application_id()),
        _ => "N/A".into(),
    }
}

pub fn run(services: &Services, ctx: &Ctx<'_>, cluster: &str, args: &[&str]) -> ShellOutput {
    let usage = || {
        ShellOutput::err(
            "The sandbox's yarn runs `yarn application -list [-appStates <States>]`.\n".into(),
            255,
        )
    };
    let mut wanted: Vec<&str> = Vec::new();
    let mut listed = false;
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "-list" => listed = true,
            "-appStates" => {
                let Some(v) = args.get(i + 1) else {
                    return ShellOutput::err("Missing argument for options\n".into(), 255);
                };
                for s in v.split(',').map(|s| s.trim().to_ascii_uppercase()) {
                    if s == "ALL" {
                        wanted = STATES.to_vec();
                        break;
                    }
                    match STATES.iter().find(|x| **x == s) {
                        Some(x) if !wanted.contains(x) => wanted.push(x),
                        Some(_) => {}
                        None => {
                            // ApplicationCLI's message for a state it does not know.
                            return ShellOutput::err(
                                format!("The application state {s} is invalid.\nThe valid application state can be one of the following: ALL,NEW,NEW_SAVING,SUBMITTED,ACCEPTED,RUNNING,FINISHED,FAILED,KILLED\n"),
                                255,
                            );
                        }
                    }
                }
                i += 1;
            }
            _ => return usage(),
        }
        i += 1;
    }
    if !listed {
        return usage();
    }
    if wanted.is_empty() {
        wanted = LIVE.to_vec();
    }
    // An EnumSet: printed in the enum's order, whatever order they were given in.
    wanted.sort_by_key(|s| STATES.iter().position(|x| x == s));
    let Some(c) = services.emr.clusters.get(cluster) else { return usage() };
    let region = &ctx.config.region;
    let mut apps: Vec<&Job> = c.finished_jobs.iter().chain(c.jobs.values()).collect();
    apps.sort_by_key(|j| j.app);
    let apps: Vec<&Job> = apps.into_iter().filter(|j| wanted.contains(&states(j).0)).collect();
    let primary = c.nodes.iter().find(|n| n.role == Role::Master);
    let rm = primary
        .map(|n| format!("{}/{}:8032", n.private_dns(region), n.private_ip))
        .unwrap_or_default();
    let stamp = chrono::DateTime::from_timestamp_millis(ctx.unix_ms())
        .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M:%S,%3f").to_string());
    let mut out = format!(
        "{stamp} INFO client.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at {rm}\n"
    );
    out.push_str(&format!(
        "Total number of applications (application-types: [], states: [{}] and tags: []):{}\n",
        wanted.join(", "),
        apps.len()
    ));
    out.push_str(&row([
        "Application-Id",
        "Application-Name",
        "Application-Type",
        "User",
        "Queue",
        "State",
        "Final-State",
        "Progress",
        "Tracking-URL",
    ]));
    for j in apps {
        let (state, fin) = states(j);
        out.push_str(&row([
            &j.application_id(),
            &j.plan.name,
            "MAPREDUCE",
            "hadoop",
            "default",
            state,
            fin,
            &progress(j),
            &tracking_url(c, j, region),
        ]));
    }
    ShellOutput::ok(out)
}
