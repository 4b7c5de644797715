//! AWS Snowball and Snowball Edge (the job management API, `AWSIESnowballJobManagementService`)
//! with the appliance itself: jobs move through AWS's states on the virtual clock, the device
//! is unlocked with the manifest and the unlock code, data is encrypted onto it with
//! AES-256-GCM, and at AWS it is decrypted into the S3 bucket and the device erased. Beside it:
//! the network-or-appliance arithmetic ([`calculator`]).
//!
//! Rooms: [`model`] (jobs, appliances, clusters, events, wake-ups), [`ops`] (one function per
//! API action and the dispatch table), [`tick`] (a job's time in a state is up), [`snapshot`]
//! (read-only views), [`wire`] (the JSON shapes), [`learner`] (the Snowball client's verbs on
//! the device), [`client`] (the classic client's lines: start, cp, ls, status); helpers with
//! one job each: [`catalog`] (device types, capacities, dates, classic prices), [`parts`] (an export split into job parts; bulk data in buckets),
//! [`timeline`] (how long each state lasts), [`device`] (the appliance at the
//! customer's site), [`edge`] (the job's Lambda functions and AMIs: Snowball Edge compute),
//! [`adapter`] (the device's S3 endpoint for `aws s3 ... --endpoint`), [`at_aws`] (import,
//! export, erasure), [`crypto`] (AES-256-GCM and the simulated KMS),
//! [`calculator`].

pub mod adapter;
pub mod at_aws;
mod behaviour;
pub mod calculator;
pub mod catalog;
pub mod client;
pub mod crypto;
pub mod device;
pub mod edge;
mod learner;
pub mod model;
pub mod ops;
pub mod parts;
mod snapshot;
pub mod tick;
pub mod timeline;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use behaviour::{command, dispatch, wake};
pub use behaviour::{install, is_ready, Behaviour, LINKED};
pub use learner::{DeviceFile, SnowballCommand, SnowballCommand as LearnerCommand};
pub use model::{Event, JobState, JobType, Wake};
pub use snapshot::*;

/// Every address, job and cluster of the account.
#[derive(Clone, Debug, Default)]
pub struct Snowball {
    pub(crate) addresses: BTreeMap<String, wire::Address>,
    pub(crate) address_order: Vec<String>,
    pub(crate) jobs: BTreeMap<String, model::Job>,
    pub(crate) job_order: Vec<String>,
    pub(crate) clusters: BTreeMap<String, model::Cluster>,
    pub(crate) cluster_order: Vec<String>,
    /// Data described by its size that landed in buckets ([`parts`]).
    pub(crate) bulk: parts::BulkLedger,
}
