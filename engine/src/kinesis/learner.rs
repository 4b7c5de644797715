//! What a learner does to Kinesis outside the API: settings of the simulated actors (producers
//! and KCL consumer applications), recorded in the command log like any API call.

use serde::{Deserialize, Serialize};

use super::{kcl, producer, KeyDistribution, Retrieval};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// Settings of the simulated actors: not AWS API calls, but commands recorded in the command
/// log (and shareable URLs) like any other. Keep variants and field names stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActorCommand {
    /// Starts (or reconfigures) a producer writing `rate` records per second of `record_bytes`
    /// bytes each, in PutRecords calls of up to `batch` records (1 means PutRecord).
    StartProducer {
        id: String,
        stream: String,
        rate: u32,
        record_bytes: u32,
        keys: KeyDistribution,
        #[serde(default = "default_batch")]
        batch: u16,
        /// Retries of a throttled record before it is dropped (the SDK's default is 3).
        #[serde(default = "default_retries")]
        max_retries: u8,
    },
    StopProducer {
        id: String,
    },
    /// Starts a KCL-style consumer application with `workers` workers.
    StartKcl {
        app: String,
        stream: String,
        workers: u16,
        retrieval: Retrieval,
    },
    StopKcl {
        app: String,
    },
    /// Redeploys the application with another retrieval (polling interval and batch size, or
    /// polling <-> enhanced fan-out) under the same application name, so the same lease table:
    /// leases, owners, checkpoints and workers carry over, and reading resumes after the last
    /// checkpoint instead of at TRIM_HORIZON (which is what StopKcl + StartKcl would do).
    SetRetrieval {
        app: String,
        retrieval: Retrieval,
    },
    AddWorker {
        app: String,
    },
    /// The worker stops renewing its leases (a crash); others take them over after the
    /// failover time.
    KillWorker {
        app: String,
        worker: u16,
    },
}

fn default_batch() -> u16 {
    500
}

fn default_retries() -> u8 {
    3
}

impl ActorCommand {
    /// The name the command log shows.
    pub fn action(&self) -> &'static str {
        match self {
            ActorCommand::StartProducer { .. } => "StartProducer",
            ActorCommand::StopProducer { .. } => "StopProducer",
            ActorCommand::StartKcl { .. } => "StartKcl",
            ActorCommand::StopKcl { .. } => "StopKcl",
            ActorCommand::SetRetrieval { .. } => "SetRetrieval",
            ActorCommand::AddWorker { .. } => "AddWorker",
            ActorCommand::KillWorker { .. } => "KillWorker",
        }
    }
}

/// Applies an actor setting; returns a small JSON acknowledgement.
pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &ActorCommand,
) -> Result<String, ApiError> {
    let k = &mut services.kinesis;
    match command {
        ActorCommand::StartProducer { .. } | ActorCommand::StopProducer { .. } => {
            producer::command(k, ctx, command)
        }
        _ => kcl::command(k, ctx, command),
    }
}
