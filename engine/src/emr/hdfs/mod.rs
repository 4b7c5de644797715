//! HDFS on a cluster: the NameNode on the primary node, a DataNode on every core node. Files
//! are cut into blocks of `dfs.blocksize`; each block is stored as `dfs.replication` replicas
//! on distinct DataNodes, placed as Hadoop's default policy places them. The NameNode hears a
//! heartbeat from each DataNode every 3 s; a silent one is stale after 30 s and dead after
//! 630 s, and then its replicas are re-replicated from the survivors. A block whose every
//! replica is gone is missing. When the cluster terminates every disk goes with it: HDFS is
//! gone.
//!
//! Rooms: [`namespace`] (paths, files, directories, reading and writing bytes), [`placement`]
//! (where replicas go), [`health`] (DataNode liveness, re-replication, decommissioning,
//! missing blocks), [`report`] (what `hdfs fsck` and `hdfs dfsadmin -report` read).
//!
//! Sources: Hadoop 3.1.1's hdfs-default.xml, DatanodeManager, BlockPlacementPolicyDefault,
//! NamenodeFsck and DFSAdmin, as the facts file quotes them; EMR's replication default from the
//! Release Guide (emr-hdfs-config.md).

pub mod health;
pub mod namespace;
pub mod placement;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use namespace::{FileStatus, HdfsError};

/// `dfs.blocksize`: 128 MiB.
pub const DEFAULT_BLOCK_SIZE: u64 = 128 * 1024 * 1024;
/// `dfs.namenode.fs-limits.min-block-size`: a smaller block size is refused at write.
pub const MIN_BLOCK_SIZE: u64 = 1024 * 1024;
/// `dfs.replication.max`.
pub const MAX_REPLICATION: u16 = 512;
/// `dfs.heartbeat.interval`: 3 s.
pub const HEARTBEAT_MS: u64 = 3_000;
/// `dfs.namenode.stale.datanode.interval`: 30 s.
pub const STALE_AFTER_MS: u64 = 30_000;
/// `2 * heartbeat.recheck-interval + 10 * heartbeat.interval` = 2 * 300 s + 10 * 3 s = 630 s
/// (DatanodeManager's heartbeatExpireInterval). Hadoop's HeartbeatManager notices it on its
/// next check (every 5 minutes); the sandbox marks the node dead at exactly 630 s.
pub const DEAD_AFTER_MS: u64 = 630_000;
/// `dfs.namenode.redundancy.interval.seconds`: the redundancy monitor runs every 3 s.
pub const REDUNDANCY_INTERVAL_MS: u64 = 3_000;
/// `dfs.namenode.replication.max-streams`: copies one DataNode sends at a time.
pub const MAX_STREAMS: usize = 2;
/// `dfs.namenode.replication.work.multiplier.per.iteration`: blocks scheduled per monitor run
/// per live DataNode.
pub const WORK_MULTIPLIER: usize = 2;
/// How fast one replica copy streams between two DataNodes (the sandbox's cost figure: a
/// DataNode-to-DataNode transfer stream, well below the link speed).
pub const COPY_BYTES_PER_SEC: u64 = 64 * 1024 * 1024;
/// Hadoop's first block id (`blk_1073741825`) and generation stamp (1001).
pub const FIRST_BLOCK_ID: u64 = 1_073_741_825;
pub const FIRST_GENERATION_STAMP: u64 = 1001;
/// The sandbox's bound on memory: file bytes stored in HDFS across every cluster. Past it a
/// write fails and says so (HDFS itself is bounded by its disks; a browser tab is bounded
/// sooner).
pub const MAX_STORED_BYTES: u64 = 256 * 1024 * 1024;

/// EMR's `dfs.replication` default: "1 for clusters < four core nodes, 2 for clusters < ten
/// core nodes, 3 for all other clusters" (Release Guide, emr-hdfs-config.md), from the core
/// nodes the cluster is provisioned with.
pub fn default_replication(core_nodes: u32) -> u16 {
    match core_nodes {
        0..=3 => 1,
        4..=9 => 2,
        _ => 3,
    }
}

/// The NameNode's state of one cluster.
#[derive(Clone, Debug, Default)]
pub struct Hdfs {
    /// The NameNode is up (from the cluster's ready time until it terminates).
    pub running: bool,
    pub block_size: u64,
    /// `dfs.replication`: the default for new files.
    pub replication: u16,
    /// Whether `dfs.replication` came from the cluster's configuration (else EMR's default).
    pub replication_configured: bool,
    /// `BP-<n>-<namenode ip>-<ms>`.
    pub block_pool: String,
    /// Every path, `/` included, in path order.
    pub entries: BTreeMap<String, Entry>,
    pub blocks: BTreeMap<u64, Block>,
    pub next_block_id: u64,
    pub next_generation_stamp: u64,
    /// Bytes of every file (each stored once, whatever its replication).
    pub file_bytes: u64,
    /// Copies in flight: block id -> (source node, target node).
    pub copies: BTreeMap<u64, (String, String)>,
    /// Blocks the NameNode has reported missing (every replica gone).
    pub missing: BTreeSet<u64>,
    /// The redundancy monitor has a run scheduled.
    pub monitor_scheduled: bool,
}

/// A file or a directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub modified_ms: i64,
    pub owner: String,
    pub group: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Dir,
    File { len: u64, replication: u16, blocks: Vec<u64> },
}

/// One block of a file and where its replicas are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub id: u64,
    pub generation_stamp: u64,
    pub path: String,
    pub len: u64,
    /// The block's bytes: replicas share them (a replica is where a copy is, not a copy of the
    /// sandbox's memory).
    pub bytes: Arc<[u8]>,
    pub replicas: Vec<Replica>,
}

impl Block {
    /// `blk_1073741825_1001`.
    pub fn name(&self) -> String {
        format!("blk_{}_{}", self.id, self.generation_stamp)
    }
}

/// A replica: on which node, on which of its disks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub node: String,
    pub disk: usize,
}

/// What HDFS does, as a learner watches it. Node names are EMR instance ids (`ci-...`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HdfsEvent {
    /// A file was written: its size and how many blocks it was cut into.
    FileWritten {
        path: String,
        bytes: u64,
        blocks: u32,
    },
    /// A replica of a block landed on a node (at write).
    BlockPlaced {
        block: String,
        path: String,
        node: String,
    },
    /// Re-replication copied a block from one node to another.
    BlockReplicated {
        block: String,
        from: String,
        to: String,
    },
    /// The NameNode dropped a replica (its node is dead or its disk failed).
    ReplicaLost {
        block: String,
        node: String,
    },
    /// Every replica of the block is gone.
    BlockMissing {
        block: String,
        path: String,
    },
    /// A replica beyond the file's replication was removed (after `-setrep` lowered it).
    ReplicaRemoved {
        block: String,
        node: String,
    },
    /// A DataNode as the NameNode sees it: `live`, `stale`, `dead`, `decommissioning`,
    /// `decommissioned`.
    DataNodeState {
        node: String,
        state: String,
    },
    FileDeleted {
        path: String,
    },
    /// The cluster terminated with this file in HDFS: its bytes are gone.
    FileLost {
        path: String,
        bytes: u64,
    },
}

/// HDFS's wake-ups (inside EMR's, which carry the cluster and its generation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HdfsWake {
    /// A silent DataNode crosses the stale mark.
    Stale { node: String, serial: u64 },
    /// A silent DataNode crosses the dead mark.
    Dead { node: String, serial: u64 },
    /// The redundancy monitor runs.
    Monitor,
    /// A replica copy finishes.
    CopyDone { block: u64 },
}
