//! What botocore and the AWS CLI do around S3 calls (botocore/handlers.py,
//! awscli/customizations/streamingoutput.py, botocore's flexible checksums), so the console
//! sends the requests the real CLI sends and prints what it prints:
//! - ListObjects, ListObjectsV2 and ListObjectVersions ask for `EncodingType=url` and decode
//!   the keys in the answer;
//! - GetObject asks for checksums (`ChecksumMode=ENABLED`) and writes its body to the outfile;
//! - PutObject and UploadPart read `--body` from a file and send its CRC32;
//! - GetBucketLocation reads us-east-1's empty answer as `null`.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use super::files::LocalFiles;
use super::json::Json;
use super::parse::CliCall;

const LISTINGS: &[&str] = &["ListObjects", "ListObjectsV2", "ListObjectVersions"];

pub fn takes_outfile(service: &str, operation: &str) -> bool {
    service == "s3api" && operation == "GetObject"
}

pub fn is_streaming_body(service: &str, member: &str) -> bool {
    service == "s3api" && member == "Body"
}

/// Parameters botocore adds before it builds the request.
pub fn before_parameter_build(service: &str, operation: &str, params: &mut Json) {
    if service != "s3api" {
        return;
    }
    if LISTINGS.contains(&operation) && params.get("EncodingType").is_none() {
        params.insert("EncodingType", Json::String("url".into()));
    }
    if operation == "GetObject" && params.get("ChecksumMode").is_none() {
        params.insert("ChecksumMode", Json::String("ENABLED".into()));
    }
}

/// The request body with the streaming body read from its file and its CRC32 added; an error
/// text (the CLI's) when the file cannot be read.
pub fn with_body(call: &CliCall, files: &dyn LocalFiles) -> Result<String, String> {
    let needs_checksum =
        call.service == "s3api" && matches!(call.operation.as_str(), "PutObject" | "UploadPart");
    if call.body_file.is_none() && !needs_checksum {
        return Ok(call.body.clone());
    }
    let mut params = Json::parse(&call.body).unwrap_or(Json::Object(Vec::new()));
    let bytes = match &call.body_file {
        Some(path) => files.read(path).ok_or_else(|| {
            "\nError parsing parameter '--body': Blob values must be a path to a file.\n"
                .to_string()
        })?,
        None => Vec::new(),
    };
    if !bytes.is_empty() {
        params.insert("Body", Json::String(BASE64.encode(&bytes)));
    }
    if needs_checksum && params.get("ChecksumCRC32").is_none() && params.get("ContentMD5").is_none()
    {
        params.insert("ChecksumAlgorithm", Json::String("CRC32".into()));
        params.insert("ChecksumCRC32", Json::String(crc32(&bytes)));
    }
    Ok(params.to_wire())
}

/// The CRC32 S3's checksum headers carry: base64 of the big-endian value.
pub fn crc32(bytes: &[u8]) -> String {
    BASE64.encode(crc32fast::hash(bytes).to_be_bytes())
}

/// What botocore's parser and the CLI do to an answer before printing it.
pub fn after_response(call: &CliCall, response: &mut Json, files: &mut dyn LocalFiles, now: i64) {
    if call.service != "s3api" {
        return;
    }
    if LISTINGS.contains(&call.operation.as_str()) && call_asked_url(call) {
        decode_listing(response);
    }
    if call.operation == "GetObject" {
        if let (Some(path), Json::Object(members)) = (&call.outfile, &mut *response) {
            if let Some(i) = members.iter().position(|(k, _)| k == "Body") {
                let (_, body) = members.remove(i);
                let bytes = body.as_str().and_then(|b| BASE64.decode(b).ok()).unwrap_or_default();
                files.write(path, bytes, now);
            }
        }
    }
    if call.operation == "GetBucketLocation" && response.get("LocationConstraint").is_none() {
        response.insert("LocationConstraint", Json::Null);
    }
}

fn call_asked_url(call: &CliCall) -> bool {
    call.params.get("EncodingType").and_then(Json::as_str) == Some("url")
}

/// botocore's `decode_list_object*`: `unquote_plus` on the names S3 encoded.
pub fn decode_listing(response: &mut Json) {
    for key in
        ["Delimiter", "Marker", "NextMarker", "Prefix", "StartAfter", "KeyMarker", "NextKeyMarker"]
    {
        if let Some(Json::String(s)) = response.get_mut(key) {
            *s = unquote_plus(s);
        }
    }
    for (list, field) in [
        ("Contents", "Key"),
        ("CommonPrefixes", "Prefix"),
        ("Versions", "Key"),
        ("DeleteMarkers", "Key"),
    ] {
        if let Some(Json::Array(items)) = response.get_mut(list) {
            for item in items {
                if let Some(Json::String(s)) = item.get_mut(field) {
                    *s = unquote_plus(s);
                }
            }
        }
    }
}

pub fn unquote_plus(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            (b'+', _, _) => out.push(b' '),
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
