//! Kinesis Data Analytics for SQL: applications that read a stream, run streaming SQL over
//! in-application streams and pumps, and write results to a stream or a delivery stream.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action, and the
//! dispatch table), [`tick`] (wake-ups: status transitions, reading the input, the demo feed;
//! [`run`] takes what was read through the program to the outputs),
//! [`snapshot`] (read-only views), [`wire`] (the JSON shapes), [`learner`] (the demo feed's
//! settings); helpers with one job each: [`sql`] (the SQL dialects,
//! compiled into a [`sql::Program`] that runs over rows without the API), [`compiler`] (who
//! compiles application code: the engine itself, or a compiler the page loads when needed), [`schema`] (records
//! to rows, DiscoverInputSchema), [`feed`] (the demo stock-ticker feed), [`examples()`].
//!
//! For the UI: read `world.view().analytics()`; the editor uses
//! [`sql::check`], [`sql::highlight`] and [`examples()`]; drive the demo feed with
//! `Command::Analytics(`[`AnalyticsCommand`]`)`.
//!
//! The service was retired: see [`RETIREMENT_NOTICE`]. The sandbox still creates
//! applications, because it teaches the model.

pub mod compiler;
pub mod feed;
mod learner;
pub mod model;
pub mod ops;
mod run;
pub mod schema;
mod snapshot;
pub mod tick;
pub mod wire;

use std::collections::BTreeMap;

/// The SQL dialects live in their own crate; the service runs what they compile.
pub use stream_sql as sql;

pub(crate) use learner::command;
pub use learner::{AnalyticsCommand, AnalyticsCommand as LearnerCommand};
pub use model::{ApplicationStatus, Event, StreamRow, Wake};
pub(crate) use ops::dispatch;
pub use snapshot::*;
pub use sql::{company_names, examples, flink_twin_of, Example, COMPANY_NAMES_CSV};
pub(crate) use tick::wake;

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
