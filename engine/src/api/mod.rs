//! The API layer the services speak through: the `aws-api` crate (errors, validation wording,
//! JSON 1.1 body errors, shared wire shapes, protocol descriptors), plus the JSON 1.1 runner
//! that turns a body into a typed request for an operation on the simulation's state.
//! Dispatching a call to its service is the registry's job (`crate::services`); this module
//! imports no service.

mod call;
pub(crate) mod json;

pub(crate) use call::api_inputs;
pub use call::{ApiInput, Call};

pub use aws_api::json as json_errors;
pub use aws_api::{
    percent, validate, wire, ApiError, ErrorCode, Protocol, ServiceInfo, ServiceModel,
};
