//! What a learner does outside the API: faults as verbs (make an activity fail its next N
//! attempts) and the on-premises Task Runner of a worker group (start it, stop it). Recorded in
//! the command log like any API call.

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// Keep variants and field names stable (they are in command logs and shareable URLs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PipelineCommand {
    /// The next `times` attempts of `object_id` fail. `pipeline_id` may also be the
    /// pipeline's name (a scenario names pipelines before AWS has given them ids).
    FailActivity { pipeline_id: String, object_id: String, times: u32 },
    /// The console's "upload and activate": CreatePipeline (uniqueId = name),
    /// PutPipelineDefinition of `objects` (the wire form's `pipelineObjects`, JSON) and
    /// ActivatePipeline, as the three API calls would.
    RunDefinition { name: String, objects: String },
    /// `java -jar TaskRunner-1.0.jar --workerGroup=...` started (or stopped) on premises.
    SetTaskRunner { worker_group: String, running: bool },
    /// Statements run on database `database` of the sandbox's RDS MySQL instance `instance`,
    /// as the `mysql` client runs them; the instance and the database are made the first time
    /// they are named. How a learner makes and fills the tables a SqlDataNode reads is the
    /// sandbox's choice (see `rds`).
    RdsSql { instance: String, database: String, sql: String },
    /// `aws dynamodb create-table` of a table keyed by the string attribute `partition_key`.
    CreateDynamoTable { table_name: String, partition_key: String },
    /// `aws dynamodb put-item`: `item` in DynamoDB's JSON (`{"id": {"S": "1"}}`).
    PutDynamoItem { table_name: String, item: String },
}

impl PipelineCommand {
    pub fn action(&self) -> &str {
        match self {
            PipelineCommand::FailActivity { .. } => "FailActivity",
            PipelineCommand::RunDefinition { .. } => "RunDefinition",
            PipelineCommand::SetTaskRunner { running: true, .. } => "StartTaskRunner",
            PipelineCommand::SetTaskRunner { .. } => "StopTaskRunner",
            PipelineCommand::RdsSql { .. } => "RdsSql",
            PipelineCommand::CreateDynamoTable { .. } => "CreateDynamoTable",
            PipelineCommand::PutDynamoItem { .. } => "PutDynamoItem",
        }
    }
}

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &PipelineCommand,
) -> Result<String, ApiError> {
    match command {
        PipelineCommand::FailActivity { pipeline_id, object_id, times } => {
            let p = services
                .pipeline
                .pipelines
                .values_mut()
                .find(|p| !p.deleted && (&p.id == pipeline_id || &p.name == pipeline_id))
                .ok_or_else(|| super::ops::not_found(pipeline_id))?;
            *p.failures_to_inject.entry(object_id.clone()).or_default() += times;
            Ok("{}".into())
        }
        PipelineCommand::RunDefinition { name, objects } => {
            use super::wire::*;
            let objects: Vec<PipelineObject> = serde_json::from_str(objects)
                .map_err(|e| crate::api::ApiError::serialization(e.to_string()))?;
            let create = CreatePipelineInput {
                name: Some(name.clone()),
                unique_id: Some(name.clone()),
                ..Default::default()
            };
            let id = super::ops::create_pipeline(services, ctx, create)?.pipeline_id;
            let put = PutPipelineDefinitionInput {
                pipeline_id: Some(id.clone()),
                pipeline_objects: Some(objects),
                ..Default::default()
            };
            super::ops::put_pipeline_definition(services, ctx, put)?;
            let activate =
                ActivatePipelineInput { pipeline_id: Some(id.clone()), ..Default::default() };
            super::ops::activate_pipeline(services, ctx, activate)?;
            Ok(serde_json::json!({ "pipelineId": id }).to_string())
        }
        PipelineCommand::SetTaskRunner { worker_group, running } => {
            services.pipeline.runners.insert(worker_group.clone(), *running);
            let ids: Vec<String> = services.pipeline.order.clone();
            for id in ids {
                super::tick::evaluate(services, ctx, &id);
            }
            Ok("{}".into())
        }
        PipelineCommand::RdsSql { instance, database, sql } => {
            // MySQL's errors come back as the command's error, as the client prints them.
            let out = super::rds::learner_sql(&mut services.pipeline.rds, instance, database, sql)
                .map_err(|e| ApiError::new(ErrorCode::Other("MySQLError".into()), e))?;
            Ok(serde_json::json!({ "Output": out }).to_string())
        }
        PipelineCommand::CreateDynamoTable { table_name, partition_key } => {
            super::dynamo::create_table(&mut services.pipeline.dynamo, table_name, partition_key)
                .map_err(|(code, m)| ApiError::new(code, m))?;
            Ok("{}".into())
        }
        PipelineCommand::PutDynamoItem { table_name, item } => {
            super::dynamo::put_item(&mut services.pipeline.dynamo, table_name, item)
                .map_err(|(code, m)| ApiError::new(code, m))?;
            Ok("{}".into())
        }
    }
}
