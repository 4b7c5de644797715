//! What a learner does to Kinesis Data Analytics outside the API: the demo stock-ticker feed,
//! recorded in the command log like any API call.

use serde::{Deserialize, Serialize};

use super::feed;
use super::ops::messages;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

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

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &AnalyticsCommand,
) -> Result<String, ApiError> {
    match command {
        AnalyticsCommand::StartTickerFeed { feed, stream, rate, symbols } => {
            if !services.kinesis.streams.contains_key(stream) {
                let account = &ctx.config.account_id;
                return Err(
                    messages::feed_stream_missing(stream, account).with_action("StartTickerFeed")
                );
            }
            if *rate == 0 || *rate > 100_000 {
                return Err(messages::feed_rate().with_action("StartTickerFeed"));
            }
            feed::start(services, ctx, feed, stream, *rate, *symbols);
            Ok(serde_json::json!({ "Feed": feed }).to_string())
        }
        AnalyticsCommand::StopTickerFeed { feed } => {
            if feed::stop(services, ctx, feed) {
                Ok("{}".into())
            } else {
                Err(messages::feed_not_found(feed).with_action("StopTickerFeed"))
            }
        }
    }
}
