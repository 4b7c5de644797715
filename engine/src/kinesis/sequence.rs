//! Sequence numbers in AWS's layout: 56-digit decimal strings, increasing within a shard.
//!
//! Real ones look opaque in decimal but are fields in hexadecimal (47 hex digits, "version 2"):
//!
//! ```text
//! 2 | shard created, s (9) | shard index, last digit (1) | record index (16) | 00 | put, s (9) | shard index (8) | 2
//! ```
//!
//! The record index comes from a counter the stream's shards share, so it grows within a
//! shard (and, across shards, by one per record written to the stream); a closed shard's
//! EndingSequenceNumber has the largest index, `7fffffffffffffff`. Two older layouts still
//! parse: version 1 (the same head, then a random part) and version 0 (32 hex digits, numbers
//! below 2^124 are read as that version too). This is the layout kinesalite decoded from AWS's
//! answers and its AWS-recorded suite checks, digit by digit.

use super::model::{Shard, StoredRecord, Stream};

/// How many decimal digits a version-2 sequence number has.
pub const DIGITS: usize = 56;

/// The record index of a closed shard's EndingSequenceNumber: above every record.
pub const ENDING_INDEX: u64 = i64::MAX as u64;

/// AWS refuses a shard creation time from this many seconds on (the year 2477).
const MAX_SHARD_SECS: u64 = 16_025_175_000;

/// What a sequence number says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SequenceNumber {
    /// 0, 1 or 2: only version 2 is written today.
    pub version: u8,
    /// When the shard was created, Unix seconds: tells a shard from an older one of the same
    /// index (an earlier stream of the same name).
    pub shard_secs: u64,
    /// The shard's index (`shardId-000000000003` is 3); a signed int, as AWS reads it.
    pub shard: i64,
    /// The record's index (version 2 only).
    pub index: u64,
    /// When the record was put, Unix seconds (version 2 only).
    pub put_secs: u64,
}

impl SequenceNumber {
    /// A version-2 sequence number.
    pub fn new(shard_secs: u64, shard: u32, index: u64, put_secs: u64) -> Self {
        SequenceNumber { version: 2, shard_secs, shard: shard as i64, index, put_secs }
    }

    /// The decimal text. Runs twice per record (put and get): a few word operations, no
    /// allocation but the string.
    pub fn format(&self) -> String {
        let shard = self.shard as i32 as u32;
        let mut n = Wide::default();
        n.push(2, 4);
        n.push(self.shard_secs & 0xf_ffff_ffff, 36);
        n.push((shard & 0xf) as u64, 4);
        n.push(self.index, 64);
        n.push(0, 8);
        n.push(self.put_secs.max(self.shard_secs) & 0xf_ffff_ffff, 36);
        n.push(shard as u64, 32);
        n.push(self.version as u64 & 0xf, 4);
        n.to_decimal()
    }

    /// Reads any sequence number AWS can read. `None` for what AWS calls invalid: not a number
    /// of a known layout, a record index or shard time out of range.
    pub fn parse(text: &str) -> Option<SequenceNumber> {
        let mut n = Wide::from_decimal(text)?;
        if n.bits() <= 124 {
            // Small numbers are read as version 0 with the leading digit added.
            n.add_power_of_two(124);
        }
        let hex = n.to_hex();
        let field = |from: usize, to: usize| u64::from_str_radix(hex.get(from..to)?, 16).ok();
        let bits = n.bits();
        if bits <= 129 {
            let shard_secs = field(1, 10).filter(|&s| s < MAX_SHARD_SECS)?;
            let shard = field(28, 32)? as i64;
            return Some(SequenceNumber { version: 0, shard_secs, shard, index: 0, put_secs: 0 });
        }
        // Version 1 and 2 lie strictly between 2^185 and 1.5 * 2^185: 47 hex digits, the first
        // a 2, not 2 followed by zeros only.
        let shape_ok = bits == 186 && hex.starts_with('2') && hex.len() == 47;
        if !shape_ok || hex[1..].bytes().all(|b| b == b'0') {
            return None;
        }
        match hex.as_bytes().last() {
            Some(b'2') => {
                let index = field(11, 27).filter(|&i| i <= ENDING_INDEX)?;
                let shard_secs = field(1, 10).filter(|&s| s < MAX_SHARD_SECS)?;
                let shard = field(38, 46)? as u32 as i32 as i64;
                let put_secs = field(29, 38)?;
                Some(SequenceNumber { version: 2, shard_secs, shard, index, put_secs })
            }
            Some(b'1') => Some(SequenceNumber {
                version: 1,
                shard_secs: field(1, 10)?,
                shard: field(38, 46)? as i64,
                index: 0,
                put_secs: field(13, 22)?,
            }),
            _ => None,
        }
    }
}

fn secs(unix_ms: i64) -> u64 {
    (unix_ms.max(0) / 1000) as u64
}

/// A stored record's sequence number.
pub fn of_record(shard: &Shard, record: &StoredRecord) -> String {
    SequenceNumber::new(secs(shard.created_ms), shard.number, record.index, secs(record.arrival_ms))
        .format()
}

