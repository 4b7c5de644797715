//! Multipart upload: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
//! AbortMultipartUpload, ListParts, ListMultipartUploads.

use md5::{Digest, Md5};

use super::objects::{apply_headers, requested_encryption, store_version};
use super::*;
use crate::s3::limits::{MAX_PART_NUMBER, MIN_PART_BYTES};
use crate::s3::model::{quoted_hex, Object, Part, StoredHeaders, Upload};
use crate::s3::wire::*;

pub fn create_multipart_upload(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: CreateMultipartUploadInput,
) -> Result<CreateMultipartUploadOutput, ApiError> {
    check_key(&input.key)?;
    let default = bucket(s3, &input.bucket)?.encryption.clone();
    let encryption = requested_encryption(&input.headers, &default, ctx)?;
    let algorithm = match input.checksum_algorithm.as_deref() {
        None => None,
        Some("CRC32") => Some("CRC32".to_string()),
        Some(other) => return Err(not_implemented(&format!("the {other} checksum algorithm"))),
    };
    let upload_id = ctx.rng.alnum(64);
    // The object's headers are fixed now, as S3 takes them from this request.
    let mut template = Object::new(&input.key, Vec::new().into(), ctx.unix_ms());
    apply_headers(&mut template, &input.headers);
    let upload = Upload {
        upload_id: upload_id.clone(),
        key: input.key.clone(),
        initiated_ms: ctx.unix_ms(),
        content_type: template.content_type,
        metadata: template.metadata,
        headers: template.headers,
        checksum_algorithm: algorithm.clone(),
        encryption: encryption.clone(),
        parts: Default::default(),
    };
    bucket_mut(s3, &input.bucket)?.uploads.insert(upload_id.clone(), upload);
    ctx.emit(Event::MultipartStarted {
        bucket: input.bucket.clone(),
        key: input.key.clone(),
        upload_id: upload_id.clone(),
    });
    Ok(CreateMultipartUploadOutput {
        bucket: input.bucket,
        key: input.key,
        upload_id,
        encryption: encryption_report(&encryption),
        checksum_type: algorithm.as_ref().map(|_| "COMPOSITE".to_string()),
        checksum_algorithm: algorithm,
    })
}

fn upload<'a>(s3: &'a S3, bucket_name: &str, key: &str, id: &str) -> Result<&'a Upload, ApiError> {
    bucket(s3, bucket_name)?.uploads.get(id).filter(|u| u.key == key).ok_or_else(no_such_upload)
}

fn part_number(n: i64) -> Result<u32, ApiError> {
    if !(1..=MAX_PART_NUMBER).contains(&n) {
        return Err(invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive",
        ));
    }
    Ok(n as u32)
}

pub fn upload_part(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: UploadPartInput,
) -> Result<UploadPartOutput, ApiError> {
    let number = part_number(input.part_number)?;
    let u = upload(s3, &input.bucket, &input.key, &input.upload_id)?;
    let bytes = input.body.0;
    check_digests(&bytes, input.content_md5.as_deref(), input.checksum_crc32.as_deref())?;
    let replaced = u.parts.get(&number).map_or(0, |p| p.bytes.len() as u64);
    let size = bytes.len() as u64;
    if size > replaced {
        reserve(s3, size - replaced)?;
    }
    let encryption = u.encryption.clone();
    let checksum = input
        .checksum_crc32
        .clone()
        .or_else(|| u.checksum_algorithm.as_ref().map(|_| crc32_base64(&bytes)));
    let part = Part {
        etag: quoted_hex(&Md5::digest(&bytes)),
        bytes,
        last_modified_ms: crate::s3::model::whole_seconds(ctx.unix_ms()),
        checksum_crc32: checksum.clone(),
    };
    let etag = part.etag.clone();
    let u = bucket_mut(s3, &input.bucket)?
        .uploads
        .get_mut(&input.upload_id)
        .ok_or_else(no_such_upload)?;
    u.parts.insert(number, part);
    s3.stored_bytes = s3.stored_bytes.saturating_sub(replaced).saturating_add(size);
    ctx.emit(Event::PartUploaded {
        bucket: input.bucket,
        key: input.key,
        part_number: number,
        size,
    });
    Ok(UploadPartOutput {
        etag,
        checksum_crc32: checksum,
        encryption: encryption_report(&encryption),
    })
}

