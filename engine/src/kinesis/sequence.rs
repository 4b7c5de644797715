//! Sequence numbers: 56-digit decimal strings, increasing within a shard, as Kinesis prints them.
//!
//! Real ones are opaque; ours have a readable layout so a learner can take one apart:
//! `49` + stream creation time (10 digits, Unix seconds) + shard number (12 digits) + the record's
//! position in its shard (20 digits) + arrival time (12 digits, Unix ms modulo 10^12).
//! The position dominates the comparison, so order within a shard is the order of writes, and a
//! sequence number names its record exactly (no search needed to start an iterator at it).

pub const DIGITS: usize = 56;

/// What a sequence number encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SequenceNumber {
    /// Creation time of the stream, Unix seconds: tells a number from an older stream of the
    /// same name apart.
    pub stream_secs: u64,
    /// The shard's number (`shardId-000000000003` is 3).
    pub shard: u64,
    /// Position of the record in its shard (0 for the first record ever written to it).
    pub position: u64,
}

/// The position used for a closed shard's EndingSequenceNumber: above every record.
pub const ENDING_POSITION: u64 = u64::MAX;

pub fn format(stream_secs: u64, shard: u64, position: u64, unix_ms: i64) -> String {
    // Digits written two at a time from a table: this runs twice per record (put and get) on
    // the hot path, where `write!` with padding cost several times more.
    let mut s = String::with_capacity(DIGITS);
    s.push_str("49");
    push_digits(&mut s, stream_secs, 10);
    push_digits(&mut s, shard, 12);
    push_digits(&mut s, position, 20);
    push_digits(&mut s, unix_ms.rem_euclid(1_000_000_000_000) as u64, 12);
    s
}

const PAIRS: &str = "0001020304050607080910111213141516171819\
                     2021222324252627282930313233343536373839\
                     4041424344454647484950515253545556575859\
                     6061626364656667686970717273747576777879\
                     8081828384858687888990919293949596979899";

/// Appends `value`'s last `width` decimal digits (`width` even, at most 20), zero-padded.
fn push_digits(out: &mut String, mut value: u64, width: usize) {
    let mut pairs = [0u8; 10];
    let n = (width / 2).min(pairs.len());
    for slot in pairs.iter_mut().take(n) {
        *slot = (value % 100) as u8;
        value /= 100;
    }
    for &p in pairs.iter().take(n).rev() {
        let i = p as usize * 2;
        out.push_str(PAIRS.get(i..i + 2).unwrap_or("00"));
    }
}

/// Decodes a sequence number this service issued. `None` for anything else (wrong length,
/// non-digits, a position past u64): the caller answers with AWS's "is invalid" text.
pub fn parse(text: &str) -> Option<SequenceNumber> {
    let b = text.as_bytes();
    if b.len() != DIGITS || !b.iter().all(u8::is_ascii_digit) || !text.starts_with("49") {
        return None;
    }
    let field = |from: usize, to: usize| text.get(from..to).and_then(|t| t.parse::<u128>().ok());
    let stream_secs = u64::try_from(field(2, 12)?).ok()?;
    let shard = u64::try_from(field(12, 24)?).ok()?;
    let position = u64::try_from(field(24, 44)?).ok()?;
    Some(SequenceNumber { stream_secs, shard, position })
}

/// The pattern botocore's model gives SequenceNumber: `0|([1-9]\d{0,128})`.
pub fn matches_model_pattern(text: &str) -> bool {
    let b = text.as_bytes();
    match b {
        [b'0'] => true,
        [first, rest @ ..] => {
            (b'1'..=b'9').contains(first)
                && rest.len() <= 128
                && rest.iter().all(u8::is_ascii_digit)
        }
        [] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_has_56_digits() {
        let s = format(1_767_225_600, 3, 42, 1_767_225_601_234);
        assert_eq!(s.len(), 56);
        assert!(s.starts_with("49"));
        assert_eq!(
            parse(&s),
            Some(SequenceNumber { stream_secs: 1_767_225_600, shard: 3, position: 42 })
        );
        let end = format(1_767_225_600, 3, ENDING_POSITION, 0);
        assert_eq!(end.len(), 56);
        assert_eq!(parse(&end).map(|s| s.position), Some(ENDING_POSITION));
    }

    #[test]
    fn matches_plain_formatting() {
        let cases = [
            (0, 0, 0, 0),
            (1_767_225_600, 63, 1_000_001, 1_767_225_612_345),
            (u64::MAX, u64::MAX, u64::MAX, i64::MIN),
            (12_345_678_901, 1_000_000_000_007, 99, -5),
        ];
        for (a, b, c, d) in cases {
            let plain = std::format!(
                "49{:010}{:012}{:020}{:012}",
                a % 10_000_000_000,
                b % 1_000_000_000_000,
                c,
                d.rem_euclid(1_000_000_000_000)
            );
            assert_eq!(format(a, b, c, d), plain);
        }
    }

    #[test]
    fn order_within_a_shard_is_write_order() {
        let a = format(1, 0, 9, 999_999_999_999);
        let b = format(1, 0, 10, 0);
        assert!(a < b, "same length decimal strings compare like numbers");
    }

    #[test]
    fn garbage_is_rejected_without_panicking() {
        for bad in [
            "",
            "0",
            "49",
            "abc",
            &"9".repeat(56),
            &"4".repeat(57),
            "49000000000000000000000000999999999999999999990000000000000",
            "49\u{e9}0000000000000000000000000000000000000000000000000000",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        // A position that does not fit in 64 bits.
        let big = format!("49{:010}{:012}{}{:012}", 1, 1, "99999999999999999999", 0);
        assert_eq!(big.len(), 56);
        assert_eq!(parse(&big), None);
    }

    #[test]
    fn model_pattern() {
        assert!(matches_model_pattern("0"));
        assert!(matches_model_pattern("123"));
        assert!(!matches_model_pattern("0123"));
        assert!(!matches_model_pattern(""));
        assert!(!matches_model_pattern("12a"));
        assert!(!matches_model_pattern(&"1".repeat(130)));
    }
}
