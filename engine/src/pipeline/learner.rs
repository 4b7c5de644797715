//! What a learner does outside the API: faults as verbs (make an activity fail its next N
//! attempts) and the on-premises Task Runner of a worker group (start it, stop it). Recorded in
//! the command log like any API call.

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// Keep variants and field names stable (they are in command logs and shareable URLs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PipelineCommand {
    /// The next `times` attempts of `object_id` fail.
    FailActivity { pipeline_id: String, object_id: String, times: u32 },
    /// `java -jar TaskRunner-1.0.jar --workerGroup=...` started (or stopped) on premises.
    SetTaskRunner { worker_group: String, running: bool },
}

impl PipelineCommand {
    pub fn action(&self) -> &str {
        match self {
            PipelineCommand::FailActivity { .. } => "FailActivity",
            PipelineCommand::SetTaskRunner { running: true, .. } => "StartTaskRunner",
            PipelineCommand::SetTaskRunner { .. } => "StopTaskRunner",
        }
    }
}

pub(crate) fn command(services: &mut Services, ctx: &mut Ctx<'_>, command: &PipelineCommand) -> Result<String, ApiError> {
    match command {
        PipelineCommand::FailActivity { pipeline_id, object_id, times } => {
            let p = services
                .pipeline
                .pipelines
                .get_mut(pipeline_id)
                .filter(|p| !p.deleted)
                .ok_or_else(|| super::ops::not_found(pipeline_id))?;
            *p.failures_to_inject.entry(object_id.clone()).or_default() += times;
            Ok("{}".into())
        }
        PipelineCommand::SetTaskRunner { worker_group, running } => {
            services.pipeline.runners.insert(worker_group.clone(), *running);
            let ids: Vec<String> = services.pipeline.order.clone();
            for id in ids {
                super::tick::evaluate(services, ctx, &id);
            }
            Ok("{}".into())
        }
    }
}
