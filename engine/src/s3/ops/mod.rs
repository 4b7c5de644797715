//! One free function per S3 action, taking the store and a typed request from [`super::wire`]
//! and answering a typed response or S3's error: [`buckets`] (create, delete, head, list,
//! location), [`settings`] (versioning, default encryption), [`objects`] (put, get, head,
//! delete, copy), [`listing`] (ListObjects, ListObjectsV2, ListObjectVersions), [`multipart`].
//!
//! These functions are the typed internal API: Firehose (and later EMRFS, Data Pipeline and
//! Snowball) call them directly, never through XML or JSON. [`dispatch`] is the JSON door the
//! registry routes `s3.<Action>` calls to (the endpoint's REST-XML codec, the console and the
//! view all arrive there); here also what every action shares: the store's memory bound,
//! version and upload ids, checksums.

pub mod buckets;
pub mod errors;
pub mod listing;
pub mod multipart;
pub mod objects;
pub mod settings;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use buckets::*;
pub use errors::*;
pub use listing::*;
pub use multipart::*;
pub use objects::*;
pub use settings::*;

use super::limits::MAX_STORED_BYTES;
use super::model::{Bucket, Encryption, Event, Wake, WrittenBy};
use super::wire::{EncryptionReport, Owner};
use super::S3;
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// Runs `s3.<action>` with its input shape in JSON (blobs base64, timestamps epoch seconds).
/// Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    let s3 = &mut services.s3;
    let head = matches!(action, "HeadBucket" | "HeadObject");
    match action {
        "CreateBucket" => run(s3, ctx, body, create_bucket),
        "DeleteBucket" => run(s3, ctx, body, delete_bucket),
        "HeadBucket" => run(s3, ctx, body, head_bucket),
        "ListBuckets" => run(s3, ctx, body, list_buckets),
        "GetBucketLocation" => run(s3, ctx, body, get_bucket_location),
        "PutBucketVersioning" => run(s3, ctx, body, put_bucket_versioning),
        "GetBucketVersioning" => run(s3, ctx, body, get_bucket_versioning),
        "PutBucketEncryption" => run(s3, ctx, body, put_bucket_encryption),
        "GetBucketEncryption" => run(s3, ctx, body, get_bucket_encryption),
        "DeleteBucketEncryption" => run(s3, ctx, body, delete_bucket_encryption),
        "PutObject" => {
            run(s3, ctx, body, |s3, ctx, input| put_object(s3, ctx, input, WrittenBy::Api))
        }
        "GetObject" => run(s3, ctx, body, |s3, _, input| get_object(s3, input)),
        "HeadObject" => run(s3, ctx, body, |s3, _, input| head_object(s3, input)),
        "DeleteObject" => run(s3, ctx, body, delete_object),
        "DeleteObjects" => run(s3, ctx, body, delete_objects),
        "CopyObject" => run(s3, ctx, body, copy_object),
        "ListObjects" => {
            run(s3, ctx, body, |s3, ctx, input| list_objects(s3, &ctx.config.account_id, input))
        }
        "ListObjectsV2" => {
            run(s3, ctx, body, |s3, ctx, input| list_objects_v2(s3, &ctx.config.account_id, input))
        }
        "ListObjectVersions" => run(s3, ctx, body, |s3, ctx, input| {
            list_object_versions(s3, &ctx.config.account_id, input)
        }),
        "CreateMultipartUpload" => run(s3, ctx, body, create_multipart_upload),
        "UploadPart" => run(s3, ctx, body, upload_part),
        "CompleteMultipartUpload" => run(s3, ctx, body, complete_multipart_upload),
        "AbortMultipartUpload" => run(s3, ctx, body, abort_multipart_upload),
        "ListParts" => {
            run(s3, ctx, body, |s3, ctx, input| list_parts(s3, &ctx.config.account_id, input))
        }
        "ListMultipartUploads" => run(s3, ctx, body, |s3, ctx, input| {
            list_multipart_uploads(s3, &ctx.config.account_id, input)
        }),
        other => Err(not_implemented(other)),
    }
    .map_err(|e| if head { as_head_error(e) } else { e })
    .map_err(|e| e.with_action(action))
}