/// Joins the listed parts, in ascending order, each matching an uploaded part's ETag, every one
/// but the last at least 5 MiB. The ETag is the MD5 of the parts' binary MD5s, `-`, the count.
pub fn complete_multipart_upload(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: CompleteMultipartUploadInput,
) -> Result<CompleteMultipartUploadOutput, ApiError> {
    let u = upload(s3, &input.bucket, &input.key, &input.upload_id)?;
    let listed = input.multipart_upload.map(|m| m.parts).unwrap_or_default();
    if listed.is_empty() {
        return Err(malformed_xml());
    }
    if listed.windows(2).any(|w| w[1].part_number <= w[0].part_number) {
        return Err(s3_error(
            S3Code::InvalidPartOrder,
            "The list of parts was not in ascending order. Parts must be ordered by part number.",
        ));
    }
    let invalid_part = || {
        s3_error(
            S3Code::InvalidPart,
            "One or more of the specified parts could not be found.  The part may not have been \
             uploaded, or the specified entity tag may not match the part's entity tag.",
        )
    };
    let mut parts = Vec::with_capacity(listed.len());
    for p in &listed {
        let stored = u32::try_from(p.part_number)
            .ok()
            .and_then(|n| u.parts.get(&n))
            .ok_or_else(invalid_part)?;
        let etag_ok = p.etag.trim_matches('"') == stored.etag.trim_matches('"');
        let crc_ok =
            p.checksum_crc32.as_ref().is_none_or(|c| Some(c) == stored.checksum_crc32.as_ref());
        if !etag_ok || !crc_ok {
            return Err(invalid_part());
        }
        parts.push(stored);
    }
    let (last, rest) = parts.split_last().ok_or_else(malformed_xml)?;
    let _ = last;
    if rest.iter().any(|p| (p.bytes.len() as u64) < MIN_PART_BYTES) {
        return Err(s3_error(
            S3Code::EntityTooSmall,
            "Your proposed upload is smaller than the minimum allowed size",
        ));
    }
    let mut bytes = Vec::with_capacity(parts.iter().map(|p| p.bytes.len()).sum());
    let mut md5s = Vec::with_capacity(parts.len() * 16);
    let mut crcs = Vec::with_capacity(parts.len() * 4);
    for p in &parts {
        bytes.extend_from_slice(&p.bytes);
        md5s.extend_from_slice(&Md5::digest(&p.bytes));
        crcs.extend_from_slice(&crc32fast::hash(&p.bytes).to_be_bytes());
    }
    let count = parts.len();
    let etag = format!("{}-{count}\"", quoted_hex(&Md5::digest(&md5s)).trim_end_matches('"'));
    let checksum =
        u.checksum_algorithm.as_ref().map(|_| format!("{}-{count}", crc32_base64_raw(&crcs)));
    let (content_type, metadata, headers, encryption) =
        (u.content_type.clone(), u.metadata.clone(), u.headers.clone(), u.encryption.clone());
    // The parts' bytes move into the object: free them first, the object reserves its own.
    let b = bucket_mut(s3, &input.bucket)?;
    let finished = b.uploads.remove(&input.upload_id).ok_or_else(no_such_upload)?;
    let freed: u64 = finished.parts.values().map(|p| p.bytes.len() as u64).sum();
    s3.stored_bytes = s3.stored_bytes.saturating_sub(freed);
    let mut object = Object::new(&input.key, bytes.into(), ctx.unix_ms());
    object.etag = etag.clone();
    object.content_type = content_type;
    object.metadata = metadata;
    object.headers = StoredHeaders { ..headers };
    object.checksum_crc32 = checksum;
    object.parts = count as u32;
    object.encryption = encryption.clone();
    let version_id = store_version(s3, ctx, &input.bucket, object)?;
    Ok(CompleteMultipartUploadOutput {
        location: format!(
            "https://{}.s3.{}.amazonaws.com/{}",
            input.bucket,
            ctx.config.region,
            super::listing::url_encode(&input.key)
        ),
        bucket: input.bucket,
        key: input.key,
        etag,
        version_id,
        encryption: encryption_report(&encryption),
    })
}

