//! S3 never panics, whatever arrives: through the REST-XML codec (arbitrary methods, paths,
//! queries, headers and bodies, XML payloads shaped like the model's or broken) and through the
//! engine's JSON door (every operation in botocore's s3 model, with bodies of the right shape
//! and wrong values, and arbitrary bytes). Every answer must be well-formed: JSON, or an error
//! with a code and a status S3 uses; and every engine answer must encode back to HTTP.
//!
//! fuzz/fuzz_targets/rest_xml_decode.rs is the libFuzzer counterpart.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

use aws_api::rest_xml::{Codec, Request};
use engine::{Command, World, WorldConfig};
use proptest::prelude::*;
use serde_json::{json, Value};

fn codec() -> &'static Codec {
    static CODEC: OnceLock<Codec> = OnceLock::new();
    CODEC.get_or_init(|| {
        let info = engine::services::by_cli_name("s3api").expect("s3 in the registry");
        Codec::new(info.model.as_ref().expect("s3 model")).expect("model loads")
    })
}

/// A world with a plain bucket, a versioned one, objects, versions and an upload in progress;
/// with the live values worth mixing into requests.
fn populated() -> (World, Vec<String>) {
    let mut w = World::new(WorldConfig::with_seed(9));
    let mut live = vec!["plain".to_string(), "versioned".into(), "k".into(), "dir/k2".into()];
    let call = |w: &mut World, op: &str, body: Value| -> Value {
        let r = w.apply(Command::api(format!("s3.{op}"), body.to_string())).result;
        r.ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null)
    };
    call(&mut w, "CreateBucket", json!({"Bucket": "plain"}));
    call(&mut w, "CreateBucket", json!({"Bucket": "versioned"}));
    call(
        &mut w,
        "PutBucketVersioning",
        json!({"Bucket": "versioned", "VersioningConfiguration": {"Status": "Enabled"}}),
    );
    for (b, k) in [("plain", "k"), ("plain", "dir/k2"), ("versioned", "k"), ("versioned", "k")] {
        let v = call(&mut w, "PutObject", json!({"Bucket": b, "Key": k, "Body": "aGVsbG8="}));
        if let Some(id) = v["VersionId"].as_str() {
            live.push(id.to_string());
        }
    }
    let up = call(&mut w, "CreateMultipartUpload", json!({"Bucket": "plain", "Key": "big"}));
    if let Some(id) = up["UploadId"].as_str() {
        live.push(id.to_string());
    }
    (w, live)
}

fn check_answer(op: &str, out: &Result<String, engine::api::ApiError>) -> Result<(), String> {
    match out {
        Ok(text) if text.trim().is_empty() => Ok(()),
        Ok(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(_)) => {
                // Whatever the engine answers, the codec writes as HTTP without trouble.
                let _ = codec().encode(op, text, false);
                let _ = codec().encode(op, text, true);
                Ok(())
            }
            _ => Err(format!("{op}: not a JSON object: {text:.200}")),
        },
        Err(e) if e.code.as_str().is_empty() || !(300..600).contains(&e.status) => {
            Err(format!("{op}: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

/// One HTTP request through the codec and, if it decodes, the engine.
fn through(
    w: &mut World,
    method: &str,
    path: &str,
    query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(), String> {
    let req =
        Request { method, path, query, headers: headers.to_vec(), bucket_from_host: None, body };
    match codec().decode(&req) {
        Ok((op, input)) => {
            let out = w.apply(Command::api(format!("s3.{op}"), input.to_string())).result;
            check_answer(&op, &out)
        }
        Err(e) if e.code.as_str().is_empty() || !(400..600).contains(&e.status) => {
            Err(format!("codec: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

const METHODS: [&str; 6] = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"];
const QUERIES: [&str; 12] = [
    "",
    "uploads",
    "uploadId=",
    "partNumber=1&uploadId=",
    "partNumber=0&uploadId=x",
    "list-type=2&max-keys=-1",
    "list-type=2&continuation-token=%%%",
    "versions&key-marker=k&version-id-marker=",
    "delete",
    "versioning",
    "encryption",
    "location",
];
const XML: [&[u8]; 8] = [
    b"<Delete><Object><Key>k</Key></Object></Delete>",
    b"<CompleteMultipartUpload><Part><ETag>\"x\"</ETag><PartNumber>99999999999999999999</PartNumber></Part></CompleteMultipartUpload>",
    b"<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>",
    b"<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>",
    b"<a><b><c><d>",
    b"\xff\xfe<x/>",
    b"<Delete><Quiet>true</Quiet></Delete>",
    b"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_request_through_the_codec(m in 0usize..6, q in 0usize..12, x in 0usize..8, live_pick in 0usize..16,
                                     path in "[a-z/%0-9.]{0,20}", junk in prop::collection::vec(any::<u8>(), 0..64),
                                     header in 0usize..6) {
        let (mut w, live) = populated();
        let l = &live[live_pick % live.len()];
        let query = format!("{}{}", QUERIES[q], if QUERIES[q].ends_with('=') { l.as_str() } else { "" });
        let path = format!("/{}/{}", ["plain", "versioned", "nope", ""][live_pick % 4], path);
        let headers: &[(&str, &str)] = match header {
            0 => &[("range", "bytes=5-1")],
            1 => &[("x-amz-copy-source", "plain/k")],
            2 => &[("content-md5", "not base64")],
            3 => &[("x-amz-checksum-crc32", "AAAAAA=="), ("x-amz-sdk-checksum-algorithm", "CRC32")],
            4 => &[("content-encoding", "aws-chunked"), ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")],
            _ => &[],
        };
        let body: Vec<u8> = if junk.len() % 2 == 0 { XML[x].to_vec() } else { junk };
        through(&mut w, METHODS[m], &path, &query, headers, &body).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_json_for_any_operation(op in 0usize..200, body in prop::collection::vec(any::<u8>(), 0..120), live_pick in 0usize..16) {
        let (mut w, live) = populated();
        let ops = &codec().model().operations;
        let name = &ops[op % ops.len()].name;
        let text = String::from_utf8_lossy(&body).into_owned();
        let out = w.apply(Command::api(format!("s3.{name}"), text)).result;
        check_answer(name, &out).map_err(TestCaseError::fail)?;
        // And a shaped body naming live things with wrong values beside them.
        let l = &live[live_pick % live.len()];
        let shaped = json!({"Bucket": "plain", "Key": l, "UploadId": l, "VersionId": l, "PartNumber": -3,
                            "MaxKeys": i64::MAX, "Range": "bytes=-0", "Body": "!!", "CopySource": l,
                            "MultipartUpload": {"Parts": [{"PartNumber": 1}]}, "Delete": {"Objects": []}});
        let out = w.apply(Command::api(format!("s3.{name}"), shaped.to_string())).result;
        check_answer(name, &out).map_err(TestCaseError::fail)?;
    }
}
