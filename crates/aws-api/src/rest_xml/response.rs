//! An operation's output shape in JSON into an HTTP answer: header members into headers, the
//! payload member into the body (raw bytes for a blob, XML for a structure), the other members
//! into an XML document; and AWS's XML error.

use serde_json::Value;

use super::model::{Kind, Location, Model, Operation, ShapeId};
use super::{time, xml, Response};
use crate::ApiError;

/// The document element S3 answers each operation with (the model does not name it; botocore
/// does not read it; clients that check it expect AWS's).
fn root_name(op: &str) -> String {
    match op {
        "ListBuckets" => "ListAllMyBucketsResult",
        "ListObjects" | "ListObjectsV2" => "ListBucketResult",
        "ListObjectVersions" => "ListVersionsResult",
        "ListMultipartUploads" => "ListMultipartUploadsResult",
        "ListParts" => "ListPartsResult",
        "CreateMultipartUpload" => "InitiateMultipartUploadResult",
        "CompleteMultipartUpload" => "CompleteMultipartUploadResult",
        "DeleteObjects" => "DeleteResult",
        "GetBucketVersioning" => "VersioningConfiguration",
        "GetBucketTagging" | "GetObjectTagging" => "Tagging",
        "GetBucketLocation" => "LocationConstraint",
        other => return format!("{other}Result"),
    }
    .to_string()
}

pub fn encode(model: &Model, op: &Operation, output: &Value, head: bool) -> Response {
    let mut r = Response { status: op.status, headers: Vec::new(), body: Vec::new() };
    let Some(shape_id) = op.output else { return r };
    let shape = model.shape(shape_id);
    let empty = serde_json::Map::new();
    let members = output.as_object().unwrap_or(&empty);
    let mut xml_members = Vec::new();
    for m in &shape.members {
        let Some(v) = members.get(&m.name) else { continue };
        match m.location {
            Location::Header => {
                if let Some(text) = header_text(model, m.shape, v, m.timestamp_format.as_deref()) {
                    r.headers.push((m.wire_name().to_string(), text));
                }
            }
            Location::Headers => {
                for (k, hv) in v.as_object().into_iter().flatten() {
                    if let Some(text) = hv.as_str() {
                        r.headers.push((format!("{}{k}", m.wire_name()), text.to_string()));
                    }
                }
            }
            Location::StatusCode => r.status = v.as_u64().map_or(r.status, |s| s as u16),
            Location::Uri | Location::Query => {}
            Location::Body if shape.payload.as_deref() == Some(m.name.as_str()) => {
                let ps = model.shape(m.shape);
                match ps.kind {
                    Kind::Blob => {
                        let text = v.as_str().unwrap_or_default();
                        r.body = match crate::wire::shelf::take(text) {
                            Some(bytes) => bytes.to_vec(),
                            None => base64_simd::STANDARD.decode_to_vec(text).unwrap_or_default(),
                        }
                    }
                    Kind::String => r.body = v.as_str().unwrap_or_default().as_bytes().to_vec(),
                    _ => {
                        let root =
                            ps.location_name.clone().unwrap_or_else(|| m.wire_name().to_string());
                        r.body = document(model, &root, m.shape, v).into_bytes();
                        r.headers.push(("Content-Type".into(), "application/xml".into()));
                    }
                }
            }
            Location::Body => xml_members.push(m),
        }
    }
    // GetBucketLocation answers a document even when empty (us-east-1's `<LocationConstraint/>`).
    if shape.payload.is_none() && (!xml_members.is_empty() || op.name == "GetBucketLocation") {
        let root = root_name(&op.name);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!("<{root} xmlns=\"{}\">", namespace(model)));
        if op.name == "GetBucketLocation" {
            // Its one member is the document's text, as botocore's customisation reads it.
            if let Some(text) =
                xml_members.first().and_then(|m| members.get(&m.name)).and_then(Value::as_str)
            {
                xml::escape(text, &mut out);
            }
        } else {
            for m in xml_members {
                if let Some(v) = members.get(&m.name) {
                    member(model, m.wire_name(), m.shape, m.flattened, v, &mut out);
                }
            }
        }
        out.push_str(&format!("</{root}>"));
        r.body = out.into_bytes();
        r.headers.push(("Content-Type".into(), "application/xml".into()));
    }
    // S3 answers a byte range with 206.
    if op.name == "GetObject" && members.contains_key("ContentRange") {
        r.status = 206;
    }
    if head {
        r.body.clear();
    }
    r
}

fn namespace(model: &Model) -> &str {
    model.xml_namespace.as_deref().unwrap_or("http://s3.amazonaws.com/doc/2006-03-01/")
}

