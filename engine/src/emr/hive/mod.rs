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
//! statement loop), [`shell`] (`hive -e`/`hive -f` typed in the primary node's shell).

pub mod run;
pub mod script;
pub mod scripts;
pub mod shell;
pub mod stage;
pub mod warehouse;

use std::any::Any;
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
    /// What the Hive CLIs started in the primary node's shell print, by their run key
    /// ([`shell::PREFIX`]).
    pub shells: BTreeMap<String, shell::ShellRun>,
    /// Hive CLIs started in the shell so far (they number the run keys).
    pub shells_started: u32,
}

/// Hive's state where the rest of EMR keeps it (on the cluster, the account's Glue catalog),
/// behind a trait object: the page's first module clones, drops and prints clusters, and with
/// the state's own types there it would carry Hive's code too (8 kB); through the object's
/// table that code stays in EMR's module, fetched on demand (`emr::behaviour`).
#[derive(Default)]
pub struct Opaque(Option<Box<dyn Held>>);

pub trait Held: Send + Sync {
    fn clone_box(&self) -> Box<dyn Held>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Clone + Send + Sync> Held for T {
    fn clone_box(&self) -> Box<dyn Held> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl Clone for Opaque {
    fn clone(&self) -> Self {
        Opaque(self.0.as_ref().map(|b| (**b).clone_box()))
    }
}

impl std::fmt::Debug for Opaque {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Opaque(..)" } else { "Opaque(empty)" })
    }
}

impl Opaque {
    /// The state, if it has been made (read-only: the snapshot's way in).
    pub fn peek<T: Any>(&self) -> Option<&T> {
        self.0.as_ref().and_then(|b| (**b).as_any().downcast_ref::<T>())
    }

    /// The state, made (empty) on first use.
    pub fn get<T: Any + Clone + Default + Send + Sync>(&mut self) -> &mut T {
        let fresh = match self.0.as_mut() {
            Some(b) => (**b).as_any_mut().downcast_mut::<T>().is_none(),
            None => true,
        };
        if fresh {
            self.0 = Some(Box::new(T::default()));
        }
        let held: Option<&mut T> =
            self.0.as_mut().and_then(|b| (**b).as_any_mut().downcast_mut::<T>());
        match held {
            Some(t) => t,
            // Unreachable (just made), but never a panic: a leaked default is harmless.
            None => Box::leak(Box::new(T::default())),
        }
    }
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
