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
    /// A multipart upload from start to finish (CreateMultipartUpload, one UploadPart per
    /// size, CompleteMultipartUpload), the parts' bytes made from the key so a link stays
    /// small: what the view's "upload in parts" does, and what the reference scenario covers.
    UploadInParts {
        bucket: String,
        key: String,
        part_sizes: Vec<u32>,
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
            S3Command::UploadInParts { .. } => "CompleteMultipartUpload",
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
        S3Command::UploadInParts { bucket, key, part_sizes } => {
            upload_in_parts(s3, ctx, bucket, key, part_sizes)
                .map(|etag| serde_json::json!({ "Action": action, "ETag": etag }).to_string())
        }
    }
    .map_err(|e| e.with_action(action))
}

/// Each part's bytes: the key and the part number, repeated to the size (so the upload is
/// the same wherever it is replayed, and a link carries only the sizes).
fn part_bytes(key: &str, number: usize, size: u32) -> Vec<u8> {
    let pattern = format!("{key}#{number};");
    pattern.bytes().cycle().take(size as usize).collect()
}

fn upload_in_parts(
    s3: &mut super::S3,
    ctx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
    part_sizes: &[u32],
) -> Result<String, ApiError> {
    use super::wire::*;
    let started = ops::create_multipart_upload(
        s3,
        ctx,
        CreateMultipartUploadInput { bucket: bucket.into(), key: key.into(), ..Default::default() },
    )?;
    let mut parts = Vec::new();
    for (i, size) in part_sizes.iter().enumerate() {
        let number = i + 1;
        let input = UploadPartInput {
            bucket: bucket.into(),
            key: key.into(),
            upload_id: started.upload_id.clone(),
            part_number: number as i64,
            body: Blob(part_bytes(key, number, *size).into()),
            ..Default::default()
        };
        let out = ops::upload_part(s3, ctx, input)?;
        parts.push(CompletedPart {
            etag: out.etag,
            part_number: number as i64,
            checksum_crc32: None,
        });
    }
    let done = ops::complete_multipart_upload(
        s3,
        ctx,
        CompleteMultipartUploadInput {
            bucket: bucket.into(),
            key: key.into(),
            upload_id: started.upload_id.clone(),
            multipart_upload: Some(CompletedMultipartUpload { parts }),
        },
    );
    match done {
        Ok(out) => Ok(out.etag),
        Err(e) => {
            // A refused completion leaves nothing behind, as `aws s3 cp` aborts its upload.
            let abort = UploadInput {
                bucket: bucket.into(),
                key: key.into(),
                upload_id: started.upload_id,
                ..Default::default()
            };
            let _ = ops::abort_multipart_upload(s3, ctx, abort);
            Err(e)
        }
    }
}
