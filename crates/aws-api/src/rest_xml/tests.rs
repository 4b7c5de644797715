//! The codec against botocore's S3 model (the one the engine embeds).

use serde_json::json;

use super::*;

fn codec() -> Codec {
    use std::io::Read;
    use std::sync::OnceLock;
    // botocore's file as the repository keeps it (the engine embeds it compacted; the codec
    // reads either).
    static GZ: &[u8] = include_bytes!("../../../../engine/models/s3/2006-03-01/service-2.json.gz");
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(GZ).read_to_string(&mut text).expect("the model unzips");
        text
    });
    Codec::new(&ServiceModel { service: text, paginators: "{}" }).expect("the model loads")
}

fn req<'a>(
    method: &'a str,
    path: &'a str,
    query: &'a str,
    headers: &[(&'a str, &'a str)],
    body: &'a [u8],
) -> Request<'a> {
    Request { method, path, query, headers: headers.to_vec(), bucket_from_host: None, body }
}

/// A request (method, path, query, headers) and the operation it routes to.
type RouteCase<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn routes_by_method_path_query_and_required_members() {
    let c = codec();
    let cases: &[RouteCase] = &[
        ("GET", "/", "", &[], "ListBuckets"),
        ("PUT", "/b", "", &[], "CreateBucket"),
        ("HEAD", "/b", "", &[], "HeadBucket"),
        ("DELETE", "/b", "", &[], "DeleteBucket"),
        ("GET", "/b", "", &[], "ListObjects"),
        ("GET", "/b", "list-type=2&prefix=a", &[], "ListObjectsV2"),
        ("GET", "/b", "versions", &[], "ListObjectVersions"),
        ("GET", "/b", "uploads", &[], "ListMultipartUploads"),
        ("GET", "/b", "location", &[], "GetBucketLocation"),
        ("PUT", "/b", "versioning", &[], "PutBucketVersioning"),
        ("PUT", "/b/k", "", &[], "PutObject"),
        ("PUT", "/b/k", "", &[("x-amz-copy-source", "b/j")], "CopyObject"),
        ("PUT", "/b/k", "partNumber=1&uploadId=u", &[], "UploadPart"),
        ("GET", "/b/k", "", &[], "GetObject"),
        ("GET", "/b/k", "uploadId=u", &[], "ListParts"),
        ("POST", "/b/k", "uploads", &[], "CreateMultipartUpload"),
        ("POST", "/b/k", "uploadId=u", &[], "CompleteMultipartUpload"),
        ("DELETE", "/b/k", "uploadId=u", &[], "AbortMultipartUpload"),
        ("DELETE", "/b/dir/", "", &[], "DeleteObject"),
    ];
    for (method, path, query, headers, want) in cases {
        let (op, _) = c
            .decode(&req(method, path, query, headers, b""))
            .unwrap_or_else(|e| panic!("{method} {path}?{query}: {e:?}"));
        assert_eq!(&op, want, "{method} {path}?{query}");
    }
    let e = c.decode(&req("POST", "/b", "", &[], b"")).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("MethodNotAllowed", 405));
}

#[test]
fn reads_members_from_uri_query_headers_and_payload() {
    let c = codec();
    let headers = [
        ("Content-Type", "text/plain"),
        ("x-amz-meta-Owner", "me"),
        ("Content-Length", "5"),
        ("x-amz-checksum-crc32", "NhCmhg=="),
    ];
    let (op, input) =
        c.decode(&req("PUT", "/my-bucket/dir/a%20b.txt", "", &headers, b"hello")).unwrap();
    assert_eq!(op, "PutObject");
    assert_eq!(
        input,
        json!({"Bucket": "my-bucket", "Key": "dir/a b.txt", "Body": "aGVsbG8=", "ContentType": "text/plain",
               "Metadata": {"owner": "me"}, "ChecksumCRC32": "NhCmhg=="})
    );
    let (_, input) = c
        .decode(&req("GET", "/b", "list-type=2&max-keys=2&prefix=a%2Fb&delimiter=%2F", &[], b""))
        .unwrap();
    assert_eq!(input, json!({"Bucket": "b", "MaxKeys": 2, "Prefix": "a/b", "Delimiter": "/"}));
    let e = c.decode(&req("GET", "/b", "list-type=2&max-keys=lots", &[], b"")).unwrap_err();
    assert_eq!(e.code.as_str(), "InvalidArgument");
    // Virtual-hosted style: the bucket is in the Host header.
    let mut r = req("GET", "/k/x", "", &[], b"");
    r.bucket_from_host = Some("vb".into());
    assert_eq!(c.decode(&r).unwrap(), ("GetObject".into(), json!({"Bucket": "vb", "Key": "k/x"})));
}

