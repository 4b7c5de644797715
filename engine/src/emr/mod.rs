//! Amazon EMR: managed Hadoop clusters of primary, core and task nodes on the virtual clock,
//! with HDFS on the core nodes, EMRFS over the sandbox's S3, and MapReduce jobs that really
//! run over real bytes as steps.
//!
//! Rooms: [`behaviour`] (its entry points in one table, which the page installs when it has
//! fetched EMR's code), [`model`] (clusters, groups, nodes, steps, events, wake-ups), [`ops`] (one function
//! per API action, and the dispatch table), [`tick`] (scheduled wake-ups), [`snapshot`]
//! (read-only views), [`wire`] (the JSON shapes), [`learner`] (faults and the primary node's
//! shell); helpers with one job each: [`texts`] (every message EMR says), [`catalog`]
//! (instance types, releases, applications), [`lifecycle`] (a cluster's start and end),
//! [`steps`] (the step queue and ActionOnFailure), [`runner`] (what a step runs), [`cost`]
//! (NormalizedInstanceHours and the bill), [`ids`]; [`hdfs`] (NameNode and DataNodes),
//! [`mapreduce`] (jobs on YARN).
//!
//! For the UI: read `world.view().emr()`; animate from the [`Event`]s in the event log.

pub mod access;
mod behaviour;
pub mod catalog;
pub mod cost;
pub mod fs;
pub mod hdfs;
pub mod hive;
pub mod ids;
mod learner;
pub mod lifecycle;
pub mod mapreduce;
pub mod model;
pub mod nodes;
pub mod ops;
pub mod runner;
pub mod samples;
pub mod shell;
mod snapshot;
pub mod steps;
pub mod texts;
pub mod tick;
pub mod wire;

use std::collections::BTreeMap;

pub(crate) use behaviour::{command, dispatch, ec2_command, ec2_dispatch, iam_dispatch, wake};
pub use behaviour::{install, is_ready, Behaviour, LINKED};
pub use learner::{EmrCommand, EmrCommand as LearnerCommand};
pub use model::{Event, Wake};
pub use snapshot::*;

use model::Cluster;

/// The EMR service: every cluster of the account in this region, the terminated ones
/// included (AWS lists them for two months).
#[derive(Clone, Debug, Default)]
pub struct Emr {
    pub(crate) clusters: BTreeMap<String, Cluster>,
    /// Cluster ids in creation order: ListClusters answers newest first.
    pub(crate) order: Vec<String>,
    /// Hands out cluster generations.
    pub(crate) next_generation: u64,
    /// The EMR-managed security groups (ElasticMapReduce-master, ElasticMapReduce-slave), made
    /// with the account's first cluster and shared by the next ones, as EMR does.
    pub(crate) managed_groups: Option<(String, String)>,
    /// The private-subnet managed groups (ElasticMapReduce-Master-Private, -Slave-Private,
    /// ElasticMapReduce-ServiceAccess), made with the first cluster in a private subnet.
    pub(crate) managed_private_groups: Option<(String, String, String)>,
    /// The account's block public access configuration in the region.
    pub(crate) block_public_access: access::BlockPublicAccess,
    /// Which era's rules the scenario follows (today's by default).
    pub(crate) era: access::Era,
    /// The Glue Data Catalog, for clusters whose Hive uses it as the metastore: it outlives
    /// them.
    pub(crate) glue_catalog: hive::Opaque,
}

impl Emr {
    /// A cluster by id, if its generation is still `generation`.
    pub(crate) fn current(&mut self, id: &str, generation: u64) -> Option<&mut Cluster> {
        self.clusters.get_mut(id).filter(|c| c.generation == generation)
    }
}
