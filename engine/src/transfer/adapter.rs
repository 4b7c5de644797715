//! The device's S3 endpoint: `aws s3 cp FILE s3://bucket/key --endpoint http://192.0.2.0:8080`
//! typed while a Snowball's device is on site. The Edge guide's "S3 adapter HTTP endpoint"
//! (port 8080, HTTPS on 8443) takes S3 calls and writes onto the device: encrypted like any
//! copy, counted against its capacity, listed by the device (`snowball ls`, the view) and
//! imported into the bucket at AWS after the return, never written into S3 now.
//!
//! The console's `aws s3` commands reach it as `AWSIESnowballJobManagementService.DeviceS3`
//! with `{"Endpoint", "Action", "Input"}` (the S3 action and its input as the CLI built them):
//! a sandbox action beside the job API, as the device is not an AWS service. The adapter
//! serves what the `aws s3` commands need: ListBuckets (the job's buckets, the device's root
//! folders), ListObjectsV2, HeadObject, GetObject, PutObject.
//!
//! Where nothing listens the CLI cannot connect: the answer is
//! [`ENDPOINT_CONNECTION_ERROR`], which the console words as the CLI does (`Could not connect
//! to the endpoint URL: "http://IP:8080/bucket/key"`). The sandbox's choices, as AWS documents
//! none: every device answers on the user guide's address 192.0.2.0 (the classic client's
//! too), and with several on site the newest job's unlocked one answers; a device that is on
//! site but locked has not started its S3 service, so it refuses connections like an address
//! with no device, and the answer carries a note saying so.

use super::client::DEVICE_IP;
use super::device::{copy_ms, store_encrypted, MAX_FILE_BYTES, MAX_KEY_BYTES};
use super::model::*;
use super::ops::messages::{file_too_big, key_too_long, over_capacity};
use super::{crypto, edge, Snowball};
use crate::api::wire::Timestamp;
use crate::api::{ApiError, ErrorCode};
use crate::s3::ops::errors::S3Code;
use crate::s3::ops::errors::{as_head_error, no_such_bucket, no_such_key, s3_error};
use crate::sim::{Ctx, Services};

/// The action's name in the Snowball dispatch.
pub const ACTION: &str = "DeviceS3";
/// The error code the console turns into the CLI's connection failure.
pub const ENDPOINT_CONNECTION_ERROR: &str = "EndpointConnectionError";
/// "8080 (HTTP) | TCP | S3 adapter HTTP endpoint", and 8443 for HTTPS (the guide's ports).
pub const HTTP_PORT: u16 = 8080;
pub const HTTPS_PORT: u16 = 8443;
/// "The S3 interface has a data transfer rate typically between 250 MB/s and 400 MB/s": the
/// low end, so a copy is not shown faster than the guide promises.
pub const ADAPTER_RATE_MB_S: u64 = 250;

/// Nothing answers at the address; `note` (the sandbox's) says why when a device is there.
fn unreachable(note: Option<String>) -> ApiError {
    ApiError::new(ErrorCode::Other(ENDPOINT_CONNECTION_ERROR.into()), note.unwrap_or_default())
}

/// `http://192.0.2.0:8080/` into (scheme, host, port); the port defaults by scheme.
pub fn parse_endpoint(url: &str) -> Option<(String, String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (h, p.parse().ok()?),
        _ => (authority, if scheme == "https" { 443 } else { 80 }),
    };
    (!host.is_empty()).then(|| (scheme, host.to_ascii_lowercase(), port))
}

