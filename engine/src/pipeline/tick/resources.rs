//! Resources (Ec2Resource, EmrCluster): boot, run while their activities need them, stop at
//! `terminateAfter` (TIMEDOUT), shut down when every activity on them is done.

use super::{peer_in, Run, SHUTDOWN_MS};
use crate::pipeline::emr_backed::{ClusterPhase, POLL_MS};
use crate::pipeline::expr::{format_datetime, Period};
use crate::pipeline::model::*;

impl Run<'_, '_> {
    pub(super) fn resource(&mut self, inst: &Instance, due: bool) -> bool {
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
}
