//! Data Sandbox local endpoint: the engine's AWS JSON 1.1 dispatch served over HTTP (and in
//! CBOR, for the AWS SDK for Java), and S3's REST-XML beside it on the same port (`s3.rs`), so
//! the real AWS CLI, boto3 and other SDKs work against the sandbox with `--endpoint-url`.
//!
//! The binary (`data-sandbox-endpoint`, flags in `main.rs`) is a thin shell around [`Server`];
//! tests start the same server in-process on an ephemeral port.

mod auth;
pub mod cbor;
mod clock;
mod protocol;
mod query;
mod refusal;
mod response;
mod route;
mod s3;
mod sandbox;
mod server;
mod targets;

pub use server::{Config, Server, MAX_BODY_BYTES};
