//! What a learner does to Firehose outside the API: destination outages, recorded in the
//! command log like any API call.

use serde::{Deserialize, Serialize};

use super::{model, ops, Event};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// A learner's Firehose action outside the API (recorded in the command log: keep variants
/// and field names stable).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum FirehoseCommand {
    /// Takes a destination of the delivery stream down (`down: true`) or brings it back. While
    /// down, every delivery attempt to it fails and is retried on the back-off of
    /// [`super::delivery::retry_delay`]: S3 for 24 hours (then the data is lost), Redshift and
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
pub(crate) fn command(
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
                .ok_or_else(|| ops::messages::not_found(delivery_stream, &account))?;
            if *destination != model::Target::S3 && *destination != s.target() {
                return Err(ops::messages::no_such_destination(
                    delivery_stream,
                    destination.as_str(),
                    s.target().as_str(),
                ));
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
            let ack = serde_json::json!({
                "Action": "SetDestinationOutage",
                "Destination": destination.as_str(),
                "Down": down,
            });
            Ok(ack.to_string())
        }
    }
    .map_err(|e: ApiError| e.with_action(command.action()))
}
