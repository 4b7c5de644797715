//! Input splits as Hadoop computes them, and where their blocks are.
//!
//! New API (`hadoop-mapreduce-examples` programs, FileInputFormat): `splitSize = max(minSize,
//! min(maxSize, blockSize))` = the file's block size; while the bytes left exceed 1.1 split
//! sizes (`SPLIT_SLOP`), cut a full split; the rest is the last split. Old API (Hadoop
//! streaming, mapred.FileInputFormat): `goalSize = totalSize / numSplits` with numSplits =
//! `mapreduce.job.maps` (2 by default), `splitSize = max(minSize, min(goalSize, blockSize))`,
//! the same slack. A zero-length file is one empty split. Splits are then sorted largest first
//! (JobSubmitter), which is the order task ids follow.

use super::text::text_size;

/// FileInputFormat's slack: a remainder up to 10% of a split stays with the last split.
pub const SPLIT_SLOP: f64 = 1.1;
/// `mapreduce.job.maps`: the old API's split count hint.
pub const DEFAULT_MAPS: u64 = 2;
/// EMRFS's block size for `s3://` files (`fs.s3.block.size`).
pub const S3_BLOCK_SIZE: u64 = 128 * 1024 * 1024;

/// One input file as the split computation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Fully qualified, as Hadoop prints it (`hdfs://host:8020/a/b`, `s3://bucket/key`).
    pub uri: String,
    pub len: u64,
    pub block_size: u64,
    /// Each block: (offset, nodes holding a replica). Empty for S3.
    pub blocks: Vec<(u64, Vec<String>)>,
}

/// A split: a byte range of a file and the nodes that hold its first block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub file: usize,
    pub start: u64,
    pub len: u64,
    pub hosts: Vec<String>,
    /// "Input split bytes": the split as the job's split file stores it (its class name and
    /// path as Text, start and length as longs).
    pub raw_bytes: u64,
}

fn hosts_at(f: &InputFile, offset: u64) -> Vec<String> {
    f.blocks.iter().rev().find(|(o, _)| *o <= offset).map(|(_, h)| h.clone()).unwrap_or_default()
}

fn cut(files: &[InputFile], split_size: impl Fn(&InputFile) -> u64, class: &str) -> Vec<Split> {
    let mut splits = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let raw = |_: u64| text_size(class.len()) + text_size(f.uri.len()) + 16;
        if f.len == 0 {
            splits.push(Split { file: i, start: 0, len: 0, hosts: Vec::new(), raw_bytes: raw(0) });
            continue;
        }
        let size = split_size(f).max(1);
        let mut remaining = f.len;
        while remaining as f64 / size as f64 > SPLIT_SLOP {
            let start = f.len - remaining;
            splits.push(Split {
                file: i,
                start,
                len: size,
                hosts: hosts_at(f, start),
                raw_bytes: raw(start),
            });
            remaining -= size;
        }
        if remaining != 0 {
            let start = f.len - remaining;
            splits.push(Split {
                file: i,
                start,
                len: remaining,
                hosts: hosts_at(f, start),
                raw_bytes: raw(start),
            });
        }
    }
    // Largest first; a stable sort keeps file order among equal sizes.
    splits.sort_by_key(|s| std::cmp::Reverse(s.len));
    splits
}

/// The new API's splits (FileInputFormat in `org.apache.hadoop.mapreduce`).
pub fn new_api(files: &[InputFile]) -> Vec<Split> {
    cut(files, |f| f.block_size, "org.apache.hadoop.mapreduce.lib.input.FileSplit")
}

/// One split per file (TeraValidate sets the minimum split size to Long.MAX_VALUE).
pub fn whole_files(files: &[InputFile]) -> Vec<Split> {
    cut(files, |f| f.len.max(1), "org.apache.hadoop.mapreduce.lib.input.FileSplit")
}

/// The old API's splits (streaming's `org.apache.hadoop.mapred.FileInputFormat`), for
/// `num_splits` requested maps.
pub fn old_api(files: &[InputFile], num_splits: u64) -> Vec<Split> {
    let total: u64 = files.iter().map(|f| f.len).sum();
    let goal = total / num_splits.max(1);
    cut(files, |f| goal.min(f.block_size).max(1), "org.apache.hadoop.mapred.FileSplit")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn file(len: u64) -> InputFile {
        InputFile {
            uri: "hdfs://nn:8020/in/f".into(),
            len,
            block_size: 128 * MIB,
            blocks: vec![(0, vec!["a".into()])],
        }
    }

    #[test]
    fn the_slack_keeps_a_small_remainder_with_the_last_split() {
        let lens = |s: Vec<Split>| s.iter().map(|s| s.len / MIB).collect::<Vec<_>>();
        assert_eq!(lens(new_api(&[file(140 * MIB)])), [140]);
        assert_eq!(lens(new_api(&[file(150 * MIB)])), [128, 22]);
        assert_eq!(lens(new_api(&[file(300 * MIB)])), [128, 128, 44]);
    }

    #[test]
    fn streaming_asks_for_two_maps_so_one_small_file_gives_two_splits() {
        let s = old_api(&[file(1000)], DEFAULT_MAPS);
        assert_eq!(s.iter().map(|s| (s.start, s.len)).collect::<Vec<_>>(), [(0, 500), (500, 500)]);
        let empty = new_api(&[file(0)]);
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].len, 0);
    }
}
