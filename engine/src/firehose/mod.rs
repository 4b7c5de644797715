//! Amazon Data Firehose (Kinesis Data Firehose): delivery streams that buffer records and
//! deliver them to S3 as objects, from direct puts or from a Kinesis data stream.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action), [`tick`]
//! (scheduled wake-ups), [`snapshot`] (read-only views); helpers with one job each:
//! [`delivery`] (buffer, flush, delivery to S3), [`keys`] (S3 object keys and prefixes),
//! [`source`] (reading a Kinesis stream), [`wire`] (the JSON shapes).
//!
//! For the UI: read `world.view().services.firehose` through [`Firehose::delivery_streams`],
//! [`Firehose::delivery_stream`] and [`Firehose::delivered_objects`], the objects through
//! `world.view().services.s3`, and animate from the [`Event`]s in the event log.

pub mod delivery;
pub mod keys;
pub mod model;
pub mod ops;
mod snapshot;
pub mod source;
pub mod tick;
pub mod wire;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use model::{Event, FlushReason, Wake};
pub use snapshot::*;

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// The Firehose service: every delivery stream of the account in this region.
#[derive(Clone, Debug, Default)]
pub struct Firehose {
    pub(crate) streams: BTreeMap<String, model::DeliveryStream>,
    /// Hands out generations, so wake-ups of a deleted stream never touch a new one of the
    /// same name.
    pub(crate) next_generation: u64,
}

/// Handles one of the service's wake-ups.
pub fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    tick::handle(services, ctx, wake)
}

type Op<Req, Resp> = fn(&mut Services, &mut Ctx<'_>, Req) -> Result<Resp, ApiError>;

/// Runs `Firehose_20150804.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    use ops::*;
    match action {
        "CreateDeliveryStream" => call(services, ctx, body, create_delivery_stream),
        "DeleteDeliveryStream" => call(services, ctx, body, delete_delivery_stream),
        "DescribeDeliveryStream" => call(services, ctx, body, describe_delivery_stream),
        "ListDeliveryStreams" => call(services, ctx, body, list_delivery_streams),
        "ListTagsForDeliveryStream" => call(services, ctx, body, list_tags_for_delivery_stream),
        "PutRecord" => call(services, ctx, body, put_record),
        "PutRecordBatch" => call(services, ctx, body, put_record_batch),
        "TagDeliveryStream" => call(services, ctx, body, tag_delivery_stream),
        "UntagDeliveryStream" => call(services, ctx, body, untag_delivery_stream),
        "UpdateDestination" => call(services, ctx, body, update_destination),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

fn call<Req: DeserializeOwned, Resp: Serialize>(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    body: &str,
    op: Op<Req, Resp>,
) -> Result<String, ApiError> {
    // AWS treats an empty body as an empty object.
    let body = if body.trim().is_empty() { "{}" } else { body };
    let req: Req =
        serde_json::from_str(body).map_err(|e| crate::api::json::serialization_error(&e))?;
    let resp = op(services, ctx, req)?;
    // Firehose's outputs without members are `{}` on the wire.
    serde_json::to_string(&resp).map_err(|_| ApiError::new("InternalFailure", ""))
}

/// A learner's Firehose action outside the API.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub enum FirehoseCommand {}

impl FirehoseCommand {
    pub fn action(&self) -> &str {
        match *self {}
    }
}

/// Runs a learner's Firehose action.
pub fn command(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    command: &FirehoseCommand,
) -> Result<String, ApiError> {
    match *command {}
}
