//! Partition key -> hash key -> shard. Kinesis takes the MD5 of the key's UTF-8 bytes, reads the
//! 16 bytes as an unsigned big-endian 128-bit integer, and sends the record to the open shard
//! whose [StartingHashKey, EndingHashKey] holds it. An ExplicitHashKey skips the MD5.

use md5::{Digest, Md5};

/// The hash key of a partition key.
pub fn hash_of_partition_key(partition_key: &str) -> u128 {
    let digest = Md5::digest(partition_key.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest);
    u128::from_be_bytes(bytes)
}

/// Parses a decimal hash key (as AWS prints them). `None` for anything that is not a decimal
/// integer in 0..=2^128-1: empty, signs, spaces, other characters, or too large.
pub fn parse_hash_key(text: &str) -> Option<u128> {
    if text.is_empty() || text.len() > 39 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u128>().ok()
}

/// The even split of the hash space a new stream (or UpdateShardCount) uses: shard i of n starts
/// at floor(2^128 / n) * i; the last shard ends at 2^128 - 1.
pub fn uniform_ranges(n: u32) -> Vec<(u128, u128)> {
    let n = n.max(1);
    // floor(2^128 / n) without overflowing: equal to floor((2^128 - 1) / n) unless n divides
    // 2^128, i.e. n is a power of two.
    let step: u128 = if n == 1 {
        0
    } else if n.is_power_of_two() {
        1u128 << (128 - n.trailing_zeros())
    } else {
        u128::MAX / n as u128
    };
    (0..n)
        .map(|i| {
            let start = step * i as u128;
            let end = if i + 1 == n { u128::MAX } else { step * (i as u128 + 1) - 1 };
            (start, end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_shard_ranges_match_aws() {
        let r = uniform_ranges(3);
        assert_eq!(r[0], (0, 113427455640312821154458202477256070484));
        assert_eq!(
            r[1],
            (113427455640312821154458202477256070485, 226854911280625642308916404954512140969)
        );
        assert_eq!(r[2], (226854911280625642308916404954512140970, u128::MAX));
    }

    #[test]
    fn powers_of_two_split_exactly() {
        let r = uniform_ranges(2);
        assert_eq!(r[0], (0, (1u128 << 127) - 1));
        assert_eq!(r[1], (1u128 << 127, u128::MAX));
        assert_eq!(uniform_ranges(1), vec![(0, u128::MAX)]);
        for n in [4, 5, 7, 64, 500] {
            let r = uniform_ranges(n);
            assert_eq!(r[0].0, 0);
            assert_eq!(r.last().map(|x| x.1), Some(u128::MAX));
            for w in r.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0);
            }
        }
    }

    #[test]
    fn md5_of_known_keys() {
        // MD5("a") = 0cc175b9c0f1b6a831c399e269772661.
        assert_eq!(hash_of_partition_key("a"), 0x0cc175b9c0f1b6a831c399e269772661);
    }

    #[test]
    fn hash_key_parsing_rejects_garbage() {
        assert_eq!(parse_hash_key("0"), Some(0));
        assert_eq!(parse_hash_key("340282366920938463463374607431768211455"), Some(u128::MAX));
        for bad in ["", "-1", "+1", " 1", "1 ", "1a", "340282366920938463463374607431768211456"] {
            assert_eq!(parse_hash_key(bad), None, "{bad:?}");
        }
        assert_eq!(parse_hash_key(&"9".repeat(60)), None);
    }
}
