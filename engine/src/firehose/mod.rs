//! Amazon Data Firehose (Kinesis Data Firehose): delivery streams that buffer records and
//! deliver them to S3, Redshift (staged to S3, then COPY) or OpenSearch / Elasticsearch, from
//! direct puts or from a Kinesis data stream, optionally through a transform with the Lambda
//! contract, compressed as GZIP, ZIP, Snappy or HADOOP_SNAPPY.
//!
//! Rooms: [`model`] (state, events, wake-ups), [`ops`] (one function per API action, and the
//! dispatch table), [`tick`] (scheduled wake-ups), [`snapshot`] (read-only views), [`wire`]
//! (the JSON shapes), [`learner`] (outages); helpers with one job each:
//! [`delivery`] (buffer, flush, delivery stages, retries, compression), [`transform`] (the
//! built-in transforms and how a Lambda ARN names them), [`destinations`] (the simulated
//! Redshift tables and OpenSearch domains), [`keys`] (S3 object keys and prefixes), [`source`]
//! (reading a Kinesis stream), [`settings`] (a stream's destination settings), [`tap`] (what a
//! DirectPut stream accepted, for Analytics to read).
//!
//! For the UI: read `world.view().firehose()` and the objects through `world.view().s3()`
//! (`object_preview` decompresses); animate from the [`Event`]s in the event log. Outages are
//! the learner's [`FirehoseCommand::SetDestinationOutage`].

pub mod delivery;
pub mod destinations;
pub mod keys;
mod learner;
pub mod model;
pub mod ops;
pub mod settings;
mod snapshot;
pub mod source;
pub mod tap;
pub mod tick;
pub mod transform;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use learner::command;
pub use learner::{FirehoseCommand, FirehoseCommand as LearnerCommand};
pub use model::{Event, FlushReason, Target, Wake};
pub(crate) use ops::dispatch;
pub use snapshot::*;
pub(crate) use tick::wake;

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
