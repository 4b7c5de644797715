//! The simulation core: virtual clock, event queue, seeded RNG, the World, the event log,
//! checkpoints and replay. Services plug in through [`Ctx`]; which services there are is `crate::services`' business.

pub mod caller;
mod checkpoint;
pub mod clock;
mod command;
mod event;
pub mod hash;
mod log;
pub mod on_demand;
mod queue;
mod rng;
mod world;

pub use crate::services::{Services, Wake};
pub use checkpoint::Checkpoints;
pub use clock::{format_iso, parse_iso, SimTime, DEFAULT_EPOCH_MS};
pub use command::{Command, CommandRecord};
pub use event::{Event, EventRecord, WorldEvent};
pub use log::{EventBatch, EventLog};
pub use queue::EventQueue;
pub use rng::SimRng;
pub use world::{Ctx, LogCursor, LogRead, Outcome, World, WorldConfig, WorldView};
