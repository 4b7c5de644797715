//! S3 state: buckets and the objects in them; and the service's typed events.
//!
//! Object bytes are shared through `Arc`, so cloning the store for a checkpoint copies
//! pointers, not data.

use std::collections::BTreeMap;
use std::sync::Arc;

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub created_ms: i64,
    /// By key: S3 lists keys in UTF-8 binary order, which is `String`'s order.
    pub objects: BTreeMap<String, Object>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    pub bytes: Arc<[u8]>,
    /// The MD5 of the bytes in hex, in double quotes, exactly as S3 returns it in headers and
    /// listings (a single-part upload's ETag).
    pub etag: String,
    pub last_modified_ms: i64,
}

impl Object {
    pub fn new(key: &str, bytes: Arc<[u8]>, last_modified_ms: i64) -> Self {
        Self { key: key.to_string(), etag: etag_of(&bytes), bytes, last_modified_ms }
    }

    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
}

/// `"<md5 hex>"`.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Md5::digest(bytes);
    let mut s = String::with_capacity(34);
    s.push('"');
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s.push('"');
    s
}

/// Everything a learner can watch S3 do. Integers and strings only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    BucketCreated {
        bucket: String,
    },
    BucketDeleted {
        bucket: String,
    },
    /// A PUT landed (a new object, or a new version of the bytes under an existing key).
    ObjectWritten {
        bucket: String,
        key: String,
        size: u64,
        etag: String,
    },
    ObjectDeleted {
        bucket: String,
        key: String,
    },
}

/// S3 schedules nothing: no wake-up can exist.
#[derive(Clone, Debug)]
pub enum Wake {}
