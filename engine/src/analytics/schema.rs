//! Input schemas: how a record's bytes become a row of the source in-application stream
//! (JSON with JSONPath-like mappings, or CSV by position), and DiscoverInputSchema's guess of
//! a schema from sample records.

use super::sql::{Column, SqlType, Value};
use super::wire::{
    CsvMappingParameters, JsonMappingParameters, MappingParameters, RecordColumn, RecordFormat,
    SourceSchema,
};

/// A schema ready to map records.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapper {
    pub columns: Vec<Column>,
    format: Format,
}

#[derive(Clone, Debug, PartialEq)]
enum Format {
    Json { row_path: Vec<String>, row_array: bool, mappings: Vec<Vec<String>> },
    Csv { row_delimiter: String, column_delimiter: String },
}

/// `$.a.b` -> ["a", "b"]; `$` -> [].
fn path(p: &str) -> Vec<String> {
    let p = p.trim();
    let p = p.strip_prefix('$').unwrap_or(p);
    p.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '"' || c == '\'').to_string())
        .collect()
}

fn unescape(d: &str) -> String {
    d.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r")
}

impl Mapper {
    /// Reads a SourceSchema; the error is InvalidArgumentException's message.
    pub fn new(schema: &SourceSchema) -> Result<Mapper, String> {
        let cols = schema.record_columns.as_deref().unwrap_or_default();
        if cols.is_empty() {
            return Err("RecordColumns must contain at least one column".into());
        }
        let mut columns = Vec::new();
        for c in cols {
            let name = c.name.clone().unwrap_or_default();
            if name.is_empty() {
                return Err("Every RecordColumn needs a Name".into());
            }
            let t = c.sql_type.as_deref().unwrap_or_default();
            let sql_type = SqlType::parse(t)
                .ok_or_else(|| format!("Invalid SqlType {t} for column {name}"))?;
            columns.push(Column { name, sql_type });
        }
        let rf = schema.record_format.clone().unwrap_or_default();
        let kind = rf.record_format_type.as_deref().unwrap_or("JSON").to_ascii_uppercase();
        let mp = rf.mapping_parameters.unwrap_or_default();
        let format = match kind.as_str() {
            "JSON" => {
                let rp = mp
                    .json_mapping_parameters
                    .and_then(|j| j.record_row_path)
                    .unwrap_or_else(|| "$".into());
                let row_array = rp.trim_end().ends_with("[0:]");
                let row_path = path(rp.trim_end().trim_end_matches("[0:]"));
                let mappings = cols
                    .iter()
                    .map(|c| match c.mapping.as_deref() {
                        Some(m) if !m.trim().is_empty() => path(m),
                        _ => vec![c.name.clone().unwrap_or_default()],
                    })
                    .collect();
                Format::Json { row_path, row_array, mappings }
            }
            "CSV" => {
                let csv = mp.csv_mapping_parameters.unwrap_or_default();
                Format::Csv {
                    row_delimiter: unescape(csv.record_row_delimiter.as_deref().unwrap_or("\n")),
                    column_delimiter: unescape(
                        csv.record_column_delimiter.as_deref().unwrap_or(","),
                    ),
                }
            }
            other => return Err(format!("Invalid RecordFormatType {other}: use JSON or CSV")),
        };
        Ok(Mapper { columns, format })
    }

    /// The rows one record holds, or why it does not map.
    pub fn map(&self, data: &[u8]) -> Result<Vec<Vec<Value>>, String> {
        let text =
            std::str::from_utf8(data).map_err(|_| "The record is not UTF-8 text".to_string())?;
        match &self.format {
            Format::Json { row_path, row_array, mappings } => {
                let doc: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| format!("The record is not valid JSON: {e}"))?;
                let mut node = &doc;
                for p in row_path {
                    node = node.get(p).ok_or_else(|| format!("RecordRowPath: no member '{p}'"))?;
                }
                let nodes: Vec<&serde_json::Value> = match (row_array, node) {
                    (true, serde_json::Value::Array(a)) => a.iter().collect(),
                    _ => vec![node],
                };
                let mut rows = Vec::new();
                for n in nodes {
                    let mut row = Vec::with_capacity(self.columns.len());
                    for (c, m) in self.columns.iter().zip(mappings) {
                        let mut v = n;
                        let mut found = true;
                        for p in m {
                            match v.get(p) {
                                Some(x) => v = x,
                                None => {
                                    found = false;
                                    break;
                                }
                            }
                        }
                        let raw = if found { json_value(v) } else { Value::Null };
                        row.push(
                            c.sql_type
                                .coerce(&raw)
                                .map_err(|e| format!("Column {}: {e}", c.name))?,
                        );
                    }
                    rows.push(row);
                }
                Ok(rows)
            }
            Format::Csv { row_delimiter, column_delimiter } => {
                let mut rows = Vec::new();
                for line in text.split(row_delimiter.as_str()).filter(|l| !l.trim().is_empty()) {
                    let fields: Vec<&str> = line.split(column_delimiter.as_str()).collect();
                    let mut row = Vec::with_capacity(self.columns.len());
                    for (i, c) in self.columns.iter().enumerate() {
                        let raw = fields
                            .get(i)
                            .map_or(Value::Null, |f| Value::str(f.trim_end_matches('\r')));
                        row.push(
                            c.sql_type
                                .coerce(&raw)
                                .map_err(|e| format!("Column {}: {e}", c.name))?,
                        );
                    }
                    rows.push(row);
                }
                Ok(rows)
            }
        }
    }
}

