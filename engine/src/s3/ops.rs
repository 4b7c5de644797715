//! One method per S3 action, for the learner's commands and for the services that store data in
//! S3 (Firehose, and later EMRFS, Data Pipeline and Snowball). Errors carry S3's codes and
//! texts (from its REST-XML error bodies) in the engine's [`ApiError`].

use std::sync::Arc;

use super::model::{Bucket, Event, Object, Wake};
use super::wire::{ListObjectsOutput, ListedObject};
use super::S3;
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// The REST-XML front door (method and path to an action) is not built yet: every action is
/// unknown to it, as an unknown operation is to AWS.
pub(crate) fn dispatch(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    action: &str,
    _body: &str,
) -> Result<String, ApiError> {
    Err(ApiError::unknown_operation().with_action(action))
}

/// S3 schedules nothing, so there is never a wake-up to handle.
pub(crate) fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {}
}

/// S3's longest key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;
/// ListObjectsV2 returns at most this many entries per page.
pub const MAX_KEYS: usize = 1000;

fn s3_error(code: ErrorCode, message: &str, status: u16) -> ApiError {
    let mut e = ApiError::new(code, message);
    e.status = status;
    e
}

pub fn no_such_bucket() -> ApiError {
    s3_error(ErrorCode::NoSuchBucket, "The specified bucket does not exist", 404)
}

pub fn no_such_key() -> ApiError {
    s3_error(ErrorCode::NoSuchKey, "The specified key does not exist.", 404)
}

/// S3's bucket naming rules: 3-63 characters of lowercase letters, digits, dots and hyphens,
/// starting and ending with a letter or digit, no two adjacent dots, not an IP address.
pub fn is_valid_bucket_name(name: &str) -> bool {
    let b = name.as_bytes();
    let edge_ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    (3..=63).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b".-".contains(c))
        && b.first().is_some_and(edge_ok)
        && b.last().is_some_and(edge_ok)
        && !name.contains("..")
        && !looks_like_ip(name)
}

fn looks_like_ip(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
}

impl S3 {
    pub fn create_bucket(&mut self, ctx: &mut Ctx<'_>, name: &str) -> Result<(), ApiError> {
        if !is_valid_bucket_name(name) {
            return Err(s3_error(ErrorCode::InvalidBucketName, "The specified bucket is not valid.", 400));
        }
        if self.buckets.contains_key(name) {
            return Err(s3_error(
                ErrorCode::BucketAlreadyOwnedByYou,
                "Your previous request to create the named bucket succeeded and you already own \
                 it.",
                409,
            ));
        }
        let bucket = Bucket {
            name: name.to_string(),
            created_ms: ctx.unix_ms(),
            objects: Default::default(),
        };
        self.buckets.insert(name.to_string(), bucket);
        ctx.emit(Event::BucketCreated { bucket: name.to_string() });
        Ok(())
    }

    pub fn delete_bucket(&mut self, ctx: &mut Ctx<'_>, name: &str) -> Result<(), ApiError> {
        let bucket = self.buckets.get(name).ok_or_else(no_such_bucket)?;
        if !bucket.objects.is_empty() {
            return Err(s3_error(
                ErrorCode::BucketNotEmpty,
                "The bucket you tried to delete is not empty",
                409,
            ));
        }
        self.buckets.remove(name);
        ctx.emit(Event::BucketDeleted { bucket: name.to_string() });
        Ok(())
    }

    pub fn bucket_exists(&self, name: &str) -> bool {
        self.buckets.contains_key(name)
    }

    /// Stores `bytes` under `key` (replacing what was there, as an unversioned bucket does);
    /// returns the ETag.
    pub fn put_object(
        &mut self,
        ctx: &mut Ctx<'_>,
        bucket: &str,
        key: &str,
        bytes: Arc<[u8]>,
    ) -> Result<String, ApiError> {
        if key.is_empty() {
            // S3 reads a PUT to the bucket itself as a bucket operation; for an object it is a
            // missing key.
            return Err(s3_error(ErrorCode::S3InvalidArgument, "Object key must not be empty.", 400));
        }
        if key.len() > MAX_KEY_BYTES {
            return Err(s3_error(ErrorCode::KeyTooLong, "Your key is too long", 400));
        }
        let unix_ms = ctx.unix_ms();
        let b = self.buckets.get_mut(bucket).ok_or_else(no_such_bucket)?;
        let object = Object::new(key, bytes, unix_ms);
        let (size, etag) = (object.size(), object.etag.clone());
        b.objects.insert(key.to_string(), object);
        ctx.emit(Event::ObjectWritten {
            bucket: bucket.to_string(),
            key: key.to_string(),
            size,
            etag: etag.clone(),
        });
        Ok(etag)
    }

    pub fn get_object(&self, bucket: &str, key: &str) -> Result<&Object, ApiError> {
        let b = self.buckets.get(bucket).ok_or_else(no_such_bucket)?;
        b.objects.get(key).ok_or_else(no_such_key)
    }

    /// Deleting a key that is not there succeeds, as in S3 (204 either way).
    pub fn delete_object(
        &mut self,
        ctx: &mut Ctx<'_>,
        bucket: &str,
        key: &str,
    ) -> Result<(), ApiError> {
        let b = self.buckets.get_mut(bucket).ok_or_else(no_such_bucket)?;
        if b.objects.remove(key).is_some() {
            ctx.emit(Event::ObjectDeleted { bucket: bucket.to_string(), key: key.to_string() });
        }
        Ok(())
    }

    /// ListObjectsV2: keys under `prefix`, in key order, after `start_after`; with a
    /// `delimiter`, keys holding it past the prefix roll up into one common prefix each
    /// (`prefix` up to and including the delimiter's first occurrence after it).
    pub fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        delimiter: Option<&str>,
        start_after: Option<&str>,
        max_keys: usize,
    ) -> Result<ListObjectsOutput, ApiError> {
        let b = self.buckets.get(bucket).ok_or_else(no_such_bucket)?;
        let max_keys = max_keys.min(MAX_KEYS);
        let mut out = ListObjectsOutput::default();
        let delimiter = delimiter.filter(|d| !d.is_empty());
        let from = match start_after {
            Some(s) if s >= prefix => std::ops::Bound::Excluded(s.to_string()),
            _ => std::ops::Bound::Included(prefix.to_string()),
        };
        let mut last: Option<String> = None;
        for (key, object) in b.objects.range((from, std::ops::Bound::Unbounded)) {
            if !key.starts_with(prefix) {
                break;
            }
            let rolled = delimiter.and_then(|d| {
                key[prefix.len()..].find(d).map(|i| key[..prefix.len() + i + d.len()].to_string())
            });
            // A continuation that ends on a common prefix skips the rest of that group.
            if let (Some(cp), Some(after)) = (&rolled, start_after) {
                if cp.as_str() <= after {
                    continue;
                }
            }
            if rolled.as_ref().is_some_and(|cp| out.common_prefixes.last() == Some(cp)) {
                continue;
            }
            if (out.key_count as usize) >= max_keys {
                out.is_truncated = true;
                out.next_continuation_token = last.clone();
                break;
            }
            match rolled {
                Some(cp) => {
                    last = Some(cp.clone());
                    out.common_prefixes.push(cp);
                }
                None => {
                    last = Some(key.clone());
                    out.contents.push(ListedObject {
                        key: key.clone(),
                        size: object.size(),
                        etag: object.etag.clone(),
                        last_modified_ms: object.last_modified_ms,
                    });
                }
            }
            out.key_count += 1;
        }
        Ok(out)
    }
}
