//! The learner as a Task Runner: PollForTask takes a task of its worker group, SetTaskStatus
//! finishes it.

use super::{evaluate, Run};
use crate::pipeline::definition::Kind;
use crate::pipeline::model::*;
use crate::pipeline::plan::Plan;
use crate::sim::{Ctx, Services};

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
        let n = i.begin_attempt(now, None);
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
