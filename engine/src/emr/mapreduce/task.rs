//! One map task or one reduce task over real bytes: read the split's lines, map, partition by
//! the `Text` hash, sort by raw key bytes, combine; then fetch each map's partition, merge,
//! group, reduce, and format the output file. What each task counts comes back with it.

use rustc_hash::FxHashMap;

use super::programs::{Mapper, Reducer};
use super::text::{self, partition, text_size, vint_size};

/// What a job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// Hadoop streaming: a mapper, an optional combiner and reducer (no reducer = map only).
    Streaming { mapper: Mapper, combiner: Option<Reducer>, reducer: Option<Reducer> },
    /// `hadoop-mapreduce-examples wordcount`: StringTokenizer words, IntSumReducer as combiner
    /// and reducer, `IntWritable` counts.
    WordCount,
}

impl Program {
    /// Bytes the serializer writes for one map output record (Text key; Text or IntWritable
    /// value).
    fn record_bytes(&self, key: &[u8], value: &[u8]) -> u64 {
        match self {
            Program::WordCount => text_size(key.len()) + 4,
            Program::Streaming { .. } => text_size(key.len()) + text_size(value.len()),
        }
    }

    fn combiner(&self) -> Option<Combiner> {
        match self {
            Program::WordCount => Some(Combiner::IntSum),
            Program::Streaming { combiner: Some(r), .. } => Some(Combiner::Streaming(*r)),
            Program::Streaming { .. } => None,
        }
    }
}

#[derive(Clone, Copy)]
enum Combiner {
    IntSum,
    Streaming(Reducer),
}

/// A sorted run of (key, value) records: one partition of one map's output.
pub type Segment = Vec<(Vec<u8>, Vec<u8>)>;

/// What a map task produced and counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapOutput {
    /// One sorted segment per reducer (one unsorted run for a map-only job).
    pub partitions: Vec<Segment>,
    /// Each partition's size as the shuffle moves it (IFile bytes: records, end marker,
    /// checksum).
    pub materialized: Vec<u64>,
    pub input_records: u64,
    pub output_records: u64,
    pub output_bytes: u64,
    pub combine_input: u64,
    pub combine_output: u64,
    pub bytes_read: u64,
}

/// An IFile record: key and value lengths as vints, then the serialized key and value.
fn ifile_record(key_ser: u64, value_ser: u64) -> u64 {
    vint_size(key_ser as i64) + vint_size(value_ser as i64) + key_ser + value_ser
}

/// An IFile segment's end-of-file marker (two -1 vints) and its CRC.
const IFILE_TAIL: u64 = 2 + 4;

/// Runs a map task over the split `[start, start + len)` of a file; `window` holds the file's
/// bytes from `window_offset` on (at least the split and the rest of its last line).
pub fn run_map(
    program: &Program,
    window: &[u8],
    window_offset: u64,
    (start, len): (u64, u64),
    reducers: u32,
) -> Result<MapOutput, String> {
    let (s, e) = (start - window_offset, start + len - window_offset);
    let (lines, bytes_read) = text::split_lines_read(window, s, e, start == 0);
    let mut out = MapOutput {
        input_records: lines.len() as u64,
        bytes_read,
        ..Default::default()
    };
    let parts = reducers.max(1) as usize;
    if let (Some(Combiner::IntSum), true) | (Some(Combiner::Streaming(Reducer::Aggregate)), true) =
        (program.combiner(), reducers > 0)
    {
        if let Some(done) = summing_map(program, &lines, reducers, &mut out)? {
            return Ok(done);
        }
    }
    let mut partitions: Vec<Segment> = vec![Vec::new(); parts];
    emit_all(program, &lines, &mut |k: &[u8], v: &[u8]| {
        let p = if reducers == 0 { 0 } else { partition(k, reducers) as usize };
        partitions[p].push((k.to_vec(), v.to_vec()));
    });
    for seg in &partitions {
        out.output_records += seg.len() as u64;
        out.output_bytes += seg.iter().map(|(k, v)| program.record_bytes(k, v)).sum::<u64>();
    }
    if reducers > 0 {
        for seg in partitions.iter_mut() {
            seg.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if let Some(c) = program.combiner() {
            out.combine_input = out.output_records;
            for seg in partitions.iter_mut() {
                *seg = combine(c, seg)?;
            }
            out.combine_output = partitions.iter().map(|s| s.len() as u64).sum();
        }
    }
    out.materialized = partitions.iter().map(|s| segment_bytes(program, s)).collect();
    out.partitions = partitions;
    Ok(out)
}

fn segment_bytes(program: &Program, seg: &Segment) -> u64 {
    let records: u64 = seg
        .iter()
        .map(|(k, v)| match program {
            Program::WordCount => ifile_record(text_size(k.len()), 4),
            Program::Streaming { .. } => ifile_record(text_size(k.len()), text_size(v.len())),
        })
        .sum();
    records + IFILE_TAIL
}

/// Feeds every line to the mapper.
fn emit_all(program: &Program, lines: &[(u64, &[u8])], emit: &mut impl FnMut(&[u8], &[u8])) {
    match program {
        Program::WordCount => {
            let one = 1i32.to_be_bytes();
            for (_, line) in lines {
                for word in line.split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)).filter(|w| !w.is_empty()) {
                    emit(word, &one);
                }
            }
        }
        Program::Streaming { mapper, .. } => {
            for (_, line) in lines {
                mapper.map(line, emit);
            }
            mapper.finish(lines.len() as u64, emit);
        }
    }
}

