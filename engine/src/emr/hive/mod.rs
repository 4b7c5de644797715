//! Hive on the cluster: a metastore on the primary node (gone with the cluster, unless the
//! cluster's `hive-site` points Hive at the Glue Data Catalog, which outlives it), managed
//! tables under `/user/hive/warehouse` in the cluster's HDFS, external tables wherever their
//! LOCATION says. A HIVE step (`command-runner.jar hive-script --run-hive-script --args -f
//! s3://...`, as the console and the CLI's `Type=HIVE` make it, or `hive -f`/`hive -e`) runs
//! its script statement by statement: DDL at once, each query's stages as MapReduce jobs on
//! the cluster's containers ([`stage`]), one after the other, then the fetch or the move. The
//! step's log is what the Hive CLI prints; a failed statement fails the step with Hive's text.
//!
//! Rooms: [`script`] (the step's arguments and the script's variables), [`warehouse`] (the
//! file system as Hive sees it), [`stage`] (a stage inside MapReduce's tasks), [`run`] (the
//! statement loop).

pub mod run;
pub mod script;
pub mod scripts;
pub mod stage;
pub mod warehouse;

use std::collections::BTreeMap;

use hive_sql::Catalog;

use crate::emr::fs::Location;
use crate::emr::model::Cluster;

pub use run::{stage_done, start};
pub use script::is_step;

/// `hive-site`'s setting that makes the Glue Data Catalog the metastore.
pub const GLUE_FACTORY: &str =
    "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory";

/// Hive on one cluster: its metastore (when it is on the primary node) and its running
/// scripts by step.
#[derive(Clone, Debug, Default)]
pub struct Hive {
    pub metastore: Catalog,
    pub runs: BTreeMap<String, run::Run>,
}

/// Whether the cluster's Hive uses the Glue Data Catalog (a `hive-site` classification with
/// `hive.metastore.client.factory.class` set to Glue's factory).
pub fn uses_glue(c: &Cluster) -> bool {
    c.configurations.iter().any(|cfg| {
        cfg.classification.as_deref() == Some("hive-site")
            && cfg
                .properties
                .as_ref()
                .and_then(|p| p.get("hive.metastore.client.factory.class"))
                .map(String::as_str)
                == Some(GLUE_FACTORY)
    })
}

/// A location as Hive names directories: `hdfs:///path` or `s3://bucket/key`.
pub fn canonical(loc: &Location) -> String {
    match loc {
        Location::Hdfs(p) => format!("hdfs://{p}"),
        Location::S3 { bucket, key } if key.is_empty() => format!("s3://{bucket}"),
        Location::S3 { bucket, key } => format!("s3://{bucket}/{key}"),
    }
}

/// A table's tables and their locations, for the view: (name, location, external).
pub fn tables(c: &Cluster, glue: &Catalog) -> Vec<(String, String, bool)> {
    let catalog = if uses_glue(c) { glue } else { &c.hive.metastore };
    catalog.values().map(|t| (t.name.clone(), t.location.clone(), t.external)).collect()
}