/// The job whose device answers at `endpoint`, or why nothing does.
fn device_at<'a>(sb: &'a Snowball, endpoint: &str) -> Result<&'a str, ApiError> {
    let Some((scheme, host, port)) = parse_endpoint(endpoint) else {
        return Err(unreachable(None));
    };
    let adapter_port = match scheme.as_str() {
        "http" => HTTP_PORT,
        "https" => HTTPS_PORT,
        _ => return Err(unreachable(None)),
    };
    if host != DEVICE_IP || port != adapter_port {
        return Err(unreachable(None));
    }
    let on_site: Vec<&Job> = sb
        .job_order
        .iter()
        .rev()
        .filter_map(|id| sb.jobs.get(id))
        .filter(|j| j.state == JobState::WithCustomer)
        .collect();
    if let Some(j) = on_site.iter().find(|j| j.appliance.unlocked) {
        return Ok(&j.id);
    }
    match on_site.first() {
        None => Err(unreachable(None)),
        Some(j) => Err(unreachable(Some(format!(
            "(The sandbox: the Snowball of job {} at {DEVICE_IP} is locked, and a locked device \
             has not started its S3 adapter, so nothing listens on port {adapter_port}. Unlock \
             it first: snowballEdge unlock-device, or snowball start -i {DEVICE_IP} -m \
             MANIFEST -u CODE in the transfer view. AWS documents no other answer.)",
            j.id
        )))),
    }
}

/// Runs one S3 call against the device at the request's endpoint. Never panics.
pub(crate) fn device_s3(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    body: &str,
) -> Result<String, ApiError> {
    // `{"Endpoint", "Action", "Input"}`, read as a plain JSON value (no request type of its
    // own: the engine is in the page's first module, where every byte counts).
    let req: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| ApiError::serialization(format!("DeviceS3: {e}")))?;
    let field = |k: &str| req.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let sb = &mut services.snowball;
    let job_id = device_at(sb, field("Endpoint"))?.to_string();
    let Some(job) = sb.jobs.get_mut(&job_id) else { return Err(unreachable(None)) };
    let input = req.get("Input").cloned().unwrap_or_default();
    let text = |k: &str| input.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let bucket = text("Bucket");
    let action = field("Action");
    let result = match action {
        "ListBuckets" => Ok(list_buckets(job)),
        "ListObjectsV2" => list_objects(job, &bucket, &input),
        "HeadObject" => read(job, &bucket, &text("Key"), None).map_err(as_head_error),
        "GetObject" => read(job, &bucket, &text("Key"), Some(&text("Range"))),
        "PutObject" => decode(&text("Body"))
            .and_then(|body| put(job, ctx, &bucket, &text("Key"), body))
            .map(|etag| serde_json::json!({"ETag": etag})),
        "CreateMultipartUpload" => start_upload(job, ctx, &bucket, &text("Key")),
        "UploadPart" => upload_part(job, &input),
        "CompleteMultipartUpload" => complete_upload(job, ctx, &bucket, &input),
        "AbortMultipartUpload" => {
            let id = text("UploadId");
            job.appliance.uploads.retain(|u| u.id != id);
            Ok(serde_json::json!({}))
        }
        _ => Err(s3_error(
            S3Code::NotImplemented,
            format!(
                "A header you provided implies functionality that is not implemented (the \
                 sandbox's S3 adapter on the Snowball serves ListBuckets, ListObjectsV2, \
                 HeadObject, GetObject, PutObject and multipart uploads, not {action})."
            ),
        )),
    };
    result.map(|v| v.to_string()).map_err(|e| e.with_action(action))
}

fn list_buckets(job: &Job) -> serde_json::Value {
    let created = serde_json::to_value(Timestamp(job.created_ms)).unwrap_or_default();
    let buckets: Vec<serde_json::Value> = job
        .buckets()
        .into_iter()
        .map(|b| serde_json::json!({"Name": b, "CreationDate": created}))
        .collect();
    serde_json::json!({"Buckets": buckets, "Owner": {"ID": job.snowball_id}})
}

/// The device's root folders are the job's buckets; any other is not there.
fn check_bucket(job: &Job, bucket: &str) -> Result<(), ApiError> {
    if job.buckets().iter().any(|b| b == bucket) {
        Ok(())
    } else {
        Err(no_such_bucket())
    }
}

