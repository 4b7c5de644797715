//! One map task or one reduce task over real bytes: read the split's lines, map, partition by
//! the `Text` hash, sort by raw key bytes, combine; then fetch each map's partition, merge,
//! group, reduce, and format the output file. What each task counts comes back with it.

use rustc_hash::FxHashMap;

use super::merge::{key_number, Merge};
use super::program::{ifile_record, sum_values, Combiner, IFILE_TAIL};
pub use super::program::{Program, Segment};
use super::programs::Reducer;
use super::sort::{increasing_key, SortInput};
use super::text::{self, partition, text_size};
use super::{grep, tera};

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
    /// TeraGen: the sum of the generated records' CRC-32s (its CHECKSUM counter).
    pub checksum: u128,
}

/// What a map needs besides its bytes: TeraSort's cut points and partitioner, the input
/// file's name (TeraValidate reports by it).
#[derive(Clone, Copy, Debug, Default)]
pub struct MapExtras<'a> {
    pub cut_points: &'a [Vec<u8>],
    pub simple_partitioner: bool,
    pub file_name: &'a str,
    /// grep's pattern and group.
    pub grep: Option<&'a grep::GrepOptions>,
    /// The input file as Hive names its directories (`hdfs:///path`, `s3://bucket/key`).
    pub path: &'a str,
}

/// Runs a map task over the split `[start, start + len)` of a file; `window` holds the file's
/// bytes from `window_offset` on (at least the split and the rest of its last line).
pub fn run_map(
    program: &Program,
    window: &[u8],
    window_offset: u64,
    (start, len): (u64, u64),
    reducers: u32,
    extras: &MapExtras<'_>,
) -> Result<MapOutput, String> {
    match program {
        Program::TeraGen => return Ok(tera_gen(start, len)),
        Program::TeraSort | Program::TeraValidate => {
            return tera_map(program, window, window_offset, (start, len), reducers, extras);
        }
        Program::Hive(h) => {
            return crate::emr::hive::stage::run_map(
                h,
                extras.path,
                window,
                window_offset,
                (start, len),
                reducers,
            );
        }
        _ => {}
    }
    let (s, e) = (start - window_offset, start + len - window_offset);
    let (mut lines, bytes_read) = text::split_lines_read(window, s, e, start == 0);
    // Line positions in the file, not in the window (TextInputFormat's keys).
    lines.iter_mut().for_each(|(at, _)| *at += window_offset);
    let mut out = MapOutput { input_records: lines.len() as u64, bytes_read, ..Default::default() };
    let parts = reducers.max(1) as usize;
    if let (Some(Combiner::IntSum), true) | (Some(Combiner::Streaming(Reducer::Aggregate)), true) =
        (program.combiner(), reducers > 0)
    {
        if let Some(done) = summing_map(program, &lines, reducers, &mut out)? {
            return Ok(done);
        }
    }
    let mut partitions: Vec<Segment> = vec![Vec::new(); parts];
    emit_all(program, &lines, extras, &mut |k: &[u8], v: &[u8]| {
        let p = if reducers == 0 { 0 } else { program.partition(k, reducers) as usize };
        partitions[p].push((k.to_vec(), v.to_vec()));
    })?;
    for seg in &partitions {
        out.output_records += seg.len() as u64;
        out.output_bytes += seg.iter().map(|(k, v)| program.record_bytes(k, v)).sum::<u64>();
    }
    if reducers > 0 {
        for seg in partitions.iter_mut() {
            program.sort_segment(seg);
        }
        if let Some(c) = program.combiner() {
            out.combine_input = out.output_records;
            for seg in partitions.iter_mut() {
                *seg = combine(c, seg)?;
            }
            out.combine_output = partitions.iter().map(|s| s.len() as u64).sum();
        }
    }
    out.materialized = partitions.iter().map(|s| program.segment_bytes(s)).collect();
    out.partitions = partitions;
    Ok(out)
}

/// TeraGen's map over rows `[first, first + count)`. Its output is kept as one run of raw
/// records (one entry with an empty key) rather than a record per row: a map-only job's
/// output is only ever written out whole.
/// Appends the next rows TeraGen generated to what its attempt has made so far (an attempt
/// generates a megabyte per wake).
pub fn append_generated(into: &mut MapOutput, piece: MapOutput) {
    for (_, rows) in piece.partitions.into_iter().flatten() {
        match into.partitions.first_mut().and_then(|p| p.first_mut()) {
            Some((_, run)) => run.extend_from_slice(&rows),
            None => into.partitions = vec![vec![(Vec::new(), rows)]],
        }
    }
    into.input_records += piece.input_records;
    into.output_records += piece.output_records;
    into.output_bytes += piece.output_bytes;
    into.checksum = into.checksum.wrapping_add(piece.checksum);
}

