//! What the engine's tests share: a fresh world, one API call with its JSON answer, and the
//! error a call must fail with.
#![allow(dead_code)]

use std::fmt::Display;

use engine::api::ApiError;
use engine::{Command, World, WorldConfig};
use serde_json::Value;

/// A fresh world on `seed`, with the default settings (limits on, commands recorded).
pub fn world(seed: u64) -> World {
    World::new(WorldConfig::with_seed(seed))
}

/// One API call of the service whose `X-Amz-Target` prefix is `prefix`
/// (`Kinesis_20131202`), its answer parsed as JSON (an empty body is `null`).
pub fn call(
    w: &mut World,
    prefix: &str,
    action: &str,
    body: impl Display,
) -> Result<Value, ApiError> {
    let out = w.apply(Command::api(format!("{prefix}.{action}"), body.to_string()));
    out.result.map(|s| serde_json::from_str(&s).unwrap_or(Value::Null))
}

/// The (code, message) of a call that must fail.
pub fn failure(result: Result<Value, ApiError>, action: &str) -> (String, String) {
    match result {
        Ok(v) => panic!("{action} succeeded: {v}"),
        Err(e) => (e.code.to_string(), e.message),
    }
}
