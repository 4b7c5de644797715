//! What an instance waits for before it runs: its upstream instances of the same period
//! (`input`, `dependsOn`; a data node its producers), its preconditions (checked again until
//! they hold or `preconditionTimeout` passes), and the cascade when one of them fails.

use super::{peer_in, Run, PRECONDITION_RECHECK_MS};
use crate::pipeline::definition::Kind;
use crate::pipeline::expr::{format_datetime, Period};
use crate::pipeline::model::*;
use crate::pipeline::work::{self, InstanceScope};

enum Dep {
    Ready,
    Wait,
    Failed(String),
    PreconditionFailed(String),
}

impl Run<'_, '_> {
    pub(super) fn dependencies(&mut self, inst: &Instance) -> bool {
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

    pub(super) fn check_precondition(&mut self, inst: &Instance) -> bool {
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
}
