//! Data Sandbox engine: AWS's data services simulated on a virtual clock.
//!
//! The engine is pure: no I/O, no wall clock, no OS randomness. Everything that changes the
//! world is a [`sim::Command`]; everything observable is a [`sim::Event`] in the event log. The
//! same seed and commands give the same event log, natively and in wasm.
//!
//! Which services exist is said once, in [`services`]. The engine never panics on input: a
//! panic in wasm kills the page, so outside tests `unwrap`, `expect` and `panic!` are denied.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod api;
pub mod compression;
pub mod scenario;
pub mod services;
pub mod sim;

// The service folders are declared by the registry (`services.rs`); they are reachable here
// as `engine::kinesis`, `engine::firehose`, ...
pub use services::*;

pub use sim::{Command, CommandRecord, Event, EventRecord, World, WorldConfig};
