//! botocore's `xform_name`: how the CLI turns `CreateStream` into `create-stream` and
//! `StreamARN` into `stream-arn`. Ported rule for rule from botocore/__init__.py (the three
//! regular expressions and the pluralised-acronym special case) so every name matches.

/// `xform_name(name, '-')`.
pub fn xform_name(name: &str) -> String {
    xform_name_sep(name, '-')
}

pub fn xform_name_sep(name: &str, sep: char) -> String {
    if name.contains(sep) {
        // botocore assumes a name holding the separator is already transformed.
        return name.to_string();
    }
    let mut name: Vec<char> = name.chars().collect();
    // `[A-Z]{2,}s$`: GatewayARNs -> Gateway_arns, so the acronym is not split letter by letter.
    if let Some(start) = plural_acronym_start(&name) {
        let tail: Vec<char> = name[start..].iter().flat_map(|c| c.to_lowercase()).collect();
        name.truncate(start);
        name.push(sep);
        name.extend(tail);
    }
    let s1 = first_cap(&name, sep);
    let s2 = end_cap(&s1, sep);
    s2.into_iter().collect::<String>().to_lowercase()
}

fn plural_acronym_start(name: &[char]) -> Option<usize> {
    let n = name.len();
    if n < 3 || name[n - 1] != 's' {
        return None;
    }
    let mut start = n - 1;
    while start > 0 && name[start - 1].is_ascii_uppercase() {
        start -= 1;
    }
    (n - 1 - start >= 2).then_some(start)
}

/// `re.sub('(.)([A-Z][a-z]+)', r'\1-\2', name)`.
fn first_cap(name: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(name.len() + 4);
    let mut i = 0;
    while i < name.len() {
        let c = name[i];
        let upper_then_lower = c != '\n'
            && i + 2 < name.len()
            && name[i + 1].is_ascii_uppercase()
            && name[i + 2].is_ascii_lowercase();
        if upper_then_lower {
            let mut end = i + 2;
            while end < name.len() && name[end].is_ascii_lowercase() {
                end += 1;
            }
            out.push(c);
            out.push(sep);
            out.extend_from_slice(&name[i + 1..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `re.sub('([a-z0-9])([A-Z])', r'\1-\2', name)`.
fn end_cap(name: &[char], sep: char) -> Vec<char> {
    let mut out = Vec::with_capacity(name.len() + 4);
    let mut i = 0;
    while i < name.len() {
        let c = name[i];
        if (c.is_ascii_lowercase() || c.is_ascii_digit())
            && i + 1 < name.len()
            && name[i + 1].is_ascii_uppercase()
        {
            out.push(c);
            out.push(sep);
            out.push(name[i + 1]);
            i += 2;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xform_name;

    #[test]
    fn matches_botocore() {
        assert_eq!(xform_name("CreateStream"), "create-stream");
        assert_eq!(xform_name("StreamARN"), "stream-arn");
        assert_eq!(xform_name("ListWebACLs"), "list-web-acls");
        assert_eq!(xform_name("ShardIds"), "shard-ids");
        assert_eq!(xform_name("HashKeyRange"), "hash-key-range");
        assert_eq!(xform_name("S3DestinationConfiguration"), "s3-destination-configuration");
        assert_eq!(xform_name("KMSEncryptionConfig"), "kms-encryption-config");
        assert_eq!(xform_name("already-done"), "already-done");
    }
}
