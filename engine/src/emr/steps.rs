//! The step queue: PENDING steps start in the order they were submitted, up to the cluster's
//! StepConcurrencyLevel at a time; a finished step's ActionOnFailure decides what happens next;
//! a cluster with no step left waits (long-running) or terminates (transient).
//!
//! ActionOnFailure, as StepConfig's documentation says: "TERMINATE_CLUSTER - Shuts down the
//! cluster. CANCEL_AND_WAIT - Cancels any pending steps and returns the cluster to the WAITING
//! state. CONTINUE - Continues to the next step in the queue." With StepConcurrencyLevel above
//! 1 "step ActionOnFailure feature will not activate". Termination protection: "When you enable
//! step execution and also enable termination protection, Amazon EMR ignores the termination
//! protection", and a CANCEL_AND_WAIT failure on a cluster with step execution enabled
//! terminates it. On a long-running cluster (KeepJobFlowAliveWhenNoSteps) with termination
//! protection, a TERMINATE_CLUSTER failure leaves the cluster WAITING: the sandbox's reading of
//! "A failure during the cluster lifecycle causes Amazon EMR to terminate the cluster ...
//! unless you enable termination protection" (AWS's table for this case is an image that was
//! not retrieved).

use super::model::{
    ActionOnFailure, Cluster, ClusterReason, ClusterState, Event, Failure, Reason, StepState, Wake,
};
use super::{lifecycle, runner, texts};
use crate::sim::{Ctx, Services};

/// Sets a step's state (and its start or end time) and says so in the event log.
pub fn set_step_state(c: &mut Cluster, ctx: &mut Ctx<'_>, step: &str, state: StepState) {
    let now = ctx.unix_ms();
    let cluster = c.id.clone();
    let Some(s) = c.step_mut(step) else { return };
    s.state = state;
    s.serial += 1;
    match state {
        StepState::Running => s.started_ms = Some(now),
        StepState::Pending | StepState::CancelPending => {}
        _ => s.ended_ms = Some(now),
    }
    ctx.emit(Event::StepStateChanged {
        cluster,
        step: step.to_string(),
        state: state.as_str().into(),
    });
}

/// Starts what can start and settles the cluster's state: RUNNING while a step runs, else
/// WAITING (long-running) or TERMINATING (transient).
pub fn advance(services: &mut Services, ctx: &mut Ctx<'_>, id: &str) {
    loop {
        let Some(c) = services.emr.clusters.get_mut(id) else { return };
        if !c.is_up() {
            return;
        }
        let running = c
            .steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Running | StepState::CancelPending))
            .count();
        let next = c.steps.iter().find(|s| s.state == StepState::Pending).map(|s| s.id.clone());
        match next {
            Some(step) if running < c.step_concurrency as usize => {
                if c.state != ClusterState::Running {
                    lifecycle::set_state(
                        c,
                        ctx,
                        ClusterState::Running,
                        Reason::message(texts::RUNNING_STEP),
                    );
                }
                set_step_state(c, ctx, &step, StepState::Running);
                runner::start(services, ctx, id, &step);
            }
            _ => break,
        }
    }
    settle(services, ctx, id);
}

/// The cluster's state once no more steps can start.
fn settle(services: &mut Services, ctx: &mut Ctx<'_>, id: &str) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    if !c.is_up() {
        return;
    }
    let busy = c.steps.iter().any(|s| s.state.is_active());
    if busy {
        if c.state != ClusterState::Running {
            lifecycle::set_state(
                c,
                ctx,
                ClusterState::Running,
                Reason::message(texts::RUNNING_STEP),
            );
        }
        return;
    }
    if !c.keep_alive {
        // Step execution: the cluster ends after its last step, whatever its termination
        // protection ("Amazon EMR ignores the termination protection").
        lifecycle::terminate(services, ctx, id, ClusterReason::AllStepsCompleted);
        return;
    }
    let message = if c.steps.is_empty() { texts::READY } else { texts::READY_AFTER_STEPS };
    if c.state != ClusterState::Waiting || c.reason.message.as_deref() != Some(message) {
        lifecycle::set_state(c, ctx, ClusterState::Waiting, Reason::message(message));
    }
}

/// A step ends: COMPLETED, or FAILED with its failure details, then its ActionOnFailure.
pub fn finish(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: &str,
    step: &str,
    outcome: Result<(), Failure>,
) {
    if super::shell::jar::is_run(step) {
        // A `hadoop jar` typed in the shell, not a step: the command exits.
        return super::shell::jar::ended(services, ctx, id, step, outcome.is_ok());
    }
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    let Some(s) = c.step(step) else { return };
    if s.state != StepState::Running {
        return;
    }
    let action = s.action_on_failure;
    match outcome {
        Ok(()) => set_step_state(c, ctx, step, StepState::Completed),
        Err(failure) => {
            if let Some(s) = c.step_mut(step) {
                s.failure = Some(failure);
            }
            set_step_state(c, ctx, step, StepState::Failed);
            if c.step_concurrency == 1 && on_failure(services, ctx, id, action) {
                return;
            }
        }
    }
    advance(services, ctx, id);
}

/// Applies a failed step's ActionOnFailure; true when the cluster is now terminating.
fn on_failure(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    id: &str,
    action: ActionOnFailure,
) -> bool {
    let Some(c) = services.emr.clusters.get_mut(id) else { return false };
    let terminate = match action {
        ActionOnFailure::Continue => return false,
        ActionOnFailure::CancelAndWait => {
            cancel_pending(c, ctx);
            !c.keep_alive
        }
        ActionOnFailure::TerminateCluster | ActionOnFailure::TerminateJobFlow => {
            cancel_pending(c, ctx);
            !(c.keep_alive && c.termination_protected)
        }
    };
    if terminate {
        lifecycle::terminate(services, ctx, id, ClusterReason::StepFailure);
    }
    terminate
}

fn cancel_pending(c: &mut Cluster, ctx: &mut Ctx<'_>) {
    let pending: Vec<String> =
        c.steps.iter().filter(|s| s.state == StepState::Pending).map(|s| s.id.clone()).collect();
    for step in pending {
        set_step_state(c, ctx, &step, StepState::Cancelled);
    }
}

/// CancelSteps on a RUNNING step: CANCEL_PENDING now, CANCELLED a moment later (the signal
/// reaching the step's process). Cancelling does not trigger the step's ActionOnFailure.
pub const CANCEL_DELAY_MS: u64 = 5_000;

pub fn request_cancel(c: &mut Cluster, ctx: &mut Ctx<'_>, step: &str) {
    set_step_state(c, ctx, step, StepState::CancelPending);
    let serial = c.step(step).map_or(0, |s| s.serial);
    ctx.schedule_in(
        CANCEL_DELAY_MS,
        Wake::StepCancelled {
            cluster: c.id.clone(),
            generation: c.generation,
            step: step.into(),
            serial,
        },
    );
}

pub fn cancel_done(services: &mut Services, ctx: &mut Ctx<'_>, id: &str, step: &str) {
    let Some(c) = services.emr.clusters.get_mut(id) else { return };
    super::mapreduce::kill_step(c, ctx, step);
    set_step_state(c, ctx, step, StepState::Cancelled);
    advance(services, ctx, id);
}

/// Where a step's stderr lands under the cluster's LogUri (`<LogUri>/<cluster>/steps/<step>/stderr.gz`).
pub fn log_file(c: &Cluster, step: &str) -> Option<String> {
    let base = c.log_uri.as_deref()?;
    let sep = if base.ends_with('/') { "" } else { "/" };
    Some(format!("{base}{sep}{}/steps/{step}/stderr.gz", c.id))
}
