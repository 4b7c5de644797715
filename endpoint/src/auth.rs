//! Authentication, the way the local endpoint needs it: any SigV4 signature is accepted (there
//! are no real credentials to check it against), but a request must look signed. The wording
//! and the order of checks are AWS's, as kinesalite recorded them against the real service.

use engine::api::{ApiError, ErrorCode};
use hyper::header::{HeaderMap, AUTHORIZATION, DATE};

/// How a request presents its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presented {
    Nothing,
    Header,
    Query,
    Both,
}

impl Presented {
    pub fn of(headers: &HeaderMap, query: Option<&str>) -> Self {
        match (headers.contains_key(AUTHORIZATION), query_has(query, "X-Amz-Algorithm")) {
            (false, false) => Presented::Nothing,
            (true, false) => Presented::Header,
            (false, true) => Presented::Query,
            (true, true) => Presented::Both,
        }
    }
}

/// Accepts any well-formed SigV4 signature; otherwise AWS's error for what is wrong with it.
pub fn check(headers: &HeaderMap, query: Option<&str>) -> Result<(), ApiError> {
    match Presented::of(headers, query) {
        Presented::Nothing => Err(ApiError::new(
            ErrorCode::MissingAuthenticationToken,
            "Missing Authentication Token",
        )),
        Presented::Both => Err(ApiError::new(
            ErrorCode::InvalidSignature,
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP \
             header.",
        )),
        Presented::Header => check_header(headers),
        Presented::Query => check_query(query.unwrap_or_default()),
    }
}

fn check_header(headers: &HeaderMap) -> Result<(), ApiError> {
    let raw = headers.get(AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
    let header = String::from_utf8_lossy(raw);
    // `AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=c;d, Signature=e`: the first word is the
    // algorithm (whatever it says), then key=value pairs split on commas and spaces.
    let pairs: Vec<(&str, &str)> = header
        .split([',', ' '])
        .skip(1)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut kv = part.trim().split('=');
            (kv.next().unwrap_or_default(), kv.next().unwrap_or_default())
        })
        .collect();
    // A key given twice counts with its last value, as AWS reads it.
    let has =
        |key: &str| pairs.iter().rev().find(|(k, _)| *k == key).is_some_and(|(_, v)| !v.is_empty());
    let mut message = String::new();
    for param in ["Credential", "Signature", "SignedHeaders"] {
        if !has(param) {
            message.push_str(&format!("Authorization header requires '{param}' parameter. "));
        }
    }
    if !headers.contains_key("x-amz-date") && !headers.contains_key(DATE) {
        message.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' \
             header. ",
        );
    }
    if message.is_empty() {
        return Ok(());
    }
    message.push_str("Authorization=");
    message.push_str(&header);
    Err(ApiError::new(ErrorCode::IncompleteSignature, message))
}

fn check_query(query: &str) -> Result<(), ApiError> {
    let mut message = String::new();
    for param in [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Signature",
        "X-Amz-SignedHeaders",
        "X-Amz-Date",
    ] {
        if query_value(query, param).is_none_or(str::is_empty) {
            message.push_str(&format!("AWS query-string parameters must include '{param}'. "));
        }
    }
    if message.is_empty() {
        return Ok(());
    }
    message.push_str("Re-examine the query-string parameters.");
    Err(ApiError::new(ErrorCode::IncompleteSignature, message))
}

/// The access key id a request was signed with: the first part of its SigV4 credential
/// (`Credential=AKID/20260101/us-east-1/kinesis/aws4_request`, or `X-Amz-Credential` in the
/// query). The engine takes it as the caller's name (`engine::sim::caller`).
pub fn access_key_id(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    let from_header = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|h| {
        h.split([',', ' '])
            .filter_map(|part| part.trim().strip_prefix("Credential="))
            .next_back()
            .map(str::to_owned)
    });
    let credential = from_header
        .or_else(|| query.and_then(|q| query_value(q, "X-Amz-Credential")).map(percent_decoded))?;
    let key = credential.split('/').next().unwrap_or_default();
    (!key.is_empty()).then(|| key.to_owned())
}

