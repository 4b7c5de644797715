//! Scenarios: everything needed to restore a moment of the sandbox (seed, command log, clock,
//! speed, view, preset) and the compact codec that puts one in a shareable URL.

mod codec;
mod reference;
mod reference_snowball;

pub use codec::{decode, encode, ScenarioError, FORMAT_VERSION, MAX_DECODED_BYTES, MAX_LINK_CHARS};
pub use reference::{
    reference_commands, reference_fingerprint, reference_snowball_commands, REFERENCE_SEED,
};

use serde::{Deserialize, Serialize};

use crate::sim::{CommandRecord, SimTime};

/// Longest virtual time a link may ask to restore: loading replays everything up to it.
pub const MAX_RESTORE_MS: SimTime = 7 * 24 * 3600 * 1000;
/// Most commands a link may carry.
pub const MAX_COMMANDS: usize = 100_000;
/// Slowest and fastest finite playback speeds.
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 1000.0;

/// Command bytes past which a scenario is not put in a link. An upload's content travels in
/// its command (base64 in the body), and base64 barely compresses: past this the link would
/// be longer than [`MAX_LINK_CHARS`], so encoding it (zlib on megabytes, each time the URL
/// is refreshed) would only stall the page for a link no one can open.
pub const MAX_LINK_COMMAND_BYTES: usize = 2 * MAX_LINK_CHARS;

/// Roughly how many bytes the commands put into a link before compression: what their API
/// bodies weigh (a learner command is small). Cheap to add up, so a page can tell that a link
/// cannot be made without making it.
pub fn command_bytes(commands: &[CommandRecord]) -> usize {
    commands
        .iter()
        .map(|c| match &c.command {
            crate::Command::Api { target, body, caller } => {
                target.len() + body.len() + caller.as_ref().map_or(0, String::len) + 16
            }
            _ => 64,
        })
        .sum()
}

/// Can these commands travel in a link (see [`MAX_LINK_COMMAND_BYTES`])?
pub fn fits_in_a_link(commands: &[CommandRecord]) -> bool {
    command_bytes(commands) <= MAX_LINK_COMMAND_BYTES
}

/// Playback speed: a multiple of real time, or as fast as the machine goes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Speed {
    #[serde(rename = "x")]
    Times(f64),
    #[serde(rename = "max")]
    Max,
}

impl Default for Speed {
    fn default() -> Self {
        Speed::Times(1.0)
    }
}

impl Speed {
    pub fn label(&self) -> String {
        match self {
            Speed::Times(x) => format!("{x}x"),
            Speed::Max => "max".into(),
        }
    }
}

/// A restorable moment. Field names are one letter because they travel in URLs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(rename = "s")]
    pub seed: u64,
    /// The virtual clock to restore, ms since the scenario epoch.
    #[serde(rename = "t")]
    pub now: SimTime,
    #[serde(rename = "c", default)]
    pub commands: Vec<CommandRecord>,
    #[serde(rename = "x", default)]
    pub speed: Speed,
    #[serde(rename = "v", default)]
    pub view: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
}

impl Scenario {
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            now: 0,
            commands: Vec::new(),
            speed: Speed::default(),
            view: "overview".into(),
            preset: None,
        }
    }

    /// Checks what a hand-edited or damaged link could get wrong; the reason is shown to the
    /// learner.
    pub fn validate(&self) -> Result<(), String> {
        if self.now > MAX_RESTORE_MS {
            return Err(format!(
                "its clock is {} ms in; at most {MAX_RESTORE_MS} ms (7 days) can be restored",
                self.now
            ));
        }
        if self.commands.len() > MAX_COMMANDS {
            return Err(format!(
                "it has {} commands; at most {MAX_COMMANDS} are allowed",
                self.commands.len()
            ));
        }
        if self.commands.windows(2).any(|w| w[1].at < w[0].at) {
            return Err("its commands are not in time order".into());
        }
        if let Some(late) = self.commands.iter().find(|c| c.at > MAX_RESTORE_MS) {
            return Err(format!("a command is scheduled too late ({} ms)", late.at));
        }
        if let Speed::Times(x) = self.speed {
            if !(MIN_SPEED..=MAX_SPEED).contains(&x) {
                return Err(format!("its speed {x} is outside {MIN_SPEED}x to {MAX_SPEED}x"));
            }
        }
        let ident = |s: &str| {
            s.len() <= 64
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !ident(&self.view) {
            return Err("its view name is not one of the sandbox's views".into());
        }
        if self.preset.as_deref().is_some_and(|p| !ident(p)) {
            return Err("its preset name is not one of the sandbox's presets".into());
        }
        Ok(())
    }
}
