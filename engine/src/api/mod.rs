//! The AWS JSON 1.1 protocol: requests arrive as an `X-Amz-Target` and a JSON body, whoever
//! sends them (the UI, the console, the local endpoint), and are dispatched to a service's ops.

mod error;
pub(crate) mod json;
pub mod validate;

pub use error::ApiError;

use crate::sim::{Ctx, Services};

/// Runs one API call against the services. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    target: &str,
    body: &str,
) -> Result<String, ApiError> {
    if let Some(action) = target.strip_prefix("Kinesis_20131202.") {
        return crate::kinesis::dispatch(&mut services.kinesis, ctx, action, body);
    }
    if let Some(action) = target.strip_prefix("Firehose_20150804.") {
        return crate::firehose::dispatch(services, ctx, action, body);
    }
    if let Some(action) = target.strip_prefix("KinesisAnalytics_20150814.") {
        return crate::analytics::dispatch(services, ctx, action, body);
    }
    let action = target.rsplit('.').next().unwrap_or(target);
    Err(ApiError::unknown_operation().with_action(action))
}
