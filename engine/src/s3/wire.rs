//! Request and response shapes, member for member as botocore's `s3` model names them. The
//! REST-XML codec (`aws_api::rest_xml`) turns an HTTP request into the input shape in JSON and
//! the output shape back into headers and XML, so these are what every S3 caller speaks: the
//! local endpoint, the console's `aws s3api` and `aws s3`, the view's buttons, and the services
//! that store data in S3 (through [`super::ops`], without JSON at all).
//!
//! Blobs travel as base64 in JSON ([`Blob`]); timestamps as epoch seconds ([`Timestamp`]).
//! Members the sandbox does not model (ACLs, object lock, request payer) are accepted and
//! ignored, as serde ignores unknown fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::api::wire::{Blob, Empty, Timestamp};

// ----- buckets --------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketInput {
    pub bucket: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_bucket_configuration: Option<CreateBucketConfiguration>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_constraint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketOutput {
    pub location: String,
}

/// The input of every action that names only a bucket (DeleteBucket, HeadBucket,
/// GetBucketLocation, GetBucketVersioning, GetBucketEncryption, DeleteBucketEncryption).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketInput {
    pub bucket: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucketOutput {
    pub bucket_region: String,
    pub access_point_alias: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsInput {
    pub max_buckets: Option<i64>,
    pub continuation_token: Option<String>,
    pub prefix: Option<String>,
    pub bucket_region: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketsOutput {
    pub buckets: Vec<BucketEntry>,
    pub owner: Owner,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketEntry {
    pub name: String,
    pub creation_date: Timestamp,
    pub bucket_region: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    #[serde(rename = "ID")]
    pub id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocationOutput {
    /// Absent for us-east-1, as S3 answers an empty element there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_constraint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketVersioningInput {
    pub bucket: String,
    pub versioning_configuration: VersioningConfiguration,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(rename = "MFADelete", skip_serializing_if = "Option::is_none")]
    pub mfa_delete: Option<String>,
}

/// GetBucketVersioning's output: empty for a bucket that was never versioned.
pub type GetBucketVersioningOutput = VersioningConfiguration;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutBucketEncryptionInput {
    pub bucket: String,
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionConfiguration {
    pub rules: Vec<ServerSideEncryptionRule>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionRule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_server_side_encryption_by_default: Option<EncryptionByDefault>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EncryptionByDefault {
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    #[serde(rename = "KMSMasterKeyID", skip_serializing_if = "Option::is_none")]
    pub kms_master_key_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketEncryptionOutput {
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

// ----- objects --------------------------------------------------------------------------------

/// The representation headers an object keeps (PutObject, CopyObject with REPLACE,
/// CreateMultipartUpload).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectHeaders {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_disposition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

/// What every write reports about the encryption it applied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_side_encryption: Option<String>,
    #[serde(rename = "SSEKMSKeyId", skip_serializing_if = "Option::is_none")]
    pub sse_kms_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectInput {
    pub bucket: String,
    pub key: String,
    #[serde(default)]
    pub body: Blob,
    #[serde(rename = "ContentMD5", skip_serializing_if = "Option::is_none")]
    pub content_md5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
    #[serde(flatten)]
    pub headers: ObjectHeaders,
}

impl PutObjectInput {
    /// A plain PUT of `body` under `bucket`/`key` (what a service delivering to S3 writes).
    pub fn new(bucket: &str, key: &str, body: impl Into<std::sync::Arc<[u8]>>) -> Self {
        PutObjectInput {
            bucket: bucket.into(),
            key: key.into(),
            body: Blob(body.into()),
            ..Default::default()
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutObjectOutput {
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_type: Option<String>,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectInput {
    pub bucket: String,
    pub key: String,
    pub version_id: Option<String>,
    pub range: Option<String>,
    pub part_number: Option<i64>,
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
    pub checksum_mode: Option<String>,
}

impl GetObjectInput {
    pub fn new(bucket: &str, key: &str) -> Self {
        GetObjectInput { bucket: bucket.into(), key: key.into(), ..Default::default() }
    }
}

/// GetObject's output; HeadObject's is the same without `Body`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Blob>,
    pub accept_ranges: String,
    pub last_modified: Timestamp,
    pub content_length: u64,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_range: Option<String>,
    pub content_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_disposition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_language: Option<String>,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
    pub metadata: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts_count: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectInput {
    pub bucket: String,
    pub key: String,
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_marker: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectsInput {
    pub bucket: String,
    pub delete: Delete,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Delete {
    #[serde(default)]
    pub objects: Vec<ObjectIdentifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectIdentifier {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteObjectsOutput {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<DeletedObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<DeleteError>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletedObject {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_marker: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_marker_version_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteError {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectInput {
    pub bucket: String,
    pub key: String,
    /// `source-bucket/source-key`, URL-encoded, optionally `?versionId=...`.
    pub copy_source: String,
    pub metadata_directive: Option<String>,
    #[serde(flatten)]
    pub headers: ObjectHeaders,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectOutput {
    pub copy_object_result: CopyObjectResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_source_version_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub last_modified: Timestamp,
}

// ----- listing --------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsInput {
    pub bucket: String,
    pub delimiter: Option<String>,
    pub encoding_type: Option<String>,
    pub max_keys: Option<i64>,
    pub prefix: Option<String>,
    /// ListObjects (version 1).
    pub marker: Option<String>,
    /// ListObjectsV2.
    pub continuation_token: Option<String>,
    pub start_after: Option<String>,
    pub fetch_owner: Option<bool>,
}

/// One object of a listing, for services and views ([`crate::s3::S3::list_objects`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedObject {
    pub key: String,
    pub size: u64,
    pub etag: String,
    /// Unix milliseconds on the virtual clock.
    pub last_modified_ms: i64,
}

/// A page of a listing, for services and views: keys, and the common prefixes they roll up
/// into at a delimiter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListObjectsOutput {
    pub contents: Vec<ListedObject>,
    /// Distinct `prefix + ... + delimiter` groups, each counted once (as S3 rolls them up).
    pub common_prefixes: Vec<String>,
    pub key_count: u32,
    pub is_truncated: bool,
    /// Pass back as `start_after` for the next page: the last key or common prefix returned.
    pub next_continuation_token: Option<String>,
}

/// `Contents` as the wire has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListedObjectWire {
    pub key: String,
    pub last_modified: Timestamp,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(rename = "ChecksumAlgorithm", skip_serializing_if = "Vec::is_empty", default)]
    pub checksum_algorithm: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_type: Option<String>,
    pub size: u64,
    pub storage_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    pub prefix: String,
}

/// A ListObjectsV2 page (and, with `marker`/`next_marker`, a ListObjects one), named as
/// S3's XML names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketResult {
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<ListedObjectWire>,
    pub name: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectVersionsInput {
    pub bucket: String,
    pub delimiter: Option<String>,
    pub encoding_type: Option<String>,
    pub key_marker: Option<String>,
    pub max_keys: Option<i64>,
    pub prefix: Option<String>,
    pub version_id_marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectVersionEntry {
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: u64,
    pub storage_class: String,
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: Timestamp,
    pub owner: Owner,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMarkerEntry {
    pub owner: Owner,
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: Timestamp,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectVersionsOutput {
    pub is_truncated: bool,
    pub key_marker: String,
    pub version_id_marker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_key_marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_version_id_marker: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ObjectVersionEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delete_markers: Vec<DeleteMarkerEntry>,
    pub name: String,
    pub prefix: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub max_keys: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub common_prefixes: Vec<CommonPrefix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<String>,
}

// ----- multipart upload -----------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateMultipartUploadInput {
    pub bucket: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
    #[serde(flatten)]
    pub headers: ObjectHeaders,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateMultipartUploadOutput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_type: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadPartInput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub part_number: i64,
    #[serde(default)]
    pub body: Blob,
    #[serde(rename = "ContentMD5", skip_serializing_if = "Option::is_none")]
    pub content_md5: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadPartOutput {
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteMultipartUploadInput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multipart_upload: Option<CompletedMultipartUpload>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompletedMultipartUpload {
    #[serde(default)]
    pub parts: Vec<CompletedPart>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompletedPart {
    #[serde(rename = "ETag", default)]
    pub etag: String,
    #[serde(default)]
    pub part_number: i64,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteMultipartUploadOutput {
    pub location: String,
    pub bucket: String,
    pub key: String,
    #[serde(rename = "ETag")]
    pub etag: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    #[serde(flatten)]
    pub encryption: EncryptionReport,
}

/// AbortMultipartUpload's and ListParts' input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadInput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub max_parts: Option<i64>,
    pub part_number_marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PartEntry {
    pub part_number: u32,
    pub last_modified: Timestamp,
    #[serde(rename = "ETag")]
    pub etag: String,
    pub size: u64,
    #[serde(rename = "ChecksumCRC32", skip_serializing_if = "Option::is_none")]
    pub checksum_crc32: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListPartsOutput {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub part_number_marker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_part_number_marker: Option<String>,
    pub max_parts: i64,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartEntry>,
    pub initiator: Owner,
    pub owner: Owner,
    pub storage_class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMultipartUploadsInput {
    pub bucket: String,
    pub prefix: Option<String>,
    pub max_uploads: Option<i64>,
    pub key_marker: Option<String>,
    pub upload_id_marker: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UploadEntry {
    pub upload_id: String,
    pub key: String,
    pub initiated: Timestamp,
    pub storage_class: String,
    pub owner: Owner,
    pub initiator: Owner,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMultipartUploadsOutput {
    pub bucket: String,
    pub key_marker: String,
    pub upload_id_marker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_key_marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_upload_id_marker: Option<String>,
    pub prefix: String,
    pub max_uploads: i64,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uploads: Vec<UploadEntry>,
}

crate::api::api_inputs!("s3";
    CreateBucketInput => "CreateBucket",
    PutObjectInput => "PutObject",
    PutBucketVersioningInput => "PutBucketVersioning",
    DeleteObjectInput => "DeleteObject",
    CreateMultipartUploadInput => "CreateMultipartUpload",
    UploadPartInput => "UploadPart",
    CompleteMultipartUploadInput => "CompleteMultipartUpload",
);
