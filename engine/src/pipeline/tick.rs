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

use std::collections::BTreeMap;

use super::definition::{Definition, Kind};
use super::emr_backed::{ClusterPhase, POLL_MS};
use super::expr::{format_datetime, Period};
use super::model::*;
use super::plan::Plan;
use super::work::{self, InstanceScope};
use super::DataPipeline;
use crate::sim::{Ctx, Services};

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

enum Dep {
    Ready,
    Wait,
    Failed(String),
    PreconditionFailed(String),
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

    /// The period the cursor is at: (start, end), or `None` when the schedule has ended.
    fn period_at(&self, component: &str, c: &Cursor) -> Option<(i64, i64)> {
        let Some(rule) = &self.plan.component(component).schedule else {
            // On demand: one run per activation.
            return (c.made == 0).then_some((c.next_start_ms, c.next_start_ms));
        };
        let end = rule.period?.add(c.next_start_ms, 1)?;
        if rule.end_ms.is_some_and(|last| c.next_start_ms >= last) {
            return None;
        }
        if rule.occurrences.is_some_and(|n| c.made >= n) {
            return None;
        }
        Some((c.next_start_ms, end))
    }

    /// When the cursor's next instance may be made: at the start of its period (cron,
    /// resources) or its end (time series), and no sooner than 5 minutes after the last.
    fn due_of(&self, component: &str, c: &Cursor) -> Option<i64> {
        let (start, end) = self.period_at(component, c)?;
        let due = if self.plan.component(component).at_start { start } else { end };
        Some(c.last_made_ms.map_or(due, |last| due.max(last + CATCH_UP_MS)))
    }

    fn make_instances(&mut self) -> bool {
        let now = self.now();
        let mut changed = false;
        let components: Vec<String> = self.p.cursors.keys().cloned().collect();
        for component in components {
            while let Some(c) = self.p.cursors.get(&component).cloned() {
                if c.done {
                    break;
                }
                let Some((start, end)) = self.period_at(&component, &c) else {
                    if let Some(c) = self.p.cursors.get_mut(&component) {
                        c.done = true;
                    }
                    break;
                };
                if self.p.instances.len() >= MAX_INSTANCES && !self.forget_oldest() {
                    // Every kept instance is still active: the schedule stops here, as if it
                    // had ended.
                    self.p.cursors.values_mut().for_each(|c| c.done = true);
                    self.ctx.emit(Event::ScheduleStopped {
                        pipeline_id: self.p.id.clone(),
                        message: format!("The sandbox keeps at most {MAX_INSTANCES} instances of a pipeline and none of them has finished, so no more are made."),
                    });
                    return true;
                }
                match self.due_of(&component, &c) {
                    Some(due) if due <= now => {}
                    _ => break,
                }
                let kind = self.plan.component(&component).kind.unwrap_or(Kind::Activity);
                self.create(&component, kind, start, end, None);
                if let Some(c) = self.p.cursors.get_mut(&component) {
                    c.next_start_ms = if end > start { end } else { start };
                    c.made += 1;
                    c.last_made_ms = Some(now);
                }
                changed = true;
            }
        }
        changed
    }

    /// Forgets the oldest finished instances (by scheduled start, then id), at most
    /// [`FORGET_BATCH`]; whether any went.
    fn forget_oldest(&mut self) -> bool {
        let mut done: Vec<(i64, &String)> = self
            .p
            .instances
            .values()
            .filter(|i| i.status.is_terminal())
            .map(|i| (i.scheduled_start_ms, &i.id))
            .collect();
        done.sort_unstable();
        let gone: Vec<String> =
            done.into_iter().take(FORGET_BATCH).map(|(_, id)| id.clone()).collect();
        for id in &gone {
            self.p.instances.remove(id);
        }
        if gone.is_empty() {
            return false;
        }
        self.p.forgotten += gone.len() as u64;
        let oldest_kept = self.p.instances.values().map(|i| i.scheduled_start_ms).min();
        self.ctx.emit(Event::InstancesForgotten {
            pipeline_id: self.p.id.clone(),
            count: gone.len() as u64,
            oldest_kept: oldest_kept.map(format_datetime).unwrap_or_default(),
        });
        true
    }

