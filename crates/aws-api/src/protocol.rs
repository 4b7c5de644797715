//! How a service is spoken to on the wire, and the botocore model that describes it: the
//! descriptors the service registry (`engine::services`) fills in, and that the AWS CLI
//! emulator and the local endpoint read.

/// A service's wire protocol, as botocore's `metadata.protocol` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// AWS JSON 1.1 (Kinesis, Firehose, Kinesis Analytics): `POST /` with the operation in
    /// `X-Amz-Target: <target_prefix>.<Operation>` and a JSON body.
    Json11 { target_prefix: &'static str },
    /// REST-XML (S3): the operation is the HTTP method and path; XML bodies; no target header.
    RestXml,
    /// The query protocol (EC2, IAM): `Action=<Operation>&Version=<version>` form bodies.
    Query { version: &'static str },
}

impl Protocol {
    /// botocore's name for it: `json` (with `jsonVersion` 1.1), `rest-xml`, `query`.
    pub fn name(&self) -> &'static str {
        match self {
            Protocol::Json11 { .. } => "json-1.1",
            Protocol::RestXml => "rest-xml",
            Protocol::Query { .. } => "query",
        }
    }

    /// The `X-Amz-Target` prefix, for JSON 1.1 services only.
    pub const fn target_prefix(&self) -> Option<&'static str> {
        match self {
            Protocol::Json11 { target_prefix } => Some(target_prefix),
            _ => None,
        }
    }
}

/// botocore's model of a service, embedded: `service-2.json` (minified, each documentation
/// string cut to its first sentence: engine/build.rs) and `paginators-1.json`. Plain text, not
/// gzipped: the page is served brotli-compressed, which packs JSON tighter than gzip inside it.
#[derive(Clone, Copy, Debug)]
pub struct ServiceModel {
    pub service: &'static str,
    pub paginators: &'static str,
}

/// One entry of the service registry.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The engine's folder name: `kinesis`, `s3`.
    pub name: &'static str,
    pub protocol: Protocol,
    /// The AWS CLI's service name: `aws kinesis`, `aws s3api`.
    pub cli_name: &'static str,
    /// `None` while the sandbox carries no model for it (its CLI commands are not offered).
    pub model: Option<ServiceModel>,
}
