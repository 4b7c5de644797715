//! The scheduler on the virtual clock. A pipeline is looked at again whenever something in it
//! is due (a period to make, a boot or an attempt ending, a retry, a precondition's next
//! check); each look advances every instance as far as it can go, until nothing changes.
//!
//! Durations AWS does not document are the sandbox's choices, named here and shown in the view:
//! an Ec2Resource boots in 5 minutes, a resource shuts down in 1; an
//! attempt's work takes 1 minute (plus a shell's `sleep`); system preconditions are checked
//! again every 5 minutes. An EmrCluster is a real cluster of the EMR engine, which boots and
//! runs steps in its own time (see `emr_backed`); maximumRetries defaults to 2 (AWS's own `list-runs` fixture shows a
//! first attempt with `@triesLeft` 2) and retryDelay to 10 minutes.
//!
//! Here: a look (`evaluate`, `Run::settle`) and what moves each instance on (`Run::advance`).
//! Rooms, by what they decide: [`periods`] (which instances to make and when, and forgetting
//! past the bound), [`waiting`] (upstream instances and preconditions, the cascade),
//! [`attempts`] (finding a runner, attempts and retries), [`activities`] (what an attempt does),
//! [`resources`] (boot, terminateAfter, shutdown), [`actions`] (onSuccess / onFail alarms),
//! [`task_runner`] (the learner as a Task Runner).

mod actions;
mod activities;
mod attempts;
mod periods;
mod resources;
mod task_runner;
mod waiting;

use std::collections::BTreeMap;

use super::definition::{Definition, Kind};
use super::expr::format_datetime;
use super::model::*;
use super::plan::Plan;
use super::DataPipeline;
use crate::sim::{Ctx, Services};

pub(crate) use task_runner::{take_task, task_done};

pub const EC2_BOOT_MS: i64 = 5 * 60_000;
pub const SHUTDOWN_MS: i64 = 60_000;
pub const ATTEMPT_MS: i64 = 60_000;
pub const PRECONDITION_RECHECK_MS: i64 = 5 * 60_000;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
pub const DEFAULT_RETRY_DELAY_MS: i64 = 10 * 60_000;
/// "Rate of creation of an instance from an object | 1 per 5 minutes" (limits page).
pub const CATCH_UP_MS: i64 = 5 * 60_000;
/// A bound on the instances one pipeline keeps, so a long run stays within a browser's memory.
/// The sandbox's choice: AWS keeps a pipeline's whole run history. Past the bound the oldest
/// finished instances are forgotten, [`FORGET_BATCH`] at a time (QueryObjects and the view no
/// longer list them; the view says how many); if none has finished, the schedule stops making
/// instances and says so (`ScheduleStopped`).
pub const MAX_INSTANCES: usize = 20_000;
/// How many finished instances go at once: one sort of the kept ones per batch, not per
/// instance made.
pub const FORGET_BATCH: usize = MAX_INSTANCES / 10;

pub(crate) fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {
        Wake::Evaluate { pipeline_id } => {
            services.pipeline.wakes.remove(&(ctx.now, pipeline_id.clone()));
            evaluate(services, ctx, &pipeline_id);
        }
    }
}

/// `@<component>_<scheduledStartTime>`.
pub fn instance_id(component: &str, start_ms: i64) -> String {
    peer_in(component, &format_datetime(start_ms))
}

/// The instance of `component` in the period starting at `start` (already formatted, so a
/// look at many peers of one period formats it once).
fn peer_in(component: &str, start: &str) -> String {
    format!("@{component}_{start}")
}

/// Advances one pipeline to now and asks to be woken when something is next due.
pub(crate) fn evaluate(services: &mut Services, ctx: &mut Ctx<'_>, pipeline_id: &str) {
    let Some(mut p) = services.pipeline.pipelines.remove(pipeline_id) else { return };
    if p.state == Status::Scheduled && !p.deleted {
        if let Some(def) = p.active.take() {
            let plan = p.plan.take().unwrap_or_else(|| Plan::of(&def));
            let runners = services.pipeline.runners.clone();
            let mut run = Run { p: &mut p, def: &def, plan: &plan, services, runners, ctx };
            run.settle();
            let next = run.next_due();
            p.active = Some(def);
            p.plan = Some(plan);
            if let Some(at) = next {
                schedule(&mut services.pipeline, ctx, pipeline_id, at);
            }
        }
    }
    services.pipeline.pipelines.insert(pipeline_id.to_string(), p);
}

