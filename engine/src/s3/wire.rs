//! The shapes S3 is driven and read through: the learner's commands (recorded in the command
//! log, so keep variants and field names stable) and listing results named as S3's
//! ListObjectsV2 names them.

use serde::{Deserialize, Serialize};

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

/// One entry of `Contents`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListedObject {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Size")]
    pub size: u64,
    #[serde(rename = "ETag")]
    pub etag: String,
    /// Unix milliseconds on the virtual clock.
    #[serde(rename = "LastModified")]
    pub last_modified_ms: i64,
}

/// A ListObjectsV2 page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListObjectsOutput {
    #[serde(rename = "Contents")]
    pub contents: Vec<ListedObject>,
    /// Distinct `prefix + ... + delimiter` groups, each counted once (as S3 rolls them up).
    #[serde(rename = "CommonPrefixes")]
    pub common_prefixes: Vec<String>,
    #[serde(rename = "KeyCount")]
    pub key_count: u32,
    #[serde(rename = "IsTruncated")]
    pub is_truncated: bool,
    /// Pass back as `start_after` for the next page (the sandbox's continuation token is the
    /// last key or common prefix returned).
    #[serde(rename = "NextContinuationToken", skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
}
