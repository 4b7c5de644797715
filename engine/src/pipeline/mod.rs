//! AWS Data Pipeline (`DataPipeline.*`, JSON 1.1): definitions as AWS reads them (the `Default`
//! object, `parent` inheritance, parameters, expressions), validated as PutPipelineDefinition
//! answers, and run on the virtual clock: schedules make instances, instances wait for their
//! dependencies and preconditions, activities run on their resources (or a worker group's Task
//! Runner) as attempts, failed attempts are retried, failures cascade, alarms publish.
//!
//! Data Pipeline closed to new customers on July 25, 2024; AWS suggests AWS Glue, AWS Step
//! Functions or Amazon MWAA for new work. This simulation shows how it behaved.
//!
//! Rooms: [`model`] (pipelines, instances, attempts, events, wake-ups), [`ops`] (one function
//! per API action and the dispatch table), [`tick`] (the scheduler), `behaviour` (the three
//! entry points behind a table, so the page fetches this code when it is first needed), [`snapshot`] (read-only
//! views), [`wire`] (the JSON shapes), [`learner`] (faults and the Task Runner); helpers:
//! [`active`] (the instance store and its index of instances not done), [`plan`] (what the
//! scheduler reads of the active definition, read once per activation),
//! [`definition`] (objects, inheritance, validation), [`expr`] (DateTime, Period, expressions),
//! [`work`] (what activities and preconditions do in S3), [`redshift`] (RedshiftCopyActivity
//! and SqlActivity on the Redshift tables Firehose loads), [`sql`] (the small SQL both
//! databases run), [`rds`] (SqlDataNode and SqlActivity on the sandbox's RDS MySQL),
//! [`dynamo`] (DynamoDBDataNode's tables and their preconditions), `emr_backed` (EmrCluster and
//! EmrActivity on the EMR engine).

pub mod active;
mod behaviour;
pub mod definition;
pub mod dynamo;
mod emr_backed;
pub mod expr;
mod learner;
pub mod model;
pub mod ops;
pub mod plan;
pub mod rds;
pub mod redshift;
mod snapshot;
pub mod sql;
pub mod tick;
pub mod wire;
pub mod work;

use std::collections::{BTreeMap, BTreeSet};

pub(crate) use behaviour::{command, dispatch, wake};
pub use behaviour::{install, is_ready, Behaviour, LINKED};
pub use learner::{PipelineCommand, PipelineCommand as LearnerCommand};
pub use model::{Event, Status, Wake};
pub use snapshot::*;

/// Every pipeline of the account, and the Task Runners the learner started.
#[derive(Clone, Debug, Default)]
pub struct DataPipeline {
    pub(crate) pipelines: BTreeMap<String, model::Pipeline>,
    pub(crate) order: Vec<String>,
    /// Worker group to whether the sandbox's Task Runner polls it.
    pub(crate) runners: BTreeMap<String, bool>,
    /// Task id to (pipeline, instance) while a learner's runner holds it.
    pub(crate) tasks: BTreeMap<String, (String, String)>,
    /// Wake-ups already asked for, so a pipeline is not woken twice at one time.
    pub(crate) wakes: BTreeSet<(u64, String)>,
    /// The sandbox's RDS MySQL databases (SqlDataNode, SqlActivity on an RdsDatabase).
    pub(crate) rds: rds::Rds,
    /// The sandbox's DynamoDB tables (DynamoDBDataNode and its preconditions).
    pub(crate) dynamo: dynamo::Dynamo,
}
