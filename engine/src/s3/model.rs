//! S3 state: buckets, the versions stored under each key, unfinished multipart uploads; and the
//! service's typed events.
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
    /// The region it was created in (its LocationConstraint; the world's region by default).
    pub region: String,
    pub versioning: Versioning,
    /// Default encryption of new objects: S3 encrypts every new object since 2023-01-05, with
    /// SSE-S3 unless the bucket says otherwise.
    pub encryption: Encryption,
    /// By key: S3 lists keys in UTF-8 binary order, which is `String`'s order.
    pub keys: BTreeMap<String, Versions>,
    /// Unfinished multipart uploads, by upload id.
    pub uploads: BTreeMap<String, Upload>,
}

impl Bucket {
    /// The object a GET without a version id reads: the newest version, unless it is a delete
    /// marker.
    pub fn current(&self, key: &str) -> Option<&Object> {
        self.keys.get(key).and_then(Versions::current)
    }

    /// Every key whose newest version is an object, in key order.
    pub fn current_objects(&self) -> impl Iterator<Item = &Object> {
        self.keys.values().filter_map(Versions::current)
    }
}

/// A bucket's versioning state, as GetBucketVersioning names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Versioning {
    /// Never enabled: one version per key, id `null`.
    #[default]
    Unversioned,
    Enabled,
    /// Enabled once, now suspended: new writes replace the `null` version, older ones stay.
    Suspended,
}

impl Versioning {
    pub fn status(self) -> Option<&'static str> {
        match self {
            Versioning::Unversioned => None,
            Versioning::Enabled => Some("Enabled"),
            Versioning::Suspended => Some("Suspended"),
        }
    }
}

/// Server-side encryption: SSE-S3 (`AES256`) or SSE-KMS (`aws:kms`, with a key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encryption {
    pub algorithm: String,
    pub kms_key_id: Option<String>,
    pub bucket_key: bool,
}

impl Default for Encryption {
    fn default() -> Self {
        Encryption { algorithm: "AES256".into(), kms_key_id: None, bucket_key: false }
    }
}

/// The versions stored under one key, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions(pub Vec<Version>);

impl Versions {
    pub fn current(&self) -> Option<&Object> {
        self.0.last().and_then(|v| v.object.as_ref())
    }

    pub fn latest(&self) -> Option<&Version> {
        self.0.last()
    }

    pub fn find(&self, version_id: &str) -> Option<&Version> {
        self.0.iter().find(|v| v.version_id == version_id)
    }
}

/// One version of a key: an object, or a delete marker (`object` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// `null` in a bucket that was never versioned, and for writes while versioning is
    /// suspended.
    pub version_id: String,
    pub last_modified_ms: i64,
    pub object: Option<Object>,
}

impl Version {
    pub fn is_delete_marker(&self) -> bool {
        self.object.is_none()
    }
}

/// Who wrote an object: the learner (through the API, the console or the endpoint), or a
/// service delivering into S3. A service that writes objects passes its own variant to
/// [`crate::s3::ops::put_object`]; the S3 view shows the label and styles by the kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WrittenBy {
    #[default]
    Api,
    /// A Firehose delivery stream's delivery.
    Firehose { delivery_stream: String },
    /// An EMR cluster writing through EMRFS (a step's output, a job's part files).
    Emr { cluster_id: String },
    /// A Snowball (or Import/Export Disk) import job copying the device's data into S3.
    Snowball { job_id: String },
    /// A Data Pipeline activity (a CopyActivity's copy, a shell command's `aws s3 cp`).
    Pipeline { pipeline_id: String },
    /// An Import/Export Disk job loading the learner's own device (or its log).
    ImportExport { job_id: String },
}

impl WrittenBy {
    /// As the S3 view labels it.
    pub fn label(&self) -> String {
        match self {
            WrittenBy::Api => "learner upload".into(),
            WrittenBy::Firehose { delivery_stream } => format!("Firehose {delivery_stream}"),
            WrittenBy::Emr { cluster_id } => format!("EMR cluster {cluster_id}"),
            WrittenBy::Snowball { job_id } => format!("Snowball import {job_id}"),
            WrittenBy::Pipeline { pipeline_id } => format!("Data Pipeline {pipeline_id}"),
            WrittenBy::ImportExport { job_id } => format!("Import/Export Disk job {job_id}"),
        }
    }

