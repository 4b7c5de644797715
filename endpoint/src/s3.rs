//! S3's front door on the same port as the JSON services. AWS tells them apart by host name;
//! locally the request tells: no `X-Amz-Target`, and either a SigV4 credential scoped to the
//! `s3` service (`Credential=AKID/20260101/us-east-1/s3/aws4_request`, in the Authorization
//! header or a presigned URL's `X-Amz-Credential`) or a virtual-hosted-style host
//! (`bucket.localhost`). The REST-XML codec (`aws_api::rest_xml`, driven by botocore's model)
//! turns it into `s3.<Action>` and its input in JSON for the engine, and the answer back into
//! headers and XML.

use std::io::Write;
use std::sync::{OnceLock, PoisonError};

use aws_api::rest_xml::{Codec, ErrorContext, Request as HttpRequest, Response as HttpResponse};
use bytes::Bytes;
use engine::api::ApiError;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, HOST};
use hyper::{Method, Request, Response, StatusCode, Uri};

use crate::response::Body;
use crate::server::State;

/// Whether the request is S3's; `Some(bucket)` too for a virtual-hosted-style one.
pub fn claims(headers: &HeaderMap, uri: &Uri) -> Option<Option<String>> {
    if headers.contains_key("x-amz-target") {
        return None;
    }
    let bucket = host_bucket(headers);
    let scoped = |credential: &str| credential.split('/').nth(3) == Some("s3");
    let header_scope = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.split("Credential=").nth(1))
        .is_some_and(|c| scoped(c.split([',', ' ']).next().unwrap_or_default()));
    let query = uri.query().map(aws_api_query).unwrap_or_default();
    let query_scope = query.iter().any(|(k, v)| k == "X-Amz-Credential" && scoped(v));
    // Signature version 2, which only S3 still takes (boto3's presigned URLs in us-east-1,
    // old clients): `Authorization: AWS key:signature` or `AWSAccessKeyId=...&Signature=...`.
    let v2 = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.starts_with("AWS ") && a.contains(':'))
        || ["AWSAccessKeyId", "Signature", "Expires"]
            .iter()
            .all(|p| query.iter().any(|(k, _)| k == p));
    (header_scope || query_scope || v2 || bucket.is_some()).then_some(bucket)
}

fn aws_api_query(q: &str) -> Vec<(String, String)> {
    aws_api::rest_xml::parse_query(q)
}

/// `bucket.localhost[:port]` names a bucket; `localhost` and addresses do not.
fn host_bucket(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(HOST)?.to_str().ok()?;
    let name = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    let bucket = name.strip_suffix(".localhost")?;
    let bucket = bucket.strip_suffix(".s3").unwrap_or(bucket);
    (!bucket.is_empty()).then(|| bucket.to_string())
}

fn codec() -> Option<&'static Codec> {
    static CODEC: OnceLock<Option<Codec>> = OnceLock::new();
    CODEC
        .get_or_init(|| engine::services::by_cli_name("s3api")?.model.as_ref().and_then(Codec::new))
        .as_ref()
}

/// The answer to an S3 request, and what to call it in the log.
pub async fn route(
    state: &State,
    req: Request<Incoming>,
    bucket_from_host: Option<String>,
) -> (String, Response<Body>) {
    let (parts, body) = req.into_parts();
    let head = parts.method == Method::HEAD;
    let request_id = state.ids.next();
    let request_id_text = request_id.to_str().unwrap_or_default().to_string();
    let cx = |input: Option<&serde_json::Value>| ErrorContext {
        bucket: text(input, "Bucket").or_else(|| bucket_from_host.clone()),
        key: text(input, "Key"),
        upload_id: text(input, "UploadId"),
        version_id: text(input, "VersionId"),
        range: text(input, "Range"),
        request_id: request_id_text.clone(),
        host_id: state.ids.next_extended().to_str().unwrap_or_default().to_string(),
    };
    let Some(codec) = codec() else {
        return ("S3".into(), internal(&request_id));
    };
    let body = match crate::route::read_body(&parts.headers, body).await {
        Ok(b) => b,
        Err(status) => return ("S3".into(), crate::response::status_only(status)),
    };
    if let Err(e) = signed(&parts.headers, parts.uri.query()) {
        let denied = s3_error("AccessDenied", &e.message, 403);
        return ("S3".into(), respond(codec.error(&denied, &cx(None), head), &request_id));
    }
    let headers: Vec<(&str, &str)> =
        parts.headers.iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?))).collect();
    let http = HttpRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or_default(),
        headers,
        bucket_from_host: bucket_from_host.clone(),
        body: &body,
    };
    // Bodies cross the call as shared bytes, not base64 (see `aws_api::wire::shelf`), unless
    // the call's JSON is being captured: the capture must hold the real text. Nothing below
    // awaits until the answer is encoded, so the scope stays on this thread.
    let _shelf = state.capture.is_none().then(aws_api::wire::shelf::Scope::open);
    let (operation, input) = match codec.decode(&http) {
        Ok(decoded) => decoded,
        Err(e) => return ("S3".into(), respond(codec.error(&e, &cx(None), head), &request_id)),
    };
    let target = format!("s3.{operation}");
    // `Display` runs serde_json's writer as compiled in serde_json (optimised even in the test
    // build); `to_string::<Value>` would be instantiated here, at the test profile's opt-level.
    let json = input.to_string();
    let captured = state.capture.is_some().then(|| json.clone());
    // The signer, as for the JSON services: S3 decides nothing by it yet (no bucket policies),
    // but the command log records who called.
    let caller = crate::auth::access_key_id(&parts.headers, parts.uri.query());
    let result = state.sandbox.call(target.clone(), json, caller);
    if let (Some(file), Some(request)) = (&state.capture, captured) {
        capture(file, &target, &request, &result);
    }
    let answer = match &result {
        Ok(output) => codec.encode(&operation, output, head),
        Err(e) => codec.error(e, &cx(Some(&input)), head),
    };
    (operation, respond(answer, &request_id))
}

