//! Kinesis Data Analytics for SQL: applications that read a stream, run streaming SQL over
//! in-application streams and pumps, and write results to a stream or a delivery stream.
//!
//! (Wiring only; the service is built in issue 7.)

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// Every Kinesis Data Analytics application of the account in this region.
#[derive(Clone, Debug, Default)]
pub struct Analytics {}

/// What a learner can observe of the service.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {}

/// The service's scheduled wake-ups.
#[derive(Clone, Debug)]
pub enum Wake {}

/// Simulated actors of the service, set outside the API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnalyticsCommand {}

impl AnalyticsCommand {
    pub fn action(&self) -> &str {
        match *self {}
    }
}

pub fn command(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    command: &AnalyticsCommand,
) -> Result<String, ApiError> {
    match *command {}
}

pub fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {}
}

pub(crate) fn dispatch(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    action: &str,
    _body: &str,
) -> Result<String, ApiError> {
    Err(ApiError::unknown_operation().with_action(action))
}
