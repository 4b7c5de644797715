//! The JSON 1.1 runner: the one place a request body becomes a typed request for an operation
//! on the simulation's state, and its typed response becomes the response body.

use super::json_errors::serialization_error;
use super::{ApiError, ErrorCode};

/// One JSON 1.1 action: decodes the body (an empty body is an empty object, as AWS treats it),
/// runs `op` on the service state, encodes its output. Every service's dispatch goes through it.
pub(crate) fn call<S, Req: serde::de::DeserializeOwned, Resp: serde::Serialize>(
    state: &mut S,
    ctx: &mut crate::sim::Ctx<'_>,
    body: &str,
    op: fn(&mut S, &mut crate::sim::Ctx<'_>, Req) -> Result<Resp, ApiError>,
) -> Result<String, ApiError> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    let req: Req = serde_json::from_str(body).map_err(|e| serialization_error(&e))?;
    let resp = op(state, ctx, req)?;
    serde_json::to_string(&resp).map_err(|_| ApiError::new(ErrorCode::InternalFailure, ""))
}
