//! What every AWS protocol the sandbox speaks shares: AWS's error shape with typed error codes,
//! its validation wording, JSON 1.1 request-body errors, the wire shapes common to every
//! service (blobs, timestamps, empty bodies), ISO-8601 time text, and the descriptors of a
//! service's protocol and botocore model. It knows no service: the engine's registry fills the
//! descriptors in, and the AWS CLI emulator reads them.

pub mod doc_summary;
mod error;
pub mod json;
pub mod percent;
mod protocol;
/// The query protocol (EC2, IAM, Import/Export): shares REST-XML's model and output writer.
#[cfg(feature = "rest-xml")]
pub mod query;
#[cfg(feature = "rest-xml")]
pub mod rest_xml;
pub mod time;
pub mod validate;
pub mod wire;

pub use error::{ApiError, ErrorCode};
pub use protocol::{Protocol, ServiceInfo, ServiceModel};
