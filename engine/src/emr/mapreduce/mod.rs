//! MapReduce on YARN (filled in by the MapReduce step of the EMR issue).

use serde::{Deserialize, Serialize};

use super::model::Cluster;
use crate::sim::{Ctx, Services};

/// A running MapReduce job.
#[derive(Clone, Debug, Default)]
pub struct Job {}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobEvent {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobWake {}

pub fn kill_all(c: &mut Cluster, _ctx: &mut Ctx<'_>) {
    c.jobs.clear();
}

pub fn kill_step(c: &mut Cluster, _ctx: &mut Ctx<'_>, step: &str) {
    c.jobs.remove(step);
}

pub fn node_lost(_services: &mut Services, _ctx: &mut Ctx<'_>, _cluster: &str, _node: &str) {}

pub fn nodes_changed(_services: &mut Services, _ctx: &mut Ctx<'_>, _cluster: &str) {}

pub fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, _cluster: &str, _generation: u64, wake: JobWake) {
    match wake {}
}
