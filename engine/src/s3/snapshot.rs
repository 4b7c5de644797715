//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.

use serde::Serialize;

use super::wire::{ListObjectsOutput, ListedObject};
use super::S3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BucketView {
    pub name: String,
    pub created_unix_ms: i64,
    pub objects: u64,
    pub bytes: u64,
}

/// An object's content as a learner previews it: compressed objects (GZIP, ZIP, Snappy,
/// HADOOP_SNAPPY, as Firehose writes them) decompressed, at most `max_bytes` of the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectPreview {
    pub key: String,
    /// Size as stored (compressed, if it is).
    pub size: u64,
    pub etag: String,
    pub last_modified_ms: i64,
    /// The stored bytes were compressed and are shown decompressed.
    pub decompressed: bool,
    /// How the stored bytes are compressed: `UNCOMPRESSED`, `GZIP`, `ZIP`, `Snappy`,
    /// `HADOOP_SNAPPY` (Firehose's CompressionFormat names).
    pub compression: String,
    /// The preview stops before the end of the content.
    pub truncated: bool,
    pub bytes: Vec<u8>,
    /// The bytes as text (invalid UTF-8 shown as U+FFFD).
    pub text: String,
}

/// Read-only handle on S3 for the UI, from `world.view().s3()`: every answer is a
/// plain `*View` (or wire) value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    s3: &'a S3,
    #[allow(dead_code)]
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(s3: &'a S3, now_unix_ms: i64) -> Self {
        Self { s3, now_unix_ms }
    }
}

impl Snapshot<'_> {
    pub fn buckets(&self) -> Vec<BucketView> {
        self.s3
            .buckets
            .values()
            .map(|b| BucketView {
                name: b.name.clone(),
                created_unix_ms: b.created_ms,
                objects: b.objects.len() as u64,
                bytes: b.objects.values().map(|o| o.size()).sum(),
            })
            .collect()
    }

    /// Every object under `prefix`, in key order (no delimiter: the whole subtree).
    pub fn objects(&self, bucket: &str, prefix: &str) -> Vec<ListedObject> {
        let Some(b) = self.s3.buckets.get(bucket) else { return Vec::new() };
        b.objects
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, o)| ListedObject {
                key: k.clone(),
                size: o.size(),
                etag: o.etag.clone(),
                last_modified_ms: o.last_modified_ms,
            })
            .collect()
    }

    /// One level of the prefix tree, as a file browser shows a folder: objects directly under
    /// `prefix` and the "folders" (common prefixes with `/`) below it.
    pub fn browse(&self, bucket: &str, prefix: &str) -> ListObjectsOutput {
        self.s3.list_objects(bucket, prefix, Some("/"), None, usize::MAX).unwrap_or_default()
    }

    /// The object's bytes for a preview, decompressed when they are compressed (recognised by
    /// their magic bytes, Hadoop-Snappy by its `.snappy` key); bytes that do not decompress are
    /// shown as stored.
    pub fn object_preview(
        &self,
        bucket: &str,
        key: &str,
        max_bytes: usize,
    ) -> Option<ObjectPreview> {
        use crate::compression::{decompress, sniff, Compression};
        let o = self.s3.get_object(bucket, key).ok()?;
        let mut compression = sniff(key, &o.bytes);
        let mut bytes = match decompress(compression, &o.bytes) {
            Ok(b) => b,
            Err(_) => {
                compression = Compression::Uncompressed;
                o.bytes.to_vec()
            }
        };
        let decompressed = compression != Compression::Uncompressed;
        let truncated = bytes.len() > max_bytes;
        bytes.truncate(max_bytes);
        Some(ObjectPreview {
            key: o.key.clone(),
            size: o.size(),
            etag: o.etag.clone(),
            last_modified_ms: o.last_modified_ms,
            decompressed,
            compression: compression.as_str().to_string(),
            truncated,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        })
    }

    /// The object's bytes exactly as stored (compressed if it was written compressed).
    pub fn object_bytes(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.s3.get_object(bucket, key).ok().map(|o| o.bytes.to_vec())
    }

    /// The whole content, decompressed if it is compressed (for tests and downloads).
    pub fn object_content(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.object_preview(bucket, key, usize::MAX - 1).map(|p| p.bytes)
    }
}
