//! Amazon S3: buckets (versioning, default encryption), objects (ETags, content types, user
//! metadata, checksums, Last-Modified on the virtual clock), listings, multipart uploads.
//!
//! S3 speaks REST-XML: its registry entry says so, and the local endpoint's codec
//! (`aws_api::rest_xml`, driven by botocore's model) turns method, path, query, headers and body
//! into an action and its input shape in JSON, which reaches [`dispatch`] as an
//! `s3.<Action>` command like any API call. Other services (Firehose now; EMRFS, Data Pipeline
//! and Snowball later) call the typed functions in [`ops`] directly, never through XML or JSON.
//! A learner's hand-made commands are `Command::S3(`[`S3Command`]`)`.
//!
//! Rooms: [`model`] (buckets, versions, uploads, events), [`ops`] (one function per S3 action),
//! [`wire`] (request and response shapes), [`snapshot`] (read-only views for the UI),
//! [`learner`] (the learner's commands), [`limits`]. S3 schedules no wake-ups, so it has no
//! `tick.rs`: its [`Wake`] is empty.

mod learner;
pub mod limits;
pub mod model;
pub mod ops;
mod snapshot;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use learner::command;
pub use learner::{S3Command, S3Command as LearnerCommand};
pub use model::{Bucket, Event, Object, Wake, WrittenBy};
pub(crate) use ops::{dispatch, wake};
pub use snapshot::*;
pub use wire::{ListObjectsOutput, ListedObject};

use crate::api::ApiError;

/// Every bucket of the account (S3 bucket names are global; the sandbox has one account).
#[derive(Clone, Debug, Default)]
pub struct S3 {
    pub(crate) buckets: BTreeMap<String, Bucket>,
    /// Bytes held in every version and unfinished part: bounded by
    /// [`limits::MAX_STORED_BYTES`].
    pub(crate) stored_bytes: u64,
}

impl S3 {
    pub fn bucket_exists(&self, name: &str) -> bool {
        self.buckets.contains_key(name)
    }

    /// The object a GET of `bucket`/`key` reads (its current version), for services that
    /// read what they or a learner stored.
    pub fn get_object(&self, bucket: &str, key: &str) -> Result<&Object, ApiError> {
        let b = self.buckets.get(bucket).ok_or_else(ops::no_such_bucket)?;
        b.current(key).ok_or_else(ops::no_such_key)
    }

    /// Bytes stored in all (every version and unfinished part).
    pub fn stored_bytes(&self) -> u64 {
        self.stored_bytes
    }
}
