//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.

use serde::Serialize;

use super::wire::{ListObjectsOutput, ListedObject};
use super::S3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BucketView {
    pub name: String,
    pub created_unix_ms: i64,
    /// Keys whose current version is an object.
    pub objects: u64,
    /// Bytes of those current objects.
    pub bytes: u64,
    /// `Enabled`, `Suspended`, or `None` for a bucket never versioned.
    pub versioning: Option<String>,
    /// `AES256` (SSE-S3) or `aws:kms` (SSE-KMS).
    pub encryption: String,
    pub uploads_in_progress: u64,
}

/// One version of a key, newest first, as the version history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionView {
    pub version_id: String,
    pub last_modified_ms: i64,
    pub is_latest: bool,
    pub delete_marker: bool,
    pub size: u64,
    pub etag: String,
}

/// What the object panel shows besides the content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectDetails {
    pub key: String,
    pub content_type: String,
    pub metadata: Vec<(String, String)>,
    pub encryption: String,
    /// Who wrote it: `learner upload`, `Firehose <stream>`, `EMR cluster <id>`,
    /// `Snowball import <job>`.
    pub written_by: String,
    /// The writer's kind: `upload`, `firehose`, `emr`, `snowball`.
    pub writer_kind: &'static str,
    /// 0 for a single PUT, else how many parts the multipart upload had.
    pub parts: u32,
}

/// One key of a tree level: its newest version, or the delete marker on top of it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ObjectRow {
    pub key: String,
    pub size: u64,
    pub etag: String,
    pub last_modified_ms: i64,
    /// As [`ObjectDetails::written_by`]; empty for a delete marker.
    pub written_by: String,
    pub writer_kind: &'static str,
    /// The newest version is a delete marker: GET answers NoSuchKey, older versions remain.
    pub deleted: bool,
}

/// One level of a bucket's prefix tree, as a file browser shows a folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LevelView {
    /// The "folders" right below: `prefix` plus one more `/`-ended step, in key order.
    pub prefixes: Vec<String>,
    /// The keys right at this level, in key order, at most [`LEVEL_ROWS`].
    pub objects: Vec<ObjectRow>,
    /// Keys at this level past [`LEVEL_ROWS`].
    pub more: u64,
}

/// Most keys a tree level lists (the page stays light with a day of Firehose deliveries).
pub const LEVEL_ROWS: usize = 300;

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
                objects: b.current_objects().count() as u64,
                bytes: b.current_objects().map(|o| o.size()).sum(),
                versioning: b.versioning.status().map(str::to_string),
                encryption: b.encryption.algorithm.clone(),
                uploads_in_progress: b.uploads.len() as u64,
            })
            .collect()
    }

    /// Every version of `key`, newest first (empty for an unknown key).
    pub fn versions(&self, bucket: &str, key: &str) -> Vec<VersionView> {
        let Some(vs) = self.s3.buckets.get(bucket).and_then(|b| b.keys.get(key)) else {
            return Vec::new();
        };
        let n = vs.0.len();
        vs.0.iter()
            .enumerate()
            .rev()
            .map(|(i, v)| VersionView {
                version_id: v.version_id.clone(),
                last_modified_ms: v.last_modified_ms,
                is_latest: i + 1 == n,
                delete_marker: v.is_delete_marker(),
                size: v.object.as_ref().map_or(0, |o| o.size()),
                etag: v.object.as_ref().map(|o| o.etag.clone()).unwrap_or_default(),
            })
            .collect()
    }

    /// Keys under `prefix` whose newest version is a delete marker (shown struck through).
    pub fn deleted_keys(&self, bucket: &str, prefix: &str) -> Vec<String> {
        let Some(b) = self.s3.buckets.get(bucket) else { return Vec::new() };
        b.keys
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .filter(|(_, v)| v.latest().is_some_and(|l| l.is_delete_marker()))
            .map(|(k, _)| k.clone())
            .collect()
    }

    pub fn object_details(&self, bucket: &str, key: &str) -> Option<ObjectDetails> {
        let o = self.s3.get_object(bucket, key).ok()?;
        Some(ObjectDetails {
            key: o.key.clone(),
            content_type: o.content_type.clone(),
            metadata: o.metadata.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            encryption: o.encryption.algorithm.clone(),
            written_by: o.written_by.label(),
            writer_kind: o.written_by.kind(),
            parts: o.parts,
        })
    }

    /// Bytes held (every version and unfinished part) against the sandbox's bound.
    pub fn stored_bytes(&self) -> (u64, u64) {
        (self.s3.stored_bytes, super::limits::MAX_STORED_BYTES)
    }

    /// Every object under `prefix`, in key order (no delimiter: the whole subtree).
    pub fn objects(&self, bucket: &str, prefix: &str) -> Vec<ListedObject> {
        let Some(b) = self.s3.buckets.get(bucket) else { return Vec::new() };
        b.keys
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .filter_map(|(k, v)| v.current().map(|o| (k, o)))
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

    /// One level of the tree under `prefix`: the folders below it (any holding a key with a
    /// version, so a folder of deleted keys stays reachable) and the keys in it, delete
    /// markers included and flagged.
    pub fn level(&self, bucket: &str, prefix: &str) -> LevelView {
        let mut level = LevelView::default();
        let Some(b) = self.s3.buckets.get(bucket) else { return level };
        let under = b.keys.range(prefix.to_string()..).take_while(|(k, _)| k.starts_with(prefix));
        for (key, versions) in under {
            let rest = &key[prefix.len()..];
            if let Some(slash) = rest.find('/') {
                let folder = &key[..prefix.len() + slash + 1];
                // Keys of one folder are contiguous in key order.
                if level.prefixes.last().map(String::as_str) != Some(folder) {
                    level.prefixes.push(folder.to_string());
                }
                continue;
            }
            let Some(latest) = versions.latest() else { continue };
            if level.objects.len() >= LEVEL_ROWS {
                level.more += 1;
                continue;
            }
            level.objects.push(match &latest.object {
                Some(o) => ObjectRow {
                    key: key.clone(),
                    size: o.size(),
                    etag: o.etag.clone(),
                    last_modified_ms: o.last_modified_ms,
                    written_by: o.written_by.label(),
                    writer_kind: o.written_by.kind(),
                    deleted: false,
                },
                None => ObjectRow {
                    key: key.clone(),
                    size: 0,
                    etag: String::new(),
                    last_modified_ms: latest.last_modified_ms,
                    written_by: String::new(),
                    writer_kind: "",
                    deleted: true,
                },
            });
        }
        level
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
