//! The query protocol's front door on the same port (EC2, IAM, Import/Export): a request with no
//! `X-Amz-Target` whose parameters name an `Action` (a form-encoded POST body, or a GET's query
//! string). Every query service of the registry is served the same way, by its botocore model
//! (`aws_api::query`): the `Version` parameter picks the service (each query service has its
//! own API version), or, without one, the signature's credential scope (`.../ec2/aws4_request`).
//! A new query service in `engine::services` needs nothing here.
//!
//! The access key id names the caller, as for the JSON services (`engine::sim::caller`).

use std::io::Write;
use std::sync::{OnceLock, PoisonError};

use aws_api::query::Codec;
use aws_api::rest_xml::{parse_query, Response as HttpResponse};
use bytes::Bytes;
use engine::api::Protocol;
use engine::services::{call_prefix, SERVICES};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use hyper::{Method, Request, Response, Uri};

use crate::response::Body;
use crate::server::State;

/// Whether the request is a query-protocol call.
pub fn claims(method: &Method, headers: &HeaderMap, uri: &Uri) -> bool {
    if headers.contains_key("x-amz-target") {
        return false;
    }
    let form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    let action_in_query =
        uri.query().is_some_and(|q| parse_query(q).iter().any(|(k, _)| k == "Action"));
    (*method == Method::POST && form) || (*method == Method::GET && action_in_query)
}

/// A query service of the registry and its codec.
struct Served {
    name: &'static str,
    version: &'static str,
    codec: Codec,
}

fn served() -> &'static [Served] {
    static SERVED: OnceLock<Vec<Served>> = OnceLock::new();
    SERVED.get_or_init(|| {
        SERVICES
            .iter()
            .filter_map(|s| {
                let Protocol::Query { version } = s.protocol else { return None };
                let codec = Codec::new(s.model.as_ref()?)?;
                Some(Served { name: s.name, version, codec })
            })
            .collect()
    })
}

/// The service a request is for: by `Version`, else by the credential scope's service.
fn service_of<'a>(
    params: &[(String, String)],
    headers: &HeaderMap,
    query: Option<&str>,
) -> Option<&'a Served> {
    let all = served();
    let param = |name: &str| params.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(version) = param("Version") {
        if let Some(s) = all.iter().find(|s| s.version == version) {
            return Some(s);
        }
    }
    let credential = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| c.split([',', ' ']).next().unwrap_or_default().to_string())
        .or_else(|| {
            query.and_then(|q| {
                parse_query(q).into_iter().find(|(k, _)| k == "X-Amz-Credential").map(|(_, v)| v)
            })
        })?;
    let scope = credential.split('/').nth(3)?;
    all.iter().find(|s| s.name == scope)
}

/// The answer to a query request, and what to call it in the log.
pub async fn route(state: &State, req: Request<Incoming>) -> (String, Response<Body>) {
    let (parts, body) = req.into_parts();
    let request_id = state.ids.next();
    let request_id_text = request_id.to_str().unwrap_or_default().to_string();
    let body = match crate::route::read_body(&parts.headers, body).await {
        Ok(b) => b,
        Err(status) => return ("query".into(), crate::response::status_only(status)),
    };
    let query = parts.uri.query();
    let mut params = query.map(parse_query).unwrap_or_default();
    params.extend(parse_query(&String::from_utf8_lossy(&body)));
    let Some(service) = service_of(&params, &parts.headers, query) else {
        // Neither a Version nor a credential scope names a query service the sandbox serves.
        let target = parts.headers.get("x-amz-target").and_then(|v| v.to_str().ok());
        return (
            "query".into(),
            crate::refusal::answer(&parts.headers, query, target.unwrap_or_default()),
        );
    };
    let codec = &service.codec;
    if let Err(e) = crate::auth::check(&parts.headers, query) {
        return ("query".into(), respond(codec.error(&e, &request_id_text), &request_id));
    }
    let (operation, input) = match codec.decode(&params) {
        Ok(decoded) => decoded,
        Err(e) => return ("query".into(), respond(codec.error(&e, &request_id_text), &request_id)),
    };
    let prefix = SERVICES
        .iter()
        .find(|s| s.name == service.name)
        .map_or(service.name, |s| call_prefix(s.name, s.protocol));
    let target = format!("{prefix}.{operation}");
    let json = serde_json::to_string(&input).unwrap_or_default();
    let caller = crate::auth::access_key_id(&parts.headers, query);
    let result = state.sandbox.call(target.clone(), json.clone(), caller);
    if let Some(file) = &state.capture {
        let (status, response) = match &result {
            Ok(out) => (200, out.clone()),
            Err(e) => (e.status, e.body()),
        };
        let line = serde_json::json!({"target": target, "request": json, "status": status, "response": response});
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = writeln!(file, "{line}");
    }
    let answer = match &result {
        Ok(output) => codec.encode(&operation, output, &request_id_text),
        Err(e) => codec.error(&e.clone().with_action(&operation), &request_id_text),
    };
    (operation, respond(answer, &request_id))
}

/// The codec's answer as hyper's, with the request id header AWS's query services send.
fn respond(answer: HttpResponse, request_id: &HeaderValue) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(answer.body)));
    *r.status_mut() = hyper::StatusCode::from_u16(answer.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    for (k, v) in answer.headers {
        if let (Ok(name), Ok(value)) =
            (hyper::header::HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(&v))
        {
            h.append(name, value);
        }
    }
    h.insert("x-amzn-RequestId", request_id.clone());
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_posts_and_action_gets_are_query_calls() {
        let uri: Uri = "/".parse().unwrap();
        let mut form = HeaderMap::new();
        form.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
        );
        assert!(claims(&Method::POST, &form, &uri));
        form.insert("x-amz-target", HeaderValue::from_static("Kinesis_20131202.ListStreams"));
        assert!(!claims(&Method::POST, &form, &uri));
        let get: Uri = "/?Action=ListUsers&Version=2010-05-08".parse().unwrap();
        assert!(claims(&Method::GET, &HeaderMap::new(), &get));
        assert!(!claims(&Method::GET, &HeaderMap::new(), &uri));
    }

    #[test]
    fn the_version_or_the_scope_names_the_service() {
        let params = parse_query("Action=ListUsers&Version=2010-05-08");
        assert_eq!(service_of(&params, &HeaderMap::new(), None).map(|s| s.name), Some("iam"));
        let params = parse_query("Action=DescribeInstances");
        let mut h = HeaderMap::new();
        h.insert(
            AUTHORIZATION,
            HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=alice/20260101/us-east-1/ec2/aws4_request, \
                 SignedHeaders=host, Signature=0",
            ),
        );
        assert_eq!(service_of(&params, &h, None).map(|s| s.name), Some("ec2"));
        assert!(service_of(&params, &HeaderMap::new(), None).is_none());
    }
}
