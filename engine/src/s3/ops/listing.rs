//! ListObjects, ListObjectsV2 and ListObjectVersions: keys under a prefix in UTF-8 binary
//! order, rolled up at a delimiter into common prefixes, a page at a time.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use super::*;
use crate::s3::limits::MAX_KEYS;
use crate::s3::model::{Bucket, Versioning};
use crate::s3::wire::*;

/// One page of keys: what a listing returns before it is dressed as one version or another.
struct Page<'a> {
    keys: Vec<&'a str>,
    prefixes: Vec<String>,
    truncated: bool,
    /// The last key or common prefix returned, where the next page starts after.
    last: Option<String>,
}

/// Keys of `b` whose current version `wanted` accepts, under `prefix`, after `after`; with a
/// delimiter, keys holding it past the prefix roll up into one common prefix each (`prefix`
/// up to and including the delimiter's first occurrence after it), which counts as one entry.
fn page<'a>(
    b: &'a Bucket,
    prefix: &str,
    delimiter: Option<&str>,
    after: Option<&str>,
    max: usize,
    wanted: impl Fn(&str) -> bool,
) -> Page<'a> {
    use std::ops::Bound::{Excluded, Included, Unbounded};
    let from = match after {
        Some(a) if a >= prefix => Excluded(a.to_string()),
        _ => Included(prefix.to_string()),
    };
    let delimiter = delimiter.filter(|d| !d.is_empty());
    let mut out = Page { keys: Vec::new(), prefixes: Vec::new(), truncated: false, last: None };
    for (key, _) in b.keys.range((from, Unbounded)) {
        if !key.starts_with(prefix) {
            break;
        }
        if !wanted(key) {
            continue;
        }
        let rolled = delimiter.and_then(|d| {
            key[prefix.len()..].find(d).map(|i| key[..prefix.len() + i + d.len()].to_string())
        });
        // A page that ends on a common prefix continues after the whole group.
        if let (Some(cp), Some(a)) = (&rolled, after) {
            if cp.as_str() <= a {
                continue;
            }
        }
        if rolled.is_some() && out.prefixes.last() == rolled.as_ref() {
            continue;
        }
        if out.keys.len() + out.prefixes.len() >= max {
            out.truncated = true;
            break;
        }
        match rolled {
            Some(cp) => {
                out.last = Some(cp.clone());
                out.prefixes.push(cp);
            }
            None => {
                out.last = Some(key.clone());
                out.keys.push(key);
            }
        }
    }
    out
}

fn max_keys(asked: Option<i64>) -> Result<i64, ApiError> {
    match asked {
        None => Ok(MAX_KEYS as i64),
        Some(n) if n < 0 => {
            Err(invalid_argument("Provided max-keys not an integer or within integer range"))
        }
        Some(n) => Ok(n.min(MAX_KEYS as i64)),
    }
}

fn encoding(asked: Option<String>) -> Result<Option<String>, ApiError> {
    match asked.as_deref() {
        None | Some("") => Ok(None),
        Some("url") => Ok(asked),
        Some(_) => Err(invalid_argument("Invalid Encoding Method specified in Request")),
    }
}

/// S3's `encoding-type=url`: what botocore's `unquote_plus` reads back.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn encoder(encoding: &Option<String>) -> impl Fn(&str) -> String + '_ {
    move |s: &str| if encoding.is_some() { url_encode(s) } else { s.to_string() }
}

fn entry(
    b: &Bucket,
    key: &str,
    owner: Option<Owner>,
    enc: &impl Fn(&str) -> String,
) -> Option<ListedObjectWire> {
    let o = b.current(key)?;
    Some(ListedObjectWire {
        key: enc(key),
        last_modified: crate::s3::model::wire_time(o.last_modified_ms),
        etag: o.etag.clone(),
        checksum_algorithm: o.checksum_crc32.iter().map(|_| "CRC32".to_string()).collect(),
        checksum_type: o
            .checksum_crc32
            .as_ref()
            .map(|c| if c.contains('-') { "COMPOSITE" } else { "FULL_OBJECT" }.to_string()),
        size: o.size(),
        storage_class: "STANDARD".into(),
        owner,
    })
}

