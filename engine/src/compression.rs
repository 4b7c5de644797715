//! The compression formats objects are stored in (GZIP, ZIP, Snappy, Hadoop-Snappy): written by
//! Firehose, read back by S3's previews, and later by EMR's readers. Pure Rust backends, so the
//! same bytes come out on every platform.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compression {
    Uncompressed,
    Gzip,
    /// A ZIP archive holding one entry (deflate).
    Zip,
    /// Snappy's framing format (stream identifier `sNaPpY`, CRC-checked chunks).
    Snappy,
    /// Hadoop's block format: per block a 4-byte big-endian uncompressed length, then chunks
    /// of a 4-byte big-endian compressed length and a raw Snappy block.
    HadoopSnappy,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::Uncompressed => "UNCOMPRESSED",
            Compression::Gzip => "GZIP",
            Compression::Zip => "ZIP",
            Compression::Snappy => "Snappy",
            Compression::HadoopSnappy => "HADOOP_SNAPPY",
        }
    }

    /// The CompressionFormat enum value it is named by.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "UNCOMPRESSED" => Compression::Uncompressed,
            "GZIP" => Compression::Gzip,
            "ZIP" => Compression::Zip,
            "Snappy" => Compression::Snappy,
            "HADOOP_SNAPPY" => Compression::HadoopSnappy,
            _ => return None,
        })
    }

    /// The file extension Firehose appends to object names (both Snappy formats end in
    /// `.snappy`).
    pub fn extension(self) -> &'static str {
        match self {
            Compression::Uncompressed => "",
            Compression::Gzip => ".gz",
            Compression::Zip => ".zip",
            Compression::Snappy | Compression::HadoopSnappy => ".snappy",
        }
    }
}

/// Real gzip (deflate from flate2's pure-Rust backend: the same bytes on every platform).
pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 4 + 32),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = e.write_all(raw);
    e.finish().unwrap_or_default()
}

/// Hadoop's BlockCompressorStream splits input into blocks of this size (its default buffer,
/// `io.compression.codec.snappy.buffersize`, 256 KiB).
pub const HADOOP_SNAPPY_BLOCK: usize = 256 * 1024;

/// Compresses an object's content as `compression` says. `key` names the ZIP entry (the object
/// name without `.zip`) and `unix_ms` dates it, so the archive's bytes are deterministic.
pub fn compress(compression: Compression, raw: &[u8], key: &str, unix_ms: i64) -> Vec<u8> {
    match compression {
        Compression::Uncompressed => raw.to_vec(),
        Compression::Gzip => gzip(raw),
        Compression::Zip => zip_one(raw, key, unix_ms),
        Compression::Snappy => {
            let mut e = snap::write::FrameEncoder::new(Vec::with_capacity(raw.len() / 2 + 32));
            let _ = e.write_all(raw);
            e.into_inner().unwrap_or_default()
        }
        Compression::HadoopSnappy => {
            let mut out = Vec::with_capacity(raw.len() / 2 + 16);
            let mut enc = snap::raw::Encoder::new();
            for block in raw.chunks(HADOOP_SNAPPY_BLOCK) {
                let c = enc.compress_vec(block).unwrap_or_default();
                out.extend_from_slice(&(block.len() as u32).to_be_bytes());
                out.extend_from_slice(&(c.len() as u32).to_be_bytes());
                out.extend_from_slice(&c);
            }
            out
        }
    }
}

fn zip_one(raw: &[u8], key: &str, unix_ms: i64) -> Vec<u8> {
    use chrono::{Datelike, Timelike};
    let name = key.rsplit('/').next().unwrap_or(key);
    let name = name.strip_suffix(".zip").unwrap_or(name);
    let t = chrono::DateTime::from_timestamp_millis(unix_ms).unwrap_or_default();
    let when = zip::DateTime::from_date_and_time(
        t.year().clamp(1980, 2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    if w.start_file(name, options).is_err() || w.write_all(raw).is_err() {
        return Vec::new();
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The content of an object Firehose wrote with `compression`. Never panics, whatever the
/// bytes; the error says what is wrong with them.
pub fn decompress(compression: Compression, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match compression {
        Compression::Uncompressed => out.extend_from_slice(bytes),
        Compression::Gzip => {
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| format!("not gzip: {e}"))?;
        }
        Compression::Zip => {
            let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .map_err(|e| format!("not a zip archive: {e}"))?;
            for i in 0..a.len() {
                let mut f = a.by_index(i).map_err(|e| format!("bad zip entry: {e}"))?;
                f.read_to_end(&mut out).map_err(|e| format!("bad zip entry: {e}"))?;
            }
        }
        Compression::Snappy => {
            snap::read::FrameDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| format!("not framed snappy: {e}"))?;
        }
        Compression::HadoopSnappy => {
            let mut dec = snap::raw::Decoder::new();
            let mut rest = bytes;
            let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
            while !rest.is_empty() {
                if rest.len() < 4 {
                    return Err("truncated hadoop-snappy block header".into());
                }
                let total = be(rest);
                rest = &rest[4..];
                let start = out.len();
                while out.len() - start < total {
                    if rest.len() < 4 {
                        return Err("truncated hadoop-snappy chunk header".into());
                    }
                    let len = be(rest);
                    rest = &rest[4..];
                    if len > rest.len() {
                        return Err("truncated hadoop-snappy chunk".into());
                    }
                    let chunk = dec
                        .decompress_vec(&rest[..len])
                        .map_err(|e| format!("bad snappy chunk: {e}"))?;
                    if chunk.is_empty() && len == 0 {
                        return Err("empty hadoop-snappy chunk".into());
                    }
                    out.extend_from_slice(&chunk);
                    rest = &rest[len..];
                }
                if out.len() - start != total {
                    return Err("hadoop-snappy block longer than announced".into());
                }
            }
        }
    }
    Ok(out)
}

/// Recognises how stored bytes are compressed (magic bytes; Hadoop-Snappy, which has none, by
/// a `.snappy` key that is not framed Snappy), for previews of any object.
pub fn sniff(key: &str, bytes: &[u8]) -> Compression {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if bytes.starts_with(b"PK\x03\x04") {
        Compression::Zip
    } else if bytes.starts_with(b"\xff\x06\x00\x00sNaPpY") {
        Compression::Snappy
    } else if key.ends_with(".snappy") {
        Compression::HadoopSnappy
    } else {
        Compression::Uncompressed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let raw: Vec<u8> = (0..700_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        for c in [
            Compression::Uncompressed,
            Compression::Gzip,
            Compression::Zip,
            Compression::Snappy,
            Compression::HadoopSnappy,
        ] {
            let packed = compress(c, &raw, "a/b/x.zip", 1_772_600_767_089);
            assert_eq!(decompress(c, &packed).unwrap(), raw, "{c:?}");
            assert_eq!(sniff(&format!("k{}", c.extension()), &packed), c, "{c:?}");
            // Same input, same bytes.
            assert_eq!(packed, compress(c, &raw, "a/b/x.zip", 1_772_600_767_089));
        }
        assert!(decompress(Compression::Zip, &[]).is_err());
        for c in
            [Compression::Gzip, Compression::Zip, Compression::Snappy, Compression::HadoopSnappy]
        {
            for junk in
                [&b""[..], b"\x00\x00\x00\x05\x00\x00\x00\x09abc", b"PK\x03\x04zz", &[0xff; 9]]
            {
                let _ = decompress(c, junk);
            }
        }
    }
}