/// A shard's StartingSequenceNumber: index 0 at its creation.
pub fn starting(shard: &Shard) -> String {
    let created = secs(shard.created_ms);
    SequenceNumber::new(created, shard.number, 0, created).format()
}

/// A closed shard's EndingSequenceNumber: the largest index, at its closing.
pub fn ending(shard: &Shard, closed_ms: i64) -> String {
    SequenceNumber::new(secs(shard.created_ms), shard.number, ENDING_INDEX, secs(closed_ms))
        .format()
}

/// The sequence number of the record at `position` in shard `shard`; past the last record,
/// that of the next one to come (the stream's next index, at `unix_ms`).
pub fn at_position(stream: &Stream, shard: u32, position: u64, unix_ms: i64) -> String {
    let Some(s) = stream.shard(shard) else { return String::new() };
    match s.records.get(position.max(s.records.start())) {
        Some(r) => of_record(s, r),
        None => {
            SequenceNumber::new(secs(s.created_ms), shard, stream.next_record_index, secs(unix_ms))
                .format()
        }
    }
}

/// The position of the first record of `shard` whose index is at least `index` (the end of
/// the shard if none is): where AT_SEQUENCE_NUMBER starts. Indexes grow within a shard.
pub fn position_of(shard: &Shard, index: u64) -> u64 {
    let log = &shard.records;
    let (mut lo, mut hi) = (log.start(), log.end());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match log.get(mid) {
            Some(r) if r.index < index => lo = mid + 1,
            _ => hi = mid,
        }
    }
    lo
}

/// Where in shard `shard` of `stream` the record with sequence number `text` sits: for
/// readers that remember positions (the KCL's checkpoints). `None` if the shard never held it.
pub fn locate(stream: &Stream, shard: u32, text: &str) -> Option<u64> {
    let s = stream.shard(shard)?;
    let seq = SequenceNumber::parse(text)?;
    let position = position_of(s, seq.index);
    s.records.get(position).filter(|r| r.index == seq.index).map(|_| position)
}

/// `shardId-000000000003`; a negative index as AWS prints it (`shardId--02147483648`).
pub fn shard_name(index: i64) -> String {
    if index < 0 {
        format!("shardId--{:011}", index.unsigned_abs())
    } else {
        format!("shardId-{index:012}")
    }
}

/// A 192-bit unsigned number, most significant word first: just enough arithmetic for the
/// 188-bit layout (the engine needs no general big-number type for anything else).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Wide([u64; 3]);

impl Wide {
    /// Shifts left by `width` bits and puts `value` in the freed low bits.
    fn push(&mut self, value: u64, width: u32) {
        let [a, b, c] = self.0;
        let shl =
            |hi: u64, lo: u64| if width == 64 { lo } else { (hi << width) | (lo >> (64 - width)) };
        let low = if width == 64 { value } else { (c << width) | (value & ((1 << width) - 1)) };
        self.0 = [shl(a, b), shl(b, c), low];
    }

    fn bits(&self) -> u32 {
        match self.0 {
            [0, 0, c] => 64 - c.leading_zeros(),
            [0, b, _] => 128 - b.leading_zeros(),
            [a, _, _] => 192 - a.leading_zeros(),
        }
    }

    fn add_power_of_two(&mut self, exponent: u32) {
        let word = 2 - (exponent / 64) as usize;
        let mut carry = 1u64 << (exponent % 64);
        for w in (0..=word).rev() {
            let (sum, over) = self.0[w].overflowing_add(carry);
            self.0[w] = sum;
            carry = over as u64;
            if carry == 0 {
                break;
            }
        }
    }

    /// Decimal digits only, no sign, at most 192 bits; anything else is `None`.
    fn from_decimal(text: &str) -> Option<Wide> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut n = [0u64; 3];
        for chunk in text.as_bytes().chunks(19) {
            let value: u64 = std::str::from_utf8(chunk).ok()?.parse().ok()?;
            let scale = 10u64.pow(chunk.len() as u32);
            let mut carry = value as u128;
            for w in n.iter_mut().rev() {
                let product = *w as u128 * scale as u128 + carry;
                *w = product as u64;
                carry = product >> 64;
            }
            if carry != 0 {
                return None;
            }
        }
        Some(Wide(n))
    }

    fn to_decimal(self) -> String {
        const CHUNK: u64 = 10_000_000_000_000_000_000;
        let mut n = self.0;
        let mut chunks = [0u64; 4];
        for slot in chunks.iter_mut().rev() {
            let mut rest = 0u128;
            for w in n.iter_mut() {
                let cur = (rest << 64) | *w as u128;
                *w = (cur / CHUNK as u128) as u64;
                rest = cur % CHUNK as u128;
            }
            *slot = rest as u64;
        }
        let mut out = String::with_capacity(DIGITS + 2);
        for (i, chunk) in chunks.iter().enumerate() {
            if out.is_empty() {
                if *chunk != 0 || i == chunks.len() - 1 {
                    out.push_str(&chunk.to_string());
                }
            } else {
                push_padded(&mut out, *chunk);
            }
        }
        out
    }

    fn to_hex(self) -> String {
        let [a, b, c] = self.0;
        let full = format!("{a:016x}{b:016x}{c:016x}");
        let start = full.find(|ch| ch != '0').unwrap_or(full.len() - 1);
        full[start..].to_string()
    }
}

