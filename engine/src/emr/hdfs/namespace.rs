//! The NameNode's namespace: paths, directories and files, and the bytes behind them. Writes
//! cut a file into blocks and place each block's replicas; reads put the blocks back together
//! from replicas that can still be read.

use std::sync::Arc;

use super::{placement, Block, Entry, EntryKind, Hdfs, HdfsEvent, Replica, MIN_BLOCK_SIZE};
use crate::emr::model::Cluster;
use crate::sim::Ctx;

/// The user steps and the shell run as on EMR, and HDFS's supergroup there.
pub const OWNER: &str = "hadoop";
pub const GROUP: &str = "hdfsadmingroup";
/// Where relative paths resolve (the `hadoop` user's home directory).
pub const HOME: &str = "/user/hadoop";

/// What can go wrong, in Hadoop's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HdfsError {
    NotFound(String),
    Exists(String),
    IsDirectory(String),
    NotDirectory(String),
    /// BlockManager.chooseTarget4NewBlock's refusal: no DataNode could take the block.
    NoDataNodes {
        path: String,
        running: usize,
    },
    /// DFSInputStream: no replica of the block can be read.
    MissingBlock {
        pool: String,
        block: String,
        path: String,
    },
    BlockSizeTooSmall(u64),
    /// The sandbox's memory bound.
    Full {
        stored: u64,
        adding: u64,
        limit: u64,
    },
    /// The cluster's NameNode is not up (starting, or terminated).
    NotRunning,
}

impl std::fmt::Display for HdfsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HdfsError::NotFound(p) => write!(f, "`{p}': No such file or directory"),
            HdfsError::Exists(p) => write!(f, "`{p}': File exists"),
            HdfsError::IsDirectory(p) => write!(f, "`{p}': Is a directory"),
            HdfsError::NotDirectory(p) => write!(f, "`{p}': Not a directory"),
            HdfsError::NoDataNodes { path, running } => write!(
                f,
                "File {path} could only be written to 0 of the 1 minReplication nodes. There are \
                 {running} datanode(s) running and 0 node(s) are excluded in this operation."
            ),
            HdfsError::MissingBlock { pool, block, path } => {
                write!(f, "Could not obtain block: {pool}:{block} file={path}")
            }
            HdfsError::BlockSizeTooSmall(size) => write!(
                f,
                "Specified block size is less than configured minimum value \
                 (dfs.namenode.fs-limits.min-block-size): {size} < {MIN_BLOCK_SIZE}"
            ),
            HdfsError::Full { stored, adding, limit } => write!(
                f,
                "The sandbox's HDFS holds at most {} MiB of file data across all clusters; {stored} \
                 bytes are stored and this write adds {adding}. Delete files (hdfs dfs -rm) or \
                 terminate clusters to make room.",
                limit / (1024 * 1024)
            ),
            HdfsError::NotRunning => {
                f.write_str("HDFS is not running: the cluster is not RUNNING or WAITING")
            }
        }
    }
}

impl HdfsError {
    /// The Java exception a MapReduce job or a client would log.
    pub fn exception(&self) -> String {
        match self {
            HdfsError::NotFound(p) => {
                format!("java.io.FileNotFoundException: File does not exist: {p}")
            }
            HdfsError::Exists(p) => {
                format!("org.apache.hadoop.fs.FileAlreadyExistsException: {p} already exists")
            }
            HdfsError::MissingBlock { .. } => {
                format!("org.apache.hadoop.hdfs.BlockMissingException: {self}")
            }
            HdfsError::NoDataNodes { .. } => format!("java.io.IOException: {self}"),
            other => format!("java.io.IOException: {other}"),
        }
    }
}

/// A file's or directory's status, as `hdfs dfs -ls` prints it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileStatus {
    pub path: String,
    pub is_dir: bool,
    pub len: u64,
    /// 0 for a directory.
    pub replication: u16,
    pub block_size: u64,
    pub modified_ms: i64,
    pub owner: String,
    pub group: String,
    /// `rwxr-xr-x` or `rw-r--r--` (umask 022).
    pub permission: String,
}