/// The combine step for sums (IntSumReducer, `aggregate`'s LongValueSum/Max/Min) without
/// materializing every record: the same output and counts as sort-then-combine. `None` when a
/// record does not fit (a non-numeric value): the general path then reports the error as the
/// real combiner would.
fn summing_map(program: &Program, lines: &[(u64, &[u8])], reducers: u32, out: &mut MapOutput) -> Result<Option<MapOutput>, String> {
    /// One distinct key: its running value, its partition and how it combines, each worked
    /// out once per key rather than once per record.
    struct Acc {
        n: i64,
        partition: u32,
        kind: Kind,
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Sum,
        Max,
        Min,
        Other,
    }
    let aggregate = !matches!(program, Program::WordCount);
    // `aggregate`'s keys mostly share the `LongValueSum:` prefix: those are kept without it,
    // so lookups compare only what differs.
    const SUM_PREFIX: &[u8] = b"LongValueSum:";
    let mut sums: FxHashMap<Vec<u8>, Acc> = FxHashMap::default();
    let mut table: FxHashMap<Vec<u8>, Acc> = FxHashMap::default();
    let mut records = 0u64;
    let mut bytes = 0u64;
    let mut bad = false;
    emit_all(program, lines, &mut |k: &[u8], v: &[u8]| {
        records += 1;
        bytes += program.record_bytes(k, v);
        let n = if aggregate {
            if v == b"1" {
                1
            } else {
                match std::str::from_utf8(v).ok().and_then(|s| s.trim().parse::<i64>().ok()) {
                    Some(n) => n,
                    None => {
                        bad = true;
                        return;
                    }
                }
            }
        } else {
            i64::from(i32::from_be_bytes(v.try_into().unwrap_or([0; 4])))
        };
        let (map, key) = match k.strip_prefix(SUM_PREFIX) {
            Some(rest) if aggregate => (&mut sums, rest),
            _ => (&mut table, k),
        };
        match map.get_mut(key) {
            Some(acc) => {
                acc.n = match acc.kind {
                    Kind::Max => acc.n.max(n),
                    Kind::Min => acc.n.min(n),
                    _ => acc.n.wrapping_add(n),
                }
            }
            None => {
                let kind = if aggregate {
                    match k.split(|&b| b == b':').next().unwrap_or(&[]) {
                        b"LongValueSum" => Kind::Sum,
                        b"LongValueMax" => Kind::Max,
                        b"LongValueMin" => Kind::Min,
                        _ => Kind::Other,
                    }
                } else {
                    Kind::Sum
                };
                if kind == Kind::Other {
                    bad = true;
                }
                map.insert(key.to_vec(), Acc { n, partition: partition(k, reducers), kind });
            }
        }
    });
    if bad {
        return Ok(None);
    }
    out.output_records = records;
    out.output_bytes = bytes;
    out.combine_input = records;
    let mut partitions: Vec<Segment> = vec![Vec::new(); reducers as usize];
    let prefixed = sums.into_iter().map(|(k, acc)| {
        let mut full = Vec::with_capacity(SUM_PREFIX.len() + k.len());
        full.extend_from_slice(SUM_PREFIX);
        full.extend_from_slice(&k);
        (full, acc)
    });
    for (k, acc) in table.into_iter().chain(prefixed) {
        let v = if aggregate { acc.n.to_string().into_bytes() } else { (acc.n as i32).to_be_bytes().to_vec() };
        if let Some(seg) = partitions.get_mut(acc.partition as usize) {
            seg.push((k, v));
        }
    }
    for seg in partitions.iter_mut() {
        seg.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    out.combine_output = partitions.iter().map(|s| s.len() as u64).sum();
    out.materialized = partitions.iter().map(|s| segment_bytes(program, s)).collect();
    out.partitions = partitions;
    Ok(Some(std::mem::take(out)))
}

fn combine(c: Combiner, seg: &Segment) -> Result<Segment, String> {
    match c {
        Combiner::IntSum => Ok(int_sum(seg)),
        Combiner::Streaming(r) => {
            let records: Vec<(&[u8], &[u8])> = seg.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
            let mut lines = Vec::new();
            r.combine(&records, &mut lines)?;
            Ok(lines
                .into_iter()
                .map(|l| {
                    let (k, v) = text::split_key_value(&l);
                    (k.to_vec(), v.to_vec())
                })
                .collect())
        }
    }
}

/// IntSumReducer over a sorted segment of IntWritable values.
fn int_sum(seg: &Segment) -> Segment {
    let mut out: Segment = Vec::new();
    for (k, v) in seg {
        let n = i32::from_be_bytes(v.as_slice().try_into().unwrap_or([0; 4]));
        match out.last_mut() {
            Some((lk, lv)) if lk == k => {
                let sum = i32::from_be_bytes(lv.as_slice().try_into().unwrap_or([0; 4])).wrapping_add(n);
                *lv = sum.to_be_bytes().to_vec();
            }
            _ => out.push((k.clone(), v.clone())),
        }
    }
    out
}

/// What a reduce task produced and counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReduceOutput {
    /// The part file's bytes.
    pub file: Vec<u8>,
    pub input_groups: u64,
    pub input_records: u64,
    pub output_records: u64,
    pub shuffle_bytes: u64,
}