fn document(model: &Model, root: &str, shape: ShapeId, v: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<{root} xmlns=\"{}\">", namespace(model)));
    inner(model, shape, v, &mut out);
    out.push_str(&format!("</{root}>"));
    out
}

/// One member as elements: a flattened list repeats the element, a wrapped one nests items.
pub(crate) fn member(
    model: &Model,
    name: &str,
    shape: ShapeId,
    flattened: bool,
    v: &Value,
    out: &mut String,
) {
    let s = model.shape(shape);
    if s.kind == Kind::List && (flattened || s.flattened) {
        if let (Some(item), Some(items)) = (s.member, v.as_array()) {
            for i in items {
                out.push_str(&format!("<{name}>"));
                inner(model, item, i, out);
                out.push_str(&format!("</{name}>"));
            }
        }
        return;
    }
    out.push_str(&format!("<{name}>"));
    inner(model, shape, v, out);
    out.push_str(&format!("</{name}>"));
}

/// An element's content.
pub(crate) fn inner(model: &Model, shape: ShapeId, v: &Value, out: &mut String) {
    let s = model.shape(shape);
    match s.kind {
        Kind::Structure => {
            for m in &s.members {
                if let Some(mv) = v.get(&m.name) {
                    member(model, m.wire_name(), m.shape, m.flattened, mv, out);
                }
            }
        }
        Kind::List => {
            let name = s.member_name.as_deref().unwrap_or("member");
            for i in v.as_array().into_iter().flatten() {
                if let Some(item) = s.member {
                    member(model, name, item, false, i, out);
                }
            }
        }
        Kind::Map => {
            for (k, mv) in v.as_object().into_iter().flatten() {
                out.push_str("<entry><key>");
                xml::escape(k, out);
                out.push_str("</key><value>");
                if let Some(vs) = s.value {
                    inner(model, vs, mv, out);
                }
                out.push_str("</value></entry>");
            }
        }
        Kind::Timestamp => {
            if let Some(secs) = v.as_f64() {
                out.push_str(&time::iso8601(secs));
            }
        }
        _ => xml::escape(&scalar_text(v), out),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn header_text(model: &Model, shape: ShapeId, v: &Value, format: Option<&str>) -> Option<String> {
    let s = model.shape(shape);
    match s.kind {
        Kind::Timestamp => {
            let secs = v.as_f64()?;
            Some(match format.or(s.timestamp_format.as_deref()) {
                Some("iso8601") => time::iso8601(secs),
                Some("unixTimestamp") => format!("{}", secs as i64),
                _ => time::rfc822(secs),
            })
        }
        Kind::List => Some(v.as_array()?.iter().map(scalar_text).collect::<Vec<_>>().join(",")),
        _ => Some(scalar_text(v)),
    }
}

/// What S3 adds to an error about the request it failed.
#[derive(Clone, Debug, Default)]
pub struct ErrorContext {
    pub bucket: Option<String>,
    pub key: Option<String>,
    pub upload_id: Option<String>,
    pub version_id: Option<String>,
    pub range: Option<String>,
    pub request_id: String,
    pub host_id: String,
}

/// `<Error><Code>..</Code><Message>..</Message>[what it was about]<RequestId>..</RequestId>
/// <HostId>..</HostId></Error>`; a HEAD answer carries only the status.
pub fn error(e: &ApiError, cx: &ErrorContext, head: bool) -> Response {
    let mut r = Response { status: e.status, headers: Vec::new(), body: Vec::new() };
    if head {
        return r;
    }
    let code = e.code.as_str();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
    let mut field = |name: &str, value: &str| {
        out.push_str(&format!("<{name}>"));
        xml::escape(value, &mut out);
        out.push_str(&format!("</{name}>"));
    };
    field("Code", code);
    field("Message", &e.message);
    let about: &[(&str, &Option<String>)] = match code {
        "NoSuchBucket" | "BucketNotEmpty" | "BucketAlreadyOwnedByYou" | "InvalidBucketName" => {
            &[("BucketName", &cx.bucket)]
        }
        "NoSuchKey" => &[("Key", &cx.key)],
        "NoSuchVersion" => &[("Key", &cx.key), ("VersionId", &cx.version_id)],
        "NoSuchUpload" => &[("UploadId", &cx.upload_id)],
        "InvalidRange" => &[("RangeRequested", &cx.range)],
        _ => &[],
    };
    for (name, value) in about {
        if let Some(v) = value {
            field(name, v);
        }
    }
    field("RequestId", &cx.request_id);
    field("HostId", &cx.host_id);
    out.push_str("</Error>");
    r.body = out.into_bytes();
    r.headers.push(("Content-Type".into(), "application/xml".into()));
    r
}
