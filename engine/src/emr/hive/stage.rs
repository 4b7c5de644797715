//! A Hive stage inside MapReduce's tasks: the map reads its split's lines through the stage's
//! input (the table's SerDe, or an earlier stage's rows), runs the operators, partitions by
//! the `Text` hash of the key bytes (Hive hashes the key columns; the bytes stand in for them
//! here, a choice of the sandbox), sorts and combines; the reduce merges the maps' sorted runs
//! and writes the stage's rows. Counters count the same things as for any other job.

use std::any::Any;
use std::sync::Arc;

use hive_sql::plan::Stage;

use crate::emr::mapreduce::program::ifile_record;
use crate::emr::mapreduce::task::{MapOutput, ReduceOutput, Segment};
use crate::emr::mapreduce::text::{self, partition, text_size};

/// Each input's directories, with their partition values.
pub type InputDirs = Vec<Vec<(String, Vec<String>)>>;

/// The stage and the directories of its inputs (canonical `hdfs:///path` or `s3://b/k`),
/// each with its partition values.
pub struct StageData {
    pub stage: Stage,
    pub dirs: InputDirs,
}

/// A job's Hive stage, behind `dyn Any` for the reason [`super::Opaque`] gives: jobs are
/// cloned and dropped in the page's first module.
#[derive(Clone)]
pub struct HiveStage(Arc<dyn Any + Send + Sync>);

impl HiveStage {
    pub fn new(stage: Stage, dirs: InputDirs) -> HiveStage {
        HiveStage(Arc::new(StageData { stage, dirs }))
    }

    pub fn data(&self) -> Option<&StageData> {
        self.0.downcast_ref::<StageData>()
    }
}

impl std::fmt::Debug for HiveStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HiveStage")
    }
}

impl PartialEq for HiveStage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for HiveStage {}

fn record_bytes(k: &[u8], v: &[u8]) -> u64 {
    text_size(k.len()) + text_size(v.len())
}

fn segment_bytes(seg: &Segment) -> u64 {
    seg.iter().map(|(k, v)| ifile_record(text_size(k.len()), text_size(v.len()))).sum::<u64>()
        + crate::emr::mapreduce::program::IFILE_TAIL
}

/// The map over the split `[start, start + len)` of the file at `path`.
pub fn run_map(
    h: &HiveStage,
    path: &str,
    window: &[u8],
    window_offset: u64,
    (start, len): (u64, u64),
    reducers: u32,
) -> Result<MapOutput, String> {
    let (s, e) = (start - window_offset, start + len - window_offset);
    let (lines, bytes_read) = text::split_lines_read(window, s, e, start == 0);
    let Some(h) = h.data() else { return Err("java.io.IOException: no stage".into()) };
    let Some((input, part)) = h.stage.input_of(path, &h.dirs) else {
        return Err(format!("java.io.IOException: {path} is not an input of this stage"));
    };
    let mut out = MapOutput { input_records: lines.len() as u64, bytes_read, ..Default::default() };
    let parts = reducers.max(1) as usize;
    let mut partitions: Vec<Segment> = vec![Vec::new(); parts];
    let mut it = lines.iter().map(|(_, l)| *l).filter(|l| !l.is_empty());
    h.stage.map(input, &part, &mut it, &mut |k, v| {
        let p = if reducers == 0 { 0 } else { partition(&k, reducers) as usize };
        partitions[p].push((k, v));
    })?;
    for seg in &partitions {
        out.output_records += seg.len() as u64;
        out.output_bytes += seg.iter().map(|(k, v)| record_bytes(k, v)).sum::<u64>();
    }
    if reducers > 0 {
        for seg in partitions.iter_mut() {
            seg.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if h.stage.combines() {
            out.combine_input = out.output_records;
            for seg in partitions.iter_mut() {
                *seg = h.stage.combine(seg);
            }
            out.combine_output = partitions.iter().map(|s| s.len() as u64).sum();
        }
    }
    out.materialized = partitions.iter().map(segment_bytes).collect();
    out.partitions = partitions;
    Ok(out)
}

/// The reduce over every map's segment for it.
pub fn run_reduce(h: &HiveStage, segments: &[(&Segment, u64)]) -> Result<ReduceOutput, String> {
    let Some(h) = h.data() else { return Err("java.io.IOException: no stage".into()) };
    let mut records: Vec<(&[u8], &[u8])> = segments
        .iter()
        .flat_map(|(s, _)| s.iter().map(|(k, v)| (k.as_slice(), v.as_slice())))
        .collect();
    records.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = ReduceOutput {
        input_records: records.len() as u64,
        shuffle_bytes: segments.iter().map(|(_, m)| m).sum(),
        ..Default::default()
    };
    out.input_groups = records.windows(2).filter(|w| w[0].0 != w[1].0).count() as u64
        + u64::from(!records.is_empty());
    let lines = h.stage.reduce(&records)?;
    out.output_records = lines.len() as u64;
    for l in lines {
        out.file.extend_from_slice(l.as_bytes());
        out.file.push(b'\n');
    }
    Ok(out)
}

/// A map-only stage's file: the rows its map wrote.
pub fn map_only_file(seg: &Segment) -> Vec<u8> {
    let mut file = Vec::new();
    for (_, v) in seg {
        file.extend_from_slice(v);
        file.push(b'\n');
    }
    file
}
