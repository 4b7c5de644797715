//! TeraSort's reducer, a slice of rows at a time: every map hands it one run of records sorted
//! by key (its partition of that map's output), and the reducer merges the runs (equal keys in
//! map order, as Hadoop's merger keeps segments in order), applies the identity reduce and
//! writes the records back to back into its part file. The engine merges a bounded number of
//! rows per wake, so a 20 MB sort never holds the page for one long moment; the bytes, the
//! counts and the reducer's timing on the virtual clock are those of merging all at once.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::task::{ReduceOutput, Segment};
use super::tera::{KEY_LENGTH, RECORD_LENGTH};

/// A 10-byte key as a number that orders as the bytes do.
pub fn key_number(key: &[u8]) -> u128 {
    key.iter().fold(0u128, |n, &b| (n << 8) | u128::from(b))
}

/// Rows in a reducer's input: every map's run for it (a run is its entries' values, packed
/// 100-byte records).
pub fn rows(segments: &[(&Segment, u64)]) -> u64 {
    segments.iter().flat_map(|(s, _)| s.iter()).map(|(_, v)| (v.len() / RECORD_LENGTH) as u64).sum()
}

/// A reducer part-way through its merge.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merge {
    /// Per map, in map order: where its run's next record is (entry, byte offset).
    cursors: Vec<(usize, usize)>,
    /// The part file and the counts so far.
    out: ReduceOutput,
    /// The key of the last row written: a new key is a new reduce group.
    last: Option<u128>,
}

/// The record at `cursor` in a run, moving the cursor past an entry it has used up (a run's
/// entries are read back to back; a trailing partial record is no record, as
/// `chunks_exact` reads them).
fn record_at<'a>(run: &'a Segment, cursor: &mut (usize, usize)) -> Option<&'a [u8]> {
    while let Some((_, v)) = run.get(cursor.0) {
        if let Some(r) = v.get(cursor.1..cursor.1 + RECORD_LENGTH) {
            return Some(r);
        }
        *cursor = (cursor.0 + 1, 0);
    }
    None
}

impl Merge {
    /// A merge of these runs that has written nothing yet.
    pub fn new(segments: &[(&Segment, u64)]) -> Merge {
        let mut out = ReduceOutput {
            shuffle_bytes: segments.iter().map(|(_, m)| m).sum(),
            ..Default::default()
        };
        // Reserved once, so the slices never copy what they have written to grow it.
        out.file.reserve(rows(segments) as usize * RECORD_LENGTH);
        Merge { cursors: vec![(0, 0); segments.len()], out, last: None }
    }

    /// Rows written so far.
    pub fn written(&self) -> u64 {
        self.out.input_records
    }

    /// Merges rows until `upto` of them are in the part file or the runs are used up (an `Ok`
    /// has written exactly as many as that). The
    /// runs must be the ones the merge was made for (a reducer whose map outputs change is
    /// killed and starts over): a different number of them is an error.
    pub fn advance(&mut self, segments: &[(&Segment, u64)], upto: u64) -> Result<(), String> {
        if segments.len() != self.cursors.len() {
            return Err(format!(
                "the reducer's merge began over {} map outputs and now has {}",
                self.cursors.len(),
                segments.len()
            ));
        }
        // Each run's next key, smallest first; equal keys from the earlier map first.
        let mut heap = BinaryHeap::with_capacity(segments.len());
        for (i, ((run, _), cursor)) in segments.iter().zip(self.cursors.iter_mut()).enumerate() {
            if let Some(r) = record_at(run, cursor) {
                heap.push(Reverse((key_number(&r[..KEY_LENGTH]), i)));
            }
        }
        while self.out.input_records < upto {
            let Some(Reverse((key, i))) = heap.pop() else { break };
            // The heap holds only runs with a record at their cursor: a miss would be a
            // broken merge, reported rather than left to loop.
            let (Some((run, _)), Some(cursor)) = (segments.get(i), self.cursors.get_mut(i)) else {
                return Err(format!("the reducer's merge lost map output {i}"));
            };
            let Some(r) = record_at(run, cursor) else {
                return Err(format!("the reducer's merge lost map output {i}"));
            };
            self.out.file.extend_from_slice(r);
            self.out.input_records += 1;
            self.out.output_records += 1;
            if self.last != Some(key) {
                self.out.input_groups += 1;
                self.last = Some(key);
            }
            cursor.1 += RECORD_LENGTH;
            if let Some(next) = record_at(run, cursor) {
                heap.push(Reverse((key_number(&next[..KEY_LENGTH]), i)));
            }
        }
        Ok(())
    }

    /// The reducer's output once every row is written.
    pub fn finish(self) -> ReduceOutput {
        self.out
    }
}
