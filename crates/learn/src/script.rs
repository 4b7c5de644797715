//! Command lists with virtual times: the start of a level, the setup of a question, what a tour
//! step does. A script only moves forward in time, as the command log does.

use engine::api::Call;
use engine::sim::SimTime;
use engine::{Command, CommandRecord};

/// Builds a time-ordered command list.
#[derive(Clone, Debug, Default)]
pub struct Script {
    at: SimTime,
    commands: Vec<CommandRecord>,
}

impl Script {
    pub fn new() -> Self {
        Self::default()
    }

    /// Later commands run at virtual time `ms` (a script never goes back in time).
    pub fn at(&mut self, ms: SimTime) -> &mut Self {
        self.at = self.at.max(ms);
        self
    }

    pub fn push(&mut self, command: impl Into<Command>) -> &mut Self {
        self.commands.push(CommandRecord { at: self.at, command: command.into() });
        self
    }

    pub fn call(&mut self, call: Call) -> &mut Self {
        self.push(Command::api(call.target, call.body))
    }

    pub fn push_all(&mut self, commands: impl IntoIterator<Item = Command>) -> &mut Self {
        for c in commands {
            self.push(c);
        }
        self
    }

    pub fn finish(&mut self) -> Vec<CommandRecord> {
        std::mem::take(&mut self.commands)
    }
}

/// The commands of a list, at time `at` each (what a learner applies at one moment).
pub fn at_time(at: SimTime, commands: Vec<Command>) -> Vec<CommandRecord> {
    commands.into_iter().map(|command| CommandRecord { at, command }).collect()
}