pub fn tera_gen(first: u64, count: u64) -> MapOutput {
    let mut bytes = Vec::with_capacity(count as usize * tera::RECORD_LENGTH);
    let checksum = tera::generate(first, count, |r| bytes.extend_from_slice(r));
    let record = text_size(tera::KEY_LENGTH) + text_size(tera::RECORD_LENGTH - tera::KEY_LENGTH);
    MapOutput {
        partitions: vec![vec![(Vec::new(), bytes)]],
        materialized: Vec::new(),
        input_records: count,
        output_records: count,
        output_bytes: count * record,
        checksum,
        ..Default::default()
    }
}

/// TeraSort's and TeraValidate's maps over the split's 100-byte records.
fn tera_map(
    program: &Program,
    window: &[u8],
    window_offset: u64,
    (start, len): (u64, u64),
    reducers: u32,
    extras: &MapExtras<'_>,
) -> Result<MapOutput, String> {
    let records = tera::split_records(window, window_offset, start, len)?;
    let mut out = MapOutput {
        input_records: records.len() as u64,
        bytes_read: (records.len() * tera::RECORD_LENGTH) as u64,
        ..Default::default()
    };
    let parts = reducers.max(1) as usize;
    let mut partitions: Vec<Segment> = vec![Vec::new(); parts];
    if *program == Program::TeraSort {
        // Sorted by (partition, key) on fixed-width keys, then each partition kept as one run
        // of packed records (see `packed_records`): a million records need no allocation each.
        let mut order: Vec<(u32, u128, u32)> = records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let key = &r[..tera::KEY_LENGTH];
                let p = if reducers <= 1 {
                    0
                } else if extras.simple_partitioner {
                    tera::simple(key, reducers)
                } else {
                    tera::total_order(extras.cut_points, key)
                };
                ((p as usize).min(parts - 1) as u32, key_number(key), i as u32)
            })
            .collect();
        order.sort_by_key(|&(p, k, _)| (p, k));
        let mut counts = vec![0usize; parts];
        for &(p, _, _) in &order {
            counts[p as usize] += 1;
        }
        let mut packed: Vec<Vec<u8>> =
            counts.iter().map(|n| Vec::with_capacity(n * tera::RECORD_LENGTH)).collect();
        for (p, _, i) in order {
            packed[p as usize].extend_from_slice(records[i as usize]);
        }
        let record = ifile_record(
            text_size(tera::KEY_LENGTH),
            text_size(tera::RECORD_LENGTH - tera::KEY_LENGTH),
        );
        out.output_records = records.len() as u64;
        out.output_bytes =
            records.len() as u64 * program.record_bytes(&[0; tera::KEY_LENGTH], &[0; 90]);
        out.materialized = packed
            .iter()
            .map(|b| (b.len() / tera::RECORD_LENGTH) as u64 * record + IFILE_TAIL)
            .collect();
        out.partitions = packed.into_iter().map(|b| vec![(Vec::new(), b)]).collect();
        return Ok(out);
    } else {
        tera::validate_map(extras.file_name, &records, &mut |k, v| {
            partitions[0].push((k.to_vec(), v.to_vec()))
        });
    }
    for seg in &partitions {
        out.output_records += seg.len() as u64;
        out.output_bytes += seg.iter().map(|(k, v)| program.record_bytes(k, v)).sum::<u64>();
    }
    for seg in partitions.iter_mut() {
        seg.sort_by(|a, b| a.0.cmp(&b.0));
    }
    out.materialized = partitions.iter().map(|s| program.segment_bytes(s)).collect();
    out.partitions = partitions;
    Ok(out)
}

