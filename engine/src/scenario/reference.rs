//! The reference scenario: one fixed script whose event-log fingerprint must come out the same
//! natively and in the browser. Tests pin its fingerprint; the app exports it to wasm.

use crate::sim::{CommandRecord, World, WorldConfig};

pub const REFERENCE_SEED: u64 = 2026;

/// Kinesis's scripted scenario: producers, throttling, consumers, resharding.
pub fn reference_commands() -> Vec<CommandRecord> {
    crate::kinesis::reference_scenario()
}

/// Replays the reference scenario and returns its event-log fingerprint.
pub fn reference_fingerprint() -> u64 {
    World::replay(WorldConfig::with_seed(REFERENCE_SEED), reference_commands()).log_hash()
}
