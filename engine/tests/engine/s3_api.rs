//! S3 through its API (`s3.<Action>` calls, the input shapes in JSON as the REST-XML codec
//! makes them): versions and delete markers, multipart rules, ranges, digests, listings, the
//! store's memory bound, and AWS's codes, texts and statuses.

use crate::support::{self, failure};
use engine::World;
use serde_json::{json, Value};

fn s3(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    support::call(w, "s3", action, body)
}

fn ok(w: &mut World, action: &str, body: Value) -> Value {
    s3(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn status(r: Result<Value, engine::api::ApiError>) -> (String, u16) {
    let e = r.expect_err("must fail");
    (e.code.to_string(), e.status)
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn versions_delete_markers_and_reading_an_old_version() {
    let mut w = support::world(12);
    ok(&mut w, "CreateBucket", json!({"Bucket": "vers"}));
    ok(
        &mut w,
        "PutBucketVersioning",
        json!({"Bucket": "vers", "VersioningConfiguration": {"Status": "Enabled"}}),
    );
    let one = ok(&mut w, "PutObject", json!({"Bucket": "vers", "Key": "k", "Body": b64("one")}))
        ["VersionId"]
        .clone();
    let two = ok(&mut w, "PutObject", json!({"Bucket": "vers", "Key": "k", "Body": b64("two")}))
        ["VersionId"]
        .clone();
    assert_ne!(one, two);
    assert_eq!(one.as_str().map(str::len), Some(32));
    let marker = ok(&mut w, "DeleteObject", json!({"Bucket": "vers", "Key": "k"}));
    assert_eq!(marker["DeleteMarker"], true);
    assert_eq!(
        failure(s3(&mut w, "GetObject", json!({"Bucket": "vers", "Key": "k"})), "GetObject").0,
        "NoSuchKey"
    );
    let old = ok(&mut w, "GetObject", json!({"Bucket": "vers", "Key": "k", "VersionId": one}));
    assert_eq!(old["Body"], b64("one"));
    let versions = ok(&mut w, "ListObjectVersions", json!({"Bucket": "vers"}));
    assert_eq!(versions["Versions"].as_array().unwrap().len(), 2);
    assert_eq!(versions["Versions"][0]["VersionId"], two);
    assert_eq!(versions["DeleteMarkers"][0]["IsLatest"], true);
    // Removing the marker by its id brings the newest version back.
    ok(
        &mut w,
        "DeleteObject",
        json!({"Bucket": "vers", "Key": "k", "VersionId": marker["VersionId"]}),
    );
    assert_eq!(ok(&mut w, "GetObject", json!({"Bucket": "vers", "Key": "k"}))["Body"], b64("two"));
    // Reading a delete marker by id is 405; a version that is not there, 404 NoSuchVersion.
    assert_eq!(
        status(s3(&mut w, "GetObject", json!({"Bucket": "vers", "Key": "k", "VersionId": "nope"}))),
        ("NoSuchVersion".into(), 404)
    );
    // Suspended: writes replace the `null` version, the old ones stay.
    ok(
        &mut w,
        "PutBucketVersioning",
        json!({"Bucket": "vers", "VersioningConfiguration": {"Status": "Suspended"}}),
    );
    let n = ok(&mut w, "PutObject", json!({"Bucket": "vers", "Key": "k", "Body": b64("three")}));
    assert_eq!(n["VersionId"], "null");
    assert_eq!(ok(&mut w, "GetBucketVersioning", json!({"Bucket": "vers"}))["Status"], "Suspended");
    assert_eq!(
        status(s3(&mut w, "DeleteBucket", json!({"Bucket": "vers"}))),
        ("BucketNotEmpty".into(), 409)
    );
}

#[test]
fn multipart_etag_and_its_rules() {
    let mut w = support::world(12);
    ok(&mut w, "CreateBucket", json!({"Bucket": "mpu"}));
    let id = ok(&mut w, "CreateMultipartUpload", json!({"Bucket": "mpu", "Key": "big"}))
        ["UploadId"]
        .clone();
    let five = "x".repeat(5 * 1024 * 1024);
    let part = |w: &mut World, n: i64, body: &str| {
        ok(w, "UploadPart", json!({"Bucket": "mpu", "Key": "big", "UploadId": id, "PartNumber": n, "Body": b64(body)}))["ETag"].clone()
    };
    let e1 = part(&mut w, 1, &five);
    let e2 = part(&mut w, 2, "tail");
    let done = |parts: Value| json!({"Bucket": "mpu", "Key": "big", "UploadId": id, "MultipartUpload": {"Parts": parts}});
    let (code, _) = status(s3(
        &mut w,
        "CompleteMultipartUpload",
        done(json!([{"ETag": e2, "PartNumber": 2}, {"ETag": e1, "PartNumber": 1}])),
    ));
    assert_eq!(code, "InvalidPartOrder");
    let e =
        s3(&mut w, "CompleteMultipartUpload", done(json!([{"ETag": "\"bad\"", "PartNumber": 1}])))
            .unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."));
    assert_eq!(
        status(s3(
            &mut w,
            "UploadPart",
            json!({"Bucket": "mpu", "Key": "big", "UploadId": id, "PartNumber": 10001, "Body": ""})
        )),
        ("InvalidArgument".into(), 400)
    );
    let out = ok(
        &mut w,
        "CompleteMultipartUpload",
        done(json!([{"ETag": e1, "PartNumber": 1}, {"ETag": e2, "PartNumber": 2}])),
    );
    use md5::{Digest, Md5};
    let mut md5s = Md5::digest(five.as_bytes()).to_vec();
    md5s.extend(Md5::digest(b"tail"));
    let want = format!(
        "\"{}-2\"",
        Md5::digest(&md5s).iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    assert_eq!(out["ETag"], want);
    assert_eq!(
        status(s3(&mut w, "ListParts", json!({"Bucket": "mpu", "Key": "big", "UploadId": id}))),
        ("NoSuchUpload".into(), 404)
    );
    // A part under 5 MiB that is not the last.
    let id2 = ok(&mut w, "CreateMultipartUpload", json!({"Bucket": "mpu", "Key": "small"}))
        ["UploadId"]
        .clone();
    let mut etags = Vec::new();
    for n in 1..=2 {
        let e = ok(
            &mut w,
            "UploadPart",
            json!({"Bucket": "mpu", "Key": "small", "UploadId": id2, "PartNumber": n, "Body": b64("tiny")}),
        );
        etags.push(json!({"ETag": e["ETag"], "PartNumber": n}));
    }
    let e = s3(&mut w, "CompleteMultipartUpload", json!({"Bucket": "mpu", "Key": "small", "UploadId": id2, "MultipartUpload": {"Parts": etags}})).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
    );
}

#[test]
fn ranges_digests_and_headers() {
    let mut w = support::world(12);
    ok(&mut w, "CreateBucket", json!({"Bucket": "rng"}));
    ok(
        &mut w,
        "PutObject",
        json!({"Bucket": "rng", "Key": "k", "Body": b64("0123456789"), "ContentType": "text/plain", "Metadata": {"Owner": "me"}}),
    );
    let g = ok(&mut w, "GetObject", json!({"Bucket": "rng", "Key": "k", "Range": "bytes=2-4"}));
    assert_eq!(
        (g["Body"].as_str(), g["ContentRange"].as_str(), g["ContentLength"].as_u64()),
        (Some(b64("234").as_str()), Some("bytes 2-4/10"), Some(3))
    );
    assert_eq!(g["Metadata"], json!({"owner": "me"}));
    assert_eq!(g["ServerSideEncryption"], "AES256");
    let e = s3(&mut w, "GetObject", json!({"Bucket": "rng", "Key": "k", "Range": "bytes=10-"}))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.status),
        ("InvalidRange", "The requested range is not satisfiable", 416)
    );
    let e = s3(&mut w, "PutObject", json!({"Bucket": "rng", "Key": "k", "Body": b64("x"), "ContentMD5": "1B2M2Y8AsgTpgAmY7PhCfg=="})).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("BadDigest", "The Content-MD5 you specified did not match what we received.")
    );
    let e = s3(
        &mut w,
        "PutObject",
        json!({"Bucket": "rng", "Key": "k", "Body": b64("x"), "ChecksumCRC32": "AAAAAA=="}),
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("BadDigest", "The CRC32 you specified did not match the calculated checksum.")
    );
    // HEAD errors carry only a status, as clients see them.
    assert_eq!(
        status(s3(&mut w, "HeadObject", json!({"Bucket": "rng", "Key": "nope"}))),
        ("404".into(), 404)
    );
    assert_eq!(status(s3(&mut w, "HeadBucket", json!({"Bucket": "nope"}))), ("404".into(), 404));
    // us-east-1: your own bucket again is a 200.
    assert_eq!(ok(&mut w, "CreateBucket", json!({"Bucket": "rng"}))["Location"], "/rng");
    assert_eq!(
        status(s3(&mut w, "CreateBucket", json!({"Bucket": "No"}))),
        ("InvalidBucketName".into(), 400)
    );
    assert_eq!(
        status(s3(&mut w, "PutBucketPolicy", json!({"Bucket": "rng"}))),
        ("NotImplemented".into(), 501)
    );
}

