//! What a job reads: its input paths resolved to files (with their blocks' locations, for
//! splits and locality), the bytes of one split (a window of the file: the split and the rest
//! of its last line), the `-files` it ships, and what makes every attempt fail before it reads.

use std::sync::Arc;

use super::splits::{InputFile, S3_BLOCK_SIZE};
use super::Job;
use crate::emr::fs::{self, FsError, Location};
use crate::emr::hdfs::{health, EntryKind};
use crate::sim::Services;

/// The files of every input path, or the path that does not exist (Hadoop's
/// InvalidInputException names it).
pub fn resolve(
    services: &Services,
    cluster: &str,
    inputs: &[Location],
    region: &str,
) -> Result<(Vec<Location>, Vec<InputFile>), String> {
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
            files.push(InputFile {
                uri: l.location.uri(c, region),
                len: l.len,
                block_size,
                blocks,
            });
            locs.push(l.location);
        }
    }
    Ok((locs, files))
}

/// The bytes a map needs for the split `[start, start + len)`: (window, its offset in the
/// file). HDFS reads only the blocks it needs, from replicas that can be read now (a block
/// with none fails the attempt with BlockMissingException).
pub fn window(
    services: &Services,
    cluster: &str,
    loc: &Location,
    start: u64,
    len: u64,
) -> Result<(Arc<[u8]>, u64), String> {
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
        let (bytes, _) =
            c.hdfs.read_block(id, |r| health::readable(c, r)).map_err(|e| e.exception())?;
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
pub fn check_files(
    services: &Services,
    cluster: &str,
    files: &[String],
) -> Result<Vec<Location>, String> {
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

/// The file name a `-files` entry is known by in the task's working directory.
pub fn shipped_name(loc: &Location) -> &str {
    match loc {
        Location::Hdfs(p) => p.rsplit('/').next().unwrap_or(p),
        Location::S3 { key, .. } => key.rsplit('/').next().unwrap_or(key),
    }
}

/// Why an attempt of the job fails before it reads a byte, if it does: a streaming command the
/// sandbox does not know, a script not shipped with `-files`, a shipped script that is not the
/// built-in program of its name (the sandbox runs its built-in programs, not Python: an edited
/// copy would silently give the built-in's output), sort's map emitting classes the job does
/// not take, or a text file read as a SequenceFile.
pub fn attempt_error(
    services: &Services,
    cluster: &str,
    j: &Job,
    reduce: bool,
    task: u32,
) -> Option<String> {
    if let Some(cmd) = &j.plan.unknown_command {
        return Some(format!(
            "java.lang.RuntimeException: PipeMapRed.waitOutputThreads(): subprocess failed with code 127 \
             (Cannot run program \"{cmd}\": the sandbox runs only its built-in streaming programs)"
        ));
    }
    for script in &j.plan.scripts {
        let Some(i) = j.files.iter().position(|f| shipped_name(f) == script.as_str()) else {
            return Some(format!("java.io.IOException: Cannot run program \"{script}\": error=2, No such file or directory"));
        };
        let (Some(built_in), Ok(shipped)) =
            (super::programs::script(script), fs::read(services, cluster, &j.files[i]))
        else {
            continue;
        };
        if shipped.as_ref() != built_in.source.as_bytes() {
            return Some(format!(
                "java.lang.RuntimeException: PipeMapRed.waitOutputThreads(): subprocess failed with code 1 \
                 (the sandbox runs its built-in {script}, and {} is not it: the sandbox has no Python; \
                 ship s3://{}/{} or a byte-for-byte copy)",
                j.plan.files.get(i).map_or("", String::as_str),
                crate::emr::samples::BUCKET,
                built_in.sample_key
            ));
        }
    }
    let sort = j.plan.sort.as_ref()?;
    if reduce {
        return None;
    }
    if let Some(e) = &sort.attempt_error {
        return Some(e.clone());
    }
    if sort.input == super::sort::SortInput::SequenceFile {
        // SequenceFile.Reader finds no "SEQ" header in a text file.
        let file = j.splits.get(task as usize).and_then(|s| j.input_files.get(s.file));
        return Some(format!(
            "java.io.IOException: {} not a SequenceFile",
            file.map_or("", |f| f.uri.as_str())
        ));
    }
    None
}