/// S3's `EncodingType=url`: every byte but the unreserved ones and `/` percent-encoded.
fn url_encode(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn list_objects(
    job: &Job,
    bucket: &str,
    input: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    check_bucket(job, bucket)?;
    let text = |k: &str| input.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let prefix = text("Prefix");
    let delimiter = text("Delimiter");
    let after = text("ContinuationToken");
    let max = input.get("MaxKeys").and_then(|v| v.as_u64()).unwrap_or(1000).clamp(1, 1000);
    let encode = text("EncodingType") == "url";
    let shown = |k: &str| if encode { url_encode(k) } else { k.to_string() };
    let folder = format!("{bucket}/");
    let a = &job.appliance;
    // Keys and the common prefixes a delimiter folds them into, in key order.
    let mut entries: Vec<(String, Option<&StoredFile>)> = Vec::new();
    for (path, file) in a.files.range(folder.clone()..) {
        let Some(key) = path.strip_prefix(&folder) else { break };
        if !key.starts_with(&prefix) || (!after.is_empty() && key <= after.as_str()) {
            continue;
        }
        let rest = &key[prefix.len()..];
        match rest.find(delimiter.as_str()).filter(|_| !delimiter.is_empty()) {
            Some(at) => {
                let common = format!("{prefix}{}", &rest[..at + delimiter.len()]);
                if entries.last().map(|(k, _)| k) != Some(&common) {
                    entries.push((common, None));
                }
            }
            None => entries.push((key.to_string(), Some(file))),
        }
    }
    let truncated = entries.len() as u64 > max;
    entries.truncate(max as usize);
    let mut contents = Vec::new();
    let mut prefixes = Vec::new();
    for (key, file) in &entries {
        match file {
            None => prefixes.push(serde_json::json!({"Prefix": shown(key)})),
            Some(f) => {
                let when =
                    a.modified_ms.get(&format!("{folder}{key}")).copied().unwrap_or(0) as i64;
                let mut c = serde_json::json!({
                    "Key": shown(key),
                    "LastModified": serde_json::to_value(Timestamp(when)).unwrap_or_default(),
                    "Size": f.bytes(),
                    "StorageClass": "STANDARD",
                });
                if let StoredFile::Encrypted { md5_hex, .. } = f {
                    c["ETag"] = format!("\"{md5_hex}\"").into();
                }
                contents.push(c);
            }
        }
    }
    let mut out = serde_json::json!({
        "IsTruncated": truncated,
        "Name": bucket,
        "Prefix": shown(&prefix),
        "MaxKeys": max,
        "KeyCount": entries.len(),
    });
    if !contents.is_empty() {
        out["Contents"] = contents.into();
    }
    if !prefixes.is_empty() {
        out["CommonPrefixes"] = prefixes.into();
    }
    if !delimiter.is_empty() {
        out["Delimiter"] = shown(&delimiter).into();
    }
    if encode {
        out["EncodingType"] = "url".into();
    }
    if truncated {
        if let Some((last, _)) = entries.last() {
            out["NextContinuationToken"] = last.clone().into();
        }
    }
    Ok(out)
}

/// `bytes=START-END` or `bytes=START-` of a body of `len` bytes: the half-open range.
fn byte_range(range: &str, len: usize) -> Option<(usize, usize)> {
    let (start, end) = range.strip_prefix("bytes=")?.split_once('-')?;
    let start: usize = start.parse().ok()?;
    let end = if end.is_empty() { len } else { end.parse::<usize>().ok()?.saturating_add(1) };
    (start < len && start < end).then_some((start, end.min(len)))
}

/// A file of the device, decrypted in the workstation's memory; HeadObject (no `range`): its
/// metadata; a GetObject's `Range` (the CLI's 8 MiB pieces): that part.
fn read(
    job: &Job,
    bucket: &str,
    key: &str,
    range: Option<&str>,
) -> Result<serde_json::Value, ApiError> {
    let body = range.is_some();
    check_bucket(job, bucket)?;
    let path = format!("{bucket}/{key}");
    let a = &job.appliance;
    let file = a.files.get(&path).ok_or_else(no_such_key)?;
    let when = a.modified_ms.get(&path).copied().unwrap_or(0) as i64;
    let mut out = serde_json::json!({
        "ContentLength": file.bytes(),
        "LastModified": serde_json::to_value(Timestamp(when)).unwrap_or_default(),
        "AcceptRanges": "bytes",
    });
    match file {
        StoredFile::Encrypted { nonce, ciphertext, md5_hex, .. } => {
            out["ETag"] = format!("\"{md5_hex}\"").into();
            if body {
                let plain =
                    crypto::decrypt(&a.data_key, nonce, ciphertext).ok_or_else(no_such_key)?;
                let part = match range.filter(|r| !r.is_empty()) {
                    None => &plain[..],
                    Some(r) => {
                        let (start, end) = byte_range(r, plain.len()).ok_or_else(|| {
                            s3_error(S3Code::InvalidRange, "The requested range is not satisfiable")
                        })?;
                        out["ContentRange"] =
                            format!("bytes {start}-{}/{}", end - 1, plain.len()).into();
                        out["ContentLength"] = (end - start).into();
                        &plain[start..end]
                    }
                };
                use base64::Engine as _;
                out["Body"] = base64::engine::general_purpose::STANDARD.encode(part).into();
            }
        }
        StoredFile::Described { .. } if body => {
            // Data described by its size has no bytes to send.
            return Err(s3_error(
                S3Code::NotImplemented,
                format!(
                    "A header you provided implies functionality that is not implemented (the \
                     sandbox: {key} is bulk data described by its size, with no bytes to read)."
                ),
            ));
        }
        StoredFile::Described { .. } => {}
    }
    Ok(out)
}

fn decode(body_b64: &str) -> Result<Vec<u8>, ApiError> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(body_b64)
        .map_err(|_| s3_error(S3Code::InvalidArgument, "The body is not base64."))
}