#[test]
fn listings_encode_keys_and_page() {
    let mut w = support::world(12);
    ok(&mut w, "CreateBucket", json!({"Bucket": "lst"}));
    for k in ["a b/1", "a b/2", "c+d", "e"] {
        ok(&mut w, "PutObject", json!({"Bucket": "lst", "Key": k, "Body": ""}));
    }
    let v2 = ok(
        &mut w,
        "ListObjectsV2",
        json!({"Bucket": "lst", "Delimiter": "/", "EncodingType": "url"}),
    );
    assert_eq!(v2["CommonPrefixes"], json!([{"Prefix": "a+b/"}]));
    assert_eq!(
        v2["Contents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["Key"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["c%2Bd", "e"]
    );
    let p1 = ok(&mut w, "ListObjectsV2", json!({"Bucket": "lst", "MaxKeys": 3}));
    assert_eq!((p1["KeyCount"].as_u64(), p1["IsTruncated"].as_bool()), (Some(3), Some(true)));
    let p2 = ok(
        &mut w,
        "ListObjectsV2",
        json!({"Bucket": "lst", "ContinuationToken": p1["NextContinuationToken"]}),
    );
    assert_eq!(p2["Contents"][0]["Key"], "e");
    let v1 = ok(&mut w, "ListObjects", json!({"Bucket": "lst", "Delimiter": "/", "MaxKeys": 1}));
    assert_eq!(
        (v1["NextMarker"].as_str(), v1["IsTruncated"].as_bool()),
        (Some("a b/"), Some(true))
    );
    assert_eq!(
        status(s3(&mut w, "ListObjectsV2", json!({"Bucket": "nope"}))),
        ("NoSuchBucket".into(), 404)
    );
}

#[test]
fn the_store_is_bounded_and_says_so() {
    let mut w = support::world(12);
    ok(&mut w, "CreateBucket", json!({"Bucket": "full"}));
    let chunk = vec![7u8; 16 * 1024 * 1024];
    let body = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(&chunk)
    };
    // 16 of 16 MiB fill the 256 MiB; the 17th is refused, and says why.
    for i in 0..16 {
        ok(&mut w, "PutObject", json!({"Bucket": "full", "Key": format!("k{i}"), "Body": body}));
    }
    let e =
        s3(&mut w, "PutObject", json!({"Bucket": "full", "Key": "k16", "Body": body})).unwrap_err();
    assert_eq!(e.code.as_str(), "EntityTooLarge");
    assert!(e.message.contains("at most 256 MiB"), "{}", e.message);
    // Replacing an object does not count twice, and deleting makes room.
    ok(&mut w, "PutObject", json!({"Bucket": "full", "Key": "k0", "Body": body}));
    ok(&mut w, "DeleteObject", json!({"Bucket": "full", "Key": "k1"}));
    ok(&mut w, "PutObject", json!({"Bucket": "full", "Key": "k16", "Body": body}));
    assert_eq!(w.view().s3().stored_bytes().0, 16 * 16 * 1024 * 1024);
}
