//! Hadoop's byte-level rules the job engine follows exactly: the `Text` hash that picks a
//! key's reducer, the raw-byte key order, variable-length integers (what counters count),
//! how a split's lines are read, and streaming's key/value split at the first tab.

/// `Text.hashCode()`: `WritableComparator.hashBytes`, `hash = 31 * hash + b` from 1 over the
/// key's UTF-8 bytes as signed Java bytes (not `String.hashCode`, which works on UTF-16 code
/// units). "the" hashes to 144592.
pub fn text_hash(bytes: &[u8]) -> i32 {
    bytes.iter().fold(1i32, |h, &b| h.wrapping_mul(31).wrapping_add(b as i8 as i32))
}

/// `HashPartitioner`: `(key.hashCode() & Integer.MAX_VALUE) % numReduceTasks`.
pub fn partition(key: &[u8], reducers: u32) -> u32 {
    if reducers <= 1 {
        return 0;
    }
    ((text_hash(key) & i32::MAX) as u32) % reducers
}

/// `WritableUtils.getVIntSize`: bytes of a variable-length integer.
pub fn vint_size(i: i64) -> u64 {
    if (-112..=127).contains(&i) {
        return 1;
    }
    let magnitude = if i < 0 { !i } else { i } as u64;
    let bits = 64 - magnitude.leading_zeros() as u64;
    1 + bits.div_ceil(8)
}

/// Bytes a `Text` serializes to: its length as a vint, then its bytes.
pub fn text_size(len: usize) -> u64 {
    vint_size(len as i64) + len as u64
}

/// The records (line start, line without its terminator) of the split `[start, end)` of a
/// file, as LineRecordReader reads them: a split that does not start at 0 throws away its
/// first (partial) line, and every split reads on past its end to finish the line that starts
/// at or before its end. `\n`, `\r\n` and a lone `\r` all end a line.
pub fn split_lines(file: &[u8], start: u64, end: u64) -> Vec<(u64, &[u8])> {
    split_lines_in(file, start, end, start == 0)
}

/// [`split_lines`] over a window of the file: `start` and `end` are offsets in `window`, and
/// `file_start` says whether the split starts at the file's first byte (only then is its first
/// line kept whole).
pub fn split_lines_in(file: &[u8], start: u64, end: u64, file_start: bool) -> Vec<(u64, &[u8])> {
    split_lines_read(file, start, end, file_start).0
}

/// [`split_lines_in`] and [`split_bytes_read`] in one pass.
pub fn split_lines_read(
    file: &[u8],
    start: u64,
    end: u64,
    file_start: bool,
) -> (Vec<(u64, &[u8])>, u64) {
    let len = file.len() as u64;
    let mut out = Vec::new();
    let mut pos = start.min(len);
    if !file_start {
        pos = next_line_start(file, pos);
    }
    let first = start.min(len);
    while pos < len && pos <= end {
        let (line, next) = read_line(file, pos);
        out.push((pos, line));
        pos = next;
    }
    (out, pos.max(first) - first)
}

/// Bytes the record reader consumes for a split (what "Bytes Read" and the file system's
/// bytes-read counters count): from where its first record starts (or the split start) to
/// where its last record ends.
pub fn split_bytes_read(file: &[u8], start: u64, end: u64, file_start: bool) -> u64 {
    split_lines_read(file, start, end, file_start).1
}

fn next_line_start(file: &[u8], from: u64) -> u64 {
    read_line(file, from).1
}

/// The line starting at `pos` (without its terminator) and where the next one starts.
fn read_line(file: &[u8], pos: u64) -> (&[u8], u64) {
    let rest = &file[pos as usize..];
    match find_eol(rest) {
        None => (rest, file.len() as u64),
        Some(i) => {
            let term = if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            (&rest[..i], pos + (i + term) as u64)
        }
    }
}

/// The first `\n` or `\r`, eight bytes at a time (the classic has-zero-byte test on the
/// bytes XORed with each terminator).
fn find_eol(bytes: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, b: u8| {
        let x = w ^ (LO * u64::from(b));
        x.wrapping_sub(LO) & !x & HI
    };
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word);
        if has(w, b'\n') | has(w, b'\r') != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r').map(|p| i + p)
}

/// Streaming's default key/value split: at the first tab; a line without one is all key and
/// an empty value.
pub fn split_key_value(line: &[u8]) -> (&[u8], &[u8]) {
    match line.iter().position(|&b| b == b'\t') {
        Some(i) => (&line[..i], &line[i + 1..]),
        None => (line, &[]),
    }
}

/// What TextOutputFormat writes for a streaming output line: key, tab, value, newline. A line
/// without a tab becomes key = line, value = "" and is written with a trailing tab.
pub fn output_line(out: &mut Vec<u8>, line: &[u8]) {
    out.extend_from_slice(line);
    if !line.contains(&b'\t') {
        out.push(b'\t');
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hash_is_hadoops_not_javas_string_hash() {
        // Values from the facts file, computed with Hadoop's WritableComparator.hashBytes.
        assert_eq!(text_hash(b"the"), 144592);
        assert_eq!(text_hash(b"Bye"), 97069);
        assert_eq!(text_hash(b"Hello"), 98238801);
        assert_eq!(text_hash(b"World"), 112395281);
        assert_eq!(text_hash(b"Goodbye"), -680481328);
        assert_eq!(text_hash(b"Hadoop"), -1253493882);
        assert_eq!(partition(b"the", 2), 0, "String.hashCode would send it to 1");
    }

    #[test]
    fn vints_are_as_long_as_hadoop_writes_them() {
        assert_eq!(vint_size(0), 1);
        assert_eq!(vint_size(127), 1);
        assert_eq!(vint_size(-112), 1);
        assert_eq!(vint_size(128), 2);
        assert_eq!(vint_size(255), 2);
        assert_eq!(vint_size(256), 3);
        assert_eq!(vint_size(-113), 2);
    }

    #[test]
    fn every_line_belongs_to_exactly_one_split() {
        let file = b"alpha\nbeta\r\ngamma\rdelta\n\nepsilon";
        let len = file.len() as u64;
        for cut in 1..=len {
            let mut all: Vec<&[u8]> =
                split_lines(file, 0, cut).into_iter().map(|(_, l)| l).collect();
            all.extend(split_lines(file, cut, len).into_iter().map(|(_, l)| l));
            let want: Vec<&[u8]> = vec![b"alpha", b"beta", b"gamma", b"delta", b"", b"epsilon"];
            assert_eq!(all, want, "cut at {cut}");
        }
    }

    #[test]
    fn the_word_at_a_time_search_finds_the_first_terminator() {
        for len in 0..40 {
            for at in 0..=len {
                for t in [b'\n', b'\r'] {
                    let mut bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                    // Bytes that differ from a terminator in one bit.
                    if len > 2 {
                        bytes[len / 2] = b'\n' ^ 0x80;
                        bytes[len / 3] = b'\r' ^ 0x01;
                    }
                    if at < len {
                        bytes[at] = t;
                    }
                    let want = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
                    assert_eq!(find_eol(&bytes), want, "len {len} at {at}");
                }
            }
        }
    }

    #[test]
    fn a_line_without_a_tab_gets_a_trailing_tab() {
        let mut out = Vec::new();
        output_line(&mut out, b"42");
        output_line(&mut out, b"k\tv");
        assert_eq!(out, b"42\t\nk\tv\n");
    }
}