#[test]
fn xml_payloads_parse_along_their_shape_and_their_digests_are_checked() {
    let c = codec();
    let body = br#"<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v</VersionId></Object><Quiet>true</Quiet></Delete>"#;
    let crc = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(crc32fast::hash(body).to_be_bytes())
    };
    let headers =
        [("x-amz-checksum-crc32", crc.as_str()), ("x-amz-sdk-checksum-algorithm", "CRC32")];
    let (op, input) = c.decode(&req("POST", "/b", "delete", &headers, body)).unwrap();
    assert_eq!(op, "DeleteObjects");
    assert_eq!(
        input,
        json!({"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b", "VersionId": "v"}], "Quiet": true}})
    );
    let wrong = [("x-amz-checksum-crc32", "AAAAAA==")];
    let e = c.decode(&req("POST", "/b", "delete", &wrong, body)).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("BadDigest", "The CRC32 you specified did not match the calculated checksum.")
    );
    let e = c.decode(&req("POST", "/b", "delete", &[], b"<Delete><Object>")).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("MalformedXML", 400));
    let e = c
        .decode(&req("POST", "/b", "delete", &[], b"<Delete><Quiet>maybe</Quiet></Delete>"))
        .unwrap_err();
    assert_eq!(e.code.as_str(), "MalformedXML");
    let parts = br#"<CompleteMultipartUpload><Part><ETag>"e1"</ETag><PartNumber>1</PartNumber></Part><Part><ETag>"e2"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>"#;
    let (_, input) = c.decode(&req("POST", "/b/k", "uploadId=u", &[], parts)).unwrap();
    assert_eq!(
        input["MultipartUpload"],
        json!({"Parts": [{"ETag": "\"e1\"", "PartNumber": 1}, {"ETag": "\"e2\"", "PartNumber": 2}]})
    );
}

#[test]
fn aws_chunked_bodies_give_their_data_and_trailing_checksum() {
    let c = codec();
    let body = b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
    let headers = [
        ("content-encoding", "aws-chunked"),
        ("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        ("x-amz-trailer", "x-amz-checksum-crc32"),
    ];
    let (_, input) = c.decode(&req("PUT", "/b/k", "", &headers, body)).unwrap();
    assert_eq!(
        input,
        json!({"Bucket": "b", "Key": "k", "Body": "aGVsbG8=", "ChecksumCRC32": "NhCmhg=="})
    );
}

#[test]
fn outputs_become_headers_and_xml() {
    let c = codec();
    let out = json!({"IsTruncated": false, "Contents": [{"Key": "a&b", "LastModified": 1767225605.0, "ETag": "\"x\"", "Size": 3, "StorageClass": "STANDARD"}],
                     "Name": "b", "Prefix": "", "MaxKeys": 1000, "KeyCount": 1, "CommonPrefixes": [{"Prefix": "d/"}]});
    let r = c.encode("ListObjectsV2", &out.to_string(), false);
    assert_eq!(r.status, 200);
    let body = String::from_utf8(r.body).unwrap();
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>false</IsTruncated>\
         <Contents><Key>a&amp;b</Key><LastModified>2026-01-01T00:00:05.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>\
         <Name>b</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes><KeyCount>1</KeyCount></ListBucketResult>"
    );
    let got = json!({"Body": "aGVsbG8=", "ContentLength": 5, "ContentRange": "bytes 0-4/10", "ETag": "\"e\"",
                     "LastModified": 1767225605.0, "Metadata": {"owner": "me"}, "ContentType": "text/plain"});
    let r = c.encode("GetObject", &got.to_string(), false);
    assert_eq!((r.status, r.body.as_slice()), (206, &b"hello"[..]));
    for h in [
        ("Last-Modified", "Thu, 01 Jan 2026 00:00:05 GMT"),
        ("x-amz-meta-owner", "me"),
        ("ETag", "\"e\""),
        ("Content-Range", "bytes 0-4/10"),
    ] {
        assert!(
            r.headers.iter().any(|(k, v)| (k.as_str(), v.as_str()) == h),
            "{h:?} in {:?}",
            r.headers
        );
    }
    let r = c.encode("GetBucketLocation", r#"{"LocationConstraint":"eu-west-1"}"#, false);
    assert!(String::from_utf8(r.body).unwrap().ends_with("\">eu-west-1</LocationConstraint>"));
    assert_eq!(c.encode("DeleteObject", "{}", false).status, 204);
}

#[test]
fn errors_are_aws_xml_naming_what_they_are_about() {
    let mut e = ApiError::from_aws("NoSuchKey", "The specified key does not exist.");
    e.status = 404;
    let cx = ErrorContext {
        key: Some("a<b".into()),
        request_id: "R".into(),
        host_id: "H".into(),
        ..Default::default()
    };
    let r = codec().error(&e, &cx, false);
    assert_eq!(r.status, 404);
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&lt;b</Key><RequestId>R</RequestId><HostId>H</HostId></Error>"
    );
    assert!(codec().error(&e, &cx, true).body.is_empty());
}
