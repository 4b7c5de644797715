//! Data Sandbox local endpoint: the engine's AWS JSON 1.1 dispatch served over HTTP, so the
//! real AWS CLI, boto3 and other SDKs work against the sandbox with `--endpoint-url`.
//!
//! The binary (`data-sandbox-endpoint`, flags in `main.rs`) is a thin shell around [`Server`];
//! tests start the same server in-process on an ephemeral port.

mod auth;
mod clock;
mod response;
mod sandbox;
mod server;
mod targets;

pub use server::{Config, Server, MAX_BODY_BYTES};
