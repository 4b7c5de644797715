//! Amazon Data Firehose (Kinesis Data Firehose): delivery streams that buffer records and
//! deliver them to S3, Redshift (staged to S3, then COPY) or OpenSearch / Elasticsearch, from
//! direct puts or from a Kinesis data stream, optionally through a transform with the Lambda
//! contract, compressed as GZIP, ZIP, Snappy or HADOOP_SNAPPY.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action), [`tick`]
//! (scheduled wake-ups), [`snapshot`] (read-only views); helpers with one job each:
//! [`delivery`] (buffer, flush, delivery stages, retries, compression), [`transform`] (the
//! built-in transforms and how a Lambda ARN names them), [`destinations`] (the simulated
//! Redshift tables and OpenSearch domains), [`keys`] (S3 object keys and prefixes), [`source`]
//! (reading a Kinesis stream), [`wire`] (the JSON shapes).
//!
//! For the UI: read `world.view().services.firehose` through [`Firehose::delivery_streams`],
//! [`Firehose::delivery_stream`], [`Firehose::delivered_objects`], [`Firehose::error_objects`],
//! [`Firehose::retry_attempts`], [`Firehose::redshift_table_of`] and
//! [`Firehose::opensearch_query`]; the objects through `world.view().services.s3`
//! (`object_preview` decompresses); animate from the [`Event`]s in the event log. Outages are
//! the learner's [`FirehoseCommand::SetDestinationOutage`].

pub mod delivery;
pub mod destinations;
pub mod keys;
pub mod model;
pub mod ops;
mod snapshot;
pub mod source;
pub mod tick;
pub mod transform;
pub mod wire;

use std::collections::BTreeMap;

use serde::Serialize;

pub use model::{Event, FlushReason, Wake};
pub use snapshot::*;

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// The Firehose service: every delivery stream of the account in this region.
#[derive(Clone, Debug, Default)]
pub struct Firehose {
    pub(crate) streams: BTreeMap<String, model::DeliveryStream>,
    /// Simulated Redshift tables by (ClusterJDBCURL, DataTableName).
    pub(crate) tables: BTreeMap<(String, String), destinations::RedshiftTable>,
    /// Simulated OpenSearch domains by DomainARN (or ClusterEndpoint).
    pub(crate) domains: BTreeMap<String, destinations::Domain>,
    /// Hands out generations, so wake-ups of a deleted stream never touch a new one of the
    /// same name.
    pub(crate) next_generation: u64,
}

/// Handles one of the service's wake-ups.
pub fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    tick::handle(services, ctx, wake)
}

/// Runs `Firehose_20150804.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    use crate::api::json::call;
    use ops::*;
    match action {
        "CreateDeliveryStream" => call(services, ctx, body, create_delivery_stream),
        "DeleteDeliveryStream" => call(services, ctx, body, delete_delivery_stream),
        "DescribeDeliveryStream" => call(services, ctx, body, describe_delivery_stream),
        "ListDeliveryStreams" => call(services, ctx, body, list_delivery_streams),
        "ListTagsForDeliveryStream" => call(services, ctx, body, list_tags_for_delivery_stream),
        "PutRecord" => call(services, ctx, body, put_record),
        "PutRecordBatch" => call(services, ctx, body, put_record_batch),
        "StartDeliveryStreamEncryption" => {
            call(services, ctx, body, start_delivery_stream_encryption)
        }
        "StopDeliveryStreamEncryption" => {
            call(services, ctx, body, stop_delivery_stream_encryption)
        }
        "TagDeliveryStream" => call(services, ctx, body, tag_delivery_stream),
        "UntagDeliveryStream" => call(services, ctx, body, untag_delivery_stream),
        "UpdateDestination" => call(services, ctx, body, update_destination),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

/// A learner's Firehose action outside the API (recorded in the command log: keep variants
/// and field names stable).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub enum FirehoseCommand {
    /// Takes a destination of the delivery stream down (`down: true`) or brings it back. While
    /// down, every delivery attempt to it fails and is retried on the back-off of
    /// [`delivery::retry_delay`]: S3 for 24 hours (then the data is lost), Redshift and
    /// OpenSearch for their RetryOptions.DurationInSeconds (then the records go to the error
    /// prefix in S3). `S3` is the bucket of the delivery stream's S3 destination or
    /// S3Configuration (the staging, backup and error objects of the other kinds too).
    SetDestinationOutage { delivery_stream: String, destination: model::Target, down: bool },
}

impl FirehoseCommand {
    pub fn action(&self) -> &str {
        match self {
            FirehoseCommand::SetDestinationOutage { .. } => "SetDestinationOutage",
        }
    }
}

/// Runs a learner's Firehose action; returns a small JSON acknowledgement.
pub fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &FirehoseCommand,
) -> Result<String, ApiError> {
    match command {
        FirehoseCommand::SetDestinationOutage { delivery_stream, destination, down } => {
            let account = ctx.config.account_id.clone();
            let s = services
                .firehose
                .streams
                .get_mut(delivery_stream)
                .ok_or_else(|| ops::not_found(delivery_stream, &account))?;
            if *destination != model::Target::S3 && *destination != s.target() {
                return Err(ops::invalid_argument(format!(
                    "Firehose {delivery_stream} has no {} destination (its destination is {}).",
                    destination.as_str(),
                    s.target().as_str()
                )));
            }
            let changed =
                if *down { s.outages.insert(*destination) } else { s.outages.remove(destination) };
            if changed {
                ctx.emit(Event::DestinationOutage {
                    stream: delivery_stream.clone(),
                    target: destination.as_str().into(),
                    down: *down,
                });
            }
            Ok(format!(
                "{{\"Action\":\"SetDestinationOutage\",\"Destination\":\"{}\",\"Down\":{down}}}",
                destination.as_str()
            ))
        }
    }
    .map_err(|e: ApiError| e.with_action(command.action()))
}
