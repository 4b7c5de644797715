//! Every predict-then-run question, by service. The tests (tests/learn/questions.rs) run each
//! over many seeds: exactly one choice is right every time, and the seeds that should flip the
//! answer do.

mod analytics;
pub(crate) mod emr;
mod emr_access;
mod emr_hive;
mod emr_jobs;
mod firehose;
pub(crate) mod pipeline;
mod reading;
mod snowball;
mod streams;
pub(crate) mod transfer;

use crate::question::Question;

pub fn all() -> Vec<&'static Question> {
    streams::QUESTIONS
        .iter()
        .chain(reading::QUESTIONS)
        .chain(firehose::QUESTIONS)
        .chain(analytics::QUESTIONS)
        .chain(emr::QUESTIONS)
        .chain(emr_jobs::QUESTIONS)
        .chain(emr_access::QUESTIONS)
        .chain(emr_hive::QUESTIONS)
        .chain(pipeline::QUESTIONS)
        .chain(snowball::QUESTIONS)
        .chain(transfer::QUESTIONS)
        .collect()
}

pub fn find(id: &str) -> Option<&'static Question> {
    all().into_iter().find(|q| q.id == id)
}