fn start_upload(
    job: &mut Job,
    ctx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
) -> Result<serde_json::Value, ApiError> {
    check_bucket(job, bucket)?;
    if key.is_empty() || format!("{bucket}/{key}").len() > MAX_KEY_BYTES {
        return Err(key_too_long("CreateMultipartUpload"));
    }
    let id = ctx.rng.alnum(32);
    let path = format!("{bucket}/{key}");
    job.appliance.uploads.push(Upload { id: id.clone(), path, parts: Vec::new() });
    Ok(serde_json::json!({"Bucket": bucket, "Key": key, "UploadId": id}))
}

/// S3's answer to an upload id it does not know.
fn no_such_upload() -> ApiError {
    crate::s3::ops::errors::no_such_upload()
}

fn upload_part(job: &mut Job, input: &serde_json::Value) -> Result<serde_json::Value, ApiError> {
    let id = input.get("UploadId").and_then(|v| v.as_str()).unwrap_or_default();
    let number = input.get("PartNumber").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
    if !(1..=10_000).contains(&number) {
        return Err(s3_error(
            S3Code::InvalidArgument,
            "Part number must be an integer between 1 and 10000, inclusive",
        ));
    }
    let body = decode(input.get("Body").and_then(|v| v.as_str()).unwrap_or_default())?;
    let etag = format!("\"{}\"", crypto::md5_hex(&body));
    let upload =
        job.appliance.uploads.iter_mut().find(|u| u.id == id).ok_or_else(no_such_upload)?;
    // A part sent again replaces the first; the parts are kept in number order.
    upload.parts.retain(|(n, _)| *n != number);
    let at = upload.parts.partition_point(|(n, _)| *n < number);
    upload.parts.insert(at, (number, body));
    Ok(serde_json::json!({"ETag": etag}))
}

/// The parts joined in part-number order and written as one PUT would write them.
fn complete_upload(
    job: &mut Job,
    ctx: &mut Ctx<'_>,
    bucket: &str,
    input: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let id = input.get("UploadId").and_then(|v| v.as_str()).unwrap_or_default();
    let key = input.get("Key").and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let at = job.appliance.uploads.iter().position(|u| u.id == id).ok_or_else(no_such_upload)?;
    if job.appliance.uploads[at].path != format!("{bucket}/{key}") {
        return Err(no_such_upload());
    }
    let parts = job.appliance.uploads.remove(at).parts;
    // S3's multipart ETag: the MD5 of the parts' MD5s, and their count.
    use md5::{Digest, Md5};
    let mut of_parts = Md5::new();
    for (_, part) in &parts {
        of_parts.update(Md5::digest(part));
    }
    let hex: String = of_parts.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{hex}-{}\"", parts.len());
    let body: Vec<u8> = parts.into_iter().flat_map(|(_, b)| b).collect();
    put(job, ctx, bucket, &key, body)?;
    Ok(serde_json::json!({"Bucket": bucket, "Key": key, "ETag": etag}))
}