    /// One word for the kind of writer: `upload`, `firehose`, `emr`, `snowball`, `pipeline`,
    /// `importexport`.
    pub fn kind(&self) -> &'static str {
        match self {
            WrittenBy::Api => "upload",
            WrittenBy::Firehose { .. } => "firehose",
            WrittenBy::Emr { .. } => "emr",
            WrittenBy::Snowball { .. } => "snowball",
            WrittenBy::Pipeline { .. } => "pipeline",
            WrittenBy::ImportExport { .. } => "importexport",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    pub bytes: Arc<[u8]>,
    /// The MD5 of the bytes in hex, in double quotes, exactly as S3 returns it in headers and
    /// listings; a multipart upload's is `"<md5 of the parts' MD5s>-<parts>"`.
    pub etag: String,
    /// On the virtual clock; the wire shows it to the second, as S3 does.
    pub last_modified_ms: i64,
    pub content_type: String,
    /// `x-amz-meta-*`, names lower-cased as HTTP delivers them.
    pub metadata: BTreeMap<String, String>,
    pub headers: StoredHeaders,
    /// The CRC32 the writer sent (base64), kept and reported back as S3 does.
    pub checksum_crc32: Option<String>,
    /// How many parts a multipart upload had (0 for a single PUT).
    pub parts: u32,
    pub encryption: Encryption,
    pub written_by: WrittenBy,
}

/// The representation headers S3 stores with an object and returns on GET and HEAD.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredHeaders {
    pub cache_control: Option<String>,
    pub content_disposition: Option<String>,
    pub content_encoding: Option<String>,
    pub content_language: Option<String>,
}

impl Object {
    /// An object of `bytes` under `key` with S3's defaults (binary content type, no metadata,
    /// SSE-S3), written at `unix_ms`.
    pub fn new(key: &str, bytes: Arc<[u8]>, unix_ms: i64) -> Self {
        Self {
            key: key.to_string(),
            etag: etag_of(&bytes),
            bytes,
            last_modified_ms: unix_ms,
            content_type: "binary/octet-stream".into(),
            metadata: BTreeMap::new(),
            headers: StoredHeaders::default(),
            checksum_crc32: None,
            parts: 0,
            encryption: Encryption::default(),
            written_by: WrittenBy::Api,
        }
    }

    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
}

/// S3 shows Last-Modified and creation dates to the second.
pub fn whole_seconds(unix_ms: i64) -> i64 {
    unix_ms.div_euclid(1000) * 1000
}

/// A time as the wire shows it: to the second.
pub fn wire_time(unix_ms: i64) -> crate::api::wire::Timestamp {
    crate::api::wire::Timestamp(whole_seconds(unix_ms))
}

/// An unfinished multipart upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub upload_id: String,
    pub key: String,
    pub initiated_ms: i64,
    pub content_type: String,
    pub metadata: BTreeMap<String, String>,
    pub headers: StoredHeaders,
    /// `CRC32` when the client asked for checksums on every part.
    pub checksum_algorithm: Option<String>,
    pub encryption: Encryption,
    pub parts: BTreeMap<u32, Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub bytes: Arc<[u8]>,
    pub etag: String,
    pub last_modified_ms: i64,
    pub checksum_crc32: Option<String>,
}

/// `"<md5 hex>"`.
pub fn etag_of(bytes: &[u8]) -> String {
    quoted_hex(&Md5::digest(bytes))
}

pub(crate) fn quoted_hex(digest: &[u8]) -> String {
    let mut s = String::with_capacity(2 + digest.len() * 2);
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
    /// A DELETE without a version id in a versioned bucket: the key now reads as gone, its
    /// versions stay.
    DeleteMarkerCreated {
        bucket: String,
        key: String,
        version_id: String,
    },
    /// One version removed for good (a DELETE with a version id).
    VersionDeleted {
        bucket: String,
        key: String,
        version_id: String,
    },
    VersioningChanged {
        bucket: String,
        status: String,
    },
    MultipartStarted {
        bucket: String,
        key: String,
        upload_id: String,
    },
    PartUploaded {
        bucket: String,
        key: String,
        part_number: u32,
        size: u64,
    },
    MultipartAborted {
        bucket: String,
        key: String,
        upload_id: String,
    },
    EncryptionChanged {
        bucket: String,
        algorithm: String,
    },
}

/// S3 schedules nothing: no wake-up can exist.
#[derive(Clone, Debug)]
pub enum Wake {}