fn json_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Num(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::str(s),
        other => Value::Str(other.to_string().into()),
    }
}

fn varchar_size(len: usize) -> u32 {
    (len.max(1) as u32).next_power_of_two().min(65_535)
}

/// A schema for UTF-8 JSON records, one row per record (RecordRowPath `$`).
pub fn json_schema(columns: Vec<RecordColumn>) -> SourceSchema {
    SourceSchema {
        record_format: Some(RecordFormat {
            record_format_type: Some("JSON".into()),
            mapping_parameters: Some(MappingParameters {
                json_mapping_parameters: Some(JsonMappingParameters {
                    record_row_path: Some("$".into()),
                }),
                csv_mapping_parameters: None,
            }),
        }),
        record_encoding: Some("UTF-8".into()),
        record_columns: Some(columns),
    }
}

/// What DiscoverInputSchema infers from sample records: JSON objects give one column per
/// member (nested members flattened with `_`), CSV lines give COL_1, COL_2, ...; strings are
/// VARCHAR sized to the next power of two of the longest value, whole numbers INTEGER (BIGINT
/// when large), other numbers REAL, true/false BOOLEAN.
pub fn discover(samples: &[Vec<u8>]) -> Option<SourceSchema> {
    let texts: Vec<&str> = samples.iter().filter_map(|s| std::str::from_utf8(s).ok()).collect();
    let json: Vec<serde_json::Value> =
        texts.iter().filter_map(|t| serde_json::from_str(t).ok()).collect();
    if !json.is_empty() && json.iter().all(|j| j.is_object()) {
        let mut cols: Vec<(String, String, Kind)> = Vec::new();
        for j in &json {
            flatten(j, "", "$", &mut cols);
        }
        let columns = cols
            .into_iter()
            .map(|(name, mapping, kind)| RecordColumn {
                name: Some(name),
                mapping: Some(mapping),
                sql_type: Some(kind.sql()),
            })
            .collect();
        return Some(json_schema(columns));
    }
    // CSV: lines of comma-separated fields.
    let lines: Vec<Vec<&str>> = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    let width = lines.iter().map(Vec::len).max()?;
    let mut kinds = vec![Kind::Unknown; width];
    for l in &lines {
        for (i, f) in l.iter().enumerate() {
            kinds[i] = kinds[i].merge(Kind::of_text(f));
        }
    }
    let columns = kinds
        .into_iter()
        .enumerate()
        .map(|(i, k)| RecordColumn {
            name: Some(format!("COL_{}", i + 1)),
            mapping: None,
            sql_type: Some(k.sql()),
        })
        .collect();
    Some(SourceSchema {
        record_format: Some(RecordFormat {
            record_format_type: Some("CSV".into()),
            mapping_parameters: Some(MappingParameters {
                json_mapping_parameters: None,
                csv_mapping_parameters: Some(CsvMappingParameters {
                    record_row_delimiter: Some("\n".into()),
                    record_column_delimiter: Some(",".into()),
                }),
            }),
        }),
        record_encoding: Some("UTF-8".into()),
        record_columns: Some(columns),
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Unknown,
    Bool,
    Int,
    BigInt,
    Real,
    Text(usize),
}

impl Kind {
    fn of_json(v: &serde_json::Value) -> Kind {
        match v {
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => Kind::Int,
                Some(_) => Kind::BigInt,
                None => Kind::Real,
            },
            serde_json::Value::String(s) => Kind::Text(s.chars().count()),
            serde_json::Value::Null => Kind::Unknown,
            other => Kind::Text(other.to_string().chars().count()),
        }
    }

    fn of_text(t: &str) -> Kind {
        let t = t.trim();
        if let Ok(i) = t.parse::<i64>() {
            return if i32::try_from(i).is_ok() { Kind::Int } else { Kind::BigInt };
        }
        if t.parse::<f64>().is_ok() {
            return Kind::Real;
        }
        if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
            return Kind::Bool;
        }
        Kind::Text(t.chars().count())
    }

    fn merge(self, other: Kind) -> Kind {
        use Kind::*;
        match (self, other) {
            (Unknown, k) | (k, Unknown) => k,
            (Text(a), Text(b)) => Text(a.max(b)),
            (Text(a), _) | (_, Text(a)) => Text(a.max(16)),
            (Real, Int | BigInt | Real) | (Int | BigInt, Real) => Real,
            (BigInt, Int | BigInt) | (Int, BigInt) => BigInt,
            (Int, Int) => Int,
            (Bool, Bool) => Bool,
            _ => Text(16),
        }
    }

    fn sql(self) -> String {
        match self {
            Kind::Unknown => "VARCHAR(16)".into(),
            Kind::Bool => "BOOLEAN".into(),
            Kind::Int => "INTEGER".into(),
            Kind::BigInt => "BIGINT".into(),
            Kind::Real => "REAL".into(),
            Kind::Text(n) => format!("VARCHAR({})", varchar_size(n)),
        }
    }
}

fn flatten(
    v: &serde_json::Value,
    prefix: &str,
    path: &str,
    cols: &mut Vec<(String, String, Kind)>,
) {
    let serde_json::Value::Object(m) = v else { return };
    for (k, x) in m {
        let name = if prefix.is_empty() { k.clone() } else { format!("{prefix}_{k}") };
        let p = format!("{path}.{k}");
        if x.is_object() {
            flatten(x, &name, &p, cols);
            continue;
        }
        let kind = Kind::of_json(x);
        match cols.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.2 = c.2.merge(kind),
            None => cols.push((name, p, kind)),
        }
    }
}
