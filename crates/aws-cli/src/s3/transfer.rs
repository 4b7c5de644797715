//! `aws s3 cp`, `mv`, `rm` and `sync`: uploads (one PutObject, or a multipart upload in 8 MiB
//! parts from 8 MiB up), downloads (HeadObject, then GetObject, ranged in 8 MiB pieces for
//! large objects), copies within S3, deletes; each reported as the CLI reports it
//! (`upload: ./a.txt to s3://b/a.txt`).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use super::ls::{items, number};
use super::{s3_path, Args, Ctx, MULTIPART_BYTES};
use crate::files::normalize;
use crate::json::Json;
use crate::s3api::{crc32, decode_listing};

/// One object to move: where from, where to.
enum Route {
    Upload {
        file: String,
        bucket: String,
        key: String,
    },
    /// `listed`: size and time from a listing (sync, `--recursive`), so no HeadObject first.
    Download {
        bucket: String,
        key: String,
        file: String,
        listed: Option<(u64, f64)>,
    },
    Copy {
        from: (String, String),
        bucket: String,
        key: String,
    },
}

fn obj(pairs: &[(&str, Json)]) -> Json {
    Json::Object(pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect())
}

fn s(text: &str) -> Json {
    Json::String(text.to_string())
}

/// How the CLI names a local file: `./a.txt` in the working directory, `dir/a.txt` below it.
fn shown(file: &str) -> String {
    let f = normalize(file);
    if f.contains('/') {
        f
    } else {
        format!("./{f}")
    }
}

/// The CLI's guess (Python's `mimetypes`) for the types a learner uploads.
fn content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "js" => "text/javascript",
        "css" => "text/css",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "bin" => "application/octet-stream",
        "parquet" => return None,
        _ => return None,
    })
}