    fn create(
        &mut self,
        component: &str,
        kind: Kind,
        start: i64,
        end: i64,
        node: Option<&str>,
    ) -> String {
        let id = instance_id(component, start);
        if self.p.instances.contains_key(&id) {
            return id;
        }
        let tries = self.plan.component(component).max_retries;
        let now = self.now();
        self.p.instances.insert(Instance {
            id: id.clone(),
            component: component.into(),
            kind,
            scheduled_start_ms: start,
            scheduled_end_ms: end,
            status: Status::WaitingOnDependencies,
            created_ms: now,
            actual_start_ms: None,
            actual_end_ms: None,
            attempts: Vec::new(),
            tries_left: tries,
            error: None,
            next_ms: Some(now),
            checking_since_ms: None,
            outcome: None,
            task_id: None,
            node: node.map(str::to_string),
            stdout: String::new(),
            emr_cluster: None,
            emr_steps: Vec::new(),
        });
        self.ctx.emit(Event::InstanceCreated {
            pipeline_id: self.p.id.clone(),
            instance_id: id.clone(),
        });
        self.ctx.emit(Event::InstanceStatusChanged {
            pipeline_id: self.p.id.clone(),
            instance_id: id.clone(),
            to: Status::WaitingOnDependencies.as_str().into(),
        });
        id
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

    fn dependencies(&mut self, inst: &Instance) -> bool {
        let c = inst.component.as_str();
        let start = inst.scheduled_start_ms;
        let mut dep = Dep::Ready;
        let plan = self.plan.component(c);
        // An output node is ready when the activity writing it has finished.
        let upstream = if inst.kind == Kind::DataNode { &plan.producers } else { &plan.upstream };
        let period = format_datetime(start);
        for u in upstream {
            let pid = peer_in(u, &period);
            match self.status_of(&pid) {
                Some(Status::Finished) => {}
                Some(
                    Status::Failed | Status::CascadeFailed | Status::Canceled | Status::TimedOut,
                ) => {
                    dep = Dep::Failed(pid);
                    break;
                }
                _ => dep = Dep::Wait,
            }
        }
        // An output node waits for its producer only; inputs and activities check preconditions.
        if matches!(dep, Dep::Ready) && (inst.kind != Kind::DataNode || upstream.is_empty()) {
            for pre in &plan.preconditions {
                let pid =
                    self.create(pre, Kind::Precondition, start, inst.scheduled_end_ms, Some(c));
                if let Some(mut p) = self.p.instances.get_mut(&pid) {
                    if p.status == Status::WaitingOnDependencies {
                        p.status = Status::Running;
                    }
                }
                match self.status_of(&pid) {
                    Some(Status::Finished) => {}
                    Some(Status::Failed) => {
                        dep = Dep::PreconditionFailed(pid);
                        break;
                    }
                    _ => dep = Dep::Wait,
                }
            }
        }
        let now = self.now();
        match dep {
            Dep::Wait => false,
            Dep::Ready if inst.kind == Kind::DataNode => {
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.actual_start_ms.get_or_insert(now);
                }
                self.set(&inst.id, Status::Finished);
                true
            }
            Dep::Ready => {
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.next_ms = None;
                }
                self.set(&inst.id, Status::WaitingForRunner);
                true
            }
            Dep::Failed(on) => {
                // failureAndRerunMode CASCADE; with the default (none) the object waits.
                if !plan.cascade {
                    return false;
                }
                self.cascade_fail(inst, &on);
                true
            }
            Dep::PreconditionFailed(on) => {
                // "When preconditionTimeout is met, the dependent nodes fail with the status
                // CASCADE_FAILED" (AWS Knowledge Center).
                self.cascade_fail(inst, &on);
                true
            }
        }
    }

    fn cascade_fail(&mut self, inst: &Instance, on: &str) {
        if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
            i.error = Some(format!("Cascade failed on {on}"));
        }
        self.set(&inst.id, Status::CascadeFailed);
        self.actions(inst, "onFail");
    }

    fn find_runner(&mut self, inst: &Instance) -> bool {
        let start = inst.scheduled_start_ms;
        let plan = self.plan;
        let component = plan.component(&inst.component);
        if let Some(r) = component.runs_on.as_deref() {
            let rid = self.create(r, Kind::Resource, start, inst.scheduled_end_ms, None);
            let now = self.now();
            match self.status_of(&rid) {
                Some(Status::WaitingOnDependencies | Status::Finished | Status::ShuttingDown) => {
                    let mut cluster = None;
                    if plan.component(r).type_name.as_deref() == Some("EmrCluster") {
                        match self.start_emr_cluster(&rid, r) {
                            Ok(id) => cluster = Some(id),
                            Err(e) => {
                                if let Some(mut res) = self.p.instances.get_mut(&rid) {
                                    res.error = Some(e);
                                }
                                self.set(&rid, Status::Failed);
                                return true;
                            }
                        }
                    }
                    let boot = if cluster.is_some() { POLL_MS } else { EC2_BOOT_MS };
                    if let Some(mut res) = self.p.instances.get_mut(&rid) {
                        res.actual_start_ms = Some(now);
                        res.actual_end_ms = None;
                        res.next_ms = Some(now + boot);
                        res.emr_cluster = cluster;
                        let n = res.attempts.len() as u32 + 1;
                        res.attempts.push(Attempt {
                            number: n,
                            status: Status::Creating,
                            started_ms: now,
                            ended_ms: None,
                            error: None,
                            resource: None,
                        });
                    }
                    self.set(&rid, Status::Creating);
                    true
                }
                Some(Status::Running) => {
                    self.start_attempt(inst, Some(rid));
                    true
                }
                Some(
                    Status::Failed | Status::TimedOut | Status::Canceled | Status::CascadeFailed,
                ) => {
                    if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                        i.error = Some(format!("Resource {rid} failed"));
                    }
                    self.set(&inst.id, Status::Canceled);
                    true
                }
                _ => false,
            }
        } else {
            let group = component.worker_group.as_deref().unwrap_or_default();
            if self.runners.get(group).copied().unwrap_or(false) && inst.task_id.is_none() {
                self.start_attempt(inst, None);
                return true;
            }
            false
        }
    }

    fn start_attempt(&mut self, inst: &Instance, resource: Option<String>) {
        let now = self.now();
        if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
            let n = i.attempts.len() as u32 + 1;
            i.attempts.push(Attempt {
                number: n,
                status: Status::Running,
                started_ms: now,
                ended_ms: None,
                error: None,
                resource: resource.clone(),
            });
            i.actual_start_ms.get_or_insert(now);
            i.next_ms = Some(now + ATTEMPT_MS);
            i.outcome = None;
            i.emr_steps.clear();
        }
        self.set(&inst.id, Status::Running);
        let cluster = resource
            .as_ref()
            .and_then(|r| self.p.instances.get(r))
            .and_then(|r| r.emr_cluster.clone());
        let on_emr = matches!(
            self.plan.component(&inst.component).type_name.as_deref(),
            Some("EmrActivity" | "HiveActivity" | "HadoopActivity")
        );
        if let (Some(cluster), true) = (cluster, on_emr) {
            match self.submit_steps(&cluster, inst) {
                Ok(steps) => {
                    if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                        i.stdout
                            .push_str(&format!("submitted {} step(s) to {cluster}\n", steps.len()));
                        i.emr_steps = steps;
                        i.next_ms = Some(now + POLL_MS);
                    }
                }
                Err(e) => self.finish_attempt(&inst.id, Err(e)),
            }
        }
    }

    /// An attempt's time is up: do its work (or deliver what it did after a `sleep`).
    fn attempt_ends(&mut self, inst: &Instance) -> bool {
        if !inst.emr_steps.is_empty() {
            return self.emr_attempt(inst);
        }
        let result = match inst.outcome.clone() {
            Some(r) => r,
            None => {
                let injected = self.p.failures_to_inject.get(&inst.component).copied().unwrap_or(0);
                if injected > 0 {
                    self.p.failures_to_inject.insert(inst.component.clone(), injected - 1);
                    Err("Activity failed: a fault the learner injected (sandbox)".to_string())
                } else {
                    match self.work(inst) {
                        Ok(Some(sleep)) => {
                            if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                                i.outcome = Some(Ok(()));
                                i.next_ms = Some(self.ctx.unix_ms() + sleep);
                            }
                            return true;
                        }
                        Ok(None) => Ok(()),
                        Err(e) => Err(e),
                    }
                }
            }
        };
        self.finish_attempt(&inst.id, result);
        true
    }

    /// An EmrActivity's attempt on a cluster: done when its steps are (a fault the learner
    /// injected fails it at the first look).
    fn emr_attempt(&mut self, inst: &Instance) -> bool {
        let injected = self.p.failures_to_inject.get(&inst.component).copied().unwrap_or(0);
        if injected > 0 {
            self.p.failures_to_inject.insert(inst.component.clone(), injected - 1);
            let e = "Activity failed: a fault the learner injected (sandbox)".to_string();
            self.finish_attempt(&inst.id, Err(e));
            return true;
        }
        let cluster = inst
            .attempts
            .last()
            .and_then(|a| a.resource.as_deref())
            .and_then(|r| self.p.instances.get(r))
            .filter(|r| !r.attempts.is_empty())
            .and_then(|r| r.emr_cluster.clone())
            .unwrap_or_default();
        let (outcome, log) = self.steps_outcome(&cluster, &inst.emr_steps);
        let now = self.now();
        match outcome {
            None => {
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.next_ms = Some(now + POLL_MS);
                }
                false
            }
            Some(result) => {
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&log);
                    i.emr_steps.clear();
                }
                self.finish_attempt(&inst.id, result);
                true
            }
        }
    }

    /// Runs the activity's work; `Some(ms)` when it must also sleep that long.
    fn work(&mut self, inst: &Instance) -> Result<Option<i64>, String> {
        let type_name = self.def.type_of(&inst.component).unwrap_or_default().to_string();
        let pipeline_id = self.p.id.clone();
        let def = self.def;
        let scope = InstanceScope::of_instance(def, inst, None);
        match type_name.as_str() {
            "CopyActivity" if super::rds::moves_rows(def, &inst.component) => {
                let log = super::rds::copy(self.services, self.ctx, &pipeline_id, &scope)?;
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&log);
                }
                Ok(None)
            }
            "SqlActivity" if super::rds::is_rds_activity(&scope) => {
                let services = &mut *self.services;
                let log = super::rds::sql(&mut services.pipeline.rds, &services.s3, &scope)?;
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&log);
                }
                Ok(None)
            }
            "CopyActivity" => {
                let (objects, bytes) =
                    work::copy(&mut self.services.s3, self.ctx, &pipeline_id, &scope)?;
                self.ctx.emit(Event::ObjectsCopied {
                    pipeline_id,
                    instance_id: inst.id.clone(),
                    objects,
                    bytes,
                });
                Ok(None)
            }
            "ShellCommandActivity" => {
                let run = work::shell(&mut self.services.s3, self.ctx, &pipeline_id, &scope)?;
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&run.stdout);
                }
                if run.exit != 0 {
                    return Err(format!(
                        "Error while executing the command: exit code {}",
                        run.exit
                    ));
                }
                Ok((run.sleep_ms > 0).then_some(run.sleep_ms))
            }
            "EmrActivity" => {
                // The steps run on the cluster the resource stands for; the sandbox records
                // them and gives each step the attempt's time (it does not start a MapReduce
                // job on the EMR engine for them).
                let steps = def.texts(&inst.component, "step");
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    for s in &steps {
                        i.stdout.push_str(&format!("step: {s}\n"));
                    }
                }
                Ok(Some(ATTEMPT_MS * steps.len().saturating_sub(1) as i64))
            }
            "RedshiftCopyActivity" => {
                let services = &mut *self.services;
                let (loaded, log) =
                    super::redshift::copy(&mut services.firehose.tables, &services.s3, &scope)?;
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&log);
                }
                self.ctx.emit(Event::RowsLoaded {
                    pipeline_id,
                    instance_id: inst.id.clone(),
                    table: loaded.table,
                    rows: loaded.inserted,
                });
                Ok(None)
            }
            "SqlActivity" => {
                let services = &mut *self.services;
                let log =
                    super::redshift::sql(&mut services.firehose.tables, &services.s3, &scope)?;
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.stdout.push_str(&log);
                }
                Ok(None)
            }
            other => Err(format!("{other} is not an activity the sandbox runs")),
        }
    }

    pub(super) fn finish_attempt(&mut self, id: &str, result: Result<(), String>) {
        let now = self.now();
        let Some(inst) = self.p.instances.get(id).cloned() else { return };
        let retry_delay = self
            .plan
            .component(&inst.component)
            .retry_delay
            .map_or(DEFAULT_RETRY_DELAY_MS, Period::approx_ms);
        let mut next = None;
        if let Some(mut i) = self.p.instances.get_mut(id) {
            i.outcome = None;
            i.task_id = None;
            if let Some(a) = i.attempts.last_mut() {
                a.ended_ms = Some(now);
                a.status = if result.is_ok() { Status::Finished } else { Status::Failed };
                a.error = result.clone().err();
                self.ctx.emit(Event::AttemptFinished {
                    pipeline_id: self.p.id.clone(),
                    attempt_id: format!("{id}_Attempt={}", a.number),
                    status: a.status.as_str().into(),
                });
            }
            match &result {
                Ok(()) => next = Some(Status::Finished),
                Err(e) if i.tries_left > 0 => {
                    i.tries_left -= 1;
                    i.error = Some(e.clone());
                    i.next_ms = Some(now + retry_delay);
                    next = Some(Status::WaitingForRunner);
                }
                Err(e) => {
                    i.error = Some(e.clone());
                    next = Some(Status::Failed);
                }
            }
        }
        if let Some(s) = next {
            self.set(id, s);
            match s {
                Status::Finished => self.actions(&inst, "onSuccess"),
                Status::Failed => self.actions(&inst, "onFail"),
                _ => {}
            }
        }
    }

    fn check_precondition(&mut self, inst: &Instance) -> bool {
        let now = self.now();
        let type_name = self.def.type_of(&inst.component).unwrap_or_default().to_string();
        let pipeline_id = self.p.id.clone();
        let def = self.def;
        let scope = InstanceScope::of_instance(def, inst, inst.node.as_deref());
        let mut stdout = String::new();
        let holds = work::precondition_holds(
            self.services,
            self.ctx,
            &pipeline_id,
            &scope,
            &type_name,
            &mut stdout,
        );
        let since = inst.checking_since_ms.unwrap_or(now);
        let component = self.plan.component(&inst.component);
        let timeout = component.precondition_timeout.map(Period::approx_ms);
        let recheck = component.retry_delay.map_or(PRECONDITION_RECHECK_MS, Period::approx_ms);
        let Some(mut i) = self.p.instances.get_mut(&inst.id) else { return false };
        i.stdout.push_str(&stdout);
        i.checking_since_ms = Some(since);
        i.actual_start_ms.get_or_insert(now);
        if i.attempts.is_empty() {
            i.attempts.push(Attempt {
                number: 1,
                status: Status::Running,
                started_ms: now,
                ended_ms: None,
                error: None,
                resource: None,
            });
        }
        let verdict = match holds {
            Ok(true) => Some(Ok(())),
            Ok(false) if timeout.is_some_and(|t| now >= since + t) => {
                Some(Err("Precondition check timed out: preconditionTimeout reached".to_string()))
            }
            Ok(false) => {
                i.next_ms = Some(now + recheck);
                None
            }
            Err(e) => Some(Err(e)),
        };
        match verdict {
            None => true,
            Some(r) => {
                if let Some(a) = i.attempts.last_mut() {
                    a.ended_ms = Some(now);
                    a.status = if r.is_ok() { Status::Finished } else { Status::Failed };
                    a.error = r.clone().err();
                }
                i.error = r.clone().err();
                drop(i);
                self.set(&inst.id, if r.is_ok() { Status::Finished } else { Status::Failed });
                true
            }
        }
    }

    fn resource(&mut self, inst: &Instance, due: bool) -> bool {
        let now = self.now();
        let component = self.plan.component(&inst.component);
        let period = format_datetime(inst.scheduled_start_ms);
        let consumers: Vec<String> =
            component.consumers.iter().map(|o| peer_in(o, &period)).collect();
        let all_done = consumers.iter().all(|c| self.status_of(c).is_some_and(Status::is_terminal));
        match inst.status {
            Status::WaitingOnDependencies
                if all_done && consumers.iter().all(|c| self.status_of(c).is_some()) =>
            {
                // "If the objects that depend on a resource are in the FAILED state and the
                // resource itself is in the WAITING_ON_DEPENDENCIES state, then the resource
                // changes to the FINISHED state."
                self.set(&inst.id, Status::Finished);
                true
            }
            Status::Creating if due => {
                if let Some(cluster) = inst.emr_cluster.as_deref() {
                    match self.cluster_phase(cluster) {
                        ClusterPhase::Booting => {
                            if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                                i.next_ms = Some(now + POLL_MS);
                            }
                            return false;
                        }
                        ClusterPhase::Ended(why) => {
                            if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                                i.error = why.or_else(|| {
                                    Some(format!("EMR cluster {cluster} ended before it was ready"))
                                });
                            }
                            self.end_resource(&inst.id, Status::Failed);
                            return true;
                        }
                        ClusterPhase::Ready => {}
                    }
                }
                if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                    i.next_ms = None;
                    if let Some(a) = i.attempts.last_mut() {
                        a.status = Status::Running;
                    }
                }
                self.set(&inst.id, Status::Running);
                true
            }
            Status::Running => {
                let limit = component.terminate_after.map(Period::approx_ms);
                let started = inst.actual_start_ms.unwrap_or(now);
                if limit.is_some_and(|l| now >= started + l) {
                    for c in &consumers {
                        if self.status_of(c) == Some(Status::Running) {
                            self.finish_attempt(
                                c,
                                Err(format!(
                                    "Resource {} stopped: terminateAfter reached (TIMEDOUT)",
                                    inst.id
                                )),
                            );
                        }
                    }
                    if let Some(cluster) = inst.emr_cluster.as_deref() {
                        self.terminate_cluster(cluster);
                    }
                    self.end_resource(&inst.id, Status::TimedOut);
                    return true;
                }
                if all_done {
                    let wait = match inst.emr_cluster.as_deref() {
                        Some(cluster) => {
                            self.terminate_cluster(cluster);
                            POLL_MS
                        }
                        None => SHUTDOWN_MS,
                    };
                    if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                        i.next_ms = Some(now + wait);
                    }
                    self.set(&inst.id, Status::ShuttingDown);
                    return true;
                }
                if let (Some(l), Some(mut i)) = (limit, self.p.instances.get_mut(&inst.id)) {
                    i.next_ms = Some(started + l);
                }
                false
            }
            Status::ShuttingDown if due => {
                if let Some(cluster) = inst.emr_cluster.as_deref() {
                    if !matches!(self.cluster_phase(cluster), ClusterPhase::Ended(_)) {
                        if let Some(mut i) = self.p.instances.get_mut(&inst.id) {
                            i.next_ms = Some(now + POLL_MS);
                        }
                        return false;
                    }
                }
                self.end_resource(&inst.id, Status::Finished);
                true
            }
            _ => false,
        }
    }

    pub(super) fn end_resource(&mut self, id: &str, status: Status) {
        let now = self.now();
        if let Some(mut i) = self.p.instances.get_mut(id) {
            if let Some(a) = i.attempts.last_mut() {
                a.status = status;
                a.ended_ms = Some(now);
            }
        }
        self.set(id, status);
    }

    /// Runs the object's `onFail` / `onSuccess` actions: an SnsAlarm publishes its message.
    fn actions(&mut self, inst: &Instance, field: &str) {
        let plan = self.plan;
        for a in plan.component(&inst.component).actions(field) {
            if plan.component(a).type_name.as_deref() != Some("SnsAlarm") {
                continue;
            }
            // The alarm's fields, read in the scope of the instance that fired it.
            let scope = InstanceScope {
                object: a,
                ..InstanceScope::of_instance(self.def, inst, Some(&inst.component))
            };
            let text = |k: &str| scope.field(k).unwrap_or_else(Some).unwrap_or_default();
            let n = Notification {
                at_ms: self.ctx.unix_ms(),
                topic_arn: text("topicArn"),
                subject: text("subject"),
                message: text("message"),
            };
            self.ctx.emit(Event::AlarmSent {
                pipeline_id: self.p.id.clone(),
                topic_arn: n.topic_arn.clone(),
                subject: n.subject.clone(),
            });
            self.p.notifications.push(n);
        }
    }
}

