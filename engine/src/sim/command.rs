//! Commands: the only way the world changes. Each is recorded with the virtual time it was
//! applied at, so (seed, command log) reproduces the whole run.

use serde::{Deserialize, Serialize};

use super::SimTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// An AWS API call, exactly as the local endpoint receives it: `target` is the
    /// `X-Amz-Target` header (`Kinesis_20131202.PutRecord`) and `body` the JSON request.
    Api { target: String, body: String },
}

impl Command {
    pub fn api(target: impl Into<String>, body: impl Into<String>) -> Self {
        Command::Api { target: target.into(), body: body.into() }
    }

    /// The action's name as the learner knows it: `PutRecord`, `CreateStream`.
    pub fn action(&self) -> &str {
        match self {
            Command::Api { target, .. } => target.rsplit('.').next().unwrap_or(target),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Virtual time the command was applied at.
    pub at: SimTime,
    pub command: Command,
}