/// The CRC32 of the parts' CRC32s, base64 (a composite checksum, before its `-N`).
fn crc32_base64_raw(crcs: &[u8]) -> String {
    crc32_base64(crcs)
}

pub fn abort_multipart_upload(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: UploadInput,
) -> Result<Empty, ApiError> {
    upload(s3, &input.bucket, &input.key, &input.upload_id)?;
    let b = bucket_mut(s3, &input.bucket)?;
    let gone = b.uploads.remove(&input.upload_id).ok_or_else(no_such_upload)?;
    let freed: u64 = gone.parts.values().map(|p| p.bytes.len() as u64).sum();
    s3.stored_bytes = s3.stored_bytes.saturating_sub(freed);
    ctx.emit(Event::MultipartAborted {
        bucket: input.bucket,
        key: input.key,
        upload_id: input.upload_id,
    });
    Ok(Empty)
}

pub fn list_parts(s3: &S3, account: &str, input: UploadInput) -> Result<ListPartsOutput, ApiError> {
    let u = upload(s3, &input.bucket, &input.key, &input.upload_id)?;
    let max = input.max_parts.unwrap_or(1000).clamp(0, 1000);
    let after: u32 = match input.part_number_marker.as_deref() {
        None | Some("") => 0,
        Some(m) => m.parse().map_err(|_| {
            invalid_argument("Provided part-number-marker not an integer or within integer range")
        })?,
    };
    let mut listed = u.parts.range(after + 1..);
    let parts: Vec<PartEntry> = listed
        .by_ref()
        .take(max as usize)
        .map(|(n, p)| PartEntry {
            part_number: *n,
            last_modified: crate::s3::model::wire_time(p.last_modified_ms),
            etag: p.etag.clone(),
            size: p.bytes.len() as u64,
            checksum_crc32: p.checksum_crc32.clone(),
        })
        .collect();
    let truncated = listed.next().is_some();
    let me = owner(account);
    Ok(ListPartsOutput {
        bucket: input.bucket,
        key: input.key,
        upload_id: input.upload_id,
        part_number_marker: after.to_string(),
        next_part_number_marker: parts.last().map(|p| p.part_number.to_string()),
        max_parts: max,
        is_truncated: truncated,
        parts,
        initiator: me.clone(),
        owner: me,
        storage_class: "STANDARD".into(),
        checksum_algorithm: u.checksum_algorithm.clone(),
    })
}

/// Unfinished uploads by key, then by when they started.
pub fn list_multipart_uploads(
    s3: &S3,
    account: &str,
    input: ListMultipartUploadsInput,
) -> Result<ListMultipartUploadsOutput, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    let max = input.max_uploads.unwrap_or(1000).clamp(0, 1000) as usize;
    let prefix = input.prefix.clone().unwrap_or_default();
    let key_marker = input.key_marker.clone().unwrap_or_default();
    let id_marker = input.upload_id_marker.clone().unwrap_or_default();
    let mut all: Vec<&Upload> = b.uploads.values().filter(|u| u.key.starts_with(&prefix)).collect();
    all.sort_by(|a, b| {
        (&a.key, a.initiated_ms, &a.upload_id).cmp(&(&b.key, b.initiated_ms, &b.upload_id))
    });
    let mut listed = all.into_iter().filter(|u| {
        key_marker.is_empty()
            || u.key > key_marker
            || (u.key == key_marker && !id_marker.is_empty() && u.upload_id > id_marker)
    });
    let me = owner(account);
    let uploads: Vec<UploadEntry> = listed
        .by_ref()
        .take(max)
        .map(|u| UploadEntry {
            upload_id: u.upload_id.clone(),
            key: u.key.clone(),
            initiated: crate::s3::model::wire_time(u.initiated_ms),
            storage_class: "STANDARD".into(),
            owner: me.clone(),
            initiator: me.clone(),
            checksum_algorithm: u.checksum_algorithm.clone(),
        })
        .collect();
    let truncated = listed.next().is_some();
    Ok(ListMultipartUploadsOutput {
        bucket: input.bucket,
        key_marker,
        upload_id_marker: id_marker,
        next_key_marker: uploads.last().map(|u| u.key.clone()),
        next_upload_id_marker: uploads.last().map(|u| u.upload_id.clone()),
        prefix,
        max_uploads: max as i64,
        is_truncated: truncated,
        uploads,
    })
}
