//! S3's limits (AWS's "Amazon S3 multipart upload limits" and "Bucket naming rules" pages) and
//! the sandbox's own memory bound.

/// S3's longest key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;
/// A listing returns at most this many entries per page.
pub const MAX_KEYS: usize = 1000;
/// Every part of a multipart upload but the last is at least 5 MiB.
pub const MIN_PART_BYTES: u64 = 5 * 1024 * 1024;
/// Part numbers run from 1 to 10,000.
pub const MAX_PART_NUMBER: i64 = 10_000;
/// The sandbox's bound on memory: every version of every object plus the parts of unfinished
/// uploads. Past it a write fails with `EntityTooLarge` and says so (S3 itself has no such
/// bound; a browser tab has).
pub const MAX_STORED_BYTES: u64 = 256 * 1024 * 1024;

/// S3's bucket naming rules: 3-63 characters of lowercase letters, digits, dots and hyphens,
/// starting and ending with a letter or digit, no two adjacent dots, not an IP address.
pub fn is_valid_bucket_name(name: &str) -> bool {
    let b = name.as_bytes();
    let edge_ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    (3..=63).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b".-".contains(c))
        && b.first().is_some_and(edge_ok)
        && b.last().is_some_and(edge_ok)
        && !name.contains("..")
        && !looks_like_ip(name)
}

fn looks_like_ip(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_s3s_rules() {
        for ok in ["abc", "my-bucket.logs", "a1b", &"x".repeat(63)] {
            assert!(is_valid_bucket_name(ok), "{ok}");
        }
        for bad in ["ab", "Abc", "-abc", "abc-", "a..b", "192.168.5.4", "a_b", &"x".repeat(64)] {
            assert!(!is_valid_bucket_name(bad), "{bad}");
        }
    }
}
