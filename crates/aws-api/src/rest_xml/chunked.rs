//! `aws-chunked` request bodies (SigV4 streaming uploads, with or without a checksum trailer):
//! `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n` chunks, a zero-size chunk, then trailing
//! headers (`x-amz-checksum-crc32:...`) and a blank line.

/// Trailing headers after the last chunk: (name lower-cased, value).
pub type Trailers = Vec<(String, String)>;

/// The data and the trailing headers, or `None` for a body that does not follow the framing.
pub fn decode(body: &[u8]) -> Option<(Vec<u8>, Trailers)> {
    let mut data = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find_crlf(rest)?;
        let line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            break;
        }
        if rest.len() < size + 2 || &rest[size..size + 2] != b"\r\n" {
            return None;
        }
        data.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
    let mut trailers = Vec::new();
    let text = std::str::from_utf8(rest).ok()?;
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let (k, v) = line.split_once(':')?;
        let name = k.trim().to_ascii_lowercase();
        // The trailer's own signature is not a header a member reads.
        if name != "x-amz-trailer-signature" {
            trailers.push((name, v.trim().to_string()));
        }
    }
    Some((data, trailers))
}

fn find_crlf(b: &[u8]) -> Option<usize> {
    b.windows(2).position(|w| w == b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_and_trailers() {
        let body = b"5;chunk-signature=ab\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        let (data, trailers) = decode(body).unwrap();
        assert_eq!(data, b"hello world");
        assert_eq!(trailers, [("x-amz-checksum-crc32".to_string(), "DUoRhQ==".to_string())]);
        assert_eq!(decode(b"0\r\n\r\n").unwrap().0, b"");
        for bad in [&b"5\r\nhel"[..], b"zz\r\n", b"5\r\nhelloXX0\r\n\r\n", b""] {
            assert!(decode(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
