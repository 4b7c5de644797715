//! TeraGen, TeraSort and TeraValidate (hadoop-mapreduce-examples' `terasort` package) over
//! real bytes: the GraySort records TeraGen writes (Random16's 128-bit generator, GenSort's
//! record layout), TeraSort's sampled cut points and total-order partitioner, TeraValidate's
//! order checks and its sum of CRC-32s, printed as Unsigned16 prints it.

/// TeraInputFormat: a 10-byte key and a 90-byte value.
pub const KEY_LENGTH: usize = 10;
pub const RECORD_LENGTH: usize = 100;
/// `_partition.lst`: the cut points TeraSort samples, in the output directory.
pub const PARTITION_FILENAME: &str = "_partition.lst";
/// TeraSortConfigKeys' defaults: keys sampled, and from how many splits.
pub const DEFAULT_SAMPLE_SIZE: u64 = 100_000;
pub const DEFAULT_SAMPLE_SPLITS: u64 = 10;
/// `mapreduce.terasort.output.replication`: TeraSort writes its output with one replica.
pub const DEFAULT_OUTPUT_REPLICATION: u16 = 1;
/// The replication TeraSort asks for `_partition.lst` (every node reads it).
pub const PARTITION_FILE_REPLICATION: u16 = 10;

/// Random16: `X(n+1) = A * X(n) + C mod 2^128`, from `X(0) = 0`.
const A: u128 = 0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645;
const C: u128 = 0x4a69_6d47_7261_7952_4950_2020_2020_2001;

/// Random16.nextRand.
pub fn next_rand(x: u128) -> u128 {
    A.wrapping_mul(x).wrapping_add(C)
}

/// Random16.skipAhead: `X(n)`, by composing the generator's powers of two.
pub fn skip_ahead(n: u128) -> u128 {
    let (mut a, mut c) = (A, C);
    let mut x = 0u128;
    let mut n = n;
    while n != 0 {
        if n & 1 == 1 {
            x = a.wrapping_mul(x).wrapping_add(c);
        }
        c = c.wrapping_mul(a.wrapping_add(1));
        a = a.wrapping_mul(a);
        n >>= 1;
    }
    x
}

/// Unsigned16.getHexDigit: nibble `i` counted from the most significant, as `0`-`9`, `A`-`F`.
fn hex_digit(v: u128, i: usize) -> u8 {
    let nibble = ((v >> (124 - 4 * i)) & 0xf) as u8;
    if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + nibble - 10
    }
}

/// GenSort.generateRecord: the 10-byte key from the random number's high bytes, a break, the
/// row id as 32 hex digits, a break, 48 bytes of filler from its low hex digits, a break.
pub fn record(rand: u128, row: u128, out: &mut [u8; RECORD_LENGTH]) {
    let bytes = rand.to_be_bytes();
    out[..10].copy_from_slice(&bytes[..10]);
    out[10] = 0x00;
    out[11] = 0x11;
    for i in 0..32 {
        out[12 + i] = hex_digit(row, i);
    }
    out[44..48].copy_from_slice(&[0x88, 0x99, 0xAA, 0xBB]);
    for i in 0..12 {
        let d = hex_digit(rand, 20 + i);
        out[48 + i * 4..52 + i * 4].fill(d);
    }
    out[96..100].copy_from_slice(&[0xCC, 0xDD, 0xEE, 0xFF]);
}

/// TeraGen's map over rows `[first, first + count)`: the records, and the sum of their CRC-32s
/// (what its CHECKSUM counter adds, and TeraValidate sums again).
pub fn generate(first: u64, count: u64, mut each: impl FnMut(&[u8; RECORD_LENGTH])) -> u128 {
    let mut rand = skip_ahead(u128::from(first));
    let mut buf = [0u8; RECORD_LENGTH];
    let mut checksum = 0u128;
    for row in first..first + count {
        rand = next_rand(rand);
        record(rand, u128::from(row), &mut buf);
        checksum = checksum.wrapping_add(u128::from(crc32fast::hash(&buf)));
        each(&buf);
    }
    checksum
}

/// TeraGen's split of `rows` among `maps` mappers (RangeInputFormat.getSplits): (first row,
/// row count).
pub fn row_ranges(rows: u64, maps: u64) -> Vec<(u64, u64)> {
    let maps = maps.max(1);
    let mut out = Vec::new();
    let mut current = 0u64;
    for split in 0..maps {
        let goal = (rows as f64 * (split + 1) as f64 / maps as f64).ceil() as u64;
        out.push((current, goal.saturating_sub(current)));
        current = goal;
    }
    out
}

