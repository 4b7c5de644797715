//! What a job reads: its input paths resolved to files (with their blocks' locations, for
//! splits and locality), the bytes of one split (a window of the file: the split and the rest
//! of its last line), and the `-files` it ships.

use std::sync::Arc;

use super::splits::{InputFile, S3_BLOCK_SIZE};
use crate::emr::fs::{self, FsError, Location};
use crate::emr::hdfs::{health, EntryKind};
use crate::sim::Services;

/// The files of every input path, or the path that does not exist (Hadoop's
/// InvalidInputException names it).
pub fn resolve(services: &Services, cluster: &str, inputs: &[Location], region: &str) -> Result<(Vec<Location>, Vec<InputFile>), String> {
    let Some(c) = services.emr.clusters.get(cluster) else { return Err("no cluster".into()) };
    let mut locs = Vec::new();
    let mut files = Vec::new();
    for input in inputs {
        let listed = fs::input_files(services, cluster, input).map_err(|e| e.to_string())?;
        let Some(listed) = listed else { return Err(input.uri(c, region)) };
        for l in listed {
            let blocks = match &l.location {
                Location::Hdfs(p) => match c.hdfs.entry(p).map(|e| &e.kind) {
                    Some(EntryKind::File { blocks, .. }) => {
                        let mut offset = 0;
                        blocks
                            .iter()
                            .filter_map(|b| c.hdfs.blocks.get(b))
                            .map(|b| {
                                let at = offset;
                                offset += b.len;
                                (at, b.replicas.iter().map(|r| r.node.clone()).collect())
                            })
                            .collect()
                    }
                    _ => Vec::new(),
                },
                Location::S3 { .. } => Vec::new(),
            };
            let block_size = if l.location.is_hdfs() { c.hdfs.block_size } else { S3_BLOCK_SIZE };
            files.push(InputFile { uri: l.location.uri(c, region), len: l.len, block_size, blocks });
            locs.push(l.location);
        }
    }
    Ok((locs, files))
}

/// The bytes a map needs for the split `[start, start + len)`: (window, its offset in the
/// file). HDFS reads only the blocks it needs, from replicas that can be read now (a block
/// with none fails the attempt with BlockMissingException).
pub fn window(services: &Services, cluster: &str, loc: &Location, start: u64, len: u64) -> Result<(Arc<[u8]>, u64), String> {
    let Location::Hdfs(path) = loc else {
        return fs::read(services, cluster, loc).map(|b| (b, 0)).map_err(|e| e.to_string());
    };
    let c = services.emr.clusters.get(cluster).ok_or_else(|| FsError::NoSuchCluster.to_string())?;
    let ids = c.hdfs.file_blocks(path).map_err(|e| e.exception())?;
    let end = start + len;
    let mut out: Vec<u8> = Vec::new();
    let mut window_start: Option<u64> = None;
    let mut offset = 0u64;
    for id in ids {
        let Some(b) = c.hdfs.blocks.get(&id) else { continue };
        let (b_start, b_end) = (offset, offset + b.len);
        offset = b_end;
        if b_end <= start {
            continue;
        }
        if b_start >= end {
            // Past the split: read on only until the line that starts at or before its end is
            // complete (a terminator at or after the end).
            let from = (end - window_start.unwrap_or(b_start)) as usize;
            if out.get(from..).is_some_and(|rest| rest.iter().any(|&x| x == b'\n' || x == b'\r')) {
                break;
            }
        }
        let (bytes, _) = c.hdfs.read_block(id, |r| health::readable(c, r)).map_err(|e| e.exception())?;
        if window_start.is_none() {
            // The split's blocks and the one after it, at most.
            out.reserve((end - b_start) as usize + bytes.len());
        }
        window_start.get_or_insert(b_start);
        out.extend_from_slice(&bytes);
    }
    Ok((out.into(), window_start.unwrap_or(start)))
}

/// Checks that every `-files` URI exists; the first missing one is the job's failure.
pub fn check_files(services: &Services, cluster: &str, files: &[String]) -> Result<Vec<Location>, String> {
    let mut out = Vec::new();
    for f in files {
        let loc = Location::parse(f).map_err(|e| e.to_string())?;
        let exists = fs::exists(services, cluster, &loc).map_err(|e| e.to_string())?;
        if !exists {
            return Err(format!("java.io.FileNotFoundException: File does not exist: {f}"));
        }
        out.push(loc);
    }
    Ok(out)
}
