//! `aws s3 ls`: buckets, or one level of a prefix (`PRE dir/` and objects), or everything under
//! it with `--recursive`; `--human-readable` sizes and a `--summarize` total.

use super::{human_size, ls_time, s3_path, Args, Ctx};
use crate::json::Json;
use crate::s3api::decode_listing;

pub fn ls(cx: &mut Ctx<'_>, args: &Args) -> i32 {
    let path = args.paths.first().cloned().unwrap_or_else(|| "s3://".into());
    let path = if path.starts_with("s3://") { path } else { format!("s3://{path}") };
    let (bucket, key) = s3_path(&path).unwrap_or_default();
    let page_size = args.value("page-size").and_then(|v| v.parse::<i64>().ok());
    if bucket.is_empty() {
        return list_buckets(cx, page_size);
    }
    let human = args.flag("human-readable");
    let recursive = args.flag("recursive");
    let (mut objects, mut total, mut first_page_empty) = (0u64, 0u64, false);
    let mut token: Option<String> = None;
    let mut first = true;
    loop {
        let mut input = Json::Object(Vec::new());
        input.insert("Bucket", Json::String(bucket.clone()));
        input.insert("Prefix", Json::String(key.clone()));
        if !recursive {
            input.insert("Delimiter", Json::String("/".into()));
        }
        input.insert("EncodingType", Json::String("url".into()));
        if let Some(n) = page_size {
            input.insert("MaxKeys", Json::Int(n.into()));
        }
        if let Some(t) = &token {
            input.insert("ContinuationToken", Json::String(t.clone()));
        }
        let mut page = match cx.api("ListObjectsV2", input) {
            Ok(p) => p,
            Err(message) => {
                cx.eprint(&format!("\n{message}\n"));
                // A failed connection is no service error: v2's general 255.
                return if cx.unreachable { 255 } else { 254 };
            }
        };
        decode_listing(&mut page);
        let prefixes = items(&page, "CommonPrefixes");
        let contents = items(&page, "Contents");
        if prefixes.is_empty() && contents.is_empty() {
            if first {
                first_page_empty = true;
            }
        } else {
            for p in prefixes {
                let name = p.get("Prefix").and_then(Json::as_str).unwrap_or_default();
                let parts: Vec<&str> = name.split('/').collect();
                let shown = parts.get(parts.len().saturating_sub(2)).copied().unwrap_or_default();
                cx.print(&format!("{:>30} {shown}/\n", "PRE"));
            }
            for c in contents {
                let size = number(c.get("Size")) as u64;
                let name = c.get("Key").and_then(Json::as_str).unwrap_or_default();
                let shown = if recursive { name } else { name.rsplit('/').next().unwrap_or(name) };
                let size_text = if human { human_size(size) } else { size.to_string() };
                let when = ls_time(number(c.get("LastModified")));
                cx.print(&format!("{when:<19} {size_text:>10} {shown}\n"));
                objects += 1;
                total += size;
            }
        }
        first = false;
        token = page.get("NextContinuationToken").and_then(Json::as_str).map(str::to_string);
        if token.is_none() || page.get("IsTruncated") != Some(&Json::Bool(true)) {
            break;
        }
    }
    if args.flag("summarize") {
        cx.print(&format!("\n{:>15}{objects}\n", "Total Objects: "));
        let size = if human { human_size(total) } else { total.to_string() };
        cx.print(&format!("{:>15}{size}\n", "Total Size: "));
    }
    // A key that matches nothing is an error (exit 1), as in the CLI; a bucket never is.
    i32::from(!key.is_empty() && first_page_empty && objects == 0)
}

fn list_buckets(cx: &mut Ctx<'_>, page_size: Option<i64>) -> i32 {
    let mut token: Option<String> = None;
    loop {
        let mut input = Json::Object(Vec::new());
        if let Some(n) = page_size {
            input.insert("MaxBuckets", Json::Int(n.into()));
        }
        if let Some(t) = &token {
            input.insert("ContinuationToken", Json::String(t.clone()));
        }
        let page = match cx.api("ListBuckets", input) {
            Ok(p) => p,
            Err(message) => {
                cx.eprint(&format!("\n{message}\n"));
                // A failed connection is no service error: v2's general 255.
                return if cx.unreachable { 255 } else { 254 };
            }
        };
        for b in items(&page, "Buckets") {
            let when = ls_time(number(b.get("CreationDate")));
            let name = b.get("Name").and_then(Json::as_str).unwrap_or_default();
            cx.print(&format!("{when:<19} {name}\n"));
        }
        token = page.get("ContinuationToken").and_then(Json::as_str).map(str::to_string);
        if token.is_none() {
            return 0;
        }
    }
}

pub fn items<'a>(page: &'a Json, key: &str) -> Vec<&'a Json> {
    match page.get(key) {
        Some(Json::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

pub fn number(v: Option<&Json>) -> f64 {
    match v {
        Some(Json::Int(i)) => *i as f64,
        Some(Json::Float(f)) => *f,
        _ => 0.0,
    }
}
