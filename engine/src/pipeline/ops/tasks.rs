//! The Task Runner's side of the API: a learner can be the runner of a worker group, taking
//! WAITING_FOR_RUNNER tasks with PollForTask and ending them with SetTaskStatus.

use std::collections::BTreeMap;

use super::task_not_found;
use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::pipeline::tick;
use crate::pipeline::wire::*;
use crate::sim::{Ctx, Services};

pub fn poll_for_task(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: PollForTaskInput,
) -> Result<PollForTaskOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("workerGroup", req.worker_group.as_ref()) {
        v.string("workerGroup", req.worker_group.as_deref(), Some(0), Some(1024), None);
    }
    v.finish()?;
    let mut b = [0u8; 16];
    ctx.rng.fill(&mut b);
    let task_id: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let Some((pipeline_id, instance_id, attempt_id)) =
        tick::take_task(s, ctx, req.worker_group.as_deref().unwrap_or_default(), &task_id)
    else {
        // No task: AWS answers an empty body after its long poll.
        return Ok(PollForTaskOutput { task_object: None });
    };
    s.pipeline.tasks.insert(task_id.clone(), (pipeline_id.clone(), instance_id.clone()));
    let mut objects = BTreeMap::new();
    if let Some(p) = s.pipeline.pipelines.get(&pipeline_id) {
        if let Some(i) = p.instances.get(&instance_id) {
            let mut fields = vec![
                Field::reference("@componentParent", &i.component),
                Field::text("@status", "RUNNING"),
            ];
            if let Some(def) = &p.active {
                if let Some(c) = def.text(&i.component, "command") {
                    fields.push(Field::text("command", c));
                }
                if let Some(t) = def.type_of(&i.component) {
                    fields.push(Field::text("type", t));
                }
            }
            objects.insert(
                instance_id.clone(),
                PipelineObject {
                    id: Some(instance_id.clone()),
                    name: Some(instance_id.clone()),
                    fields: Some(fields),
                },
            );
        }
    }
    Ok(PollForTaskOutput {
        task_object: Some(TaskObject { task_id, pipeline_id, attempt_id, objects }),
    })
}

pub fn report_task_progress(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: ReportTaskProgressInput,
) -> Result<ReportTaskProgressOutput, ApiError> {
    let mut v = Validator::new();
    v.required("taskId", req.task_id.as_ref());
    v.finish()?;
    let id = req.task_id.unwrap_or_default();
    let (pid, iid) = s.pipeline.tasks.get(&id).ok_or_else(|| task_not_found(&id))?;
    let canceled = s
        .pipeline
        .pipelines
        .get(pid)
        .and_then(|p| p.instances.get(iid))
        .is_none_or(|i| i.task_id.as_deref() != Some(id.as_str()));
    Ok(ReportTaskProgressOutput { canceled })
}

pub fn report_task_runner_heartbeat(
    _: &mut Services,
    _: &mut Ctx<'_>,
    req: ReportTaskRunnerHeartbeatInput,
) -> Result<ReportTaskRunnerHeartbeatOutput, ApiError> {
    let mut v = Validator::new();
    v.required("taskrunnerId", req.taskrunner_id.as_ref());
    v.finish()?;
    Ok(ReportTaskRunnerHeartbeatOutput { terminate: false })
}

pub fn set_task_status(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: SetTaskStatusInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("taskId", req.task_id.as_ref());
    if v.required("taskStatus", req.task_status.as_ref()) {
        v.enumeration("taskStatus", req.task_status.as_deref(), &["FINISHED", "FAILED", "FALSE"]);
    }
    v.finish()?;
    let id = req.task_id.unwrap_or_default();
    let (pid, iid) = s.pipeline.tasks.remove(&id).ok_or_else(|| task_not_found(&id))?;
    let result = match req.task_status.as_deref() {
        Some("FINISHED") => Ok(()),
        _ => Err(req
            .error_message
            .unwrap_or_else(|| "The Task Runner reported the task FAILED".into())),
    };
    tick::task_done(s, ctx, &pid, &iid, result);
    Ok(Empty {})
}
