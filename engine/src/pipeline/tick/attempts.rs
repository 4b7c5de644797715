//! Attempts and retries: an activity finds its runner (its `runsOn` resource, or a worker
//! group's Task Runner), an attempt starts and ends, and a failed one is retried after
//! `retryDelay` while tries are left.

use super::{Run, ATTEMPT_MS, DEFAULT_RETRY_DELAY_MS, EC2_BOOT_MS};
use crate::pipeline::definition::Kind;
use crate::pipeline::emr_backed::POLL_MS;
use crate::pipeline::expr::Period;
use crate::pipeline::model::*;

impl Run<'_, '_> {
    pub(super) fn find_runner(&mut self, inst: &Instance) -> bool {
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
            i.begin_attempt(now, resource.clone());
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
    pub(super) fn attempt_ends(&mut self, inst: &Instance) -> bool {
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
}
