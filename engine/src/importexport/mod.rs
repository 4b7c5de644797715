//! AWS Import/Export Disk, the classic service (2009) Snowball replaced: you ship your own
//! device (at most 16 TB) with a SIGNATURE file, AWS loads it into S3, Glacier or EBS (or
//! exports S3 objects onto it), and the only view of the job is its status codes. The API is
//! `importexport` (query protocol, 2010-06-01): CreateJob with the YAML manifest, GetStatus,
//! UpdateJob, CancelJob, ListJobs, GetShippingLabel. Its calls reach [`dispatch`] as
//! `importexport.<Action>` commands with the input shape in JSON, as EC2's and IAM's do.
//!
//! Rooms: [`model`] (jobs, codes, the device, timings, the classic price, events, wake-ups),
//! [`ops`] (the actions), [`tick`] (the job's moments on the virtual clock), [`snapshot`]
//! (read-only views), [`wire`] (the shapes), [`learner`] (ship your device); with one job
//! each: [`yaml`] (the manifest's YAML subset), [`manifest`] (its fields), [`load`] (what AWS
//! does with the device), [`texts`] (AWS's messages).

mod behaviour;
pub mod learner;
pub mod load;
pub mod manifest;
pub mod model;
pub mod ops;
mod snapshot;
pub mod texts;
pub mod tick;
pub mod wire;
pub mod yaml;

use std::collections::BTreeMap;

pub(crate) use behaviour::{command, dispatch, wake};
pub use behaviour::{install, is_ready, Behaviour, LINKED};
pub use learner::{DiskCommand, DiskCommand as LearnerCommand};
pub use model::{Event, Wake};
pub use snapshot::*;

/// The account's Import/Export jobs, by id, and their order of creation.
#[derive(Clone, Debug, Default)]
pub struct ImportExport {
    pub(crate) jobs: BTreeMap<String, model::Job>,
    pub(crate) job_order: Vec<String>,
}
