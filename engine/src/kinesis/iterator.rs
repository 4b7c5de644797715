//! Shard iterators: opaque base64 strings that say where in which shard the next GetRecords
//! starts, and when they were issued (they expire after 5 minutes).
//!
//! Like AWS's, they start with the bytes 0,0,0,0,0,0,0,1 (a version) followed by an opaque part
//! in 16-byte blocks, at least 144 bytes of it (152 + 16k bytes in all, as kinesalite's suite
//! checks against AWS's); a checksum makes any edited or made-up iterator an "Invalid
//! ShardIterator." rather than a pointer into the wrong place.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// How long an iterator stays valid, ms ("An iterator expires 5 minutes after it is issued").
pub const ITERATOR_LIFETIME_MS: i64 = 300_000;

const MAGIC: [u8; 8] = [0, 0, 0, 0, 0, 0, 0, 1];

/// AWS's opaque part comes in blocks of 16 bytes, at least nine of them.
const BLOCK: usize = 16;
const MIN_OPAQUE: usize = 144;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardIterator {
    pub stream: String,
    /// Creation time of the stream (Unix seconds): an iterator outlives no deleted stream.
    pub stream_secs: u64,
    pub shard: u32,
    /// Position of the next record to read.
    pub position: u64,
    /// When it was issued, Unix ms.
    pub issued_ms: i64,
}

fn checksum(bytes: &[u8]) -> u32 {
    // FNV-1a: enough to catch edits, not meant as security.
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

impl ShardIterator {
    pub fn encode(&self) -> String {
        let name = self.stream.as_bytes();
        let name = &name[..name.len().min(255)];
        let mut buf = Vec::with_capacity(8 + 8 + 4 + 8 + 8 + 1 + name.len() + 4);
        buf.extend_from_slice(&MAGIC);
        buf.extend_from_slice(&self.stream_secs.to_be_bytes());
        buf.extend_from_slice(&self.shard.to_be_bytes());
        buf.extend_from_slice(&self.position.to_be_bytes());
        buf.extend_from_slice(&self.issued_ms.to_be_bytes());
        buf.push(name.len() as u8);
        buf.extend_from_slice(name);
        let sum = checksum(&buf);
        buf.extend_from_slice(&sum.to_be_bytes());
        let opaque = (buf.len() - MAGIC.len()).next_multiple_of(BLOCK).max(MIN_OPAQUE);
        buf.resize(MAGIC.len() + opaque, 0);
        STANDARD.encode(buf)
    }

    /// `None` for anything this service did not issue.
    pub fn decode(text: &str) -> Option<Self> {
        let buf = STANDARD.decode(text).ok()?;
        if !buf.starts_with(&MAGIC) {
            return None;
        }
        let mut r = Reader { bytes: buf.get(MAGIC.len()..)? };
        let stream_secs = u64::from_be_bytes(r.take()?);
        let shard = u32::from_be_bytes(r.take()?);
        let position = u64::from_be_bytes(r.take()?);
        let issued_ms = i64::from_be_bytes(r.take()?);
        let [len] = r.take::<1>()?;
        let name = r.bytes.get(..len as usize)?;
        r.bytes = r.bytes.get(len as usize..)?;
        let sum = r.take::<4>()?;
        let signed = buf.len() - r.bytes.len() - 4;
        // What follows the checksum is the padding to AWS's block size: zeros only.
        if checksum(buf.get(..signed)?) != u32::from_be_bytes(sum)
            || r.bytes.iter().any(|&b| b != 0)
        {
            return None;
        }
        let stream = String::from_utf8(name.to_vec()).ok()?;
        Some(Self { stream, stream_secs, shard, position, issued_ms })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_at_checked(N)?;
        self.bytes = rest;
        head.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ShardIterator {
        ShardIterator {
            stream: "orders".into(),
            stream_secs: 1_767_225_600,
            shard: 2,
            position: 17,
            issued_ms: 1_767_225_601_000,
        }
    }

    #[test]
    fn round_trip() {
        let it = sample();
        let text = it.encode();
        assert!(text.starts_with("AAAAAAAAAAE"));
        assert!(text.len() <= 512);
        let bytes = STANDARD.decode(&text).unwrap_or_default();
        assert_eq!(bytes.len(), 152, "152 + 16k bytes, as AWS's");
        let long = ShardIterator { stream: "s".repeat(128), ..it.clone() };
        let bytes = STANDARD.decode(long.encode()).unwrap_or_default();
        assert_eq!((bytes.len() - 152) % 16, 0);
        assert_eq!(ShardIterator::decode(&long.encode()), Some(long));
        assert_eq!(ShardIterator::decode(&text), Some(it));
    }

    #[test]
    fn garbage_and_edits_are_rejected() {
        for bad in ["", "x", "AAAA", "not base64!!", "AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
        {
            assert_eq!(ShardIterator::decode(bad), None, "{bad:?}");
        }
        let text = sample().encode();
        let mut bytes = STANDARD.decode(&text).unwrap_or_default();
        bytes[12] ^= 1;
        assert_eq!(ShardIterator::decode(&STANDARD.encode(&bytes)), None);
    }
}