/// The records TeraRecordReader reads from the split `[start, start + len)` of a file whose
/// bytes from `window_offset` are `window`: those starting in the split, from the first
/// record boundary on. A record cut short by the end of the file is "read past eof".
pub fn split_records(
    window: &[u8],
    window_offset: u64,
    start: u64,
    len: u64,
) -> Result<Vec<&[u8]>, String> {
    let rl = RECORD_LENGTH as u64;
    let mut offset = (rl - start % rl) % rl;
    let mut out = Vec::new();
    while offset < len {
        let at = (start + offset - window_offset) as usize;
        match window.get(at..at + RECORD_LENGTH) {
            Some(r) => out.push(r),
            None if at >= window.len() => break,
            None => return Err("java.io.EOFException: read past eof".into()),
        }
        offset += rl;
    }
    Ok(out)
}

/// Java's `Math.round(float)`.
fn java_round(x: f32) -> i64 {
    (x + 0.5).floor() as i64
}

/// TextSampler.createPartitions: the sampled keys sorted, `partitions - 1` cut points at even
/// steps.
pub fn cut_points(mut keys: Vec<Vec<u8>>, partitions: u32) -> Result<Vec<Vec<u8>>, String> {
    let n = keys.len();
    if partitions as usize > n {
        return Err(format!("Requested more partitions than input keys ({partitions} > {n})"));
    }
    keys.sort_unstable();
    let step = n as f32 / partitions as f32;
    Ok((1..partitions)
        .map(|i| {
            let at = java_round(step * i as f32).clamp(0, n as i64 - 1) as usize;
            keys[at].clone()
        })
        .collect())
}

/// TotalOrderPartitioner: the partition of the first cut point greater than the key (its trie
/// finds the same one faster).
pub fn total_order(cuts: &[Vec<u8>], key: &[u8]) -> u32 {
    cuts.partition_point(|c| c.as_slice() <= key) as u32
}

/// SimplePartitioner (`mapreduce.terasort.simplepartitioner`): the key's first 3 bytes over
/// an even share of the 2^24 prefixes.
pub fn simple(key: &[u8], reduces: u32) -> u32 {
    let per = ((1u32 << 24) as f32 / reduces.max(1) as f32).ceil() as u32;
    let prefix = key.iter().take(3).fold(0u32, |p, &b| (p << 8) | u32::from(b));
    prefix / per.max(1)
}

/// `_partition.lst`: each cut point as a Text (vint length, bytes).
pub fn partition_file(cuts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in cuts {
        out.push(c.len() as u8);
        out.extend_from_slice(c);
    }
    out
}

/// Unsigned16.toString: lowercase hex without leading zeros.
pub fn unsigned16(v: u128) -> String {
    format!("{v:x}")
}

/// Unsigned16.set(String): hex.
fn parse_unsigned16(s: &[u8]) -> u128 {
    std::str::from_utf8(s).ok().and_then(|s| u128::from_str_radix(s.trim(), 16).ok()).unwrap_or(0)
}

/// BytesWritable.toString: each byte as two hex digits, spaces between.
pub fn bytes_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(" ")
}

/// TeraValidate's map over one file's records: `<file>:begin` with its first key, `error`
/// for each key smaller than the one before, `<file>:end` with its last key and `checksum`
/// with the sum of the records' CRC-32s.
pub fn validate_map(file: &str, records: &[&[u8]], emit: &mut impl FnMut(&[u8], &[u8])) {
    let mut last: Option<&[u8]> = None;
    let mut checksum = 0u128;
    for r in records {
        let key = &r[..KEY_LENGTH];
        match last {
            None => emit(format!("{file}:begin").as_bytes(), key),
            Some(l) if key < l => {
                let m =
                    format!("misorder in {file} between {} and {}", bytes_hex(l), bytes_hex(key));
                emit(b"error", m.as_bytes());
            }
            Some(_) => {}
        }
        checksum = checksum.wrapping_add(u128::from(crc32fast::hash(r)));
        last = Some(key);
    }
    if let Some(l) = last {
        emit(format!("{file}:end").as_bytes(), l);
        emit(b"checksum", unsigned16(checksum).as_bytes());
    }
}

/// TeraValidate's reduce over the records sorted by key: errors passed on, the checksums
/// summed, and the files' first and last keys checked to rise from file to file.
pub fn validate_reduce(records: &[(&[u8], &[u8])]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut last: Option<(&[u8], &[u8])> = None;
    let mut i = 0;
    while i < records.len() {
        let key = records[i].0;
        let mut j = i;
        while j < records.len() && records[j].0 == key {
            j += 1;
        }
        let group = &records[i..j];
        if key == b"error" {
            out.extend(group.iter().map(|(k, v)| (k.to_vec(), v.to_vec())));
        } else if key == b"checksum" {
            let sum = group.iter().fold(0u128, |s, (_, v)| s.wrapping_add(parse_unsigned16(v)));
            out.push((b"checksum".to_vec(), unsigned16(sum).into_bytes()));
        } else {
            let value = group[0].1;
            if let Some((lk, lv)) = last {
                if value < lv {
                    let m = format!(
                        "bad key partitioning:\n  file {} key {}\n  file {} key {}",
                        String::from_utf8_lossy(lk),
                        bytes_hex(lv),
                        String::from_utf8_lossy(key),
                        bytes_hex(value)
                    );
                    out.push((b"error".to_vec(), m.into_bytes()));
                }
            }
            last = Some((key, value));
        }
        i = j;
    }
    out
}

