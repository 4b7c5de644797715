//! The scenario codec: JSON, zlib-compressed (its checksum catches damage), base64url without
//! padding, behind a one-character format version. Versioned so old links keep loading when
//! the format grows; bounded so a hostile link cannot exhaust memory.

use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

use super::Scenario;

/// The format this build writes and reads.
pub const FORMAT_VERSION: char = '1';
/// Longest link text accepted (browsers take far longer URLs; this bounds decoding work).
pub const MAX_LINK_CHARS: usize = 512 * 1024;
/// Largest unpacked scenario accepted: guards against a tiny link that unpacks to gigabytes.
pub const MAX_DECODED_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("The scenario link is empty.")]
    Empty,
    #[error("The scenario link is too long ({len} characters; at most {max} are accepted).")]
    TooLong { len: usize, max: usize },
    #[error(
        "This scenario link uses format '{0}', which this version of Data Sandbox does not \
         know (it reads format '1'). It may come from a newer version."
    )]
    UnknownVersion(String),
    #[error("The scenario link is damaged: character {position} ('{found}') cannot appear in it.")]
    BadCharacter { position: usize, found: char },
    #[error("The scenario link is damaged or was cut short: its data does not unpack.")]
    BadCompression,
    #[error("The scenario link unpacks to more than {max} bytes; it was not loaded.")]
    TooBig { max: usize },
    #[error("The scenario link is damaged: {0}.")]
    BadContent(String),
    #[error("The scenario cannot be restored: {0}.")]
    Invalid(String),
}

pub fn encode(scenario: &Scenario) -> String {
    // Serialising plain data into a Vec cannot fail; an empty payload would still decode to
    // a clear error rather than a panic.
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    let packed = z.write_all(&json).and_then(|_| z.finish()).unwrap_or_default();
    let mut out = String::with_capacity(1 + packed.len() * 4 / 3 + 4);
    out.push(FORMAT_VERSION);
    URL_SAFE_NO_PAD.encode_string(packed, &mut out);
    out
}

pub fn decode(link: &str) -> Result<Scenario, ScenarioError> {
    let link = link.trim();
    let mut chars = link.chars();
    let version = chars.next().ok_or(ScenarioError::Empty)?;
    if link.len() > MAX_LINK_CHARS {
        return Err(ScenarioError::TooLong { len: link.len(), max: MAX_LINK_CHARS });
    }
    if version != FORMAT_VERSION {
        return Err(ScenarioError::UnknownVersion(version.to_string()));
    }
    let body = chars.as_str();
    if let Some((i, c)) =
        body.char_indices().find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(ScenarioError::BadCharacter { position: i + 2, found: c });
    }
    let packed = URL_SAFE_NO_PAD.decode(body).map_err(|_| ScenarioError::BadCompression)?;
    let mut json = Vec::new();
    ZlibDecoder::new(packed.as_slice())
        .take(MAX_DECODED_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|_| ScenarioError::BadCompression)?;
    if json.len() > MAX_DECODED_BYTES {
        return Err(ScenarioError::TooBig { max: MAX_DECODED_BYTES });
    }
    let scenario: Scenario =
        serde_json::from_slice(&json).map_err(|e| ScenarioError::BadContent(e.to_string()))?;
    scenario.validate().map_err(ScenarioError::Invalid)?;
    Ok(scenario)
}