/// ListObjectsV2. The continuation token is opaque to clients (base64 of where the page
/// ended).
pub fn list_objects_v2(
    s3: &S3,
    account: &str,
    input: ListObjectsInput,
) -> Result<ListBucketResult, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    let max = max_keys(input.max_keys)?;
    let encoding_type = encoding(input.encoding_type.clone())?;
    let after =
        match &input.continuation_token {
            Some(t) => Some(
                URL_SAFE_NO_PAD.decode(t).ok().and_then(|k| String::from_utf8(k).ok()).ok_or_else(
                    || invalid_argument("The continuation token provided is incorrect"),
                )?,
            ),
            None => input.start_after.clone(),
        };
    let prefix = input.prefix.clone().unwrap_or_default();
    let p = page(b, &prefix, input.delimiter.as_deref(), after.as_deref(), max as usize, |k| {
        b.current(k).is_some()
    });
    let enc = encoder(&encoding_type);
    let owner = input.fetch_owner.unwrap_or(false).then(|| owner(account));
    let contents: Vec<_> = p.keys.iter().filter_map(|k| entry(b, k, owner.clone(), &enc)).collect();
    Ok(ListBucketResult {
        is_truncated: p.truncated,
        key_count: Some((contents.len() + p.prefixes.len()) as u64),
        contents,
        name: input.bucket.clone(),
        prefix: enc(&prefix),
        delimiter: input.delimiter.as_deref().map(&enc),
        max_keys: max,
        common_prefixes: p.prefixes.iter().map(|cp| CommonPrefix { prefix: enc(cp) }).collect(),
        continuation_token: input.continuation_token.clone(),
        next_continuation_token: p
            .truncated
            .then(|| p.last.as_ref().map(|l| URL_SAFE_NO_PAD.encode(l)))
            .flatten(),
        start_after: input.start_after.as_deref().map(&enc),
        encoding_type: encoding_type.clone(),
        ..Default::default()
    })
}

/// ListObjects (version 1): `Marker` to start after; `NextMarker` only with a delimiter (without
/// one, clients continue from the last key, as botocore's paginator does).
pub fn list_objects(
    s3: &S3,
    account: &str,
    input: ListObjectsInput,
) -> Result<ListBucketResult, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    let max = max_keys(input.max_keys)?;
    let encoding_type = encoding(input.encoding_type.clone())?;
    let prefix = input.prefix.clone().unwrap_or_default();
    let p =
        page(b, &prefix, input.delimiter.as_deref(), input.marker.as_deref(), max as usize, |k| {
            b.current(k).is_some()
        });
    let enc = encoder(&encoding_type);
    // Version 1 always names each object's owner.
    let owner = Some(owner(account));
    let contents: Vec<_> = p.keys.iter().filter_map(|k| entry(b, k, owner.clone(), &enc)).collect();
    let with_delimiter = input.delimiter.as_deref().is_some_and(|d| !d.is_empty());
    Ok(ListBucketResult {
        is_truncated: p.truncated,
        marker: Some(enc(input.marker.as_deref().unwrap_or_default())),
        next_marker: (p.truncated && with_delimiter).then(|| p.last.as_deref().map(&enc)).flatten(),
        contents,
        name: input.bucket.clone(),
        prefix: enc(&prefix),
        delimiter: input.delimiter.as_deref().map(&enc),
        max_keys: max,
        common_prefixes: p.prefixes.iter().map(|cp| CommonPrefix { prefix: enc(cp) }).collect(),
        encoding_type: encoding_type.clone(),
        ..Default::default()
    })
}

