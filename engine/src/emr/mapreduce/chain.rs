//! What an example program's client does around its jobs: before submitting (grep draws its
//! temporary directory's number; sort counts the NodeManagers for its reducers and says so),
//! between them (grep's second job starts when the first succeeds), and after the last one,
//! however it ended (grep deletes its temporary directory: its `finally`).

use super::plan::JobPlan;
use super::{grep, sort, yarn};
use crate::emr::fs::{self, Location};
use crate::emr::model::Cluster;
use crate::sim::{Ctx, Services};

/// The client's work before its job is submitted; what it prints goes to `log`.
pub fn prepare(c: &Cluster, ctx: &mut Ctx<'_>, plan: &mut JobPlan, log: &mut Vec<String>) {
    if plan.grep.is_some() && plan.output == grep::TEMP_PREFIX {
        // `new Path("grep-temp-" + new Random().nextInt(Integer.MAX_VALUE))`.
        let dir = format!("{}{}", grep::TEMP_PREFIX, ctx.rng.below(i32::MAX as u64));
        plan.output = dir.clone();
        plan.cleanup = Some(dir.clone());
        if let Some(next) = plan.then.as_mut() {
            next.inputs = vec![dir];
        }
    }
    if let Some(options) = plan.sort.as_ref() {
        // cluster.getTaskTrackers(): the NodeManagers.
        let node_managers = c.nodes.iter().filter(|n| yarn::usable(n)).count() as u32;
        plan.reduces = options.reduces.unwrap_or_else(|| sort::default_reduces(node_managers));
        let region = ctx.config.region.clone();
        let input = plan.inputs.first().and_then(|i| Location::parse(i).ok());
        log.push(format!(
            "Running on {node_managers} nodes to sort from {} into {} with {} reduces.",
            input.map_or_else(String::new, |l| l.uri(c, &region)),
            plan.output,
            plan.reduces
        ));
        log.push(format!("Job started: {}", java_date(ctx.unix_ms())));
    }
}

/// What Sort prints once its job has ended.
pub fn ended(plan: &JobPlan, ctx: &Ctx<'_>, started_ms: i64) -> Vec<String> {
    if plan.sort.is_none() {
        return Vec::new();
    }
    vec![
        format!("Job ended: {}", java_date(ctx.unix_ms())),
        format!("The job took {} seconds.", (ctx.unix_ms() - started_ms) / 1000),
    ]
}

/// The step's last job ended: its temporary directory goes (if it was ever made).
pub fn clean_up(services: &mut Services, ctx: &mut Ctx<'_>, cluster: &str, cleanup: Option<&str>) {
    if let Some(loc) = cleanup.and_then(|d| Location::parse(d).ok()) {
        let _ = fs::delete(services, ctx, cluster, &loc, true);
    }
}

/// `java.util.Date.toString()` on a node whose time zone is UTC: `Thu Jan 01 00:00:00 UTC 2026`.
fn java_date(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .map_or_else(String::new, |t| t.format("%a %b %d %H:%M:%S UTC %Y").to_string())
}
