//! The command log's entries. The [`Command`] type itself comes from the service registry
//! (`crate::services`): an API call, or a learner's command to one service.

use serde::{Deserialize, Serialize};

use super::SimTime;
pub use crate::services::Command;

impl Command {
    /// An API call made as the account's root user (the console, the UI's buttons).
    pub fn api(target: impl Into<String>, body: impl Into<String>) -> Self {
        Command::Api { target: target.into(), body: body.into(), caller: None }
    }

    /// An API call signed with `access_key_id` (the local endpoint's callers).
    pub fn api_as(
        access_key_id: impl Into<String>,
        target: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Command::Api {
            target: target.into(),
            body: body.into(),
            caller: Some(access_key_id.into()),
        }
    }

    /// The access key id an API call was signed with, if any.
    pub fn caller(&self) -> Option<&str> {
        match self {
            Command::Api { caller, .. } => caller.as_deref(),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Virtual time the command was applied at.
    pub at: SimTime,
    pub command: Command,
}