/// Turns what a learner typed into an absolute HDFS path: `hdfs://host:8020/a`, `hdfs:///a`,
/// `/a` or `a` (relative to `/user/hadoop`), with `.` and `..` resolved. `None` for another
/// scheme (`s3://` is EMRFS's) or an empty path.
pub fn resolve(path: &str) -> Option<String> {
    let rest = if let Some(after) = path.strip_prefix("hdfs://") {
        // hdfs://authority/path: the authority is the NameNode, whatever it is called.
        match after.find('/') {
            Some(i) => &after[i..],
            None => "/",
        }
    } else if path.contains("://") {
        return None;
    } else {
        path
    };
    if rest.is_empty() {
        return None;
    }
    let joined = if rest.starts_with('/') { rest.to_string() } else { format!("{HOME}/{rest}") };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// The parent of an absolute path (`/` for a top-level name).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

impl Hdfs {
    /// A fresh file system with its root and the `hadoop` user's home, as EMR sets it up.
    pub fn format(&mut self, now_ms: i64, block_pool: String) {
        self.running = true;
        self.block_pool = block_pool;
        self.next_block_id = super::FIRST_BLOCK_ID;
        self.next_generation_stamp = super::FIRST_GENERATION_STAMP;
        for dir in ["/", "/user", HOME, "/tmp"] {
            self.entries.insert(dir.to_string(), dir_entry(now_ms));
        }
    }

    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.entries.get(path), Some(Entry { kind: EntryKind::Dir, .. }))
    }

    pub fn status(&self, path: &str) -> Result<FileStatus, HdfsError> {
        let e = self.entries.get(path).ok_or_else(|| HdfsError::NotFound(path.to_string()))?;
        Ok(status_of(path, e, self.block_size))
    }

    /// A directory's children (or a file itself), in name order.
    pub fn list(&self, path: &str) -> Result<Vec<FileStatus>, HdfsError> {
        let e = self.entries.get(path).ok_or_else(|| HdfsError::NotFound(path.to_string()))?;
        if let EntryKind::File { .. } = e.kind {
            return Ok(vec![status_of(path, e, self.block_size)]);
        }
        Ok(self.children(path).map(|(p, e)| status_of(p, e, self.block_size)).collect())
    }

    /// Direct children of a directory.
    pub fn children<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a Entry)> {
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        let len = prefix.len();
        let start = prefix.clone();
        self.entries
            .range(start..)
            .take_while(move |(p, _)| p.starts_with(&prefix))
            .filter(move |(p, _)| *p != "/" && !p[len..].contains('/'))
            .map(|(p, e)| (p.as_str(), e))
    }

    /// Every file under `path` (itself if it is a file), in path order.
    pub fn files_under(&self, path: &str) -> Vec<String> {
        let prefix = if path == "/" { "/".to_string() } else { format!("{path}/") };
        self.entries
            .iter()
            .filter(|(p, _)| p.as_str() == path || p.starts_with(&prefix))
            .filter(|(_, e)| matches!(e.kind, EntryKind::File { .. }))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// `mkdir -p`: creates the directory and its missing parents.
    pub fn mkdirs(&mut self, path: &str, now_ms: i64) -> Result<(), HdfsError> {
        let mut at = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            at.push('/');
            at.push_str(part);
            match self.entries.get(&at) {
                Some(Entry { kind: EntryKind::Dir, .. }) => {}
                Some(_) => return Err(HdfsError::NotDirectory(at)),
                None => {
                    self.entries.insert(at.clone(), dir_entry(now_ms));
                }
            }
        }
        Ok(())
    }

    /// Removes a file, or a directory and everything under it; returns the files removed.
    pub fn delete(&mut self, path: &str, recursive: bool) -> Result<Vec<String>, HdfsError> {
        let is_dir = match self.entries.get(path) {
            None => return Err(HdfsError::NotFound(path.to_string())),
            Some(e) => matches!(e.kind, EntryKind::Dir),
        };
        if is_dir && !recursive {
            return Err(HdfsError::IsDirectory(path.to_string()));
        }
        let prefix = format!("{path}/");
        let doomed: Vec<String> = self
            .entries
            .keys()
            .filter(|p| p.as_str() == path || (path != "/" && p.starts_with(&prefix)))
            .cloned()
            .collect();
        let mut files = Vec::new();
        for p in doomed {
            if let Some(Entry { kind: EntryKind::File { len, blocks, .. }, .. }) =
                self.entries.remove(&p)
            {
                self.file_bytes = self.file_bytes.saturating_sub(len);
                for b in blocks {
                    self.blocks.remove(&b);
                    self.copies.remove(&b);
                    self.missing.remove(&b);
                }
                files.push(p);
            }
        }
        Ok(files)
    }

    /// Moves a file or directory (and what is under it) to a new path whose parent exists.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), HdfsError> {
        if !self.exists(from) {
            return Err(HdfsError::NotFound(from.to_string()));
        }
        if self.exists(to) {
            return Err(HdfsError::Exists(to.to_string()));
        }
        if !self.is_dir(parent(to)) {
            return Err(HdfsError::NotFound(parent(to).to_string()));
        }
        let prefix = format!("{from}/");
        let moved: Vec<String> = self
            .entries
            .keys()
            .filter(|p| p.as_str() == from || p.starts_with(&prefix))
            .cloned()
            .collect();
        for p in moved {
            if let Some(e) = self.entries.remove(&p) {
                let new_path = format!("{to}{}", &p[from.len()..]);
                if let EntryKind::File { blocks, .. } = &e.kind {
                    for b in blocks {
                        if let Some(block) = self.blocks.get_mut(b) {
                            block.path = new_path.clone();
                        }
                    }
                }
                self.entries.insert(new_path, e);
            }
        }
        Ok(())
    }

    /// Bytes of the file at `path`, if every block can still be read. `readable` says whether
    /// a replica can be read (its node up and serving, its disk whole).
    pub fn read(
        &self,
        path: &str,
        readable: impl Fn(&Replica) -> bool,
    ) -> Result<Vec<u8>, HdfsError> {
        let blocks = self.file_blocks(path)?;
        let mut out = Vec::new();
        for id in blocks {
            let (bytes, _) = self.read_block(id, &readable)?;
            out.extend_from_slice(&bytes);
        }
        Ok(out)
    }

    /// One block's bytes and a node that served them (the first readable replica), or
    /// Hadoop's BlockMissingException.
    pub fn read_block(
        &self,
        id: u64,
        readable: impl Fn(&Replica) -> bool,
    ) -> Result<(Arc<[u8]>, String), HdfsError> {
        let b = self.blocks.get(&id).ok_or_else(|| HdfsError::NotFound(format!("blk_{id}")))?;
        match b.replicas.iter().find(|r| readable(r)) {
            Some(r) => Ok((b.bytes.clone(), r.node.clone())),
            None => Err(HdfsError::MissingBlock {
                pool: self.block_pool.clone(),
                block: b.name(),
                path: b.path.clone(),
            }),
        }
    }

    /// The block ids of a file, in order.
    pub fn file_blocks(&self, path: &str) -> Result<Vec<u64>, HdfsError> {
        match self.entries.get(path) {
            None => Err(HdfsError::NotFound(path.to_string())),
            Some(Entry { kind: EntryKind::Dir, .. }) => {
                Err(HdfsError::IsDirectory(path.to_string()))
            }
            Some(Entry { kind: EntryKind::File { blocks, .. }, .. }) => Ok(blocks.clone()),
        }
    }
}

