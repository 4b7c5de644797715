//! The simulated targets behind the Redshift and OpenSearch destinations: a Redshift table
//! loaded by COPY, and an OpenSearch domain whose indices hold documents.
//!
//! Both live in the Firehose service's state (there is no Redshift or OpenSearch service in the
//! sandbox): a table is keyed by (ClusterJDBCURL, DataTableName), a domain by its DomainARN or
//! ClusterEndpoint. Several delivery streams naming the same table or domain share it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;
use serde_json::Value;

/// Redshift COPY: how the staged object's bytes become rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CopyFormat {
    /// `json 'auto'`: JSON objects one after the other; columns take the fields of the same
    /// name (case-insensitive, as Redshift's `auto` does).
    JsonAuto,
    /// `csv` (quotes understood) or plain text with `delimiter 'x'` (default `|`, Redshift's).
    Delimited { delimiter: char, csv: bool },
}

/// What the CopyCommand says: the table, its columns, the format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopySpec {
    pub table: String,
    pub columns: Vec<String>,
    pub format: CopyFormat,
}

/// Parses CopyOptions as Redshift reads them (the subset that shapes rows: `json 'auto'`,
/// `format as json 'auto'`, `csv`, `delimiter 'x'` / `delimiter as 'x'`); other options
/// (`gzip`, `timeformat`, ...) are accepted and have no effect here. The error is the
/// InvalidArgumentException message.
pub fn parse_copy(
    table: &str,
    columns: Option<&str>,
    options: Option<&str>,
) -> Result<CopySpec, String> {
    let columns: Vec<String> = columns
        .unwrap_or("")
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let opts = options.unwrap_or("").to_string();
    let lower = opts.to_ascii_lowercase();
    let quoted_after = |word: &str| -> Option<String> {
        let at = lower.find(word)? + word.len();
        let rest = opts[at..].trim_start();
        let rest =
            rest.strip_prefix("as ").or(rest.strip_prefix("AS ")).unwrap_or(rest).trim_start();
        let body = rest.strip_prefix('\'')?;
        let end = body.find('\'')?;
        Some(body[..end].to_string())
    };
    let format = if lower.contains("json") {
        match quoted_after("json").as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("auto") | Some("auto ignorecase") => CopyFormat::JsonAuto,
            Some(other) => {
                return Err(format!(
                    "The sandbox's COPY reads JSON with 'auto' only, not '{other}' (a JSONPaths \
                     file)."
                ))
            }
            None => return Err("COPY option JSON needs an argument: json 'auto'.".into()),
        }
    } else {
        let csv = lower.split_whitespace().any(|w| w == "csv");
        let delimiter = match quoted_after("delimiter") {
            Some(d) => {
                let mut chars = d.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => c,
                    _ if d == "\\t" => '\t',
                    _ => return Err(format!("COPY delimiter '{d}' must be a single character.")),
                }
            }
            None if csv => ',',
            None => '|',
        };
        CopyFormat::Delimited { delimiter, csv }
    };
    Ok(CopySpec { table: table.to_string(), columns, format })
}

/// A simulated Redshift table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RedshiftTable {
    pub cluster_jdbc_url: String,
    pub table: String,
    pub columns: Vec<String>,
    /// Each row's values in column order (`None` is NULL).
    pub rows: Vec<Vec<Option<String>>>,
    /// COPY commands that loaded into it.
    pub copies: u64,
}

/// At most this many rows are kept per table (the oldest go first), so a long run stays small.
pub const TABLE_ROWS_KEPT: usize = 10_000;

