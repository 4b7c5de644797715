//! Percent-decoding as AWS and browsers write it: URI paths and query values (S3 keys, the
//! CopySource header, presigned credentials, the page's own query). One decoder for all of
//! them, so an escape means the same thing at every door.

/// `%XX` decoded, and `+` read as a space when `plus_is_space` (query strings); invalid
/// escapes kept as they are, invalid UTF-8 replaced.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16);
    while i < bytes.len() {
        let (h, l) =
            (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex));
        match (bytes[i], h, l) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            (b'+', _, _) if plus_is_space => out.push(b' '),
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn escapes_are_decoded_and_broken_ones_kept() {
        assert_eq!(
            percent_decode("https%3A%2F%2Fdocs.example.com", false),
            "https://docs.example.com"
        );
        assert_eq!(percent_decode("%zz%41%4", false), "%zzA%4");
        assert_eq!(percent_decode("a+b%20c", true), "a b c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("%E2%9C%93%FF", false), "✓\u{FFFD}");
    }
}
