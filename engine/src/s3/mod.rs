//! Amazon S3, as far as the data services need it: buckets and objects (key, size, bytes, ETag,
//! last-modified on the virtual clock), listing with prefix and delimiter, delete.
//!
//! S3 speaks REST-XML: its registry entry says so, and its API is reached by HTTP method and
//! path, never by an `X-Amz-Target`. Until that front door is built, [`dispatch`] answers every
//! action as unknown; other services (Firehose now; EMRFS, Data Pipeline and Snowball later)
//! use the store through the functions in [`ops`]; a learner changes it with
//! `Command::S3(`[`S3Command`]`)`, recorded in the command log like any API call.
//!
//! Rooms: [`model`] (buckets, objects, events), [`ops`] (one function per S3 action),
//! [`wire`] (listing results), [`snapshot`] (read-only views for the UI), [`learner`] (the
//! learner's commands). S3 schedules no wake-ups, so it has no `tick.rs`: its [`Wake`] is
//! empty.

mod learner;
pub mod model;
pub mod ops;
mod snapshot;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use learner::command;
pub use learner::{S3Command, S3Command as LearnerCommand};
pub use model::{Bucket, Event, Object, Wake};
pub(crate) use ops::{dispatch, wake};
pub use snapshot::*;
pub use wire::{ListObjectsOutput, ListedObject};

/// Every bucket of the account (S3 bucket names are global; the sandbox has one account).
#[derive(Clone, Debug, Default)]
pub struct S3 {
    pub(crate) buckets: BTreeMap<String, Bucket>,
}