/// Feeds every line to the mapper.
fn emit_all(
    program: &Program,
    lines: &[(u64, &[u8])],
    extras: &MapExtras<'_>,
    emit: &mut impl FnMut(&[u8], &[u8]),
) -> Result<(), String> {
    match program {
        Program::TeraGen | Program::TeraSort | Program::TeraValidate | Program::Hive(_) => {}
        Program::WordCount => {
            let one = 1i32.to_be_bytes();
            for (_, line) in lines {
                for word in line
                    .split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c))
                    .filter(|w| !w.is_empty())
                {
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
        Program::GrepSearch => {
            let options = extras.grep.ok_or("grep without a pattern")?;
            let (regex, group) = grep::compile(options)?;
            let one = 1i64.to_be_bytes();
            for (_, line) in lines {
                grep::search(&regex, group, line, &mut |m| emit(m, &one))?;
            }
        }
        // InverseMapper over the first job's (match, count) records.
        Program::GrepSort => {
            for (_, line) in lines {
                let (word, count) = text::split_key_value(line);
                let n = std::str::from_utf8(count)
                    .ok()
                    .and_then(|c| c.parse::<i64>().ok())
                    .unwrap_or(0);
                emit(&grep::decreasing_key(n), word);
            }
        }
        Program::Sort(SortInput::KeyValue) => {
            for (_, line) in lines {
                let (k, v) = text::split_key_value(line);
                emit(k, v);
            }
        }
        Program::Sort(SortInput::Offsets) => {
            for (at, line) in lines {
                emit(&increasing_key(*at as i64), line);
            }
        }
        Program::Sort(SortInput::SequenceFile) => return Err("not a SequenceFile".into()),
    }
    Ok(())
}

/// The combine step for sums (IntSumReducer, `aggregate`'s LongValueSum/Max/Min) without
/// materializing every record: the same output and counts as sort-then-combine. `None` when a
/// record does not fit (a non-numeric value): the general path then reports the error as the
/// real combiner would.
fn summing_map(
    program: &Program,
    lines: &[(u64, &[u8])],
    reducers: u32,
    out: &mut MapOutput,
) -> Result<Option<MapOutput>, String> {
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
    let _ = emit_all(program, lines, &MapExtras::default(), &mut |k: &[u8], v: &[u8]| {
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
        let v = if aggregate {
            acc.n.to_string().into_bytes()
        } else {
            (acc.n as i32).to_be_bytes().to_vec()
        };
        if let Some(seg) = partitions.get_mut(acc.partition as usize) {
            seg.push((k, v));
        }
    }
    for seg in partitions.iter_mut() {
        seg.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    out.combine_output = partitions.iter().map(|s| s.len() as u64).sum();
    out.materialized = partitions.iter().map(|s| program.segment_bytes(s)).collect();
    out.partitions = partitions;
    Ok(Some(std::mem::take(out)))
}

fn combine(c: Combiner, seg: &Segment) -> Result<Segment, String> {
    match c {
        Combiner::IntSum => Ok(sum_values(seg, false)),
        Combiner::LongSum => Ok(sum_values(seg, true)),
        Combiner::Streaming(r) => {
            let records: Vec<(&[u8], &[u8])> =
                seg.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
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
    if let Program::Hive(h) = program {
        return crate::emr::hive::stage::run_reduce(h, segments);
    }
    if *program == Program::TeraSort {
        // TeraSort's map output: each partition is one entry whose value is its records,
        // packed and sorted; the reducer merges the runs ([`merge`], which the engine runs a
        // slice at a time), identity reduce, the records written back to back.
        let mut m = Merge::new(segments);
        m.advance(segments, u64::MAX)?;
        return Ok(m.finish());
    }
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
    match program {
        Program::WordCount | Program::GrepSearch => {
            let summed = sum_values(&records, *program == Program::GrepSearch);
            out.output_records = summed.len() as u64;
            for (k, v) in summed {
                program.write_record(&mut out.file, &k, &v);
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
        // The identity reduce.
        Program::TeraSort | Program::TeraGen | Program::GrepSort | Program::Sort(_) => {
            if matches!(program, Program::TeraSort | Program::TeraGen) {
                out.file.reserve(records.len() * tera::RECORD_LENGTH);
            }
            for (k, v) in &records {
                program.write_record(&mut out.file, k, v);
            }
            out.output_records = records.len() as u64;
        }
        Program::Hive(_) => {}
        Program::TeraValidate => {
            let lines = tera::validate_reduce(&records);
            out.output_records = lines.len() as u64;
            for (k, v) in lines {
                out.file.extend_from_slice(&k);
                out.file.push(b'\t');
                out.file.extend_from_slice(&v);
                out.file.push(b'\n');
            }
        }
    }
    Ok(out)
}

/// A map-only job's output file: the mapper's records as the output format writes them.
pub fn map_only_file(program: &Program, seg: &Segment) -> Vec<u8> {
    if let Program::Hive(_) = program {
        return crate::emr::hive::stage::map_only_file(seg);
    }
    let mut file = Vec::new();
    for (k, v) in seg {
        program.write_record(&mut file, k, v);
    }
    file
}
