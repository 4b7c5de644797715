//! Printing a response as the CLI does: `json` (Python's `json.dumps(indent=4)`), `text` and
//! `table`, after the CLI's own response handling (timestamps as ISO 8601, blobs left as the
//! base64 text the service sent).

mod table;
mod text;
mod width;

use super::json::Json;
use super::model::{Service, ShapeId, ShapeType};
use super::parse::OutputFormat;
use super::timestamp;

/// The terminal width the table formatter assumes when it cannot ask (awscli/table.py).
pub const TERMINAL_WIDTH: usize = 80;

/// Formats one (already queried) value. `title` is the API operation name the table shows.
pub fn render(format: OutputFormat, title: &str, value: &Json) -> String {
    let mut out = String::new();
    match format {
        OutputFormat::Json => {
            // An empty response body prints nothing; other "empty" values (null, []) do print.
            if *value != Json::Object(Vec::new()) {
                out.push_str(&value.to_pretty());
                out.push('\n');
            }
        }
        OutputFormat::Text => text::format_text(value, &mut out),
        OutputFormat::Table => {
            let mut table = table::Table::new(TERMINAL_WIDTH);
            if table.build(Some(title), value, 0) {
                table.render(&mut out);
            }
        }
    }
    out
}

/// The text formatter on its own, for paginated text output (one call per page).
pub fn render_text(value: &Json) -> String {
    let mut out = String::new();
    text::format_text(value, &mut out);
    out
}

/// The CLI's response parsing: timestamps (epoch seconds on the wire) become ISO 8601 strings
/// (`cli_timestamp_format = iso8601`, v2's default).
pub fn transform_response(service: &Service, shape: Option<ShapeId>, value: &mut Json) {
    let Some(shape) = shape else { return };
    let s = service.shape(shape);
    match (s.kind, value) {
        // botocore's parser builds each structure by walking the model's members, so the CLI
        // prints them in model order and drops anything the model does not know.
        (ShapeType::Structure, Json::Object(members)) => {
            let mut ordered = Vec::with_capacity(members.len());
            for m in &s.members {
                if let Some(i) = members.iter().position(|(k, _)| *k == m.name) {
                    let (k, mut v) = members.swap_remove(i);
                    transform_response(service, Some(m.shape), &mut v);
                    ordered.push((k, v));
                }
            }
            *members = ordered;
        }
        (ShapeType::List, Json::Array(items)) => {
            for item in items {
                transform_response(service, s.member, item);
            }
        }
        (ShapeType::Map, Json::Object(members)) => {
            for (_, v) in members.iter_mut() {
                transform_response(service, s.value, v);
            }
        }
        (ShapeType::Timestamp, value) => {
            let secs = match value {
                Json::Int(i) => Some(*i as f64),
                Json::Float(f) => Some(*f),
                Json::String(text) => timestamp::parse(text),
                _ => None,
            };
            if let Some(secs) = secs {
                *value = Json::String(timestamp::iso8601(secs));
            }
        }
        _ => {}
    }
}