/// Any signature is accepted, as for the JSON services; S3 also takes signature version 2.
fn signed(headers: &HeaderMap, query: Option<&str>) -> Result<(), ApiError> {
    let v2_header = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.starts_with("AWS ") && a.contains(':'));
    let v2_query = query.is_some_and(|q| {
        let q = aws_api_query(q);
        ["AWSAccessKeyId", "Signature", "Expires"].iter().all(|p| q.iter().any(|(k, _)| k == p))
    });
    if v2_header || v2_query {
        return Ok(());
    }
    crate::auth::check(headers, query)
}

fn text(input: Option<&serde_json::Value>, key: &str) -> Option<String> {
    input?.get(key)?.as_str().map(str::to_string)
}

fn capture(
    file: &std::sync::Mutex<std::fs::File>,
    target: &str,
    request: &str,
    result: &Result<String, ApiError>,
) {
    let (status, response) = match result {
        Ok(json) => (200, json.clone()),
        Err(e) => (e.status, e.body()),
    };
    let line = serde_json::json!({"target": target, "request": request, "status": status, "response": response});
    let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = writeln!(file, "{line}");
}

fn s3_error(code: &str, message: &str, status: u16) -> ApiError {
    let mut e = ApiError::from_aws(code, message);
    e.status = status;
    e
}

fn internal(request_id: &HeaderValue) -> Response<Body> {
    let mut r = crate::response::status_only(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert("x-amz-request-id", request_id.clone());
    r
}

/// The codec's answer as hyper's, with S3's request id header.
fn respond(answer: HttpResponse, request_id: &HeaderValue) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(answer.body)));
    *r.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    for (k, v) in answer.headers {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(&v))
        {
            h.append(name, value);
        }
    }
    h.insert("x-amz-request-id", request_id.clone());
    h.insert("Server", HeaderValue::from_static("AmazonS3"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn s3_is_told_apart_by_credential_scope_or_host() {
        let uri: Uri = "/b/k".parse().unwrap();
        let s3 = headers(&[("authorization", "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0")]);
        assert_eq!(claims(&s3, &uri), Some(None));
        let kinesis = headers(&[("authorization", "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0")]);
        assert_eq!(claims(&kinesis, &uri), None);
        let presigned: Uri = "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x%2F20260101%2Fus-east-1%2Fs3%2Faws4_request".parse().unwrap();
        assert_eq!(claims(&HeaderMap::new(), &presigned), Some(None));
        let v2: Uri = "/b/k?AWSAccessKeyId=x&Signature=abc%3D&Expires=1767225600".parse().unwrap();
        assert_eq!(claims(&HeaderMap::new(), &v2), Some(None));
        assert!(signed(&HeaderMap::new(), v2.query()).is_ok());
        let vhost = headers(&[("host", "my-bucket.localhost:4567")]);
        assert_eq!(claims(&vhost, &uri), Some(Some("my-bucket".into())));
        assert_eq!(claims(&headers(&[("host", "localhost:4567")]), &uri), None);
        let targeted =
            headers(&[("host", "b.localhost"), ("x-amz-target", "Kinesis_20131202.ListStreams")]);
        assert_eq!(claims(&targeted, &uri), None);
    }
}