/// A task the learner (as a Task Runner) finished or failed: SetTaskStatus.
pub(crate) fn task_done(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    pipeline_id: &str,
    instance_id: &str,
    result: Result<(), String>,
) {
    let Some(mut p) = services.pipeline.pipelines.remove(pipeline_id) else { return };
    if let Some(def) = p.active.take() {
        let plan = p.plan.take().unwrap_or_else(|| Plan::of(&def));
        let runners = services.pipeline.runners.clone();
        let mut run = Run { p: &mut p, def: &def, plan: &plan, services, runners, ctx };
        run.finish_attempt(instance_id, result);
        p.active = Some(def);
        p.plan = Some(plan);
    }
    services.pipeline.pipelines.insert(pipeline_id.to_string(), p);
    evaluate(services, ctx, pipeline_id);
}

/// A learner's Task Runner took a WAITING_FOR_RUNNER task of `group`: its attempt starts and
/// waits for SetTaskStatus. Answers (pipeline, instance, attempt id).
pub(crate) fn take_task(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    group: &str,
    task_id: &str,
) -> Option<(String, String, String)> {
    let now = ctx.unix_ms();
    for p in services.pipeline.pipelines.values_mut() {
        let Some(def) = p.active.as_ref() else { continue };
        let found = p.instances.active().find(|i| {
            i.kind == Kind::Activity
                && i.status == Status::WaitingForRunner
                && i.next_ms.is_none_or(|t| t <= now)
                && def.reference(&i.component, "runsOn").is_none()
                && def.text(&i.component, "workerGroup") == Some(group)
        });
        let Some(id) = found.map(|i| i.id.clone()) else { continue };
        let pid = p.id.clone();
        let mut i = p.instances.get_mut(&id)?;
        let n = i.attempts.len() as u32 + 1;
        i.attempts.push(Attempt {
            number: n,
            status: Status::Running,
            started_ms: now,
            ended_ms: None,
            error: None,
            resource: None,
        });
        i.actual_start_ms.get_or_insert(now);
        i.status = Status::Running;
        i.next_ms = None;
        i.task_id = Some(task_id.into());
        ctx.emit(Event::InstanceStatusChanged {
            pipeline_id: pid.clone(),
            instance_id: id.clone(),
            to: "RUNNING".into(),
        });
        let attempt = i.attempt_id(n);
        return Some((pid, id, attempt));
    }
    None
}
