//! What a job runs, and how its records look: their serialized sizes (what the counters and
//! the shuffle count), the partitioner that picks their reducer, the order the map side sorts
//! them in, the combiners, and the line the output format writes for a record.

use super::programs::{Mapper, Reducer};
use super::sort::SortInput;
use super::text::{partition, text_size, vint_size};
use super::{grep, quicksort, sort};

/// What a job runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// Hadoop streaming: a mapper, an optional combiner and reducer (no reducer = map only).
    Streaming { mapper: Mapper, combiner: Option<Reducer>, reducer: Option<Reducer> },
    /// `hadoop-mapreduce-examples wordcount`: StringTokenizer words, IntSumReducer as combiner
    /// and reducer, `IntWritable` counts.
    WordCount,
    /// `grep`'s first job: RegexMapper's (match, `LongWritable` 1), LongSumReducer as combiner
    /// and reducer.
    GrepSearch,
    /// `grep`'s second job: InverseMapper's (count, match), counts largest first, the identity
    /// reducer.
    GrepSort,
    /// `sort`: the identity map and reduce over the input format's records.
    Sort(SortInput),
    /// `teragen`: map-only, each map generating its range of rows (no input).
    TeraGen,
    /// `terasort`: 100-byte records, the identity map and reduce, a total-order partitioner
    /// over sampled cut points, the records written back as they are.
    TeraSort,
    /// `teravalidate`: one map per file checking its order and summing CRC-32s, one reducer
    /// checking the files' boundaries.
    TeraValidate,
    /// A stage of a Hive query: its operators run in the map and reduce tasks
    /// ([`crate::emr::hive::stage`]).
    Hive(crate::emr::hive::stage::HiveStage),
}

#[derive(Clone, Copy)]
pub(super) enum Combiner {
    IntSum,
    LongSum,
    Streaming(Reducer),
}

/// A sorted run of (key, value) records: one partition of one map's output.
pub type Segment = Vec<(Vec<u8>, Vec<u8>)>;

impl Program {
    /// Bytes the key serializes to: a `Text` (its length as a vint, then its bytes), or a
    /// `LongWritable`'s eight.
    fn key_bytes(&self, key: &[u8]) -> u64 {
        match self {
            Program::GrepSort | Program::Sort(SortInput::Offsets) => 8,
            _ => text_size(key.len()),
        }
    }

    /// Bytes the value serializes to: `IntWritable` 4, `LongWritable` 8, `Text` as above.
    fn value_bytes(&self, value: &[u8]) -> u64 {
        match self {
            Program::WordCount => 4,
            Program::GrepSearch => 8,
            _ => text_size(value.len()),
        }
    }

    /// Bytes the serializer writes for one map output record.
    pub(super) fn record_bytes(&self, key: &[u8], value: &[u8]) -> u64 {
        self.key_bytes(key) + self.value_bytes(value)
    }

    /// One record in an IFile (the map output the shuffle moves): key and value lengths as
    /// vints, then both.
    fn ifile_record(&self, key: &[u8], value: &[u8]) -> u64 {
        let (k, v) = (self.key_bytes(key), self.value_bytes(value));
        ifile_record(k, v)
    }

    /// An IFile segment's size as the shuffle moves it.
    pub(super) fn segment_bytes(&self, seg: &Segment) -> u64 {
        seg.iter().map(|(k, v)| self.ifile_record(k, v)).sum::<u64>() + IFILE_TAIL
    }

    /// Whether the job combines map output before the shuffle (the data-flow view draws it).
    pub(in crate::emr) fn has_combiner(&self) -> bool {
        self.combiner().is_some()
    }

    pub(super) fn combiner(&self) -> Option<Combiner> {
        match self {
            Program::WordCount => Some(Combiner::IntSum),
            Program::GrepSearch => Some(Combiner::LongSum),
            Program::Streaming { combiner: Some(r), .. } => Some(Combiner::Streaming(*r)),
            _ => None,
        }
    }

    /// HashPartitioner over the key's `hashCode()`: `Text`'s hash, or `LongWritable`'s.
    pub(super) fn partition(&self, key: &[u8], reducers: u32) -> u32 {
        match self {
            Program::Sort(SortInput::Offsets) => {
                sort::long_partition(sort::from_increasing_key(key), reducers)
            }
            _ => partition(key, reducers),
        }
    }

    /// Sorts a map's partition by key bytes. The jobs that write every record of a key sort
    /// as Hadoop's QuickSort does (its order of equal keys reaches their output); the others
    /// combine or reduce equal keys together, where the order does not show.
    pub(super) fn sort_segment(&self, seg: &mut Segment) {
        match self {
            Program::GrepSort | Program::Sort(_) => {
                quicksort::sort(seg, &|a: &(Vec<u8>, Vec<u8>), b: &(Vec<u8>, Vec<u8>)| {
                    a.0.cmp(&b.0)
                })
            }
            _ => seg.sort_by(|a, b| a.0.cmp(&b.0)),
        }
    }

    /// The line TextOutputFormat writes for a record of the identity reducer (or of a map-only
    /// job): key, tab, value, newline, with `LongWritable`s and `IntWritable`s in decimal.
    pub(super) fn write_record(&self, out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
        match self {
            Program::WordCount => write_pair(out, key, int_of(value).to_string().as_bytes()),
            Program::GrepSearch => write_pair(out, key, long_of(value).to_string().as_bytes()),
            Program::GrepSort => {
                write_pair(out, grep::from_decreasing_key(key).to_string().as_bytes(), value)
            }
            Program::Sort(SortInput::Offsets) => {
                write_pair(out, sort::from_increasing_key(key).to_string().as_bytes(), value)
            }
            // TeraOutputFormat: the records as they are.
            Program::TeraGen | Program::TeraSort => {
                out.extend_from_slice(key);
                out.extend_from_slice(value);
            }
            _ => write_pair(out, key, value),
        }
    }
}

/// An IFile record: key and value lengths as vints, then the serialized key and value.
pub(crate) fn ifile_record(key_ser: u64, value_ser: u64) -> u64 {
    vint_size(key_ser as i64) + vint_size(value_ser as i64) + key_ser + value_ser
}

/// An IFile segment's end-of-file marker (two -1 vints) and its CRC.
pub(crate) const IFILE_TAIL: u64 = 2 + 4;

fn write_pair(out: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    out.extend_from_slice(key);
    out.push(b'\t');
    out.extend_from_slice(value);
    out.push(b'\n');
}

pub(super) fn int_of(value: &[u8]) -> i32 {
    i32::from_be_bytes(value.try_into().unwrap_or([0; 4]))
}

pub(super) fn long_of(value: &[u8]) -> i64 {
    i64::from_be_bytes(value.try_into().unwrap_or([0; 8]))
}

/// IntSumReducer or LongSumReducer over a sorted segment of big-endian `IntWritable` or
/// `LongWritable` values: one record per key, its values summed.
pub(super) fn sum_values(seg: &[(impl AsRef<[u8]>, impl AsRef<[u8]>)], long: bool) -> Segment {
    let mut out: Segment = Vec::new();
    for (k, v) in seg {
        let (k, v) = (k.as_ref(), v.as_ref());
        match out.last_mut() {
            Some((lk, lv)) if lk.as_slice() == k => {
                *lv = if long {
                    long_of(lv).wrapping_add(long_of(v)).to_be_bytes().to_vec()
                } else {
                    int_of(lv).wrapping_add(int_of(v)).to_be_bytes().to_vec()
                };
            }
            _ => out.push((k.to_vec(), v.to_vec())),
        }
    }
    out
}
