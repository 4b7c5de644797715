//! TeraSort's reducer merging a slice of rows per wake writes what merging them all at once
//! wrote: the same bytes (equal keys in map order), groups and counts, whatever the slice.

use engine::emr::mapreduce::merge::{key_number, rows, Merge};
use engine::emr::mapreduce::task::{ReduceOutput, Segment};
use engine::emr::mapreduce::tera::{KEY_LENGTH, RECORD_LENGTH};

/// The reduce as it was done in one go: a stable sort of every map's records (in map
/// order) by key, the groups counted over the sorted records.
fn all_at_once(segments: &[(&Segment, u64)]) -> ReduceOutput {
    let mut records: Vec<&[u8]> = segments
        .iter()
        .flat_map(|(s, _)| s.iter())
        .flat_map(|(_, v)| v.chunks_exact(RECORD_LENGTH))
        .collect();
    records.sort_by_key(|r| key_number(&r[..KEY_LENGTH]));
    let input_groups =
        records.windows(2).filter(|w| w[0][..KEY_LENGTH] != w[1][..KEY_LENGTH]).count() as u64
            + u64::from(!records.is_empty());
    ReduceOutput {
        file: records.concat(),
        input_groups,
        input_records: records.len() as u64,
        output_records: records.len() as u64,
        shuffle_bytes: segments.iter().map(|(_, m)| m).sum(),
    }
}

/// A map's sorted run: `keys` (few distinct values, so maps share keys), each record's
/// value naming its map and row so a change of order shows in the bytes.
fn run(map: u8, keys: &[u8], entries: usize) -> Segment {
    let mut sorted = keys.to_vec();
    sorted.sort();
    let records: Vec<Vec<u8>> = sorted
        .iter()
        .enumerate()
        .map(|(row, k)| {
            let mut r = vec![0u8; RECORD_LENGTH];
            r[KEY_LENGTH - 1] = *k;
            r[KEY_LENGTH] = map;
            r[KEY_LENGTH + 1] = row as u8;
            r
        })
        .collect();
    let per = records.len().div_ceil(entries.max(1)).max(1);
    records.chunks(per).map(|c| (Vec::new(), c.concat())).collect()
}

fn sliced(segments: &[(&Segment, u64)], slice: u64) -> ReduceOutput {
    let mut m = Merge::new(segments);
    let total = rows(segments);
    let mut upto = 0;
    while m.written() < total {
        upto += slice;
        m.advance(segments, upto).unwrap();
    }
    m.finish()
}

#[test]
fn slices_write_what_one_sort_wrote() {
    let runs = [
        run(0, &[5, 1, 1, 9, 3, 3, 3], 1),
        run(1, &[], 1),
        run(2, &[3, 1, 7, 7, 0, 9], 3),
        run(3, &[2, 3, 8, 1, 1, 1, 1, 5, 5, 6], 2),
    ];
    let segments: Vec<(&Segment, u64)> =
        runs.iter().enumerate().map(|(i, r)| (r, 10 * i as u64 + 7)).collect();
    let expected = all_at_once(&segments);
    assert_eq!(expected.input_records, 23);
    assert_eq!(expected.input_groups, 9);
    for slice in [1, 2, 5, 23, 1000] {
        assert_eq!(sliced(&segments, slice), expected, "slices of {slice}");
    }
}

#[test]
fn no_runs_or_empty_runs_make_an_empty_file() {
    let empty: Segment = Vec::new();
    for segments in [vec![], vec![(&empty, 6u64), (&empty, 6)]] {
        let out = sliced(&segments, 10);
        assert_eq!(out, all_at_once(&segments));
        assert_eq!((out.file.len(), out.input_groups), (0, 0));
    }
}

#[test]
fn other_runs_than_it_began_with_are_an_error() {
    let a = run(0, &[1, 2], 1);
    let mut m = Merge::new(&[(&a, 0)]);
    assert_eq!(
        m.advance(&[(&a, 0), (&a, 0)], 1),
        Err("the reducer's merge began over 1 map outputs and now has 2".into())
    );
}