/// Runs reduce task `r` over every map's segment for it (in map order): merge by key (equal
/// keys in map order), reduce, format.
pub fn run_reduce(program: &Program, segments: &[(&Segment, u64)]) -> Result<ReduceOutput, String> {
    let mut records: Vec<(&[u8], &[u8])> =
        segments.iter().flat_map(|(s, _)| s.iter().map(|(k, v)| (k.as_slice(), v.as_slice()))).collect();
    records.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = ReduceOutput {
        input_records: records.len() as u64,
        shuffle_bytes: segments.iter().map(|(_, m)| m).sum(),
        ..Default::default()
    };
    out.input_groups = records.windows(2).filter(|w| w[0].0 != w[1].0).count() as u64 + u64::from(!records.is_empty());
    match program {
        Program::WordCount => {
            let seg: Segment = records.iter().map(|(k, v)| (k.to_vec(), v.to_vec())).collect();
            for (k, v) in int_sum(&seg) {
                let n = i32::from_be_bytes(v.as_slice().try_into().unwrap_or([0; 4]));
                out.file.extend_from_slice(&k);
                out.file.push(b'\t');
                out.file.extend_from_slice(n.to_string().as_bytes());
                out.file.push(b'\n');
                out.output_records += 1;
            }
        }
        Program::Streaming { reducer, .. } => {
            let mut lines = Vec::new();
            match reducer {
                Some(r) => r.reduce(&records, &mut lines)?,
                None => lines.extend(records.iter().map(|(k, v)| [*k, b"\t", *v].concat())),
            }
            out.output_records = lines.len() as u64;
            for l in lines {
                text::output_line(&mut out.file, &l);
            }
        }
    }
    Ok(out)
}

/// A map-only job's output file: the mapper's records as TextOutputFormat writes them.
pub fn map_only_file(program: &Program, seg: &Segment) -> Vec<u8> {
    let mut file = Vec::new();
    for (k, v) in seg {
        match program {
            Program::WordCount => {
                let n = i32::from_be_bytes(v.as_slice().try_into().unwrap_or([0; 4]));
                file.extend_from_slice(k);
                file.push(b'\t');
                file.extend_from_slice(n.to_string().as_bytes());
                file.push(b'\n');
            }
            Program::Streaming { .. } => {
                file.extend_from_slice(k);
                file.push(b'\t');
                file.extend_from_slice(v);
                file.push(b'\n');
            }
        }
    }
    file
}
