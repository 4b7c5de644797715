//! The learning layer's tests, one binary: every level solvable by its solution and not by
//! its start, every question's answer computed by a run, tours, coverage, progress, export.

mod export;
mod levels;
mod progress;
mod questions;
mod tours;
