//! Every level, by view. A level's test (tests/learn/levels.rs) proves that its solution meets
//! its goal and that its start alone does not.

mod analytics;
mod emr;
mod firehose;
mod pipeline;
mod streams;
mod transfer;

use crate::level::Level;

/// Every level, in the order `#/learn` lists them.
pub fn all() -> Vec<&'static Level> {
    streams::LEVELS
        .iter()
        .chain(firehose::LEVELS)
        .chain(analytics::LEVELS)
        .chain(emr::LEVELS)
        .chain(pipeline::LEVELS)
        .chain(transfer::LEVELS)
        .collect()
}

pub fn find(id: &str) -> Option<&'static Level> {
    all().into_iter().find(|l| l.id == id)
}
