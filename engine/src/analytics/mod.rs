//! Kinesis Data Analytics for SQL: applications that read a stream, run streaming SQL over
//! in-application streams and pumps, and write results to a stream or a delivery stream.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action), [`tick`]
//! (wake-ups: status transitions, reading the input, the demo feed), [`snapshot`] (read-only
//! views), [`wire`] (the JSON shapes); helpers with one job each: [`sql`] (the SQL dialects,
//! compiled into a [`sql::Program`] that runs over rows without the API), [`schema`] (records
//! to rows, DiscoverInputSchema), [`feed`] (the demo stock-ticker feed), [`examples()`].
//!
//! For the UI: read `world.view().services.analytics` through [`Analytics::applications`],
//! [`Analytics::source_rows`], [`Analytics::output_rows`], [`Analytics::error_rows`],
//! [`Analytics::window_timeline`], [`Analytics::in_app_streams`]; the editor uses
//! [`sql::check`], [`sql::highlight`] and [`examples()`]; drive the demo feed with
//! `Command::Analytics(`[`AnalyticsCommand`]`)`.
//!
//! The service was retired: see [`RETIREMENT_NOTICE`]. The sandbox still creates
//! applications, because it teaches the model.

mod examples;
pub mod feed;
pub mod model;
pub mod ops;
pub mod schema;
mod snapshot;
pub mod sql;
pub mod tick;
pub mod wire;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use examples::{company_names, examples, Example, COMPANY_NAMES_CSV};
pub use model::{ApplicationStatus, Event, StreamRow, Wake};
pub use snapshot::*;

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// What the view shows about the service's end of life (AWS's discontinuation notice).
pub const RETIREMENT_NOTICE: &str = "Amazon Kinesis Data Analytics for SQL applications is \
     discontinued: no new applications since October 15, 2025, and applications are deleted \
     from January 27, 2026. Its successor is Amazon Managed Service for Apache Flink (Flink \
     SQL with TUMBLE, HOP and SESSION windows). This sandbox still runs the SQL dialect so you \
     can learn it and compare it with Flink SQL side by side.";
/// The dates of the notice, ISO.
pub const NO_NEW_APPLICATIONS_SINCE: &str = "2025-10-15";
pub const APPLICATIONS_DELETED_FROM: &str = "2026-01-27";

/// Every Kinesis Data Analytics application of the account in this region.
#[derive(Clone, Debug, Default)]
pub struct Analytics {
    pub(crate) apps: BTreeMap<String, model::Application>,
    pub(crate) feeds: BTreeMap<String, feed::TickerFeed>,
    /// Hands out generations, so wake-ups of a deleted or stopped run do nothing.
    pub(crate) next_generation: u64,
}

/// Simulated actors of the service, set outside the API. Keep variants and field names
/// stable (they are in command logs and shareable URLs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalyticsCommand {
    /// Starts (or restarts) a demo stock-ticker feed writing `rate` JSON records per second
    /// into Kinesis stream `stream`, over `symbols` ticker symbols (0: the demo's twenty).
    StartTickerFeed {
        feed: String,
        stream: String,
        rate: u32,
        #[serde(default)]
        symbols: u16,
    },
    StopTickerFeed {
        feed: String,
    },
}

impl AnalyticsCommand {
    pub fn action(&self) -> &str {
        match self {
            AnalyticsCommand::StartTickerFeed { .. } => "StartTickerFeed",
            AnalyticsCommand::StopTickerFeed { .. } => "StopTickerFeed",
        }
    }
}

pub fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &AnalyticsCommand,
) -> Result<String, ApiError> {
    match command {
        AnalyticsCommand::StartTickerFeed { feed, stream, rate, symbols } => {
            if !services.kinesis.streams.contains_key(stream) {
                return Err(ApiError::new(
                    "ResourceNotFoundException",
                    format!("Stream {stream} under account {} not found.", ctx.config.account_id),
                )
                .with_action("StartTickerFeed"));
            }
            if *rate == 0 || *rate > 100_000 {
                return Err(ApiError::new(
                    "InvalidArgumentException",
                    "rate must be 1 to 100000 records per second",
                )
                .with_action("StartTickerFeed"));
            }
            feed::start(services, ctx, feed, stream, *rate, *symbols);
            Ok(format!("{{\"Feed\":{}}}", serde_json::Value::String(feed.clone())))
        }
        AnalyticsCommand::StopTickerFeed { feed } => {
            if feed::stop(services, ctx, feed) {
                Ok("{}".into())
            } else {
                Err(ApiError::new(
                    "ResourceNotFoundException",
                    format!("Ticker feed {feed} not found"),
                )
                .with_action("StopTickerFeed"))
            }
        }
    }
}

/// A DirectPut delivery stream accepted `records`: each running application with it as input
/// gets them at its next poll (a delivery stream reading a Kinesis stream is read through that
/// stream instead, so it is not offered here).
pub(crate) fn offer_from_firehose(
    analytics: &mut Analytics,
    delivery_stream: &str,
    records: &[std::sync::Arc<[u8]>],
) {
    for app in analytics.apps.values_mut() {
        if !matches!(app.status, ApplicationStatus::Running | ApplicationStatus::Updating) {
            continue;
        }
        for input in &mut app.inputs {
            let reads_it = matches!(&input.source,
                model::InputSource::Firehose { delivery_stream: d, .. } if d == delivery_stream);
            if reads_it {
                let room = model::PENDING_KEPT.saturating_sub(input.pending.len());
                input.pending.extend(records.iter().take(room).cloned());
            }
        }
    }
}

pub fn wake(services: &mut Services, ctx: &mut Ctx<'_>, wake: Wake) {
    tick::handle(services, ctx, wake)
}

/// Runs `KinesisAnalytics_20150814.<action>` with a JSON body. Never panics, whatever the
/// bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    use crate::api::json::call;
    use ops::*;
    match action {
        "AddApplicationInput" => call(services, ctx, body, add_application_input),
        "AddApplicationOutput" => call(services, ctx, body, add_application_output),
        "AddApplicationReferenceDataSource" => {
            call(services, ctx, body, add_application_reference_data_source)
        }
        "CreateApplication" => call(services, ctx, body, create_application),
        "DeleteApplication" => call(services, ctx, body, delete_application),
        "DeleteApplicationOutput" => call(services, ctx, body, delete_application_output),
        "DeleteApplicationReferenceDataSource" => {
            call(services, ctx, body, delete_application_reference_data_source)
        }
        "DescribeApplication" => call(services, ctx, body, describe_application),
        "DiscoverInputSchema" => call(services, ctx, body, discover_input_schema),
        "ListApplications" => call(services, ctx, body, list_applications),
        "ListTagsForResource" => call(services, ctx, body, list_tags_for_resource),
        "StartApplication" => call(services, ctx, body, start_application),
        "StopApplication" => call(services, ctx, body, stop_application),
        "TagResource" => call(services, ctx, body, tag_resource),
        "UntagResource" => call(services, ctx, body, untag_resource),
        "UpdateApplication" => call(services, ctx, body, update_application),
        "AddApplicationCloudWatchLoggingOption"
        | "DeleteApplicationCloudWatchLoggingOption"
        | "AddApplicationInputProcessingConfiguration"
        | "DeleteApplicationInputProcessingConfiguration" => Err(ApiError::new(
            "UnsupportedOperationException",
            format!("{action} is not simulated in the sandbox (no CloudWatch Logs or Lambda)"),
        )),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}