fn cell(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Splits one delimited line into fields (with `csv`, double quotes group and `""` escapes).
fn split_line(line: &str, delimiter: char, csv: bool) -> Vec<String> {
    if !csv {
        return line.split(delimiter).map(str::to_string).collect();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The rows a COPY of `content` produces, in the table's columns; `columns` is filled from the
/// data when the CopyCommand named none. The error is the COPY's failure (Redshift's
/// stl_load_errors reason).
pub fn rows_of(
    spec: &CopySpec,
    columns: &mut Vec<String>,
    content: &[u8],
) -> Result<Vec<Vec<Option<String>>>, String> {
    let mut rows = Vec::new();
    match &spec.format {
        CopyFormat::JsonAuto => {
            let stream = serde_json::Deserializer::from_slice(content).into_iter::<Value>();
            for v in stream {
                let v = v.map_err(|e| format!("Invalid JSON object or array: {e}"))?;
                let Value::Object(m) = v else {
                    return Err("Invalid JSONPath format: Member is not an object.".into());
                };
                if columns.is_empty() {
                    columns.extend(m.keys().cloned());
                }
                let row = columns
                    .iter()
                    .map(|c| {
                        m.iter().find(|(k, _)| k.eq_ignore_ascii_case(c)).and_then(|(_, v)| cell(v))
                    })
                    .collect();
                rows.push(row);
            }
        }
        CopyFormat::Delimited { delimiter, csv } => {
            let text = String::from_utf8_lossy(content);
            for l in text.lines().filter(|l| !l.is_empty()) {
                let fields = split_line(l, *delimiter, *csv);
                if columns.is_empty() {
                    columns.extend((1..=fields.len()).map(|i| format!("col{i}")));
                }
                if fields.len() > columns.len() {
                    return Err("Extra column(s) found".into());
                }
                let mut row: Vec<Option<String>> = fields.into_iter().map(Some).collect();
                row.resize(columns.len(), None);
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// IndexRotationPeriod: the suffix appended to IndexName.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum IndexRotation {
    NoRotation,
    OneHour,
    OneDay,
    OneWeek,
    OneMonth,
}

impl IndexRotation {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "NoRotation" => IndexRotation::NoRotation,
            "OneHour" => IndexRotation::OneHour,
            "OneDay" => IndexRotation::OneDay,
            "OneWeek" => IndexRotation::OneWeek,
            "OneMonth" => IndexRotation::OneMonth,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IndexRotation::NoRotation => "NoRotation",
            IndexRotation::OneHour => "OneHour",
            IndexRotation::OneDay => "OneDay",
            IndexRotation::OneWeek => "OneWeek",
            IndexRotation::OneMonth => "OneMonth",
        }
    }

    /// The index a record arriving at `unix_ms` goes to, as Firehose names it:
    /// `name-YYYY-MM-DD-HH`, `name-YYYY-MM-DD`, `name-YYYY-ww` (ISO week), `name-YYYY-MM`.
    pub fn index_name(self, name: &str, unix_ms: i64) -> String {
        let t: DateTime<Utc> = DateTime::from_timestamp_millis(unix_ms).unwrap_or_default();
        match self {
            IndexRotation::NoRotation => name.to_string(),
            IndexRotation::OneHour => {
                format!("{name}-{:04}-{:02}-{:02}-{:02}", t.year(), t.month(), t.day(), t.hour())
            }
            IndexRotation::OneDay => {
                format!("{name}-{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
            }
            IndexRotation::OneWeek => {
                let w = t.iso_week();
                format!("{name}-{:04}-{:02}", w.year(), w.week())
            }
            IndexRotation::OneMonth => format!("{name}-{:04}-{:02}", t.year(), t.month()),
        }
    }
}

/// A document indexed in a simulated OpenSearch domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    pub index: String,
    pub id: String,
    /// The JSON source as sent.
    pub source: String,
    pub arrival_ms: i64,
    pub indexed_ms: i64,
}

/// A simulated OpenSearch (or Elasticsearch) domain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Domain {
    /// DomainARN or ClusterEndpoint.
    pub name: String,
    /// By index name, in indexing order.
    pub indices: BTreeMap<String, Vec<Document>>,
}

/// At most this many documents are kept per index.
pub const INDEX_DOCS_KEPT: usize = 10_000;

impl Domain {
    /// Documents of indices matching `index` (exact, or a prefix ending in `*`) whose JSON
    /// field `field` equals `value` (strings as they are, other values as JSON text); an empty
    /// `field` matches every document.
    pub fn query(&self, index: &str, field: &str, value: &str) -> Vec<Document> {
        let index_ok = |name: &str| match index.strip_suffix('*') {
            Some(p) => name.starts_with(p),
            None => index.is_empty() || name == index,
        };
        self.indices
            .iter()
            .filter(|(n, _)| index_ok(n))
            .flat_map(|(_, docs)| docs.iter())
            .filter(|d| {
                field.is_empty()
                    || serde_json::from_str::<Value>(&d.source)
                        .ok()
                        .and_then(|v| v.get(field).cloned())
                        .is_some_and(|v| match v {
                            Value::String(s) => s == value,
                            other => serde_json::to_string(&other).is_ok_and(|t| t == value),
                        })
            })
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_options() {
        let s = parse_copy("t", Some("a, b"), Some("json 'auto' gzip")).unwrap();
        assert_eq!(s.format, CopyFormat::JsonAuto);
        assert_eq!(s.columns, ["a", "b"]);
        let s = parse_copy("t", None, Some("FORMAT AS JSON 'auto'")).unwrap();
        assert_eq!(s.format, CopyFormat::JsonAuto);
        let s = parse_copy("t", None, Some("delimiter ','")).unwrap();
        assert_eq!(s.format, CopyFormat::Delimited { delimiter: ',', csv: false });
        let s = parse_copy("t", None, None).unwrap();
        assert_eq!(s.format, CopyFormat::Delimited { delimiter: '|', csv: false });
        assert!(parse_copy("t", None, Some("json 's3://b/paths.json'")).is_err());
    }

    #[test]
    fn rows() {
        let s = parse_copy("t", Some("id,name"), Some("json 'auto'")).unwrap();
        let mut cols = s.columns.clone();
        let r = rows_of(&s, &mut cols, br#"{"ID":1,"name":"a"}{"id":2}"#).unwrap();
        assert_eq!(r, vec![vec![Some("1".into()), Some("a".into())], vec![Some("2".into()), None]]);
        let s = parse_copy("t", None, Some("csv")).unwrap();
        let mut cols = Vec::new();
        let r = rows_of(&s, &mut cols, b"1,\"x,\"\"y\"\"\"\n2,z\n").unwrap();
        assert_eq!(cols, ["col1", "col2"]);
        assert_eq!(r[0], vec![Some("1".into()), Some("x,\"y\"".into())]);
    }

    #[test]
    fn rotation() {
        // 2026-03-04T05:06:07Z, a Wednesday of ISO week 10.
        let t = 1_772_600_767_089;
        assert_eq!(IndexRotation::OneHour.index_name("i", t), "i-2026-03-04-05");
        assert_eq!(IndexRotation::OneDay.index_name("i", t), "i-2026-03-04");
        assert_eq!(IndexRotation::OneWeek.index_name("i", t), "i-2026-10");
        assert_eq!(IndexRotation::OneMonth.index_name("i", t), "i-2026-03");
        assert_eq!(IndexRotation::NoRotation.index_name("i", t), "i");
    }
}
