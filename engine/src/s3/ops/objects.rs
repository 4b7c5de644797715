//! PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject; and how a new
//! version lands under a key in each versioning state.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;
use crate::s3::model::{
    etag_of, whole_seconds, Object, StoredHeaders, Version, Versioning, WrittenBy,
};
use crate::s3::wire::*;

/// Stores `input.body` under its key: a new version in a versioning-enabled bucket, else in
/// place of the `null` version. Checks Content-MD5 and the CRC32 checksum when sent.
pub fn put_object(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: PutObjectInput,
    written_by: WrittenBy,
) -> Result<PutObjectOutput, ApiError> {
    check_key(&input.key)?;
    let bytes = input.body.0;
    check_digests(&bytes, input.content_md5.as_deref(), input.checksum_crc32.as_deref())?;
    let b = bucket(s3, &input.bucket)?;
    let encryption = requested_encryption(&input.headers, &b.encryption, ctx)?;
    let checksum = match (&input.checksum_crc32, input.checksum_algorithm.as_deref()) {
        (Some(c), _) => Some(c.clone()),
        (None, Some("CRC32")) => Some(crc32_base64(&bytes)),
        _ => None,
    };
    let mut object = Object::new(&input.key, bytes, ctx.unix_ms());
    apply_headers(&mut object, &input.headers);
    object.checksum_crc32 = checksum.clone();
    object.encryption = encryption.clone();
    object.written_by = written_by;
    let etag = object.etag.clone();
    let version_id = store_version(s3, ctx, &input.bucket, object)?;
    Ok(PutObjectOutput {
        etag,
        checksum_type: checksum.is_some().then(|| "FULL_OBJECT".to_string()),
        checksum_crc32: checksum,
        encryption: encryption_report(&encryption),
        version_id,
    })
}

/// Lands `object` as the key's newest version, in the bucket's versioning state; returns the
/// version id to report (none for a never-versioned bucket).
pub(crate) fn store_version(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    bucket_name: &str,
    object: Object,
) -> Result<Option<String>, ApiError> {
    let versioning = bucket(s3, bucket_name)?.versioning;
    let replaced = match versioning {
        Versioning::Enabled => 0,
        _ => null_version_size(bucket(s3, bucket_name)?, &object.key),
    };
    let size = object.size();
    if size > replaced {
        reserve(s3, size - replaced)?;
    }
    let version_id = match versioning {
        Versioning::Enabled => new_version_id(ctx),
        _ => "null".to_string(),
    };
    let (key, etag, last_modified_ms) =
        (object.key.clone(), object.etag.clone(), object.last_modified_ms);
    let b = bucket_mut(s3, bucket_name)?;
    let versions = &mut b.keys.entry(key.clone()).or_default().0;
    if versioning != Versioning::Enabled {
        versions.retain(|v| v.version_id != "null");
    }
    versions.push(Version {
        version_id: version_id.clone(),
        last_modified_ms,
        object: Some(object),
    });
    s3.stored_bytes = s3.stored_bytes.saturating_sub(replaced).saturating_add(size);
    ctx.emit(Event::ObjectWritten { bucket: bucket_name.to_string(), key, size, etag });
    Ok((versioning != Versioning::Unversioned).then_some(version_id))
}

fn null_version_size(b: &crate::s3::model::Bucket, key: &str) -> u64 {
    b.keys
        .get(key)
        .and_then(|v| v.find("null"))
        .and_then(|v| v.object.as_ref())
        .map_or(0, Object::size)
}

/// The encryption a write asks for, or the bucket's default.
pub(crate) fn requested_encryption(
    h: &ObjectHeaders,
    default: &crate::s3::model::Encryption,
    ctx: &Ctx<'_>,
) -> Result<crate::s3::model::Encryption, ApiError> {
    use crate::s3::model::Encryption;
    match h.server_side_encryption.as_deref() {
        None => Ok(default.clone()),
        Some("AES256") => Ok(Encryption::default()),
        Some(kms @ ("aws:kms" | "aws:kms:dsse")) => Ok(Encryption {
            algorithm: kms.to_string(),
            kms_key_id: Some(h.sse_kms_key_id.clone().unwrap_or_else(|| {
                format!("arn:aws:kms:{}:{}:alias/aws/s3", ctx.config.region, ctx.config.account_id)
            })),
            bucket_key: h.bucket_key_enabled.unwrap_or(default.bucket_key),
        }),
        Some(other) => Err(invalid_argument(format!(
            "The encryption method specified is not supported ({other})"
        ))),
    }
}