/// TeraGen's `<num rows>`: a number with an optional `k`, `m`, `b` or `t` (thousands ...).
pub fn parse_rows(s: &str) -> Result<u64, String> {
    let (digits, base) = match s.chars().last() {
        Some('t') => (&s[..s.len() - 1], 1_000_000_000_000u64),
        Some('b') => (&s[..s.len() - 1], 1_000_000_000),
        Some('m') => (&s[..s.len() - 1], 1_000_000),
        Some('k') => (&s[..s.len() - 1], 1_000),
        _ => (s, 1),
    };
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(|n| (n as u64).saturating_mul(base))
        .ok_or_else(|| format!("java.lang.NumberFormatException: For input string: \"{digits}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_ahead_lands_where_stepping_does() {
        let mut x = 0u128;
        for n in 0..300u128 {
            assert_eq!(skip_ahead(n), x, "n = {n}");
            x = next_rand(x);
        }
    }

    #[test]
    fn a_record_has_gensorts_layout() {
        let mut r = [0u8; RECORD_LENGTH];
        let rand = skip_ahead(1);
        record(rand, 0xAB, &mut r);
        assert_eq!(&r[..10], &rand.to_be_bytes()[..10]);
        assert_eq!(&r[10..12], &[0x00, 0x11]);
        assert_eq!(&r[12..44], b"000000000000000000000000000000AB");
        assert_eq!(&r[44..48], &[0x88, 0x99, 0xAA, 0xBB]);
        assert_eq!(&r[96..], &[0xCC, 0xDD, 0xEE, 0xFF]);
        // Filler: the random number's hex digits 20..31, each four times.
        let hex = format!("{rand:032X}");
        for i in 0..12 {
            assert_eq!(r[48 + 4 * i], hex.as_bytes()[20 + i]);
            assert_eq!(r[51 + 4 * i], hex.as_bytes()[20 + i]);
        }
    }

    #[test]
    fn rows_are_divided_as_range_input_format_divides_them() {
        assert_eq!(row_ranges(10, 3), [(0, 4), (4, 3), (7, 3)]);
        assert_eq!(row_ranges(1_000_000, 2), [(0, 500_000), (500_000, 500_000)]);
        assert_eq!(parse_rows("10k"), Ok(10_000));
        assert_eq!(parse_rows("1m"), Ok(1_000_000));
        assert!(parse_rows("x").is_err());
    }

    #[test]
    fn records_start_at_the_first_boundary_of_a_split() {
        let file: Vec<u8> = (0..1000u32).map(|i| (i / 100) as u8).collect();
        let first = split_records(&file, 0, 0, 450).expect("records");
        let second = split_records(&file, 0, 450, 550).expect("records");
        assert_eq!(first.len(), 5);
        assert_eq!(second.len(), 5);
        assert_eq!(second[0][0], 5);
        assert!(split_records(&file[..950], 0, 450, 550).is_err());
    }

    #[test]
    fn cut_points_split_the_sample_evenly_and_partition_in_order() {
        let keys: Vec<Vec<u8>> = (0..100u8).rev().map(|k| vec![k]).collect();
        let cuts = cut_points(keys, 4).expect("cuts");
        assert_eq!(cuts, [vec![25], vec![50], vec![75]]);
        assert_eq!(total_order(&cuts, &[0]), 0);
        assert_eq!(total_order(&cuts, &[25]), 1);
        assert_eq!(total_order(&cuts, &[99]), 3);
        assert!(cut_points(vec![vec![1]], 2).is_err());
        assert_eq!(simple(&[0xff, 0xff, 0xff], 4), 3);
        assert_eq!(simple(&[0, 0, 0], 4), 0);
    }

    #[test]
    fn validate_checks_order_and_sums_crcs() {
        let mut rows = Vec::new();
        let sum = generate(0, 50, |r| rows.push(r.to_vec()));
        rows.sort();
        let refs: Vec<&[u8]> = rows.iter().map(Vec::as_slice).collect();
        let mut out: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        validate_map("part-r-00000", &refs, &mut |k, v| out.push((k.to_vec(), v.to_vec())));
        assert_eq!(out.len(), 3);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        let records: Vec<(&[u8], &[u8])> =
            out.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
        let reduced = validate_reduce(&records);
        assert_eq!(reduced, [(b"checksum".to_vec(), unsigned16(sum).into_bytes())]);
        // Out of order: reported.
        let mut swapped = refs.clone();
        swapped.swap(0, 1);
        let mut errs = Vec::new();
        validate_map("f", &swapped, &mut |k, v| {
            if k == b"error" {
                errs.push(String::from_utf8_lossy(v).into_owned());
            }
        });
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("misorder in f between "), "{}", errs[0]);
    }
}
