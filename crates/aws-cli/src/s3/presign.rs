//! `aws s3 presign`: a SigV4 query-string-signed GET URL, valid `--expires-in` seconds (3600 by
//! default). The console signs with the sandbox's credentials and the virtual clock.

use sha2::{Digest, Sha256};

use super::{s3_path, Args, Ctx};

const ACCESS_KEY: &str = "sandbox";
const SECRET_KEY: &str = "sandbox";

pub fn presign(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let path = args.paths.first().cloned().unwrap_or_default();
    let Some((bucket, key)) = s3_path(&path).filter(|(_, k)| !k.is_empty()) else {
        cx.eprint("\nusage: aws s3 presign <S3Uri>\nError: Invalid argument type\n");
        return 252;
    };
    let expires = args.value("expires-in").and_then(|v| v.parse::<u64>().ok()).unwrap_or(3600);
    let (host, base_path) = match &cx.endpoint {
        Some(e) => {
            let host = e.split("://").nth(1).unwrap_or(e).trim_end_matches('/').to_string();
            (host, format!("/{bucket}/{}", encode(&key, false)))
        }
        None => (format!("{bucket}.s3.amazonaws.com"), format!("/{}", encode(&key, false))),
    };
    let scheme = cx.endpoint.as_deref().and_then(|e| e.split("://").next()).unwrap_or("https");
    let stamp = super::super::timestamp::iso8601(cx.now as f64);
    let date = stamp.get(..10).unwrap_or_default().replace('-', "");
    let time = format!("{date}T{}Z", stamp.get(11..19).unwrap_or_default().replace(':', ""));
    let scope = format!("{date}/{}/s3/aws4_request", cx.region);
    let query = format!(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}&X-Amz-Date={time}&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host",
        encode(&format!("{ACCESS_KEY}/{scope}"), true)
    );
    let canonical = format!("GET\n{base_path}\n{query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{time}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut k = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date.as_bytes());
    for part in [cx.region.as_bytes(), b"s3", b"aws4_request"] {
        k = hmac(&k, part);
    }
    let signature = hex(&hmac(&k, to_sign.as_bytes()));
    cx.print(&format!("{scheme}://{host}{base_path}?{query}&X-Amz-Signature={signature}\n"));
    0
}

/// RFC 3986 encoding as SigV4 wants it (`/` kept in paths).
pub(super) fn encode(text: &str, slash: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b'/' if !slash => "/".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.iter().map(|b| b ^ 0x36).collect::<Vec<_>>());
    inner.update(data);
    let mut outer = Sha256::new();
    outer.update(k.iter().map(|b| b ^ 0x5c).collect::<Vec<_>>());
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