/// A PUT through the adapter: the job's functions on this bucket run first, then the bytes
/// are encrypted onto the device. Several PUTs in a row queue behind each other at the
/// adapter's rate (the copy in progress runs on, this one after it). Answers the ETag.
fn put(
    job: &mut Job,
    ctx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
    body: Vec<u8>,
) -> Result<String, ApiError> {
    const A: &str = "PutObject";
    check_bucket(job, bucket)?;
    if key.is_empty() || format!("{bucket}/{key}").len() > MAX_KEY_BYTES {
        return Err(key_too_long(A));
    }
    if body.len() as u64 > MAX_FILE_BYTES {
        return Err(file_too_big(A));
    }
    let path = format!("{bucket}/{key}");
    let a = &job.appliance;
    let replaced = a.files.get(&path).map_or(0, StoredFile::bytes);
    let free = a.capacity_bytes.saturating_sub(a.used_bytes.saturating_sub(replaced));
    let bytes = body.len() as u64;
    if bytes > free {
        return Err(over_capacity(A, free, bytes));
    }
    let etag = format!("\"{}\"", crypto::md5_hex(&body));
    let functions = edge::triggered(&job.resources, bucket);
    let (mut body, mut stored_path) = (body, path);
    for (_, program) in &functions {
        body = program.run(&body);
        stored_path.push_str(program.key_suffix());
    }
    let now = ctx.unix_ms();
    let a = &mut job.appliance;
    store_encrypted(a, &stored_path, &body);
    a.modified_ms.insert(stored_path, now.max(0) as u64);
    // Queued behind a copy still running, at that copy's rate; else a copy of its own.
    if a.copy_until_ms > now {
        let ms = copy_ms(bytes, a.copy_rate.max(1));
        a.copy_until_ms += ms as i64;
        a.copy_bytes = a.copy_bytes.saturating_add(bytes);
    } else {
        let ms = copy_ms(bytes, ADAPTER_RATE_MB_S);
        a.copy_started_ms = now;
        a.copy_until_ms = now + ms as i64;
        a.copy_bytes = bytes;
        a.copy_rate = ADAPTER_RATE_MB_S;
    }
    let until_ms = a.copy_until_ms;
    ctx.emit(Event::CopiedToDevice { job_id: job.id.clone(), files: 1, objects: 1, bytes });
    for (arn, _) in &functions {
        let runs = job.lambda_runs.entry(arn.clone()).or_default();
        *runs = (runs.0.saturating_add(1), runs.1.saturating_add(1));
        ctx.emit(Event::LambdaTriggered {
            job_id: job.id.clone(),
            lambda_arn: arn.clone(),
            files: 1,
        });
    }
    ctx.schedule_in(
        (until_ms - now).max(1) as u64,
        Wake::CopyDone { job: job.id.clone(), until_ms },
    );
    Ok(etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_read_into_scheme_host_and_port() {
        let p = |u: &str| parse_endpoint(u);
        assert_eq!(p("http://192.0.2.0:8080"), Some(("http".into(), "192.0.2.0".into(), 8080)));
        assert_eq!(p("https://192.0.2.0:8443/"), Some(("https".into(), "192.0.2.0".into(), 8443)));
        assert_eq!(p("http://192.0.2.0"), Some(("http".into(), "192.0.2.0".into(), 80)));
        assert_eq!(p("192.0.2.0:8080"), None);
        assert_eq!(p("http://:8080"), None);
        assert_eq!(p("http://192.0.2.0:eighty"), None);
    }

    #[test]
    fn listed_keys_are_url_encoded_as_s3_does() {
        assert_eq!(url_encode("raw/my file+1.csv"), "raw/my%20file%2B1.csv");
    }
}
