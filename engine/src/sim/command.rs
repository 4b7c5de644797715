//! Commands: the only way the world changes. Each is recorded with the virtual time it was
//! applied at, so (seed, command log) reproduces the whole run.

use serde::{Deserialize, Serialize};

use super::SimTime;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// An AWS API call, exactly as the local endpoint receives it: `target` is the
    /// `X-Amz-Target` header (`Kinesis_20131202.PutRecord`) and `body` the JSON request.
    Api { target: String, body: String },
    /// A setting of Kinesis's simulated actors (producers, consumer applications).
    Kinesis(crate::kinesis::ActorCommand),
}

impl From<crate::kinesis::ActorCommand> for Command {
    fn from(c: crate::kinesis::ActorCommand) -> Self {
        Command::Kinesis(c)
    }
}

impl Command {
    pub fn api(target: impl Into<String>, body: impl Into<String>) -> Self {
        Command::Api { target: target.into(), body: body.into() }
    }

    /// The action's name as the learner knows it: `PutRecord`, `CreateStream`.
    pub fn action(&self) -> &str {
        match self {
            Command::Api { target, .. } => target.rsplit('.').next().unwrap_or(target),
            Command::Kinesis(c) => c.action(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Virtual time the command was applied at.
    pub at: SimTime,
    pub command: Command,
}