pub(crate) fn apply_headers(object: &mut Object, h: &ObjectHeaders) {
    if let Some(t) = &h.content_type {
        object.content_type = t.clone();
    }
    object.metadata = lower_keys(h.metadata.clone().unwrap_or_default());
    object.headers = StoredHeaders {
        cache_control: h.cache_control.clone(),
        content_disposition: h.content_disposition.clone(),
        content_encoding: h.content_encoding.clone(),
        content_language: h.content_language.clone(),
    };
}

/// HTTP delivers `x-amz-meta-*` names in lower case, so S3 keeps them so.
pub(crate) fn lower_keys(m: BTreeMap<String, String>) -> BTreeMap<String, String> {
    m.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect()
}

/// The version a GET or HEAD reads: the one named, or the newest (a delete marker there reads
/// as a missing key).
fn version_to_read<'a>(
    b: &'a crate::s3::model::Bucket,
    key: &str,
    version_id: Option<&str>,
) -> Result<(&'a Object, Option<&'a str>), ApiError> {
    let versions = b.keys.get(key);
    let reported = |v: &'a Version| match b.versioning {
        Versioning::Unversioned => None,
        _ => Some(v.version_id.as_str()),
    };
    match version_id {
        Some(id) => {
            let v = versions.and_then(|vs| vs.find(id)).ok_or_else(no_such_version)?;
            let o = v.object.as_ref().ok_or_else(|| {
                s3_error(
                    S3Code::MethodNotAllowed,
                    "The specified method is not allowed against this resource.",
                )
            })?;
            Ok((o, Some(v.version_id.as_str())))
        }
        None => {
            let v = versions.and_then(|vs| vs.latest()).ok_or_else(no_such_key)?;
            let o = v.object.as_ref().ok_or_else(no_such_key)?;
            Ok((o, reported(v)))
        }
    }
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` as the byte span it names in an object of `size`
/// bytes: `None` for a header S3 ignores (it then sends the whole object), InvalidRange for
/// one that starts past the end.
fn range_of(range: &str, size: u64) -> Result<Option<(u64, u64)>, ApiError> {
    let Some(spec) = range.trim().strip_prefix("bytes=") else { return Ok(None) };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.split_once('-') else { return Ok(None) };
    let (a, b) = (a.trim(), b.trim());
    let span = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => (start, end.min(size.saturating_sub(1))),
        (Ok(_), Ok(_)) => return Ok(None),
        (Ok(start), Err(_)) if b.is_empty() => (start, size.saturating_sub(1)),
        (Err(_), Ok(n)) if a.is_empty() => {
            if n == 0 {
                return Err(invalid_range());
            }
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        _ => return Ok(None),
    };
    if span.0 >= size {
        return Err(invalid_range());
    }
    Ok(Some(span))
}

/// Reads an object (or the byte range asked for). Checksums are reported only when asked
/// (`ChecksumMode=ENABLED`) and only for the whole object.
pub fn get_object(s3: &S3, input: GetObjectInput) -> Result<GetObjectOutput, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    let (o, version_id) = version_to_read(b, &input.key, input.version_id.as_deref())?;
    if input.if_match.as_ref().is_some_and(|m| !etag_matches(m, &o.etag)) {
        return Err(s3_error(
            S3Code::PreconditionFailed,
            "At least one of the pre-conditions you specified did not hold",
        ));
    }
    if input.if_none_match.as_ref().is_some_and(|m| etag_matches(m, &o.etag)) {
        return Err(s3_error(S3Code::NotModified, "Not Modified"));
    }
    let size = o.size();
    let span = match &input.range {
        Some(r) => range_of(r, size)?,
        None => None,
    };
    let (body, content_range) = match span {
        Some((a, z)) => {
            let slice: Arc<[u8]> = o.bytes[a as usize..=z as usize].into();
            (slice, Some(format!("bytes {a}-{z}/{size}")))
        }
        None => (o.bytes.clone(), None),
    };
    let with_checksum = input.checksum_mode.as_deref() == Some("ENABLED") && span.is_none();
    let checksum = with_checksum.then(|| o.checksum_crc32.clone()).flatten();
    Ok(GetObjectOutput {
        content_length: body.len() as u64,
        body: Some(Blob(body)),
        accept_ranges: "bytes".into(),
        last_modified: crate::s3::model::wire_time(o.last_modified_ms),
        etag: o.etag.clone(),
        checksum_type: checksum
            .as_ref()
            .map(|c| if c.contains('-') { "COMPOSITE" } else { "FULL_OBJECT" }.to_string()),
        checksum_crc32: checksum,
        version_id: version_id.map(str::to_string),
        content_range,
        content_type: o.content_type.clone(),
        cache_control: o.headers.cache_control.clone(),
        content_disposition: o.headers.content_disposition.clone(),
        content_encoding: o.headers.content_encoding.clone(),
        content_language: o.headers.content_language.clone(),
        encryption: encryption_report(&o.encryption),
        metadata: o.metadata.clone(),
        parts_count: (o.parts > 0 && input.part_number.is_some()).then_some(o.parts),
    })
}

/// GetObject without the body.
pub fn head_object(s3: &S3, input: GetObjectInput) -> Result<GetObjectOutput, ApiError> {
    let mut out = get_object(s3, input)?;
    out.body = None;
    Ok(out)
}

fn etag_matches(condition: &str, etag: &str) -> bool {
    condition
        .split(',')
        .map(str::trim)
        .any(|c| c == "*" || c == etag || c.trim_matches('"') == etag.trim_matches('"'))
}

/// Without a version id: gone in an unversioned bucket; a delete marker on top in a versioned
/// one. With one: that version removed for good.
pub fn delete_object(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: DeleteObjectInput,
) -> Result<DeleteObjectOutput, ApiError> {
    let versioning = bucket(s3, &input.bucket)?.versioning;
    let DeleteObjectInput { bucket: name, key, version_id } = input;
    if let Some(id) = version_id {
        let b = bucket_mut(s3, &name)?;
        let Some(versions) = b.keys.get_mut(&key) else {
            return Ok(DeleteObjectOutput { delete_marker: None, version_id: Some(id) });
        };
        let Some(i) = versions.0.iter().position(|v| v.version_id == id) else {
            return Ok(DeleteObjectOutput { delete_marker: None, version_id: Some(id) });
        };
        let removed = versions.0.remove(i);
        if versions.0.is_empty() {
            b.keys.remove(&key);
        }
        let freed = removed.object.as_ref().map_or(0, Object::size);
        s3.stored_bytes = s3.stored_bytes.saturating_sub(freed);
        ctx.emit(Event::VersionDeleted { bucket: name, key, version_id: id.clone() });
        return Ok(DeleteObjectOutput {
            delete_marker: removed.is_delete_marker().then_some(true),
            version_id: Some(id),
        });
    }
    if versioning == Versioning::Unversioned {
        let b = bucket_mut(s3, &name)?;
        if let Some(gone) = b.keys.remove(&key) {
            let freed: u64 =
                gone.0.iter().filter_map(|v| v.object.as_ref()).map(Object::size).sum();
            s3.stored_bytes = s3.stored_bytes.saturating_sub(freed);
            ctx.emit(Event::ObjectDeleted { bucket: name, key });
        }
        return Ok(DeleteObjectOutput::default());
    }
    let marker_id = match versioning {
        Versioning::Enabled => new_version_id(ctx),
        _ => "null".to_string(),
    };
    let now = whole_seconds(ctx.unix_ms());
    let b = bucket_mut(s3, &name)?;
    let versions = &mut b.keys.entry(key.clone()).or_default().0;
    let mut freed = 0;
    if versioning == Versioning::Suspended {
        freed = versions
            .iter()
            .filter(|v| v.version_id == "null")
            .filter_map(|v| v.object.as_ref())
            .map(Object::size)
            .sum();
        versions.retain(|v| v.version_id != "null");
    }
    versions.push(Version { version_id: marker_id.clone(), last_modified_ms: now, object: None });
    s3.stored_bytes = s3.stored_bytes.saturating_sub(freed);
    ctx.emit(Event::DeleteMarkerCreated { bucket: name, key, version_id: marker_id.clone() });
    Ok(DeleteObjectOutput { delete_marker: Some(true), version_id: Some(marker_id) })
}

/// Up to 1,000 keys; each answered in `Deleted` (unless `Quiet`) or `Errors`.
pub fn delete_objects(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: DeleteObjectsInput,
) -> Result<DeleteObjectsOutput, ApiError> {
    bucket(s3, &input.bucket)?;
    let objects = input.delete.objects;
    if objects.is_empty() || objects.len() > 1000 {
        return Err(malformed_xml());
    }
    let quiet = input.delete.quiet.unwrap_or(false);
    let mut out = DeleteObjectsOutput::default();
    for o in objects {
        let one = DeleteObjectInput {
            bucket: input.bucket.clone(),
            key: o.key.clone(),
            version_id: o.version_id.clone(),
        };
        match delete_object(s3, ctx, one) {
            Ok(r) if quiet => drop(r),
            Ok(r) => {
                let marker = r.delete_marker == Some(true);
                let named = o.version_id.is_some();
                out.deleted.push(DeletedObject {
                    key: o.key,
                    version_id: o.version_id,
                    delete_marker: marker.then_some(true),
                    delete_marker_version_id: if marker && !named { r.version_id } else { None },
                });
            }
            Err(e) => out.errors.push(DeleteError {
                key: o.key,
                version_id: o.version_id,
                code: e.code.to_string(),
                message: e.message,
            }),
        }
    }
    Ok(out)
}

/// Copies an object (within or across buckets). `MetadataDirective` COPY (the default) keeps
/// the source's content type and metadata; REPLACE takes the request's. Copying an object
/// onto itself must change something.
pub fn copy_object(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: CopyObjectInput,
) -> Result<CopyObjectOutput, ApiError> {
    check_key(&input.key)?;
    let (src_bucket, src_key, src_version) = parse_copy_source(&input.copy_source)?;
    let replace = match input.metadata_directive.as_deref() {
        None | Some("COPY") => false,
        Some("REPLACE") => true,
        Some(_) => return Err(invalid_argument("Unknown metadata directive.")),
    };
    bucket(s3, &input.bucket)?;
    let src = bucket(s3, &src_bucket)?;
    let (o, read_version) = version_to_read(src, &src_key, src_version.as_deref())?;
    let source_version = read_version.map(str::to_string);
    if src_bucket == input.bucket
        && src_key == input.key
        && !replace
        && input.headers.server_side_encryption.is_none()
    {
        return Err(s3_error(
            S3Code::InvalidRequest,
            "This copy request is illegal because it is trying to copy an object to itself \
             without changing the object's metadata, storage class, website redirect location \
             or encryption attributes.",
        ));
    }
    let dest_default = bucket(s3, &input.bucket)?.encryption.clone();
    let encryption = requested_encryption(&input.headers, &dest_default, ctx)?;
    let mut copy = Object::new(&input.key, o.bytes.clone(), ctx.unix_ms());
    copy.etag = etag_of(&o.bytes);
    if replace {
        apply_headers(&mut copy, &input.headers);
    } else {
        copy.content_type = o.content_type.clone();
        copy.metadata = o.metadata.clone();
        copy.headers = o.headers.clone();
    }
    copy.checksum_crc32 = o.checksum_crc32.as_ref().map(|_| crc32_base64(&o.bytes));
    copy.encryption = encryption.clone();
    let (etag, last_modified) = (copy.etag.clone(), copy.last_modified_ms);
    let version_id = store_version(s3, ctx, &input.bucket, copy)?;
    Ok(CopyObjectOutput {
        copy_object_result: CopyObjectResult {
            etag,
            last_modified: crate::s3::model::wire_time(last_modified),
        },
        copy_source_version_id: source_version,
        version_id,
        encryption: encryption_report(&encryption),
    })
}

/// `[/]bucket/key[?versionId=id]`, percent-encoded.
fn parse_copy_source(source: &str) -> Result<(String, String, Option<String>), ApiError> {
    let (path, version) = match source.split_once("?versionId=") {
        Some((p, v)) => (p, Some(percent_decode(v))),
        None => (source, None),
    };
    let path = percent_decode(path.trim_start_matches('/'));
    match path.split_once('/') {
        Some((b, k)) if !b.is_empty() && !k.is_empty() => {
            Ok((b.to_string(), k.to_string(), version))
        }
        _ => Err(invalid_argument(
            "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
        )),
    }
}

/// A CopySource's `%XX` escapes decoded (`+` is a plus there, as in a path).
pub fn percent_decode(text: &str) -> String {
    crate::api::percent::percent_decode(text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_s3_reads_them() {
        assert_eq!(range_of("bytes=0-9", 100).unwrap(), Some((0, 9)));
        assert_eq!(range_of("bytes=90-200", 100).unwrap(), Some((90, 99)));
        assert_eq!(range_of("bytes=50-", 100).unwrap(), Some((50, 99)));
        assert_eq!(range_of("bytes=-10", 100).unwrap(), Some((90, 99)));
        assert_eq!(range_of("bytes=-500", 100).unwrap(), Some((0, 99)));
        assert_eq!(range_of("items=0-1", 100).unwrap(), None);
        assert_eq!(range_of("bytes=9-1", 100).unwrap(), None);
        assert_eq!(range_of("bytes=0-1,4-5", 100).unwrap(), None);
        assert_eq!(range_of("bytes=100-", 100).unwrap_err().status, 416);
        assert_eq!(range_of("bytes=0-", 0).unwrap_err().status, 416);
    }

    #[test]
    fn copy_sources_decode() {
        assert_eq!(
            parse_copy_source("/b/dir/a%20b.txt?versionId=v1").unwrap(),
            ("b".into(), "dir/a b.txt".into(), Some("v1".into()))
        );
        assert!(parse_copy_source("just-a-bucket").is_err());
        assert_eq!(percent_decode("%zz%41"), "%zzA");
    }
}
