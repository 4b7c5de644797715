//! What a learner does to S3 by hand outside the API (the view's buttons before the REST door
//! existed; presets and links made then), recorded in the command log like any API call: keep
//! variants and field names stable. New buttons send `s3.<Action>` API calls instead.

use serde::{Deserialize, Serialize};

use super::ops;
use super::wire::{BucketInput, CreateBucketInput, DeleteObjectInput, PutObjectInput};
use super::WrittenBy;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// A learner's S3 action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum S3Command {
    CreateBucket {
        bucket: String,
    },
    DeleteBucket {
        bucket: String,
    },
    /// A small text object written by hand (a reference file, a marker).
    PutObject {
        bucket: String,
        key: String,
        body: String,
    },
    DeleteObject {
        bucket: String,
        key: String,
    },
}

impl S3Command {
    /// The name the command log shows.
    pub fn action(&self) -> &'static str {
        match self {
            S3Command::CreateBucket { .. } => "CreateBucket",
            S3Command::DeleteBucket { .. } => "DeleteBucket",
            S3Command::PutObject { .. } => "PutObject",
            S3Command::DeleteObject { .. } => "DeleteObject",
        }
    }
}

/// Applies a learner's S3 command; returns a small JSON acknowledgement.
pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &S3Command,
) -> Result<String, ApiError> {
    let s3 = &mut services.s3;
    let action = command.action();
    let ack = || serde_json::json!({ "Action": action }).to_string();
    match command {
        // A bucket made by hand that already exists is refused, whatever the region: the view
        // says so rather than succeeding silently (the API follows S3's region rule).
        S3Command::CreateBucket { bucket } if s3.bucket_exists(bucket) => Err(ops::s3_error(
            ops::S3Code::BucketAlreadyOwnedByYou,
            "Your previous request to create the named bucket succeeded and you already own it.",
        )),
        S3Command::CreateBucket { bucket } => {
            let input = CreateBucketInput { bucket: bucket.clone(), ..Default::default() };
            ops::create_bucket(s3, ctx, input).map(|_| ack())
        }
        S3Command::DeleteBucket { bucket } => {
            ops::delete_bucket(s3, ctx, BucketInput { bucket: bucket.clone() }).map(|_| ack())
        }
        S3Command::PutObject { bucket, key, body } => {
            let input = PutObjectInput::new(bucket, key, body.as_bytes());
            ops::put_object(s3, ctx, input, WrittenBy::Api)
                .map(|out| serde_json::json!({ "Action": action, "ETag": out.etag }).to_string())
        }
        S3Command::DeleteObject { bucket, key } => {
            let input =
                DeleteObjectInput { bucket: bucket.clone(), key: key.clone(), version_id: None };
            ops::delete_object(s3, ctx, input).map(|_| ack())
        }
    }
    .map_err(|e| e.with_action(action))
}