fn dir_entry(now_ms: i64) -> Entry {
    Entry { kind: EntryKind::Dir, modified_ms: now_ms, owner: OWNER.into(), group: GROUP.into() }
}

fn status_of(path: &str, e: &Entry, block_size: u64) -> FileStatus {
    let (is_dir, len, replication) = match &e.kind {
        EntryKind::Dir => (true, 0, 0),
        EntryKind::File { len, replication, .. } => (false, *len, *replication),
    };
    FileStatus {
        path: path.to_string(),
        is_dir,
        len,
        replication,
        block_size: if is_dir { 0 } else { block_size },
        modified_ms: e.modified_ms,
        owner: e.owner.clone(),
        group: e.group.clone(),
        permission: if is_dir { "rwxr-xr-x".into() } else { "rw-r--r--".into() },
    }
}

/// How a write goes: where it comes from and how many replicas it wants.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions<'a> {
    /// The node the writer runs on (a map or reduce task's node): the first replica goes there
    /// when it is a DataNode.
    pub writer: Option<&'a str>,
    /// Replication for the new file (the file system's default when `None`).
    pub replication: Option<u16>,
    pub overwrite: bool,
    /// Bytes the other clusters already store (for the sandbox's bound).
    pub stored_elsewhere: u64,
}

/// Writes `bytes` as a new file at `path` (creating missing parent directories): cut into
/// blocks, each block's replicas placed on DataNodes. Atomic: a refused write leaves nothing.
pub fn write_file(
    cluster: &mut Cluster,
    ctx: &mut Ctx<'_>,
    path: &str,
    bytes: &[u8],
    opts: WriteOptions<'_>,
) -> Result<(), HdfsError> {
    let h = &cluster.hdfs;
    if !h.running {
        return Err(HdfsError::NotRunning);
    }
    if h.block_size < MIN_BLOCK_SIZE {
        return Err(HdfsError::BlockSizeTooSmall(h.block_size));
    }
    let replaced = match h.entries.get(path) {
        Some(Entry { kind: EntryKind::Dir, .. }) => {
            return Err(HdfsError::IsDirectory(path.to_string()))
        }
        Some(Entry { kind: EntryKind::File { len, .. }, .. }) if opts.overwrite => *len,
        Some(_) => return Err(HdfsError::Exists(path.to_string())),
        None => 0,
    };
    let stored = opts.stored_elsewhere + h.file_bytes - replaced;
    let adding = bytes.len() as u64;
    if stored + adding > super::MAX_STORED_BYTES {
        return Err(HdfsError::Full { stored, adding, limit: super::MAX_STORED_BYTES });
    }
    let mut p = parent(path).to_string();
    while !cluster.hdfs.exists(&p) {
        p = parent(&p).to_string();
    }
    if !cluster.hdfs.is_dir(&p) {
        return Err(HdfsError::NotDirectory(p));
    }
    let replication = opts.replication.unwrap_or(cluster.hdfs.replication).max(1);
    // Place every block before changing anything, so a refusal leaves the namespace as it was.
    let chunk = cluster.hdfs.block_size as usize;
    let pieces: Vec<&[u8]> =
        if bytes.is_empty() { Vec::new() } else { bytes.chunks(chunk).collect() };
    let mut placed = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        let targets = placement::choose_targets(
            cluster,
            ctx,
            opts.writer,
            replication,
            &[],
            piece.len() as u64,
        );
        if targets.is_empty() {
            let running = cluster.core_nodes().count();
            return Err(HdfsError::NoDataNodes { path: path.to_string(), running });
        }
        placed.push(targets);
    }
    let now = ctx.unix_ms();
    if replaced > 0 || cluster.hdfs.exists(path) {
        let _ = cluster.hdfs.delete(path, false);
    }
    cluster.hdfs.mkdirs(parent(path), now)?;
    let mut ids = Vec::with_capacity(pieces.len());
    for (piece, targets) in pieces.iter().zip(placed) {
        let h = &mut cluster.hdfs;
        let id = h.next_block_id;
        h.next_block_id += 1;
        let stamp = h.next_generation_stamp;
        h.next_generation_stamp += 1;
        let block = Block {
            id,
            generation_stamp: stamp,
            path: path.to_string(),
            len: piece.len() as u64,
            bytes: Arc::from(*piece),
            replicas: targets.clone(),
        };
        let name = block.name();
        h.blocks.insert(id, block);
        ids.push(id);
        for r in targets {
            ctx.emit(super::super::model::Event::hdfs(
                &cluster.id,
                HdfsEvent::BlockPlaced {
                    block: name.clone(),
                    path: path.to_string(),
                    node: r.node,
                },
            ));
        }
    }
    let h = &mut cluster.hdfs;
    let blocks = ids.len() as u32;
    h.entries.insert(
        path.to_string(),
        Entry {
            kind: EntryKind::File { len: adding, replication, blocks: ids },
            modified_ms: now,
            owner: OWNER.into(),
            group: GROUP.into(),
        },
    );
    h.file_bytes += adding;
    ctx.emit(super::super::model::Event::hdfs(
        &cluster.id,
        HdfsEvent::FileWritten { path: path.to_string(), bytes: adding, blocks },
    ));
    // A file written with fewer replicas than asked (too few DataNodes) is under-replicated
    // from the start: the monitor tops it up if nodes join.
    super::health::wake_monitor(cluster, ctx);
    Ok(())
}
