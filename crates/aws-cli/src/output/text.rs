//! `--output text`, ported from awscli/text.py: scalars of a dict on one tab-separated line
//! (keys sorted), each nested list or dict below it under its upper-cased key.

use crate::json::Json;

pub fn format_text(data: &Json, out: &mut String) {
    format_item(data, out, None, None);
}

fn format_item(
    item: &Json,
    out: &mut String,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    match item {
        Json::Object(_) => format_dict(scalar_keys, item, identifier, out),
        Json::Array(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&scalar.to_python_str());
            out.push('\n');
        }
    }
}

fn format_list(items: &[Json], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(|e| matches!(e, Json::Object(_))) {
        let all_keys = all_scalar_keys(items);
        for element in items {
            format_item(element, out, identifier, Some(&all_keys));
        }
    } else if items.iter().any(|e| matches!(e, Json::Array(_))) {
        let (scalars, non_scalars): (Vec<&Json>, Vec<&Json>) =
            items.iter().partition(|e| e.is_scalar());
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for non_scalar in non_scalars {
            format_item(non_scalar, out, identifier, None);
        }
    } else {
        let refs: Vec<&Json> = items.iter().collect();
        format_scalar_list(&refs, identifier, out);
    }
}

fn format_scalar_list(elements: &[&Json], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for item in elements {
                out.push_str(&id.to_uppercase());
                out.push('\t');
                out.push_str(&item.to_python_str());
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = elements.iter().map(|e| e.to_python_str()).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    scalar_keys: Option<&[String]>,
    item: &Json,
    identifier: Option<&str>,
    out: &mut String,
) {
    let Json::Object(members) = item else { return };
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<(&str, &Json)> = Vec::new();
    match scalar_keys {
        None => {
            let mut sorted: Vec<&(String, Json)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in sorted {
                if v.is_scalar() {
                    scalars.push(v.to_python_str());
                } else {
                    non_scalars.push((k, v));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(item.get(key).map(Json::to_python_str).unwrap_or_default());
            }
            let mut rest: Vec<&(String, Json)> =
                members.iter().filter(|(k, _)| !keys.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in rest {
                non_scalars.push((k, v));
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (new_identifier, non_scalar) in non_scalars {
        format_item(non_scalar, out, Some(new_identifier), None);
    }
}

fn all_scalar_keys(items: &[Json]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for item in items {
        if let Json::Object(members) = item {
            for (k, v) in members {
                if v.is_scalar() && !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    keys.sort();
    keys
}