/// `%2F` and the like in a query value.
fn percent_decoded(text: &str) -> String {
    aws_api::percent::percent_decode(text, false)
}

fn query_has(query: Option<&str>, name: &str) -> bool {
    query.is_some_and(|q| query_value(q, name).is_some())
}

/// The raw value of a query parameter (`Some("")` for `?name` alone); the last one wins.
fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k == name).then_some(v),
            None => (pair == name).then_some(""),
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn message(r: Result<(), ApiError>) -> (String, String) {
        let e = r.unwrap_err();
        (e.code.to_string(), e.message)
    }

    #[test]
    fn any_complete_signature_passes() {
        let h = headers(&[
            ("authorization", "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"),
            ("x-amz-date", "20260101T000000Z"),
        ]);
        assert_eq!(check(&h, None), Ok(()));
    }

    #[test]
    fn nothing_is_missing_token() {
        assert_eq!(
            message(check(&HeaderMap::new(), None)),
            ("MissingAuthenticationTokenException".into(), "Missing Authentication Token".into())
        );
        // The other query parameters without X-Amz-Algorithm do not count as a signature.
        let q = "X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d";
        assert_eq!(
            message(check(&HeaderMap::new(), Some(q))).0,
            "MissingAuthenticationTokenException"
        );
    }

    #[test]
    fn header_x_lists_everything_missing() {
        let h = headers(&[("authorization", "X")]);
        assert_eq!(
            message(check(&h, None)).1,
            "Authorization header requires 'Credential' parameter. \
             Authorization header requires 'Signature' parameter. \
             Authorization header requires 'SignedHeaders' parameter. \
             Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
             Authorization=X"
        );
    }

    #[test]
    fn header_separators_are_commas_or_spaces() {
        for value in [
            "AWS4- Signature=b Credential=a",
            "AWS4- Signature=b,Credential=a",
            "AWS4- Signature=b, Credential=a",
        ] {
            let mut h = headers(&[("date", "a")]);
            h.insert(AUTHORIZATION, HeaderValue::from_static(value));
            assert_eq!(
                message(check(&h, None)),
                (
                    "IncompleteSignatureException".into(),
                    format!("Authorization header requires 'SignedHeaders' parameter. Authorization={value}")
                )
            );
        }
    }

    #[test]
    fn both_header_and_query_is_invalid() {
        let h = headers(&[("authorization", "X")]);
        assert_eq!(message(check(&h, Some("X-Amz-Algorithm"))).0, "InvalidSignatureException");
    }

    #[test]
    fn empty_query_algorithm_lists_everything_missing() {
        assert_eq!(
            message(check(&HeaderMap::new(), Some("X-Amz-Algorithm"))).1,
            "AWS query-string parameters must include 'X-Amz-Algorithm'. \
             AWS query-string parameters must include 'X-Amz-Credential'. \
             AWS query-string parameters must include 'X-Amz-Signature'. \
             AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
             AWS query-string parameters must include 'X-Amz-Date'. \
             Re-examine the query-string parameters."
        );
        let full = "X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-SignedHeaders=d&X-Amz-Date=e";
        assert_eq!(check(&HeaderMap::new(), Some(full)), Ok(()));
    }

    #[test]
    fn the_access_key_id_names_the_caller() {
        let h = headers(&[(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=alice/20260101/us-east-1/kinesis/aws4_request, \
             SignedHeaders=host, Signature=abc",
        )]);
        assert_eq!(access_key_id(&h, None).as_deref(), Some("alice"));
        let q =
            "X-Amz-Credential=bob%40111122223333%2F20260101%2Fus-east-1%2Fkinesis%2Faws4_request";
        assert_eq!(access_key_id(&HeaderMap::new(), Some(q)).as_deref(), Some("bob@111122223333"));
        assert_eq!(access_key_id(&HeaderMap::new(), None), None);
    }
}
