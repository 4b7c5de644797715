//! The command log's entries. The [`Command`] type itself comes from the service registry
//! (`crate::services`): an API call, or a learner's command to one service.

use serde::{Deserialize, Serialize};

use super::SimTime;
pub use crate::services::Command;

impl Command {
    pub fn api(target: impl Into<String>, body: impl Into<String>) -> Self {
        Command::Api { target: target.into(), body: body.into() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Virtual time the command was applied at.
    pub at: SimTime,
    pub command: Command,
}
