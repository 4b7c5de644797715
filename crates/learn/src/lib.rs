//! Data Sandbox's learning layer, on the engine's World: levels whose goals are checked
//! against the live simulation, predict-then-run questions whose answers come from running
//! it, guided tours, the study-note coverage, progress and export to CloudFormation.
//!
//! Everything a view shows is computed here, natively testable: the views draw it.
//!
//! - [`script`] and [`commands`]: the command lists levels, questions and tours are made of;
//! - [`observe`]: what a run measured (event-log windows, the services' views);
//! - [`goal`] and [`level`], with the definitions in [`levels`];
//! - [`catalog`]: study-note ids and exam domains.

pub mod catalog;
pub mod commands;
pub mod goal;
pub mod level;
pub mod levels;
pub mod observe;
pub mod script;
