//! One function per action of `DataPipeline`, in files by what they act on: [`pipelines`]
//! (create, define, activate, describe, list, delete, tags), [`objects`] (describe, query and
//! set the status of components, instances and attempts; evaluate an expression), [`tasks`]
//! (the Task Runner's side). Here: the dispatch table and the service's errors.

pub mod objects;
pub mod pipelines;
pub mod tasks;

pub use objects::*;
pub use pipelines::*;
pub use tasks::*;

use super::model::Pipeline;
use super::DataPipeline;
use crate::api::json::call;
use crate::api::validate::Validator;
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// Runs `DataPipeline.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "CreatePipeline" => call(services, ctx, body, create_pipeline),
        "PutPipelineDefinition" => call(services, ctx, body, put_pipeline_definition),
        "ValidatePipelineDefinition" => call(services, ctx, body, validate_pipeline_definition),
        "GetPipelineDefinition" => call(services, ctx, body, get_pipeline_definition),
        "ActivatePipeline" => call(services, ctx, body, activate_pipeline),
        "DeactivatePipeline" => call(services, ctx, body, deactivate_pipeline),
        "DeletePipeline" => call(services, ctx, body, delete_pipeline),
        "DescribePipelines" => call(services, ctx, body, describe_pipelines),
        "ListPipelines" => call(services, ctx, body, list_pipelines),
        "AddTags" => call(services, ctx, body, add_tags),
        "RemoveTags" => call(services, ctx, body, remove_tags),
        "DescribeObjects" => call(services, ctx, body, describe_objects),
        "QueryObjects" => call(services, ctx, body, query_objects),
        "SetStatus" => call(services, ctx, body, set_status),
        "EvaluateExpression" => call(services, ctx, body, evaluate_expression),
        "PollForTask" => call(services, ctx, body, poll_for_task),
        "ReportTaskProgress" => call(services, ctx, body, report_task_progress),
        "ReportTaskRunnerHeartbeat" => call(services, ctx, body, report_task_runner_heartbeat),
        "SetTaskStatus" => call(services, ctx, body, set_task_status),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// PipelineNotFoundException. AWS publishes no text for it; the sandbox's names the id.
pub fn not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Other("PipelineNotFoundException".into()),
        format!("Pipeline with id: {id} does not exist."),
    )
}

/// PipelineDeletedException (the sandbox's text, as for [`not_found`]).
pub fn deleted(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Other("PipelineDeletedException".into()),
        format!("Pipeline with id: {id} is deleted."),
    )
}

pub fn task_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Other("TaskNotFoundException".into()),
        format!("Task with id: {id} does not exist."),
    )
}

pub use super::definition::invalid_request;

/// `pipelineId` present and 1..1024 characters.
pub(crate) fn check_pipeline_id(v: &mut Validator, id: Option<&String>) {
    if v.required("pipelineId", id) {
        v.string("pipelineId", id.map(String::as_str), Some(1), Some(1024), None);
    }
}

/// The pipeline, not deleted.
pub(crate) fn pipeline<'a>(dp: &'a DataPipeline, id: &str) -> Result<&'a Pipeline, ApiError> {
    match dp.pipelines.get(id) {
        Some(p) if p.deleted => Err(deleted(id)),
        Some(p) => Ok(p),
        None => Err(not_found(id)),
    }
}

pub(crate) fn pipeline_mut<'a>(
    dp: &'a mut DataPipeline,
    id: &str,
) -> Result<&'a mut Pipeline, ApiError> {
    match dp.pipelines.get_mut(id) {
        Some(p) if p.deleted => Err(deleted(id)),
        Some(p) => Ok(p),
        None => Err(not_found(id)),
    }
}
