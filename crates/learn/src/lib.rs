//! Data Sandbox's learning layer, on the engine's World: levels whose goals are checked
//! against the live simulation, predict-then-run questions whose answers come from running
//! it, guided tours, the study-note coverage, progress and export to CloudFormation.
//!
//! Everything a view shows is computed here, natively testable: the views draw it.
//!
//! - [`script`] and [`commands`]: the command lists levels, questions and tours are made of;
//! - [`observe`]: what a run measured (event-log windows, the services' views);
//! - [`goal`] and [`level`], with the definitions in [`levels`];
//! - [`question`], with the definitions in [`questions`];
//! - [`tours`]: captions over a running scenario, gated by what happens in it;
//! - [`coverage`] (which study note each piece demonstrates), [`catalog`] (study-note ids and
//!   exam domains), [`progress`] (what a learner solved and what comes back for review);
//! - [`describe`]: the commands that are not API calls, in words.

pub mod catalog;
pub mod commands;
pub mod coverage;
pub mod describe;
pub mod export;
pub mod goal;
pub mod level;
pub mod levels;
pub mod observe;
pub mod progress;
pub mod question;
pub mod questions;
pub mod script;
pub mod tours;
