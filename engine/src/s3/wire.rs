//! The shapes S3 is read through: listing results named as S3's ListObjectsV2 names them.

use serde::Serialize;

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
