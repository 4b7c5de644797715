//! Kinesis Data Streams: streams, shards, records, iterators, limits, resharding, enhanced
//! fan-out consumers, and the simulated actors (producers, KCL consumer applications) that use
//! them through the same operations as the API.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action), [`tick`]
//! (scheduled wake-ups); small helpers with one job each: [`routing`], [`sequence`],
//! [`iterator`], [`limits`], [`metrics`], [`wire`]; the actors in [`producer`] and [`kcl`].
//!
//! For the UI: read `world.view().services.kinesis` through [`Kinesis::streams`],
//! [`Kinesis::stream`], [`Kinesis::shard_metrics`], [`Kinesis::producers`] and
//! [`Kinesis::kcl_apps`] (plain data, never internals), and animate from the [`Event`]s in the
//! event log. Drive the actors with `Command::Kinesis(`[`ActorCommand`]`)`.

pub mod iterator;
pub mod kcl;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod producer;
mod reference;
pub mod routing;
pub mod sequence;
mod snapshot;
pub mod tick;
pub mod wire;

use std::collections::{BTreeMap, BTreeSet};

use crate::api::json::call;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use kcl::{KclApp, Retrieval};
pub use model::{Event, Wake};
pub use producer::{KeyDistribution, Producer};
pub use reference::reference_scenario;
pub use snapshot::*;

use crate::api::ApiError;
use crate::sim::Ctx;

/// The Kinesis service: every stream of the account in this region, and the simulated actors.
#[derive(Clone, Debug, Default)]
pub struct Kinesis {
    pub(crate) streams: BTreeMap<String, model::Stream>,
    /// Hands out generations (streams, consumers) and subscription serials.
    pub(crate) next_generation: u64,
    /// On-demand streams whose capacity check is scheduled.
    pub(crate) on_demand_watch: BTreeSet<String>,
    pub(crate) producers: BTreeMap<String, Producer>,
    pub(crate) apps: BTreeMap<String, KclApp>,
}

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

impl Kinesis {
    /// Applies an actor setting; returns a small JSON acknowledgement.
    pub fn command(
        &mut self,
        ctx: &mut Ctx<'_>,
        command: &ActorCommand,
    ) -> Result<String, ApiError> {
        match command {
            ActorCommand::StartProducer { .. } | ActorCommand::StopProducer { .. } => {
                producer::command(self, ctx, command)
            }
            _ => kcl::command(self, ctx, command),
        }
    }

    /// Handles one of the service's wake-ups.
    pub fn wake(&mut self, ctx: &mut Ctx<'_>, wake: Wake) {
        tick::handle(self, ctx, wake)
    }
}

/// Runs `Kinesis_20131202.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    use ops::*;
    match action {
        "AddTagsToStream" => call_empty(k, ctx, body, add_tags_to_stream),
        "CreateStream" => call_empty(k, ctx, body, create_stream),
        "DecreaseStreamRetentionPeriod" => {
            call_empty(k, ctx, body, decrease_stream_retention_period)
        }
        "DeleteStream" => call_empty(k, ctx, body, delete_stream),
        "DeregisterStreamConsumer" => call_empty(k, ctx, body, deregister_stream_consumer),
        "DescribeLimits" => call(k, ctx, body, describe_limits),
        "DescribeStream" => call(k, ctx, body, describe_stream),
        "DescribeStreamConsumer" => call(k, ctx, body, describe_stream_consumer),
        "DescribeStreamSummary" => call(k, ctx, body, describe_stream_summary),
        "DisableEnhancedMonitoring" => call(k, ctx, body, disable_enhanced_monitoring),
        "EnableEnhancedMonitoring" => call(k, ctx, body, enable_enhanced_monitoring),
        "GetRecords" => call(k, ctx, body, get_records),
        "GetShardIterator" => call(k, ctx, body, get_shard_iterator),
        "IncreaseStreamRetentionPeriod" => {
            call_empty(k, ctx, body, increase_stream_retention_period)
        }
        "ListShards" => call(k, ctx, body, list_shards),
        "ListStreamConsumers" => call(k, ctx, body, list_stream_consumers),
        "ListStreams" => call(k, ctx, body, list_streams),
        "ListTagsForResource" => call(k, ctx, body, list_tags_for_resource),
        "ListTagsForStream" => call(k, ctx, body, list_tags_for_stream),
        "MergeShards" => call_empty(k, ctx, body, merge_shards),
        "PutRecord" => call(k, ctx, body, put_record),
        "PutRecords" => call(k, ctx, body, put_records),
        "RegisterStreamConsumer" => call(k, ctx, body, register_stream_consumer),
        "RemoveTagsFromStream" => call_empty(k, ctx, body, remove_tags_from_stream),
        "SplitShard" => call_empty(k, ctx, body, split_shard),
        "StartStreamEncryption" => call_empty(k, ctx, body, start_stream_encryption),
        "StopStreamEncryption" => call_empty(k, ctx, body, stop_stream_encryption),
        "SubscribeToShard" => call(k, ctx, body, subscribe_to_shard),
        "TagResource" => call_empty(k, ctx, body, tag_resource),
        "UntagResource" => call_empty(k, ctx, body, untag_resource),
        "UpdateShardCount" => call(k, ctx, body, update_shard_count),
        "UpdateStreamMode" => call_empty(k, ctx, body, update_stream_mode),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// For actions whose output has no members: AWS answers with an empty body.
fn call_empty<Req: DeserializeOwned>(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    body: &str,
    op: fn(&mut Kinesis, &mut Ctx<'_>, Req) -> Result<wire::Empty, ApiError>,
) -> Result<String, ApiError> {
    call(k, ctx, body, op).map(|_| String::new())
}