/// One action: its JSON input into the typed request (a member of the wrong type is an
/// InvalidArgument, as S3 answers a header or parameter it cannot read), the typed response
/// back to JSON.
fn run<Req: DeserializeOwned, Resp: Serialize>(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    body: &str,
    op: impl FnOnce(&mut S3, &mut Ctx<'_>, Req) -> Result<Resp, ApiError>,
) -> Result<String, ApiError> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    let req: Req = serde_json::from_str(body).map_err(|e| {
        let text = e.to_string();
        let what = text.strip_prefix(crate::api::wire::AWS_TEXT).unwrap_or(&text);
        invalid_argument(what.split(" at line ").next().unwrap_or(what).to_string())
    })?;
    let resp = op(s3, ctx, req)?;
    serde_json::to_string(&resp).map_err(|_| ApiError::new(ErrorCode::InternalFailure, ""))
}

/// S3 schedules nothing, so there is never a wake-up to handle.
pub(crate) fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {}
}

// ----- what the actions share ------------------------------------------------------------------

pub(crate) fn bucket<'a>(s3: &'a S3, name: &str) -> Result<&'a Bucket, ApiError> {
    s3.buckets.get(name).ok_or_else(no_such_bucket)
}

pub(crate) fn bucket_mut<'a>(s3: &'a mut S3, name: &str) -> Result<&'a mut Bucket, ApiError> {
    s3.buckets.get_mut(name).ok_or_else(no_such_bucket)
}

/// Makes room for `adding` more stored bytes, or says why not.
pub(crate) fn reserve(s3: &S3, adding: u64) -> Result<(), ApiError> {
    if s3.stored_bytes.saturating_add(adding) <= MAX_STORED_BYTES {
        return Ok(());
    }
    Err(s3_error(
        S3Code::EntityTooLarge,
        format!(
            "Your proposed upload exceeds the maximum allowed object size. (The sandbox's S3 \
             holds at most {} MiB in all: every version and unfinished part. {} bytes are \
             stored; delete objects or versions to make room.)",
            MAX_STORED_BYTES / (1024 * 1024),
            s3.stored_bytes
        ),
    ))
}

/// A version id as S3 shapes them: 32 URL-safe characters, from the world's RNG.
pub(crate) fn new_version_id(ctx: &mut Ctx<'_>) -> String {
    ctx.rng.alnum(32)
}

/// The account's canonical user id: 64 hex digits, derived from the account id so every run
/// of a world shows the same one.
pub(crate) fn owner(ctx_account: &str) -> Owner {
    use md5::{Digest, Md5};
    let a = Md5::digest(format!("owner:{ctx_account}").as_bytes());
    let b = Md5::digest(format!("canonical:{ctx_account}").as_bytes());
    let id = a.iter().chain(b.iter()).map(|x| format!("{x:02x}")).collect();
    Owner { id }
}

/// What a write tells about the encryption it applied.
pub(crate) fn encryption_report(e: &Encryption) -> EncryptionReport {
    let kms = e.algorithm == "aws:kms";
    EncryptionReport {
        server_side_encryption: Some(e.algorithm.clone()),
        sse_kms_key_id: if kms { e.kms_key_id.clone() } else { None },
        bucket_key_enabled: (kms && e.bucket_key).then_some(true),
    }
}

/// The CRC32 of `bytes` as S3's checksum headers carry it: base64 of the big-endian value.
pub fn crc32_base64(bytes: &[u8]) -> String {
    BASE64.encode(crc32fast::hash(bytes).to_be_bytes())
}

/// Checks the digests a writer sent with `bytes`: Content-MD5 (BadDigest, or InvalidDigest when
/// it is not 16 base64-encoded bytes) and x-amz-checksum-crc32.
pub(crate) fn check_digests(
    bytes: &[u8],
    content_md5: Option<&str>,
    crc32: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(md5_text) = content_md5 {
        use md5::{Digest, Md5};
        let sent = BASE64.decode(md5_text.trim()).map_err(|_| invalid_digest())?;
        if sent.len() != 16 {
            return Err(invalid_digest());
        }
        if sent[..] != Md5::digest(bytes)[..] {
            return Err(bad_digest_md5());
        }
    }
    if let Some(crc) = crc32 {
        if crc.trim() != crc32_base64(bytes) {
            return Err(bad_digest_crc32());
        }
    }
    Ok(())
}

/// A key S3 accepts: not empty, at most 1,024 bytes.
pub(crate) fn check_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() {
        return Err(invalid_argument("A key must not be empty."));
    }
    if key.len() > super::limits::MAX_KEY_BYTES {
        return Err(s3_error(S3Code::KeyTooLong, "Your key is too long"));
    }
    Ok(())
}