pub fn cp(cx: &mut Ctx<'_>, args: &Args, moving: bool) -> i32 {
    let [src, dest] = args.paths.as_slice() else {
        cx.eprint("\nusage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    let routes = if args.flag("recursive") { expand(cx, src, dest) } else { single(cx, src, dest) };
    let routes = match routes {
        Ok(r) => r,
        Err(message) => {
            cx.eprint(&message);
            return 1;
        }
    };
    let verb = if moving { "move" } else { "copy" };
    let mut failed = false;
    for r in routes {
        failed |= !perform(cx, &r, verb, args, moving);
    }
    i32::from(failed)
}

/// The route of one object; the destination names a folder when it ends in `/` (or is a local
/// folder).
fn single(cx: &mut Ctx<'_>, src: &str, dest: &str) -> Result<Vec<Route>, String> {
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    match (s3_path(src), s3_path(dest)) {
        (None, Some((bucket, key))) => {
            if cx.files.read(src).is_none() {
                return Err(format!("\nThe user-provided path {src} does not exist.\n"));
            }
            let key = if key.is_empty() || key.ends_with('/') {
                format!("{key}{}", base(src))
            } else {
                key
            };
            Ok(vec![Route::Upload { file: normalize(src), bucket, key }])
        }
        (Some((bucket, key)), None) => {
            let file = if dest.ends_with('/') || cx.files.is_dir(dest) {
                normalize(&format!("{dest}/{}", base(&key)))
            } else {
                normalize(dest)
            };
            Ok(vec![Route::Download { bucket, key, file, listed: None }])
        }
        (Some(from), Some((bucket, key))) => {
            let key = if key.is_empty() || key.ends_with('/') {
                format!("{key}{}", base(&from.1))
            } else {
                key
            };
            Ok(vec![Route::Copy { from, bucket, key }])
        }
        (None, None) => Err("\nError: Invalid argument type\n".into()),
    }
}

/// Every object under a local folder or an S3 prefix.
fn expand(cx: &mut Ctx<'_>, src: &str, dest: &str) -> Result<Vec<Route>, String> {
    let join = |prefix: &str, rest: &str| {
        if prefix.is_empty() || prefix.ends_with('/') {
            format!("{prefix}{rest}")
        } else {
            format!("{prefix}/{rest}")
        }
    };
    match (s3_path(src), s3_path(dest)) {
        (None, Some((bucket, key))) => {
            let dir = normalize(src);
            let cut = if dir.is_empty() { 0 } else { dir.len() + 1 };
            Ok(cx
                .files
                .list(&dir)
                .into_iter()
                .map(|f| Route::Upload {
                    key: join(&key, &f.path[cut..]),
                    file: f.path,
                    bucket: bucket.clone(),
                })
                .collect())
        }
        (Some((bucket, prefix)), to) => {
            let listed = list_all(cx, &bucket, &prefix)?;
            Ok(listed
                .into_iter()
                .map(|(key, size, when)| {
                    let rest = key[prefix.len()..].trim_start_matches('/').to_string();
                    match &to {
                        Some((tb, tk)) => Route::Copy {
                            from: (bucket.clone(), key),
                            bucket: tb.clone(),
                            key: join(tk, &rest),
                        },
                        None => Route::Download {
                            bucket: bucket.clone(),
                            key,
                            file: normalize(&join(dest, &rest)),
                            listed: Some((size, when)),
                        },
                    }
                })
                .collect())
        }
        (None, None) => Err("\nError: Invalid argument type\n".into()),
    }
}

/// Every key under `prefix` with its size and last-modified time.
fn list_all(
    cx: &mut Ctx<'_>,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<(String, u64, f64)>, String> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input =
            obj(&[("Bucket", s(bucket)), ("Prefix", s(prefix)), ("EncodingType", s("url"))]);
        if let Some(t) = &token {
            input.insert("ContinuationToken", s(t));
        }
        let mut page = match cx.api("ListObjectsV2", input) {
            Ok(p) => p,
            // The CLI lists in its file generator, which reports a failed connection so.
            Err(e) if cx.unreachable => return Err(format!("fatal error: {e}\n")),
            Err(e) => return Err(format!("\n{e}\n")),
        };
        decode_listing(&mut page);
        for c in items(&page, "Contents") {
            let key = c.get("Key").and_then(Json::as_str).unwrap_or_default().to_string();
            out.push((key, number(c.get("Size")) as u64, number(c.get("LastModified"))));
        }
        token = page.get("NextContinuationToken").and_then(Json::as_str).map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// Moves one object and reports it; false when it failed.
fn perform(cx: &mut Ctx<'_>, r: &Route, verb: &str, args: &Args, moving: bool) -> bool {
    let (kind, from, to, result) = match r {
        Route::Upload { file, bucket, key } => (
            if moving { "move" } else { "upload" },
            shown(file),
            format!("s3://{bucket}/{key}"),
            upload(cx, file, bucket, key, args),
        ),
        Route::Download { bucket, key, file, listed } => (
            if moving { "move" } else { "download" },
            format!("s3://{bucket}/{key}"),
            shown(file),
            download(cx, bucket, key, file, *listed),
        ),
        Route::Copy { from, bucket, key } => (
            verb,
            format!("s3://{}/{}", from.0, from.1),
            format!("s3://{bucket}/{key}"),
            copy(cx, from, bucket, key),
        ),
    };
    let result = result.and_then(|()| {
        if !moving {
            return Ok(());
        }
        match r {
            Route::Upload { file, .. } => {
                cx.files.remove(file);
                Ok(())
            }
            Route::Download { bucket, key, .. } | Route::Copy { from: (bucket, key), .. } => {
                cx.api("DeleteObject", obj(&[("Bucket", s(bucket)), ("Key", s(key))])).map(|_| ())
            }
        }
    });
    match result {
        Ok(()) => {
            cx.print(&format!("{kind}: {from} to {to}\n"));
            true
        }
        // A single download's HeadObject runs in the CLI's file generator: a failed
        // connection there is a "fatal error", not a failed transfer.
        Err(e) if cx.unreachable && matches!(r, Route::Download { listed: None, .. }) => {
            cx.eprint(&format!("fatal error: {e}\n"));
            false
        }
        Err(e) => {
            cx.eprint(&format!("{kind} failed: {from} to {to} {e}\n"));
            false
        }
    }
}

fn upload(
    cx: &mut Ctx<'_>,
    file: &str,
    bucket: &str,
    key: &str,
    args: &Args,
) -> Result<(), String> {
    let bytes = cx.files.read(file).unwrap_or_default();
    let ctype = args.value("content-type").or_else(|| content_type(file));
    let mut head = vec![("Bucket", s(bucket)), ("Key", s(key))];
    if let Some(t) = ctype {
        head.push(("ContentType", s(t)));
    }
    if bytes.len() < MULTIPART_BYTES {
        let mut input = obj(&head);
        input.insert("Body", s(&BASE64.encode(&bytes)));
        input.insert("ChecksumAlgorithm", s("CRC32"));
        input.insert("ChecksumCRC32", s(&crc32(&bytes)));
        return cx.api("PutObject", input).map(|_| ());
    }
    let mut create = obj(&head);
    create.insert("ChecksumAlgorithm", s("CRC32"));
    let started = cx.api("CreateMultipartUpload", create)?;
    let upload_id = started.get("UploadId").and_then(Json::as_str).unwrap_or_default().to_string();
    let mut parts = Vec::new();
    for (i, chunk) in bytes.chunks(MULTIPART_BYTES).enumerate() {
        let number = i as i64 + 1;
        let crc = crc32(chunk);
        let input = obj(&[
            ("Bucket", s(bucket)),
            ("Key", s(key)),
            ("UploadId", s(&upload_id)),
            ("PartNumber", Json::Int(number.into())),
            ("Body", s(&BASE64.encode(chunk))),
            ("ChecksumAlgorithm", s("CRC32")),
            ("ChecksumCRC32", s(&crc)),
        ]);
        let out = cx.api("UploadPart", input)?;
        let etag = out.get("ETag").and_then(Json::as_str).unwrap_or_default().to_string();
        let mut part = obj(&[("ETag", s(&etag)), ("PartNumber", Json::Int(number.into()))]);
        if let Some(c) = out.get("ChecksumCRC32") {
            part.insert("ChecksumCRC32", c.clone());
        }
        parts.push(part);
    }
    let done = obj(&[
        ("Bucket", s(bucket)),
        ("Key", s(key)),
        ("UploadId", s(&upload_id)),
        ("MultipartUpload", obj(&[("Parts", Json::Array(parts))])),
    ]);
    cx.api("CompleteMultipartUpload", done).map(|_| ())
}

/// A single object is looked at first (HeadObject); one from a listing is not. Large objects
/// come in 8 MiB ranges, each pinned to the ETag seen first (`If-Match`).
fn download(
    cx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
    file: &str,
    listed: Option<(u64, f64)>,
) -> Result<(), String> {
    let (size, mtime, etag) = match listed {
        Some((size, when)) => (size as usize, when as i64, Json::Null),
        None => {
            let head = cx.api("HeadObject", obj(&[("Bucket", s(bucket)), ("Key", s(key))]))?;
            let etag = head.get("ETag").cloned().unwrap_or(Json::Null);
            (
                number(head.get("ContentLength")) as usize,
                number(head.get("LastModified")) as i64,
                etag,
            )
        }
    };
    let mut bytes = Vec::with_capacity(size);
    let ranges: Vec<Option<String>> = if size < MULTIPART_BYTES {
        vec![None]
    } else {
        (0..size.div_ceil(MULTIPART_BYTES))
            .map(|i| {
                let start = i * MULTIPART_BYTES;
                let end = start + MULTIPART_BYTES;
                Some(if end >= size {
                    format!("bytes={start}-")
                } else {
                    format!("bytes={start}-{}", end - 1)
                })
            })
            .collect()
    };
    for range in ranges {
        let mut input =
            obj(&[("Bucket", s(bucket)), ("Key", s(key)), ("ChecksumMode", s("ENABLED"))]);
        if let Some(r) = range {
            if etag != Json::Null {
                input.insert("IfMatch", etag.clone());
            }
            input.insert("Range", s(&r));
        }
        let out = cx.api("GetObject", input)?;
        let body = out.get("Body").and_then(Json::as_str).and_then(|b| BASE64.decode(b).ok());
        bytes.extend(body.unwrap_or_default());
    }
    cx.files.write(file, bytes, mtime);
    Ok(())
}

fn copy(cx: &mut Ctx<'_>, from: &(String, String), bucket: &str, key: &str) -> Result<(), String> {
    cx.api("HeadObject", obj(&[("Bucket", s(&from.0)), ("Key", s(&from.1))]))?;
    let source = format!("{}/{}", from.0, from.1);
    cx.api("CopyObject", obj(&[("Bucket", s(bucket)), ("CopySource", s(&source)), ("Key", s(key))]))
        .map(|_| ())
}

pub fn rm(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let path = args.paths.first().cloned().unwrap_or_default();
    let Some((bucket, key)) = s3_path(&path) else {
        cx.eprint("\nusage: aws s3 rm <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    let keys = if args.flag("recursive") {
        match list_all(cx, &bucket, &key) {
            Ok(listed) => listed.into_iter().map(|(k, _, _)| k).collect(),
            Err(e) => {
                cx.eprint(&e);
                return 1;
            }
        }
    } else {
        vec![key]
    };
    let mut failed = false;
    for k in keys {
        match cx.api("DeleteObject", obj(&[("Bucket", s(&bucket)), ("Key", s(&k))])) {
            Ok(_) => cx.print(&format!("delete: s3://{bucket}/{k}\n")),
            Err(e) => {
                cx.eprint(&format!("delete failed: s3://{bucket}/{k} {e}\n"));
                failed = true;
            }
        }
    }
    i32::from(failed)
}

/// `sync`: what is missing or differs at the destination (size, or an older copy), in the
/// CLI's size-and-last-modified strategy.
pub fn sync(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let [src, dest] = args.paths.as_slice() else {
        cx.eprint("\nusage: aws s3 sync <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    let folder =
        |p: &str| if p.is_empty() || p.ends_with('/') { p.to_string() } else { format!("{p}/") };
    let routes = match (s3_path(src), s3_path(dest)) {
        (None, Some((bucket, prefix))) => {
            let prefix = folder(&prefix);
            let there = match list_all(cx, &bucket, &prefix) {
                Ok(l) => l,
                Err(e) => {
                    cx.eprint(&e);
                    return 1;
                }
            };
            let dir = normalize(src);
            let cut = if dir.is_empty() { 0 } else { dir.len() + 1 };
            cx.files
                .list(&dir)
                .into_iter()
                .filter(|f| {
                    let key = format!("{prefix}{}", &f.path[cut..]);
                    match there.iter().find(|(k, _, _)| *k == key) {
                        None => true,
                        Some((_, size, when)) => *size != f.size || (*when as i64) < f.mtime,
                    }
                })
                .map(|f| Route::Upload {
                    key: format!("{prefix}{}", &f.path[cut..]),
                    file: f.path,
                    bucket: bucket.clone(),
                })
                .collect::<Vec<_>>()
        }
        (Some((bucket, prefix)), None) => {
            let prefix = folder(&prefix);
            let there = match list_all(cx, &bucket, &prefix) {
                Ok(l) => l,
                Err(e) => {
                    cx.eprint(&e);
                    return 1;
                }
            };
            let dir = normalize(dest);
            there
                .into_iter()
                .filter_map(|(key, size, when)| {
                    let file = normalize(&format!("{dir}/{}", &key[prefix.len()..]));
                    let local = cx.files.read(&file).map(|b| b.len() as u64);
                    let mtime = cx.files.mtime(&file).unwrap_or(0);
                    let fresh = local == Some(size) && mtime - (when as i64) <= 0;
                    (!fresh).then(|| Route::Download {
                        bucket: bucket.clone(),
                        key,
                        file,
                        listed: Some((size, when)),
                    })
                })
                .collect()
        }
        _ => {
            cx.eprint("\nError: sync between two S3 locations or two local folders is not available in this console.\n");
            return 252;
        }
    };
    let mut failed = false;
    for r in routes {
        failed |= !perform(cx, &r, "copy", args, false);
    }
    i32::from(failed)
}