fn schedule(dp: &mut DataPipeline, ctx: &mut Ctx<'_>, pipeline_id: &str, unix_ms: i64) {
    let at = (unix_ms - ctx.config.epoch_ms).max(0) as u64;
    let at = at.max(ctx.now);
    if dp.wakes.insert((at, pipeline_id.to_string())) {
        ctx.schedule_at(at, Wake::Evaluate { pipeline_id: pipeline_id.into() });
    }
}

/// One look at a pipeline. It holds the other services too: activities work in S3, and an
/// EmrCluster is a real cluster of the EMR service.
pub(super) struct Run<'a, 'c> {
    pub(super) p: &'a mut Pipeline,
    pub(super) def: &'a Definition,
    /// What the scheduler reads of `def`, read once per activation.
    pub(super) plan: &'a Plan,
    pub(super) services: &'a mut Services,
    /// Worker group to whether its Task Runner polls (a copy: the pipeline is out of the
    /// service while it is looked at).
    pub(super) runners: BTreeMap<String, bool>,
    pub(super) ctx: &'a mut Ctx<'c>,
}

impl Run<'_, '_> {
    pub(super) fn now(&self) -> i64 {
        self.ctx.unix_ms()
    }

    fn settle(&mut self) {
        for _ in 0..256 {
            let mut changed = self.make_instances();
            // The instances not done when the round starts, by id (the index, not a walk of
            // every instance kept).
            let ids = self.p.instances.active_ids();
            for id in ids {
                changed |= self.advance(&id);
            }
            if !changed {
                break;
            }
        }
        let all_done = !self.p.instances.is_empty()
            && self.p.cursors.values().all(|c| c.done)
            && self.p.instances.active().next().is_none();
        if all_done {
            self.p.state = Status::Finished;
            self.ctx.emit(Event::PipelineStateChanged {
                pipeline_id: self.p.id.clone(),
                to: "FINISHED".into(),
            });
        }
    }

    /// The earliest time something is due on its own.
    fn next_due(&self) -> Option<i64> {
        let now = self.now();
        let instances = self.p.instances.active().filter_map(|i| i.next_ms);
        let cursors =
            self.p.cursors.iter().filter(|(_, c)| !c.done).filter_map(|(id, c)| self.due_of(id, c));
        // Whatever was due by now has been settled: what is still at or before now waits on
        // something other than time (a dependency, a runner), not on a wake-up.
        instances.filter(|&t| t > now).chain(cursors.map(|t| t.max(now + 1))).min()
    }

    pub(super) fn set(&mut self, id: &str, status: Status) {
        let now = self.now();
        let Some(mut i) = self.p.instances.get_mut(id) else { return };
        if i.status == status {
            return;
        }
        i.status = status;
        if status.is_terminal() {
            i.actual_end_ms = Some(now);
            i.next_ms = None;
        }
        self.ctx.emit(Event::InstanceStatusChanged {
            pipeline_id: self.p.id.clone(),
            instance_id: id.into(),
            to: status.as_str().into(),
        });
    }

    pub(super) fn status_of(&self, id: &str) -> Option<Status> {
        self.p.instances.get(id).map(|i| i.status)
    }

    fn advance(&mut self, id: &str) -> bool {
        let Some(inst) = self.p.instances.get(id).cloned() else { return false };
        if self.p.paused.contains(&inst.component) {
            return false;
        }
        let due = inst.next_ms.is_some_and(|t| t <= self.now());
        match (inst.kind, inst.status) {
            (Kind::Activity, Status::WaitingOnDependencies)
            | (Kind::DataNode, Status::WaitingOnDependencies) => self.dependencies(&inst),
            (Kind::Activity, Status::WaitingForRunner) if inst.next_ms.is_none() || due => {
                self.find_runner(&inst)
            }
            (Kind::Activity, Status::Running) if due => self.attempt_ends(&inst),
            (Kind::Precondition, Status::Running) if due => self.check_precondition(&inst),
            (Kind::Resource, _) => self.resource(&inst, due),
            _ => false,
        }
    }
}