/// Appends `value` as exactly 19 digits, two at a time from a table (the hot path formats
/// two sequence numbers per record).
fn push_padded(out: &mut String, mut value: u64) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
                                2021222324252627282930313233343536373839\
                                4041424344454647484950515253545556575859\
                                6061626364656667686970717273747576777879\
                                8081828384858687888990919293949596979899";
    let mut buf = [b'0'; 19];
    let mut i = buf.len();
    while i >= 2 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        buf[i - 2] = PAIRS[pair];
        buf[i - 1] = PAIRS[pair + 1];
        i -= 2;
    }
    buf[0] = b'0' + (value % 10) as u8;
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_of(text: &str) -> String {
        Wide::from_decimal(text).map(Wide::to_hex).unwrap_or_default()
    }

    fn from_hex(hex: &str) -> String {
        let mut n = Wide::default();
        for c in hex.chars() {
            n.push(c.to_digit(16).unwrap_or(0) as u64, 4);
        }
        n.to_decimal()
    }

    #[test]
    fn fields_sit_where_aws_puts_them() {
        let s = SequenceNumber::new(1_767_225_600, 3, 42, 1_767_225_601).format();
        assert_eq!(s.len(), DIGITS);
        let hex = hex_of(&s);
        assert_eq!(hex.len(), 47);
        // The suite's check: ^20[0-9a-f]{8}<ix>[0-9a-f]{16}000[0-9a-f]{8}0000000<ix>2$
        assert_eq!(&hex[..2], "20");
        assert_eq!(u64::from_str_radix(&hex[1..10], 16).unwrap(), 1_767_225_600);
        assert_eq!(&hex[10..11], "3");
        assert_eq!(u64::from_str_radix(&hex[11..27], 16).unwrap(), 42);
        assert_eq!(&hex[27..29], "00");
        assert_eq!(u64::from_str_radix(&hex[29..38], 16).unwrap(), 1_767_225_601);
        assert_eq!(&hex[38..47], "000000032");
        assert_eq!(
            SequenceNumber::parse(&s),
            Some(SequenceNumber::new(1_767_225_600, 3, 42, 1_767_225_601))
        );
    }

    #[test]
    fn decimal_round_trips_through_the_words() {
        for hex in ["1", "2000000000000000000000000000000000000000000000", "ffffffffffffffff1"] {
            assert_eq!(hex_of(&from_hex(hex)), hex);
        }
        assert_eq!(from_hex("ff"), "255");
        assert_eq!(from_hex("0"), "0");
        assert_eq!(Wide::from_decimal(&"9".repeat(60)), None);
        assert_eq!(Wide::from_decimal("12a"), None);
    }

    #[test]
    fn order_within_a_shard_is_index_order() {
        let a = SequenceNumber::new(100, 0, 9, 999).format();
        let b = SequenceNumber::new(100, 0, 10, 100).format();
        assert!(a < b, "same length decimal strings compare like numbers");
        let end = SequenceNumber::new(100, 0, ENDING_INDEX, 5_000).format();
        assert!(b < end);
        assert_eq!(end.len(), DIGITS);
    }

    #[test]
    fn small_numbers_are_version_0_and_name_their_shard() {
        let five = SequenceNumber::parse("5").unwrap();
        assert_eq!((five.version, five.shard, five.shard_secs), (0, 5, 0));
        assert_eq!(SequenceNumber::parse("0").map(|s| s.version), Some(0));
        // 13bb2cc3d8...: a shard time AWS refuses.
        assert_eq!(SequenceNumber::parse("26227199374822427428162556223570313216"), None);
    }

    #[test]
    fn the_suites_edge_cases() {
        let parse = |hex: &str| SequenceNumber::parse(&from_hex(hex));
        // A record index with its top bit set.
        assert_eq!(parse("20000000000800000000000000000000000000000000002"), None);
        // A shard index with its top bit set is negative.
        let s = parse("20000000000000000000000000000000000000800000002").unwrap();
        assert_eq!(shard_name(s.shard), "shardId--02147483648");
        assert_eq!(
            parse("20000000000000000000000000000000000000000000001").map(|s| s.version),
            Some(1)
        );
        for bad in [
            "20000000000000000000000000000000000000000000000",
            "20000000000000000000000000000000000000000000003",
            "30000000000000000000000000000000000000000000001",
            "1ffffffffff7fffffffffffffff000000000007fffffff2",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(shard_name(5), "shardId-000000000005");
    }

    #[test]
    fn garbage_is_rejected_without_panicking() {
        for bad in ["", "abc", "-1", "1.5", &"9".repeat(130), "49\u{e9}0"] {
            assert_eq!(SequenceNumber::parse(bad), None, "{bad:?}");
        }
    }
}