/// Every version and delete marker, newest first within a key, keys in order. The page
/// boundary is a (key, version id) pair.
pub fn list_object_versions(
    s3: &S3,
    account: &str,
    input: ListObjectVersionsInput,
) -> Result<ListObjectVersionsOutput, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    let max = max_keys(input.max_keys)? as usize;
    let encoding_type = encoding(input.encoding_type.clone())?;
    let enc = encoder(&encoding_type);
    let prefix = input.prefix.clone().unwrap_or_default();
    let owner = owner(account);
    let key_marker = input.key_marker.clone().unwrap_or_default();
    let version_marker = input.version_id_marker.clone().unwrap_or_default();
    // Within the marker's key, continue after the marker's version; otherwise after the key.
    let resume_in_key = !key_marker.is_empty() && !version_marker.is_empty();
    let after = (!key_marker.is_empty() && !resume_in_key).then_some(key_marker.as_str());
    let mut out = ListObjectVersionsOutput {
        key_marker: enc(&key_marker),
        version_id_marker: version_marker.clone(),
        name: input.bucket.clone(),
        prefix: enc(&prefix),
        delimiter: input.delimiter.as_deref().map(&enc),
        max_keys: max as i64,
        encoding_type: encoding_type.clone(),
        ..Default::default()
    };
    let from = if resume_in_key { Some(key_marker.as_str()) } else { after };
    let listed = page(b, &prefix, input.delimiter.as_deref(), None, usize::MAX, |k| {
        from.is_none_or(|f| if resume_in_key { k >= f } else { k > f })
    });
    out.common_prefixes =
        listed.prefixes.iter().map(|cp| CommonPrefix { prefix: enc(cp) }).collect();
    let mut count = out.common_prefixes.len();
    'keys: for key in listed.keys {
        let versions = &b.keys[key].0;
        let mut skipping = resume_in_key && key == key_marker;
        for (i, v) in versions.iter().enumerate().rev() {
            if skipping {
                if v.version_id == version_marker {
                    skipping = false;
                }
                continue;
            }
            if count >= max {
                out.is_truncated = true;
                break 'keys;
            }
            let is_latest = i + 1 == versions.len();
            let id = if b.versioning == Versioning::Unversioned {
                "null".into()
            } else {
                v.version_id.clone()
            };
            match &v.object {
                Some(o) => out.versions.push(ObjectVersionEntry {
                    etag: o.etag.clone(),
                    size: o.size(),
                    storage_class: "STANDARD".into(),
                    key: enc(key),
                    version_id: id.clone(),
                    is_latest,
                    last_modified: crate::s3::model::wire_time(v.last_modified_ms),
                    owner: owner.clone(),
                }),
                None => out.delete_markers.push(DeleteMarkerEntry {
                    owner: owner.clone(),
                    key: enc(key),
                    version_id: id.clone(),
                    is_latest,
                    last_modified: crate::s3::model::wire_time(v.last_modified_ms),
                }),
            }
            out.next_key_marker = Some(enc(key));
            out.next_version_id_marker = Some(id);
            count += 1;
        }
    }
    if !out.is_truncated {
        out.next_key_marker = None;
        out.next_version_id_marker = None;
    }
    Ok(out)
}

impl S3 {
    /// A page of keys under `prefix` in key order, after `start_after`, rolled up at
    /// `delimiter`: the typed listing services (and views) read S3 with.
    pub fn list_objects(
        &self,
        bucket_name: &str,
        prefix: &str,
        delimiter: Option<&str>,
        start_after: Option<&str>,
        max_keys: usize,
    ) -> Result<ListObjectsOutput, ApiError> {
        let b = bucket(self, bucket_name)?;
        let p = page(b, prefix, delimiter, start_after, max_keys.min(MAX_KEYS), |k| {
            b.current(k).is_some()
        });
        let contents: Vec<ListedObject> = p
            .keys
            .iter()
            .filter_map(|k| b.current(k))
            .map(|o| ListedObject {
                key: o.key.clone(),
                size: o.size(),
                etag: o.etag.clone(),
                last_modified_ms: o.last_modified_ms,
            })
            .collect();
        Ok(ListObjectsOutput {
            key_count: (contents.len() + p.prefixes.len()) as u32,
            contents,
            common_prefixes: p.prefixes,
            is_truncated: p.truncated,
            next_continuation_token: if p.truncated { p.last } else { None },
        })
    }
}
