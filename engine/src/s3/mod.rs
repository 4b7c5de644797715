//! Amazon S3, as far as the data services need it: buckets and objects (key, size, bytes, ETag,
//! last-modified on the virtual clock), listing with prefix and delimiter, delete.
//!
//! S3 speaks REST-XML, not JSON 1.1, so it has no `X-Amz-Target` dispatch. Other services
//! (Firehose now; EMRFS, Data Pipeline and Snowball later) use the store through the plain Rust
//! methods in [`ops`]; a learner changes it with `Command::S3(`[`S3Command`]`)`, recorded in the
//! command log like any API call.
//!
//! Rooms: [`model`] (buckets, objects, events), [`ops`] (one method per S3 action),
//! [`wire`] (the command shapes and listing results), [`snapshot`] (read-only views for the UI).
//! S3 schedules no wake-ups, so it has no `tick.rs`.

pub mod model;
pub mod ops;
mod snapshot;
pub mod wire;

use std::collections::BTreeMap;

pub use model::{Bucket, Event, Object};
pub use snapshot::*;
pub use wire::{ListObjectsOutput, ListedObject, S3Command};

use crate::api::ApiError;
use crate::sim::Ctx;

/// Every bucket of the account (S3 bucket names are global; the sandbox has one account).
#[derive(Clone, Debug, Default)]
pub struct S3 {
    pub(crate) buckets: BTreeMap<String, Bucket>,
}

impl S3 {
    /// Applies a learner's S3 command; returns a small JSON acknowledgement.
    pub fn command(&mut self, ctx: &mut Ctx<'_>, command: &S3Command) -> Result<String, ApiError> {
        let action = command.action();
        let ack = |extra: String| format!("{{\"Action\":\"{action}\"{extra}}}");
        match command {
            S3Command::CreateBucket { bucket } => {
                self.create_bucket(ctx, bucket).map(|_| ack(String::new()))
            }
            S3Command::DeleteBucket { bucket } => {
                self.delete_bucket(ctx, bucket).map(|_| ack(String::new()))
            }
            S3Command::PutObject { bucket, key, body } => self
                .put_object(ctx, bucket, key, body.as_bytes().into())
                .map(|etag| ack(format!(",\"ETag\":{}", serde_json::Value::String(etag)))),
            S3Command::DeleteObject { bucket, key } => {
                self.delete_object(ctx, bucket, key).map(|_| ack(String::new()))
            }
        }
        .map_err(|e| e.with_action(action))
    }
}
