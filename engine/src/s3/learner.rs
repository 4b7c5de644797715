//! What a learner does to S3 by hand (the console's `aws s3 mb`, `aws s3api put-object` and
//! friends), recorded in the command log like any API call: keep variants and field names
//! stable.

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// A learner's S3 action (the console's `aws s3 mb`, `aws s3api put-object` and friends map
/// onto these).
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
        S3Command::CreateBucket { bucket } => s3.create_bucket(ctx, bucket).map(|_| ack()),
        S3Command::DeleteBucket { bucket } => s3.delete_bucket(ctx, bucket).map(|_| ack()),
        S3Command::PutObject { bucket, key, body } => s3
            .put_object(ctx, bucket, key, body.as_bytes().into())
            .map(|etag| serde_json::json!({ "Action": action, "ETag": etag }).to_string()),
        S3Command::DeleteObject { bucket, key } => {
            s3.delete_object(ctx, bucket, key).map(|_| ack())
        }
    }
    .map_err(|e| e.with_action(action))
}
