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
    /// A learner's S3 action (S3 is REST-XML, not JSON 1.1, so it is not an `Api` command).
    S3(crate::s3::S3Command),
    /// A learner's Firehose action outside the API (destination outages and the like).
    Firehose(crate::firehose::FirehoseCommand),
    /// A setting of Kinesis Data Analytics' simulated actors (the demo ticker feed).
    Analytics(crate::analytics::AnalyticsCommand),
}

impl From<crate::firehose::FirehoseCommand> for Command {
    fn from(c: crate::firehose::FirehoseCommand) -> Self {
        Command::Firehose(c)
    }
}

impl From<crate::analytics::AnalyticsCommand> for Command {
    fn from(c: crate::analytics::AnalyticsCommand) -> Self {
        Command::Analytics(c)
    }
}

impl From<crate::kinesis::ActorCommand> for Command {
    fn from(c: crate::kinesis::ActorCommand) -> Self {
        Command::Kinesis(c)
    }
}

impl From<crate::s3::S3Command> for Command {
    fn from(c: crate::s3::S3Command) -> Self {
        Command::S3(c)
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
            Command::S3(c) => c.action(),
            Command::Firehose(c) => c.action(),
            Command::Analytics(c) => c.action(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Virtual time the command was applied at.
    pub at: SimTime,
    pub command: Command,
}
